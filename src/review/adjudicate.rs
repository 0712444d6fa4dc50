//! Adjudication: decisions go into the `gold` layer as ordinary annotations whose
//! `derived_from` lists the annotations each decision came from. Every function is pure:
//! it returns the `Edit` to apply (through `Session::apply`, so it can be undone).
//! Colleagues' annotations are only read, never changed.
//!
//! Links follow the spans: accepting an annotator's content also accepts its link to its
//! source once that source has a gold copy, and accepting a source links up the gold
//! contents accepted earlier whose annotators attributed them to it.
use std::collections::{HashMap, HashSet};

use crate::model::{Annotation, AnnotationId, DocId, Edit, Link, Project, Span, now_timestamp};

use super::compare::{Comparison, ReviewItem, Verdict, compare};

/// Annotator name of the adjudicated layer.
pub const GOLD: &str = "gold";

/// Copies the given annotations into `gold` (each with `derived_from` = its source id),
/// first removing the gold spans that overlap them (and their links), so accepting another
/// version of the same passage swaps the decision. The annotators' links come along where
/// both ends have a gold copy (see [`GoldLinks`]). Unknown ids and gold annotations are
/// ignored; an empty `Batch` means there is nothing to do (the decision is already exactly
/// this).
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
/// `derived_from` lists the identical span of every annotator. Links every annotator
/// agrees on come along (an agreed item's contents have the same source in every version)
/// where the source has a gold copy, made by this batch or before.
pub fn accept_all_agreed(project: &Project, doc: DocId, annotators: &[String]) -> Edit {
    let comparison = compare(project, doc, annotators);
    let mut fresh = FreshIds::new(project);
    let mut copies = Vec::new();
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
            if !seen.insert((s.pieces(), s.label.as_str())) {
                continue;
            }
            let derived_from = (item.versions.iter())
                .flat_map(|v| &v.spans)
                .filter(|o| o.pieces() == s.pieces() && o.label == s.label)
                .map(|o| o.id)
                .collect();
            let Some(source) = project.annotation(s.id) else {
                continue;
            };
            copies.push(gold_copy(source, fresh.next(), derived_from));
        }
    }
    let touched = copies.iter().map(|a| a.id).collect();
    let links = GoldLinks::new(project, doc, &HashSet::new(), copies.clone(), touched).edits();
    Edit::Batch(
        (copies.into_iter().map(Edit::AddAnnotation))
            .chain(links)
            .collect(),
    )
}

/// A gold span the reviewer drew (a corrected extent or label). Gold spans it overlaps are
/// kept: nested decisions (a figure inside a claim) are legitimate. Linked like an
/// accepted span (see [`add_gold`]).
pub fn gold_span(
    project: &Project,
    doc: DocId,
    span: Span,
    label: &str,
    derived_from: Vec<AnnotationId>,
) -> Edit {
    let mut a = Annotation::new(project.fresh_annotation_id(), doc, span, label, GOLD);
    a.derived_from = derived_from;
    add_gold(project, a)
}

/// Adds a gold annotation with the links its `derived_from` implies: to the gold copy of
/// the source its annotators linked it to, or, for a source, from the gold contents
/// attributed to it. A plain `AddAnnotation` when there is no such link.
pub fn add_gold(project: &Project, a: Annotation) -> Edit {
    let touched = HashSet::from([a.id]);
    let links = GoldLinks::new(
        project,
        a.document,
        &HashSet::new(),
        vec![a.clone()],
        touched,
    )
    .edits();
    if links.is_empty() {
        return Edit::AddAnnotation(a);
    }
    Edit::Batch(
        std::iter::once(Edit::AddAnnotation(a))
            .chain(links)
            .collect(),
    )
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

/// Edits that make the gold spans overlapping `extent` exactly copies of `sources`, with
/// their links. When they already are copies of these very spans, only the links they
/// lack are added (none if they have them: accepting twice changes nothing).
fn replace_gold(
    project: &Project,
    doc: DocId,
    extent: Span,
    sources: &[&Annotation],
    fresh: &mut FreshIds,
) -> Vec<Edit> {
    let old: Vec<&Annotation> = gold_overlapping(project, doc, extent).collect();
    if already_copies(&old, sources) {
        let touched = old.iter().map(|a| a.id).collect();
        return GoldLinks::new(project, doc, &HashSet::new(), Vec::new(), touched).edits();
    }
    let removed: HashSet<AnnotationId> = old.iter().map(|a| a.id).collect();
    let removals = project.delete_many_edits(old);
    let copies: Vec<Annotation> = (sources.iter())
        .map(|a| gold_copy(a, fresh.next(), vec![a.id]))
        .collect();
    let touched = copies.iter().map(|a| a.id).collect();
    let links = GoldLinks::new(project, doc, &removed, copies.clone(), touched).edits();
    (removals.into_iter())
        .chain(copies.into_iter().map(Edit::AddAnnotation))
        .chain(links)
        .collect()
}

/// The same span: same document, pieces and label.
fn identical(a: &Annotation, b: &Annotation) -> bool {
    (a.document, a.start, a.end, &a.fragments, &a.label)
        == (b.document, b.start, b.end, &b.fragments, &b.label)
}

/// Whether the gold spans `old` are already exactly the decision for `sources`: the same
/// spans, each source among the `derived_from` of an identical gold span. Another
/// annotator's identical span (a link conflict) is a different decision.
fn already_copies(old: &[&Annotation], sources: &[&Annotation]) -> bool {
    let key = |a: &&Annotation| (a.start, a.end, a.fragments.clone(), a.label.clone());
    let mut old_keys: Vec<_> = old.iter().map(key).collect();
    let mut new_keys: Vec<_> = sources.iter().map(key).collect();
    old_keys.sort();
    new_keys.sort();
    old_keys == new_keys
        && (sources.iter())
            .all(|s| (old.iter()).any(|o| identical(o, s) && o.derived_from.contains(&s.id)))
}

/// The gold spans of one document as a batch leaves them, to add the links that batch
/// brings: a gold content is linked to the gold copy of the source its annotators linked
/// it to. Only links touching a span the batch adds (or accepts again) are made, so a link
/// the reviewer removed by hand elsewhere stays removed.
struct GoldLinks<'p> {
    project: &'p Project,
    /// The project's gold spans minus those the batch removes, plus those it adds.
    gold: Vec<Annotation>,
    /// Content → source, among `gold`.
    links: HashMap<AnnotationId, AnnotationId>,
    touched: HashSet<AnnotationId>,
}

