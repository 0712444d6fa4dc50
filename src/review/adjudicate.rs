//! Adjudication: decisions go into the `gold` layer as ordinary annotations whose
//! `derived_from` lists the annotations each decision came from. Every function is pure:
//! it returns the `Edit` to apply (through `Session::apply`, so it can be undone).
//! Colleagues' annotations are only read, never changed.
use std::collections::HashSet;

use crate::model::{Annotation, AnnotationId, DocId, Edit, Project, Span, now_timestamp};

use super::compare::{Comparison, ReviewItem, Verdict, compare};

/// Annotator name of the adjudicated layer.
pub const GOLD: &str = "gold";

/// Copies the given annotations into `gold` (each with `derived_from` = its source id),
/// first removing the gold spans that overlap them, so accepting another version of the
/// same passage swaps the decision. Unknown ids and gold annotations are ignored; an empty
/// `Batch` means there is nothing to do (the decision is already exactly this).
pub fn accept(project: &Project, ids: &[AnnotationId]) -> Edit {
    let sources = sources(project, ids);
    let mut docs: Vec<DocId> = sources.iter().map(|a| a.document).collect();
    docs.sort_unstable();
    docs.dedup();
    let mut edits = Vec::new();
    let mut fresh = FreshIds::new(project);
    for doc in docs {
        let mine: Vec<&Annotation> = sources
            .iter()
            .copied()
            .filter(|a| a.document == doc)
            .collect();
        let hull = Span::new(
            mine.iter().map(|a| a.start).min().unwrap_or(0),
            mine.iter().map(|a| a.end).max().unwrap_or(0),
        );
        edits.extend(replace_gold(project, doc, hull, &mine, &mut fresh));
    }
    Edit::Batch(edits)
}

/// Accepts one annotator's version of a review item, replacing the gold spans overlapping
/// the whole item (not only that version's spans).
pub fn accept_version(project: &Project, doc: DocId, item: &ReviewItem, annotator: &str) -> Edit {
    let ids = item.version(annotator).map(|v| v.ids()).unwrap_or_default();
    let sources = sources(project, &ids);
    let mut fresh = FreshIds::new(project);
    Edit::Batch(replace_gold(project, doc, item.span, &sources, &mut fresh))
}

/// Removes the gold decision of an item (the spans of `gold` overlapping it).
pub fn clear_decision(project: &Project, doc: DocId, item: &ReviewItem) -> Edit {
    Edit::Batch(project.delete_many_edits(gold_overlapping(project, doc, item.span)))
}

/// Copies every agreed item not yet decided into `gold`, as one `Batch`. Each gold span's
/// `derived_from` lists the identical span of every annotator.
pub fn accept_all_agreed(project: &Project, doc: DocId, annotators: &[String]) -> Edit {
    let comparison = compare(project, doc, annotators);
    let mut fresh = FreshIds::new(project);
    let mut edits = Vec::new();
    for item in comparison
        .items
        .iter()
        .filter(|i| i.verdict == Verdict::Agreed && !i.decided)
    {
        let Some(first) = item.versions.first() else {
            continue;
        };
        let mut seen = HashSet::new();
        for s in &first.spans {
            if !seen.insert((s.span, s.label.as_str())) {
                continue;
            }
            let derived_from = (item.versions.iter())
                .flat_map(|v| &v.spans)
                .filter(|o| o.span == s.span && o.label == s.label)
                .map(|o| o.id)
                .collect();
            let Some(source) = project.annotation(s.id) else {
                continue;
            };
            edits.push(Edit::AddAnnotation(gold_copy(
                source,
                fresh.next(),
                derived_from,
            )));
        }
    }
    Edit::Batch(edits)
}

/// A gold span the reviewer drew (a corrected extent or label). Gold spans it overlaps are
/// kept: nested decisions (a figure inside a claim) are legitimate.
pub fn gold_span(
    project: &Project,
    doc: DocId,
    span: Span,
    label: &str,
    derived_from: Vec<AnnotationId>,
) -> Edit {
    let mut a = Annotation::new(project.fresh_annotation_id(), doc, span, label, GOLD);
    a.derived_from = derived_from;
    Edit::AddAnnotation(a)
}

/// Review progress of one document, for the documents list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ReviewStatus {
    NotStarted,
    InProgress,
    Reviewed,
}

