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

fn their_link(p: &mut Project, content: u64, source: u64) {
    let edit = p
        .link_edit(AnnotationId(content), AnnotationId(source))
        .unwrap();
    p.apply(&edit).unwrap();
}

const T0: &str = "2025-01-01T00:00:00.000Z";

#[test]
fn links_arrive_with_their_ends_and_merging_twice_changes_nothing() {
    let mut ours = project();
    // ben's source is already here (merged earlier); his quote and figure are new.
    add(&mut ours, 10, "ben", span_of("【Minister】"), "attribution");
    let mut theirs = their_copy();
    let mut source = ours.annotation(AnnotationId(10)).unwrap().clone();
    source.document = DocId(500);
    theirs.apply(&Edit::AddAnnotation(source)).unwrap();
    their_add(
        &mut theirs,
        11,
        500,
        span_of("“Peace is near,”"),
        "quote",
        T0,
    );
    their_add(&mut theirs, 12, 500, span_of("12 May"), "figure", T0);
    their_link(&mut theirs, 11, 10);
    their_link(&mut theirs, 12, 10);
    let plan = plan_merge(&ours, &theirs);
    assert_eq!((plan.added, plan.unchanged, plan.links_added), (2, 1, 2));
    apply(&mut ours, &plan);
    assert_eq!(
        ours.source_link(AnnotationId(11)).unwrap().to,
        AnnotationId(10)
    );
    assert_eq!(
        ours.source_link(AnnotationId(12)).unwrap().to,
        AnnotationId(10)
    );
    let again = plan_merge(&ours, &theirs);
    assert!(again.is_empty(), "{:?}", again.edits);
    assert_eq!((again.links_added, again.links_kept_ours), (0, 0));
    assert!(
        !again
            .report
            .iter()
            .any(|l| l.contains("link") || l.contains("source")),
        "{:?}",
        again.report
    );
}

#[test]
fn a_content_linked_to_another_source_here_keeps_ours_and_says_so() {
    let mut ours = project();
    add(&mut ours, 10, "ben", span_of("【Minister】"), "attribution");
    add(&mut ours, 11, "ben", span_of("Ana Café"), "attribution");
    add(&mut ours, 12, "ben", span_of("12 May"), "figure");
    let mut theirs = their_copy();
    for id in [10, 11, 12] {
        let mut a = ours.annotation(AnnotationId(id)).unwrap().clone();
        a.document = DocId(500);
        theirs.apply(&Edit::AddAnnotation(a)).unwrap();
    }
    their_link(&mut theirs, 12, 11);
    // Here the figure is attributed to the Minister.
    let edit = ours.link_edit(AnnotationId(12), AnnotationId(10)).unwrap();
    ours.apply(&edit).unwrap();
    let plan = plan_merge(&ours, &theirs);
    assert!(plan.is_empty());
    assert_eq!(plan.links_kept_ours, 1);
    assert!(
        plan.report.iter().any(|l| l.contains("different sources")
            && l.contains("【Minister】")
            && l.contains("“12 May”")),
        "{:?}",
        plan.report
    );
}

#[test]
fn a_link_whose_end_is_not_merged_or_changed_role_is_skipped_not_fatal() {
    let mut ours = project();
    let mut labels = default_labels();
    labels.push(crate::model::Label {
        id: "speaker".into(),
        name: "Speaker".into(),
        color: "#112233".into(),
        hotkey: None,
        description: String::new(),
        is_source: true,
    });
    let mut theirs = Project::with_labels("more labels", labels);
    theirs
        .apply(&Edit::AddDocument(Document::new(DocId(500), "P", "", TEXT)))
        .unwrap();
    their_add(&mut theirs, 10, 500, span_of("【Minister】"), "speaker", T0);
    their_add(&mut theirs, 11, 500, span_of("12 May"), "figure", T0);
    their_link(&mut theirs, 11, 10);
    let plan = plan_merge(&ours, &theirs);
    assert_eq!((plan.added, plan.skipped, plan.links_skipped), (1, 1, 1));
    assert!(
        plan.report.iter().any(|l| l.starts_with("link not merged")),
        "{:?}",
        plan.report
    );
    apply(&mut ours, &plan);

    // Ours: a linked source; theirs, newer: the same span relabelled as a quote.
    let mut ours = project();
    add(&mut ours, 20, "ben", span_of("【Minister】"), "attribution");
    add(&mut ours, 21, "ben", span_of("12 May"), "figure");
    let edit = ours.link_edit(AnnotationId(21), AnnotationId(20)).unwrap();
    ours.apply(&edit).unwrap();
    let mut theirs = their_copy();
    their_add(
        &mut theirs,
        20,
        500,
        span_of("【Minister】"),
        "quote",
        "2099-01-01T00:00:00.000Z",
    );
    let plan = plan_merge(&ours, &theirs);
    assert_eq!(plan.updated, 1);
    apply(&mut ours, &plan);
    assert_eq!(
        ours.link_count(),
        0,
        "the link a quote cannot have went with it"
    );
}

#[test]
fn split_spans_merge_like_other_fields() {
    let mut ours = project();
    add(&mut ours, 10, "ben", span_of("“Peace is near,”"), "quote");
    let mut theirs = their_copy();
    let mut split = ours.annotation(AnnotationId(10)).unwrap().clone();
    split.document = DocId(500);
    split.set_spans([span_of("“Peace"), span_of("near,”")]);
    split.modified = "2099-01-01T00:00:00.000Z".into();
    theirs.apply(&Edit::AddAnnotation(split)).unwrap();
    let plan = plan_merge(&ours, &theirs);
    assert_eq!(
        plan.updated, 1,
        "same extent, different pieces: not the same"
    );
    apply(&mut ours, &plan);
    assert!(ours.annotation(AnnotationId(10)).unwrap().is_split());
    assert!(plan_merge(&ours, &theirs).is_empty());
}
