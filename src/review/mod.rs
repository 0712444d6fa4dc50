//! Review: merging colleagues' copies of a project, comparing their spans, adjudicating a
//! `gold` layer, and measuring inter-annotator agreement. Pure functions over
//! [`crate::model::Project`] that return [`crate::model::Edit`]s or reports; the window and
//! the command line apply and show them.
pub mod adjudicate;
pub mod agreement;
pub mod coefficients;
pub mod compare;
pub mod merge;
pub mod report;
pub mod units;

#[cfg(test)]
mod fixture;

pub use adjudicate::{
    DocReview, GOLD, ReviewStatus, accept, accept_all_agreed, accept_version, add_gold,
    clear_decision, disagreement_count, doc_review, gold_span, review_status, summarize,
};
pub use agreement::{
    AgreementReport, ConfusionMatrix, LabelAgreement, LinkF1, OverlapF1, PairAgreement, agreement,
    default_annotators,
};
pub use compare::{Comparison, ItemSpan, ReviewItem, Verdict, Version, compare};
pub use merge::{LostEdit, MergePlan, plan_merge};