impl ReviewStatus {
    pub fn describe(self) -> &'static str {
        match self {
            ReviewStatus::NotStarted => "not started",
            ReviewStatus::InProgress => "in progress",
            ReviewStatus::Reviewed => "reviewed",
        }
    }
}

/// Review summary of one document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocReview {
    pub status: ReviewStatus,
    /// Items whose verdict is not `Agreed`.
    pub disagreements: usize,
    pub items: usize,
    /// Items with a gold decision.
    pub decided: usize,
}

/// Reviewed when every item (agreed or not) has a gold decision, or when the reviewer
/// marked the document done as `gold` (so an item can be decided by adding nothing);
/// in progress when gold has anything in the document; not started otherwise.
pub fn doc_review(project: &Project, doc: DocId, annotators: &[String]) -> DocReview {
    summarize(project, &compare(project, doc, annotators))
}

/// The same summary from a comparison already built (review mode has one).
pub fn summarize(project: &Project, c: &Comparison) -> DocReview {
    let decided = c.items.iter().filter(|i| i.decided).count();
    let any_gold = project
        .annotations_in(c.document)
        .any(|a| a.annotator == GOLD);
    let status =
        if project.is_done(GOLD, c.document) || (!c.items.is_empty() && decided == c.items.len()) {
            ReviewStatus::Reviewed
        } else if any_gold {
            ReviewStatus::InProgress
        } else {
            ReviewStatus::NotStarted
        };
    DocReview {
        status,
        disagreements: c.disagreements(),
        items: c.items.len(),
        decided,
    }
}

pub fn review_status(project: &Project, doc: DocId, annotators: &[String]) -> ReviewStatus {
    doc_review(project, doc, annotators).status
}

pub fn disagreement_count(project: &Project, doc: DocId, annotators: &[String]) -> usize {
    compare(project, doc, annotators).disagreements()
}

/// The existing, non-gold annotations among `ids`, without repeats.
fn sources<'p>(project: &'p Project, ids: &[AnnotationId]) -> Vec<&'p Annotation> {
    let mut seen = HashSet::new();
    (ids.iter())
        .filter(|id| seen.insert(**id))
        .filter_map(|id| project.annotation(*id))
        .filter(|a| a.annotator != GOLD)
        .collect()
}

fn gold_overlapping(
    project: &Project,
    doc: DocId,
    extent: Span,
) -> impl Iterator<Item = &Annotation> {
    project
        .annotations_overlapping(doc, extent)
        .filter(|a| a.annotator == GOLD)
}

/// Edits that make the gold spans overlapping `extent` exactly copies of `sources`;
/// none when they already are.
fn replace_gold(
    project: &Project,
    doc: DocId,
    extent: Span,
    sources: &[&Annotation],
    fresh: &mut FreshIds,
) -> Vec<Edit> {
    let old: Vec<&Annotation> = gold_overlapping(project, doc, extent).collect();
    let key = |a: &&Annotation| (a.start, a.end, a.label.clone());
    let mut old_keys: Vec<_> = old.iter().map(key).collect();
    let mut new_keys: Vec<_> = sources.iter().map(key).collect();
    old_keys.sort();
    new_keys.sort();
    if old_keys == new_keys {
        return Vec::new();
    }
    let removals = project.delete_many_edits(old);
    let additions =
        (sources.iter()).map(|a| Edit::AddAnnotation(gold_copy(a, fresh.next(), vec![a.id])));
    removals.into_iter().chain(additions).collect()
}

fn gold_copy(source: &Annotation, id: AnnotationId, derived_from: Vec<AnnotationId>) -> Annotation {
    let now = now_timestamp();
    Annotation {
        id,
        document: source.document,
        start: source.start,
        end: source.end,
        label: source.label.clone(),
        annotator: GOLD.to_owned(),
        note: source.note.clone(),
        created: now.clone(),
        modified: now,
        derived_from,
        fragments: source.fragments.clone(),
    }
}

/// Fresh annotation ids, distinct from the project's and from each other within one batch.
struct FreshIds<'p> {
    project: &'p Project,
    taken: HashSet<AnnotationId>,
}

impl<'p> FreshIds<'p> {
    fn new(project: &'p Project) -> Self {
        Self {
            project,
            taken: HashSet::new(),
        }
    }

    fn next(&mut self) -> AnnotationId {
        loop {
            let id = self.project.fresh_annotation_id();
            if self.taken.insert(id) {
                return id;
            }
        }
    }
}

#[cfg(test)]
mod tests;
