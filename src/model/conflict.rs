//! Conflicts a three-way merge resolved by rule: kept in the project file until someone
//! has looked at them, so a teammate's lost edit is never silent.
use serde::{Deserialize, Serialize};

/// One conflict the merge driver resolved: where, what it kept, and what it set aside.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct MergeConflict {
    /// "annotation 345 (ben “quote”)", "label “claim”"...
    pub location: String,
    /// What differed, which version was kept and why, and the other version.
    pub message: String,
}

/// How a recorded conflict is named among a project's problems ("merge conflict at …").
pub const MERGE_CONFLICT_AT: &str = "merge conflict at ";
