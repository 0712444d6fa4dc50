//! Suggestions as one edit of a project: the earlier `suggested` annotations and links of
//! the documents go, the new ones come, rejected ones stay out.
use rustc_hash::FxHashSet;

use crate::model::{Annotation, AnnotationId, DocId, Edit, Link, Project};

use super::{SuggestOptions, suggest_documents};

/// The reserved annotator that suggestions belong to.
pub const SUGGESTED: &str = "suggested";

/// One `Edit::Batch` that replaces the `suggested` layer of `docs` (all documents when
/// empty) with fresh suggestions: earlier suggested links and annotations removed, new
/// annotations and links added, suggestions the project records as rejected skipped,
/// labels the project lacks skipped. Other annotators' annotations are never touched.
pub fn suggestion_edit(project: &Project, docs: &[DocId], options: &SuggestOptions) -> Edit {
    let targets: Vec<_> = project
        .documents()
        .iter()
        .filter(|d| docs.is_empty() || docs.contains(&d.id))
        .cloned()
        .collect();
    let mut edits = Vec::new();
    let old: Vec<&Annotation> = project
        .annotations()
        .filter(|a| a.annotator == SUGGESTED && targets.iter().any(|d| d.id == a.document))
        .collect();
    for link in project.links() {
        if old.iter().any(|a| a.id == link.from || a.id == link.to) {
            edits.push(Edit::RemoveLink(link.clone()));
        }
    }
    edits.extend(old.iter().map(|a| Edit::RemoveAnnotation((*a).clone())));
    let found = suggest_documents(&targets, options);
    let mut used = FxHashSet::default();
    for (doc, suggestions) in targets.iter().zip(found) {
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
