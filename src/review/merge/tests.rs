use super::*;
use crate::model::{AnnotationId, Span, default_labels};
use crate::review::fixture::{DOC, TEXT, add, project, span_of};

/// The colleague's copy: same text under another document id, plus a document we lack.
fn their_copy() -> Project {
    let mut p = Project::new("ben's copy");
    let same = Document::new(DocId(500), "Peace (ben)", "peace.txt", TEXT);
    let extra = Document::new(
        DocId(501),
        "Only in ben's copy",
        "x.txt",
        "Another “text” 👍🏽.",
    );
    p.apply(&Edit::AddDocument(same)).unwrap();
    p.apply(&Edit::AddDocument(extra)).unwrap();
    p
}

fn their_add(p: &mut Project, id: u64, doc: u64, span: Span, label: &str, modified: &str) {
    let mut a = Annotation::new(AnnotationId(id), DocId(doc), span, label, "ben");
    a.modified = modified.into();
    p.apply(&Edit::AddAnnotation(a)).unwrap();
}

fn apply(p: &mut Project, plan: &MergePlan) {
    p.apply(&Edit::Batch(plan.edits.clone())).unwrap();
}

#[test]
fn new_annotations_and_done_marks_arrive_on_the_document_with_the_same_text() {
    let mut ours = project();
    let mut theirs = their_copy();
    their_add(
        &mut theirs,
        10,
        500,
        span_of("【Minister】"),
        "attribution",
        "2025-01-01T00:00:00.000Z",
    );
    their_add(
        &mut theirs,
        11,
        501,
        Span::new(0, 7),
        "claim",
        "2025-01-01T00:00:00.000Z",
    );
    theirs
        .apply(&Edit::SetDone {
            annotator: "ben".into(),
            document: DocId(500),
            done: true,
        })
        .unwrap();
    let plan = plan_merge(&ours, &theirs);
    assert_eq!((plan.added, plan.done_marks, plan.skipped), (1, 1, 1));
    assert_eq!(plan.documents_not_in_project, ["Only in ben's copy"]);
    assert!(
        plan.report
            .iter()
            .any(|l| l.contains("is not in this project"))
    );
    apply(&mut ours, &plan);
    let merged = ours.annotation(AnnotationId(10)).unwrap();
    assert_eq!((merged.document, merged.annotator.as_str()), (DOC, "ben"));
    assert!(ours.is_done("ben", DOC));
    assert_eq!(
        ours.documents().len(),
        1,
        "documents are never added by a merge"
    );
}

#[test]
fn merging_twice_changes_nothing() {
    let mut ours = project();
    let mut theirs = their_copy();
    their_add(
        &mut theirs,
        10,
        500,
        span_of("12 May"),
        "figure",
        "2025-01-01T00:00:00.000Z",
    );
    let first = plan_merge(&ours, &theirs);
    apply(&mut ours, &first);
    let second = plan_merge(&ours, &theirs);
    assert!(second.is_empty(), "{:?}", second.edits);
    assert_eq!(second.unchanged, 1);
    assert!(second.would_lose.is_empty());
}

#[test]
fn the_newer_edit_wins_and_is_reported() {
    let mut ours = project();
    add(&mut ours, 10, "ben", span_of("12 May"), "figure");
    let mut older = ours.annotation(AnnotationId(10)).unwrap().clone();
    older.modified = "2025-01-01T00:00:00.000Z".into();
    ours.apply(&Edit::ReplaceAnnotation {
        before: ours.annotation(AnnotationId(10)).unwrap().clone(),
        after: older.clone(),
    })
    .unwrap();
    // Their copy changed the label later than ours.
    let mut theirs = their_copy();
    their_add(
        &mut theirs,
        10,
        500,
        span_of("12 May"),
        "claim",
        "2025-06-01T00:00:00.000Z",
    );
    let plan = plan_merge(&ours, &theirs);
    assert_eq!(plan.updated, 1);
    assert_eq!(plan.would_lose.len(), 1);
    assert_eq!(plan.would_lose[0].ours, older);
    assert!(
        plan.report
            .iter()
            .any(|l| l.contains("kept the newer (from the other copy"))
    );
    apply(&mut ours, &plan);
    assert_eq!(ours.annotation(AnnotationId(10)).unwrap().label, "claim");

    // Ours newer: nothing changes, and it is said.
    let mut stale = their_copy();
    their_add(
        &mut stale,
        10,
        500,
        span_of("12 May"),
        "quote",
        "2024-01-01T00:00:00.000Z",
    );
    let plan = plan_merge(&ours, &stale);
    assert!(plan.is_empty() && plan.would_lose.is_empty());
    assert!(plan.report.iter().any(|l| l.contains("from this project")));
}

#[test]
fn a_document_whose_text_differs_is_not_merged_by_position() {
    let ours = project();
    let mut theirs = Project::new("edited copy");
    let edited = format!("{TEXT} (corrected)");
    theirs
        .apply(&Edit::AddDocument(Document::new(
            DOC,
            "Peace",
            "peace.txt",
            edited,
        )))
        .unwrap();
    let mut a = Annotation::new(AnnotationId(3), DOC, Span::new(0, 5), "claim", "ben");
    a.modified = "2030-01-01T00:00:00.000Z".into();
    theirs.apply(&Edit::AddAnnotation(a)).unwrap();
    let plan = plan_merge(&ours, &theirs);
    assert!(plan.is_empty());
    assert_eq!(plan.skipped, 1);
    assert!(
        plan.report[0].contains("different text"),
        "{:?}",
        plan.report
    );
}

#[test]
fn labels_map_by_name_and_unmappable_ones_are_reported_and_skipped() {
    let mut ours = project();
    let mut labels = default_labels();
    labels[0].id = "CLM".into(); // name "Claim": maps by name to "claim"
    labels[1].id = "opinion".into();
    labels[1].name = "Opinion".into(); // no match here
    let mut theirs = Project::with_labels("other labels", labels);
    theirs
        .apply(&Edit::AddDocument(Document::new(DocId(500), "P", "", TEXT)))
        .unwrap();
    their_add(
        &mut theirs,
        20,
        500,
        span_of("Ana Café"),
        "CLM",
        "2025-01-01T00:00:00.000Z",
    );
    their_add(
        &mut theirs,
        21,
        500,
        span_of("e\u{301}"),
        "opinion",
        "2025-01-01T00:00:00.000Z",
    );
    let plan = plan_merge(&ours, &theirs);
    assert_eq!((plan.added, plan.skipped), (1, 1));
    assert_eq!(plan.unmapped_labels, ["opinion"]);
    assert!(
        plan.report
            .iter()
            .any(|l| l.contains("“CLM” mapped by name to “claim”"))
    );
    assert!(
        plan.report
            .iter()
            .any(|l| l.contains("skipped") && l.contains("“e\u{301}”")),
        "the skipped span is listed with its text: {:?}",
        plan.report
    );
    apply(&mut ours, &plan);
    assert_eq!(ours.annotation(AnnotationId(20)).unwrap().label, "claim");
    assert!(ours.annotation(AnnotationId(21)).is_none());
}