impl<'p> GoldLinks<'p> {
    fn new(
        project: &'p Project,
        doc: DocId,
        removed: &HashSet<AnnotationId>,
        added: Vec<Annotation>,
        touched: HashSet<AnnotationId>,
    ) -> Self {
        let mut gold: Vec<Annotation> = (project.annotations_in(doc))
            .filter(|a| a.annotator == GOLD && !removed.contains(&a.id))
            .cloned()
            .collect();
        let links = (gold.iter())
            .filter_map(|a| project.source_link(a.id))
            .filter(|l| !removed.contains(&l.to))
            .map(|l| (l.from, l.to))
            .collect();
        gold.extend(added);
        Self {
            project,
            gold,
            links,
            touched,
        }
    }

    /// `AddLink` for every unlinked gold content whose annotators' links lead to one gold
    /// source, where the content or the source is touched.
    fn edits(mut self) -> Vec<Edit> {
        let mut edits = Vec::new();
        for i in 0..self.gold.len() {
            let content = &self.gold[i];
            if self.links.contains_key(&content.id) || self.is_source(content) {
                continue;
            }
            let Some((to, kind)) = self.wanted_source(content) else {
                continue;
            };
            let from = content.id;
            if !self.touched.contains(&from) && !self.touched.contains(&to) {
                continue;
            }
            self.links.insert(from, to);
            edits.push(Edit::AddLink(Link { from, to, kind }));
        }
        edits
    }

    fn is_source(&self, a: &Annotation) -> bool {
        (self.project.label(&a.label)).is_some_and(|l| l.is_source)
    }

    /// The gold source (and link kind) a gold content should be linked to: every
    /// annotation it was derived from is linked to a source, and those sources' gold copies
    /// are one and the same. None when any of them is unlinked or the copies differ.
    fn wanted_source(&self, content: &Annotation) -> Option<(AnnotationId, String)> {
        let mut found: Option<(AnnotationId, &str)> = None;
        for id in &content.derived_from {
            let Some(a) = self.project.annotation(*id) else {
                continue;
            };
            if a.annotator == GOLD {
                continue;
            }
            let link = self.project.source_link(a.id)?;
            let source = self.project.annotation(link.to)?;
            let copy = (self.copy_of(source)?, link.kind.as_str());
            if found.is_some_and(|f| f != copy) {
                return None;
            }
            found = Some(copy);
        }
        found.map(|(id, kind)| (id, kind.to_owned()))
    }

    /// The gold copy of an annotator's source: a gold source derived from it, else one
    /// derived from an identical span (another annotator's), else an identical gold source.
    fn copy_of(&self, source: &Annotation) -> Option<AnnotationId> {
        let sources = || self.gold.iter().filter(|g| self.is_source(g));
        let identical_to_source = |id: &AnnotationId| {
            (self.project.annotation(*id)).is_some_and(|o| identical(o, source))
        };
        (sources().find(|g| g.derived_from.contains(&source.id)))
            .or_else(|| sources().find(|g| g.derived_from.iter().any(identical_to_source)))
            .or_else(|| sources().find(|g| identical(g, source)))
            .map(|g| g.id)
    }
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
