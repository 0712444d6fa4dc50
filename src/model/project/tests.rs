use super::*;

const TEXT: &str = "“Peace” — 【X】 talks 👍🏽 café e\u{301}!";

fn project() -> (Project, DocId) {
    let mut p = Project::new("t");
    let doc = Document::new(DocId(7), "Title", "a.txt", TEXT);
    p.apply(&Edit::AddDocument(doc)).unwrap();
    (p, DocId(7))
}

fn ann(p: &Project, doc: DocId, start: usize, end: usize, label: &str) -> Annotation {
    Annotation::new(
        p.fresh_annotation_id(),
        doc,
        Span::new(start, end),
        label,
        "ada",
    )
}

#[test]
fn add_remove_and_index_by_start() {
    let (mut p, d) = project();
    let a = ann(&p, d, 10, 13, "quote");
    let b = ann(&p, d, 1, 6, "claim");
    p.apply(&Edit::AddAnnotation(a.clone())).unwrap();
    p.apply(&Edit::AddAnnotation(b.clone())).unwrap();
    let starts: Vec<_> = p.annotations_in(d).map(|a| a.start).collect();
    assert_eq!(starts, [1, 10]);
    assert_eq!(p.count_in(d), 2);
    p.apply(&Edit::RemoveAnnotation(a.clone())).unwrap();
    assert_eq!(p.count_in(d), 1);
    assert!(p.annotation(a.id).is_none());
}

#[test]
fn refuses_bad_spans_labels_and_documents() {
    let (mut p, d) = project();
    let len = p.document_len(d).unwrap();
    assert_eq!(len, 31);
    let rev = p.revision();
    assert!(matches!(
        p.apply(&Edit::AddAnnotation(ann(&p, d, 5, 5, "claim"))),
        Err(EditError::EmptySpan { .. })
    ));
    assert!(matches!(
        p.apply(&Edit::AddAnnotation(ann(&p, d, 30, 32, "claim"))),
        Err(EditError::SpanOutOfText { len: 31, .. })
    ));
    assert_eq!(
        p.apply(&Edit::AddAnnotation(ann(&p, d, 0, 2, "opinion"))),
        Err(EditError::UnknownLabel("opinion".into()))
    );
    assert!(matches!(
        p.apply(&Edit::AddAnnotation(ann(&p, DocId(99), 0, 2, "claim"))),
        Err(EditError::NoSuchDocument(DocId(99)))
    ));
    assert_eq!(p.revision(), rev, "refused edits change nothing");
    assert_eq!(p.annotation_count(), 0);
}

#[test]
fn overlapping_and_nested_spans_are_allowed_and_queried() {
    let (mut p, d) = project();
    for (s, e) in [(0, 20), (1, 6), (10, 13), (18, 25)] {
        p.apply(&Edit::AddAnnotation(ann(&p, d, s, e, "claim")))
            .unwrap();
    }
    let hits: Vec<_> = p
        .annotations_overlapping(d, Span::new(12, 19))
        .map(|a| (a.start, a.end))
        .collect();
    assert_eq!(hits, [(0, 20), (10, 13), (18, 25)]);
    let none: Vec<_> = p.annotations_overlapping(d, Span::new(25, 31)).collect();
    assert!(none.is_empty());
}

#[test]
fn every_edit_is_undone_by_its_inverse() {
    let (mut p, d) = project();
    let a = ann(&p, d, 1, 6, "claim");
    let mut relabeled = a.clone();
    relabeled.label = "quote".into();
    relabeled.note = Some("check".into());
    let edits = vec![
        Edit::AddAnnotation(a.clone()),
        Edit::ReplaceAnnotation {
            before: a.clone(),
            after: relabeled.clone(),
        },
        Edit::SetDone {
            annotator: "ada".into(),
            document: d,
            done: true,
        },
        Edit::AddDocument(Document::new(DocId(8), "Two", "", "x")),
    ];
    let before = ron_of(&p);
    for e in &edits {
        p.apply(e).unwrap();
    }
    assert_eq!(p.annotation(a.id).unwrap().label, "quote");
    assert!(p.is_done("ada", d));
    for e in edits.iter().rev() {
        p.apply(&e.inverse()).unwrap();
    }
    assert_eq!(ron_of(&p), before);
}

#[test]
fn batch_is_all_or_nothing() {
    let (mut p, d) = project();
    let good = ann(&p, d, 1, 6, "claim");
    let bad = ann(&p, d, 1, 99, "claim");
    let err = p.apply(&Edit::Batch(vec![
        Edit::AddAnnotation(good.clone()),
        Edit::AddAnnotation(bad),
    ]));
    assert!(err.is_err());
    assert_eq!(p.annotation_count(), 0);
}

#[test]
fn stale_remove_is_refused() {
    let (mut p, d) = project();
    let a = ann(&p, d, 1, 6, "claim");
    p.apply(&Edit::AddAnnotation(a.clone())).unwrap();
    let mut old = a.clone();
    old.label = "quote".into();
    assert_eq!(
        p.apply(&Edit::RemoveAnnotation(old)),
        Err(EditError::Stale(a.id))
    );
}

#[test]
fn from_file_keeps_suspect_data_and_lists_problems() {
    let (mut p, d) = project();
    p.apply(&Edit::AddAnnotation(ann(&p, d, 1, 6, "claim")))
        .unwrap();
    let text = crate::store::to_ron(&p);
    // Corrupt the text of the document and push a span outside it, as a hand edit might.
    let text = text.replace("talks", "walks").replace("end: 6", "end: 60");
    let (q, problems) = crate::store::project_file::parse(&text).unwrap();
    assert_eq!(q.annotation_count(), 1, "the suspect annotation is kept");
    let all: String = problems.iter().map(|p| format!("{p}\n")).collect();
    assert!(all.contains("no longer matches its hash"), "{all}");
    assert!(
        all.contains("span [1, 60) falls outside the document's 31 characters"),
        "{all}"
    );
}

fn ron_of(p: &Project) -> String {
    crate::store::to_ron(p)
}

#[test]
fn annotators_follow_adds_and_removes() {
    let (mut p, d) = project();
    let mut a = ann(&p, d, 1, 6, "claim");
    a.annotator = "ben".into();
    let b = ann(&p, d, 2, 6, "claim");
    p.apply(&Edit::AddAnnotation(a.clone())).unwrap();
    p.apply(&Edit::AddAnnotation(b.clone())).unwrap();
    assert_eq!(p.annotators(), ["ada", "ben"]);
    p.apply(&Edit::RemoveAnnotation(a)).unwrap();
    assert_eq!(p.annotators(), ["ada"]);
}
