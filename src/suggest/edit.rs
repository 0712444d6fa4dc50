//! Suggestions as one edit of a project: the earlier `suggested` annotations and links of
//! the documents go, the new ones come, rejected ones stay out.
use std::sync::Arc;

use rustc_hash::FxHashSet;

use crate::model::{Annotation, AnnotationId, DocId, Document, Edit, Link, Project};

use super::{SuggestOptions, Suggestions, suggest_documents};

/// The reserved annotator that suggestions belong to.
pub const SUGGESTED: &str = "suggested";

/// One `Edit::Batch` that replaces the `suggested` layer of `docs` (all documents when
/// empty) with fresh suggestions: earlier suggested links and annotations removed, new
/// annotations and links added, suggestions the project records as rejected skipped,
/// labels the project lacks skipped. Other annotators' annotations are never touched.
pub fn suggestion_edit(project: &Project, docs: &[DocId], options: &SuggestOptions) -> Edit {
    let targets = target_documents(project, docs);
    let found = suggest_documents(&targets, options);
    suggestion_edit_from(project, &targets, found)
}

/// The documents `docs` names (every document when empty), in project order.
pub fn target_documents(project: &Project, docs: &[DocId]) -> Vec<Arc<Document>> {
    let wanted: FxHashSet<DocId> = docs.iter().copied().collect();
    (project.documents().iter())
        .filter(|d| wanted.is_empty() || wanted.contains(&d.id))
        .cloned()
        .collect()
}

/// [`suggestion_edit`] from suggestions already computed for `targets` (one per document,
/// in order), e.g. on a background thread while the window kept working. Documents the
/// project no longer holds are skipped.
pub fn suggestion_edit_from(
    project: &Project,
    targets: &[Arc<Document>],
    found: Vec<Suggestions>,
) -> Edit {
    // A document removed or replaced since the suggestions were made is left alone.
    let present: FxHashSet<DocId> = (targets.iter())
        .filter(|d| project.document(d.id).is_some_and(|p| p.hash == d.hash))
        .map(|d| d.id)
        .collect();
    let old: Vec<&Annotation> = (targets.iter().filter(|d| present.contains(&d.id)))
        .flat_map(|d| project.annotations_in(d.id))
        .filter(|a| a.annotator == SUGGESTED)
        .collect();
    let old_ids: FxHashSet<AnnotationId> = old.iter().map(|a| a.id).collect();
    // Links go before the annotations they join.
    let mut edits: Vec<Edit> = (project.links())
        .filter(|l| old_ids.contains(&l.from) || old_ids.contains(&l.to))
        .map(|l| Edit::RemoveLink(l.clone()))
        .collect();
    edits.extend(old.iter().map(|a| Edit::RemoveAnnotation((*a).clone())));
    let mut used = FxHashSet::default();
    for (doc, suggestions) in targets.iter().zip(found) {
        if !present.contains(&doc.id) {
            continue;
        }
        let mut ids = vec![None; suggestions.spans.len()];
        for (i, (span, label)) in suggestions.spans.iter().enumerate() {
            if project.label(label).is_none()
                || project.is_rejected(doc.id, *span, label)
                || accepted(project, doc.id, *span)
            {
                continue;
            }
            let id = loop {
                let id = AnnotationId::random();
                if project.annotation(id).is_none() && used.insert(id) {
                    break id;
                }
            };
            let a = Annotation::new(id, doc.id, *span, label, SUGGESTED);
            ids[i] = Some(a.id);
            edits.push(Edit::AddAnnotation(a));
        }
        for &(q, s) in &suggestions.links {
            if let (Some(from), Some(to)) = (ids[q], ids[s]) {
                edits.push(Edit::AddLink(Link::attributed_to(from, to)));
            }
        }
    }
    Edit::Batch(edits)
}

/// Whether someone already accepted a suggestion on `span` (an annotation of theirs that
/// records the suggestion it came from): suggesting it again would ask twice.
fn accepted(project: &Project, doc: DocId, span: crate::model::Span) -> bool {
    (project.annotations_overlapping(doc, span))
        .any(|a| a.annotator != SUGGESTED && !a.derived_from.is_empty() && a.span() == span)
}
