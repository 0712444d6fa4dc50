//! Accepting and rejecting suggestions: each one undoable edit. An accepted suggestion
//! becomes the analyst's own annotation (recording which suggestion it came from), and its
//! links come along when the other end was accepted too; a rejected one is removed and
//! remembered, so running the suggester again does not bring it back.
use super::SUGGESTED;
use crate::model::{Annotation, AnnotationId, Edit, Link, Project, Rejection};

/// The edit that makes suggestion `id` an annotation of `annotator`, with `label` or the
/// suggested one. `None` when `id` is not a suggestion.
pub fn accept_edit(
    project: &Project,
    id: AnnotationId,
    annotator: &str,
    label: Option<&str>,
) -> Option<Edit> {
    let s = project
        .annotation(id)
        .filter(|a| a.annotator == SUGGESTED)?;
    let mut mine = Annotation::new(
        project.fresh_annotation_id(),
        s.document,
        s.span(),
        label.unwrap_or(&s.label),
        annotator,
    );
    mine.fragments = s.fragments.clone();
    mine.derived_from = vec![s.id];
    // Out of the suggested layer, with its links: the same edit as deleting it.
    let mut edits = vec![project.delete_edit(s)];
    let new_id = mine.id;
    edits.push(Edit::AddAnnotation(mine));
    // The suggestion's links went when its first end was accepted: the suggester (pure and
    // fast) says again which spans it linked, and a partner this annotator already
    // accepted gets the link.
    for other in linked_spans(project, s) {
        if let Some(partner) = accepted_at(project, s.document, other, annotator) {
            let (from, to) = if s.label == super::ATTRIBUTION {
                (partner, new_id)
            } else {
                (new_id, partner)
            };
            edits.push(Edit::AddLink(Link::attributed_to(from, to)));
        }
    }
    Some(Edit::Batch(edits))
}

/// Spans the suggester links to suggestion `s`'s span.
fn linked_spans(project: &Project, s: &Annotation) -> Vec<crate::model::Span> {
    let Some(doc) = project.document(s.document) else {
        return Vec::new();
    };
    let found = super::suggest_document(doc, &super::SuggestOptions::default());
    let at = |i: usize| found.spans[i].0;
    (found.links.iter())
        .filter_map(|&(q, a)| {
            if at(q) == s.span() {
                Some(at(a))
            } else if at(a) == s.span() {
                Some(at(q))
            } else {
                None
            }
        })
        .collect()
}

/// This annotator's annotation accepted from a suggestion on `span`, if any.
fn accepted_at(
    project: &Project,
    doc: crate::model::DocId,
    span: crate::model::Span,
    annotator: &str,
) -> Option<AnnotationId> {
    (project.annotations_in(doc))
        .find(|a| a.annotator == annotator && a.span() == span && !a.derived_from.is_empty())
        .map(|a| a.id)
}

/// The edit that removes suggestion `id` and remembers it as rejected.
pub fn reject_edit(project: &Project, id: AnnotationId) -> Option<Edit> {
    let s = project
        .annotation(id)
        .filter(|a| a.annotator == SUGGESTED)?;
    // Out of the suggested layer, with its links: the same edit as deleting it.
    let mut edits = vec![project.delete_edit(s)];
    edits.push(Edit::SetRejected {
        rejection: Rejection::new(s.document, s.span(), &s.label),
        rejected: true,
    });
    Some(Edit::Batch(edits))
}

/// The edit that accepts every suggestion of `label` in `document`, as one step.
pub fn accept_all_edit(
    project: &Project,
    document: crate::model::DocId,
    label: &str,
    annotator: &str,
) -> Option<Edit> {
    let ids: Vec<AnnotationId> = (project.annotations_in(document))
        .filter(|a| a.annotator == SUGGESTED && a.label == label)
        .map(|a| a.id)
        .collect();
    // Each accept is built against the project as the earlier ones left it.
    let mut scratch = project.clone();
    let mut edits = Vec::new();
    for id in ids {
        let edit = accept_edit(&scratch, id, annotator, None)?;
        scratch.apply(&edit).ok()?;
        edits.push(edit);
    }
    (!edits.is_empty()).then_some(Edit::Batch(edits))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DocId, Document};

    /// A one-sentence document with the suggester's own quote, attribution and link.
    fn project() -> (Project, AnnotationId, AnnotationId) {
        let mut p = Project::new("t");
        let text = "“We will win,” said Maria Lopez, a spokeswoman.";
        p.apply(&Edit::AddDocument(Document::new(DocId(1), "d", "", text)))
            .unwrap();
        let edit = super::super::suggestion_edit(&p, &[DocId(1)], &Default::default());
        p.apply(&edit).unwrap();
        let id = |label: &str| p.annotations().find(|a| a.label == label).unwrap().id;
        let (q, a) = (id("quote"), id("attribution"));
        assert_eq!(p.links().count(), 1, "the suggester linked them");
        (p, q, a)
    }

    #[test]
    fn accepting_both_ends_brings_the_link_and_undo_restores_the_suggestions() {
        let (mut p, q, a) = project();
        let before = p.clone();
        let e1 = accept_edit(&p, q, "dana", None).unwrap();
        let u1 = p.apply_undoable(&e1).unwrap();
        assert_eq!(p.links().count(), 0, "the other end is still a suggestion");
        let e2 = accept_edit(&p, a, "dana", None).unwrap();
        p.apply(&e2).unwrap();
        let mine: Vec<_> = p.annotations().filter(|x| x.annotator == "dana").collect();
        assert_eq!(mine.len(), 2);
        assert!(mine.iter().all(|x| x.derived_from.len() == 1));
        assert_eq!(p.links().count(), 1, "both accepted: the link came along");
        p.apply(&e2.inverse()).unwrap();
        p.apply(&u1).unwrap();
        assert_eq!(p.annotations().count(), before.annotations().count());
        assert_eq!(p.links().count(), 1);
    }

    #[test]
    fn a_label_key_accepts_with_that_label_and_rejects_are_remembered() {
        let (mut p, q, a) = project();
        p.apply(&accept_edit(&p, q, "dana", Some("claim")).unwrap())
            .unwrap();
        assert!(
            p.annotations()
                .any(|x| x.annotator == "dana" && x.label == "claim")
        );
        p.apply(&reject_edit(&p, a).unwrap()).unwrap();
        assert!(p.annotation(a).is_none());
        assert_eq!(p.rejections().count(), 1);
        assert!(
            accept_edit(&p, q, "dana", None).is_none(),
            "no longer a suggestion"
        );
    }
}
