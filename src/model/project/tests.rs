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

/// A quote [1, 6) by ada, and a source [10, 13) by ada.
fn quote_and_source(p: &mut Project, d: DocId) -> (Annotation, Annotation) {
    let quote = ann(p, d, 1, 6, "quote");
    p.apply(&Edit::AddAnnotation(quote.clone())).unwrap();
    let source = ann(p, d, 10, 13, "attribution");
    p.apply(&Edit::AddAnnotation(source.clone())).unwrap();
    (quote, source)
}

#[test]
fn a_content_links_to_one_source_and_a_source_serves_many() {
    let (mut p, d) = project();
    let (quote, source) = quote_and_source(&mut p, d);
    let claim = ann(&p, d, 15, 20, "claim");
    p.apply(&Edit::AddAnnotation(claim.clone())).unwrap();
    p.apply(&p.link_edit(quote.id, source.id).unwrap()).unwrap();
    p.apply(&p.link_edit(claim.id, source.id).unwrap()).unwrap();
    assert_eq!(p.link_count(), 2);
    assert_eq!(p.source_link(quote.id).unwrap().to, source.id);
    let contents: Vec<_> = p.contents_of(source.id).collect();
    assert_eq!(contents.len(), 2);
    assert!(contents.contains(&quote.id) && contents.contains(&claim.id));
    // A second, direct AddLink for the same content is refused; link_edit replaces instead.
    let other = ann(&p, d, 21, 24, "attribution");
    p.apply(&Edit::AddAnnotation(other.clone())).unwrap();
    assert_eq!(
        p.apply(&Edit::AddLink(Link::attributed_to(quote.id, other.id))),
        Err(EditError::AlreadyLinked(quote.id))
    );
    let relink = p.link_edit(quote.id, other.id).unwrap();
    p.apply(&relink).unwrap();
    assert_eq!(p.source_link(quote.id).unwrap().to, other.id);
    assert_eq!(p.contents_of(source.id).collect::<Vec<_>>(), [claim.id]);
    p.apply(&relink.inverse()).unwrap();
    assert_eq!(p.source_link(quote.id).unwrap().to, source.id);
}

#[test]
fn links_follow_the_rules() {
    let (mut p, d) = project();
    let (quote, source) = quote_and_source(&mut p, d);
    let bad = |p: &Project, from, to| match p.link_edit(from, to) {
        Err(EditError::BadLink(why)) => why,
        other => panic!("expected a refusal, got {other:?}"),
    };
    assert!(bad(&p, source.id, quote.id).contains("not a source"));
    let mut bens = ann(&p, d, 25, 28, "attribution");
    bens.annotator = "ben".into();
    p.apply(&Edit::AddAnnotation(bens.clone())).unwrap();
    assert!(bad(&p, quote.id, bens.id).contains("different annotators"));
    assert!(bad(&p, quote.id, AnnotationId(1)).contains("does not exist"));
    let source2 = ann(&p, d, 14, 16, "attribution");
    p.apply(&Edit::AddAnnotation(source2.clone())).unwrap();
    assert!(bad(&p, source2.id, source.id).contains("source cannot be linked"));
}

#[test]
fn deleting_a_linked_span_removes_its_links_and_undo_restores_both() {
    let (mut p, d) = project();
    let (quote, source) = quote_and_source(&mut p, d);
    p.apply(&p.link_edit(quote.id, source.id).unwrap()).unwrap();
    assert_eq!(
        p.apply(&Edit::RemoveAnnotation(source.clone())),
        Err(EditError::HasLinks(1)),
        "a bare removal would leave a dangling link"
    );
    let delete = p.delete_edit(&source);
    assert_eq!(delete.describe(), "delete attribution");
    p.apply(&delete).unwrap();
    assert!(p.annotation(source.id).is_none());
    assert_eq!(p.link_count(), 0);
    p.apply(&delete.inverse()).unwrap();
    assert_eq!(p.source_link(quote.id).unwrap().to, source.id);
}

#[test]
fn relabelling_a_source_as_content_drops_its_links_in_the_same_step() {
    let (mut p, d) = project();
    let (quote, source) = quote_and_source(&mut p, d);
    p.apply(&p.link_edit(quote.id, source.id).unwrap()).unwrap();
    let mut after = source.clone();
    after.label = "claim".into();
    let edit = p.replace_edit(&source, after);
    p.apply(&edit).unwrap();
    assert_eq!(p.link_count(), 0);
    p.apply(&edit.inverse()).unwrap();
    assert_eq!(p.link_count(), 1);
    // Relabelling within the same role keeps the link.
    let mut claim = quote.clone();
    claim.label = "claim".into();
    p.apply(&p.replace_edit(&quote, claim)).unwrap();
    assert_eq!(p.link_count(), 1);
}

#[test]
fn split_spans_are_validated_and_merged() {
    let (mut p, d) = project();
    let mut a = ann(&p, d, 0, 0, "quote");
    a.set_spans([Span::new(10, 13), Span::new(1, 6), Span::new(5, 7)]);
    assert_eq!((a.start, a.end), (1, 13));
    assert_eq!(a.fragments, [Span::new(1, 7), Span::new(10, 13)]);
    assert!(a.covers(11) && !a.covers(8));
    p.apply(&Edit::AddAnnotation(a.clone())).unwrap();
    let len = p.document_len(d).unwrap();
    let mut overlapping = ann(&p, d, 1, 9, "quote");
    overlapping.fragments = vec![Span::new(1, 5), Span::new(4, 9)];
    assert!(matches!(
        p.apply(&Edit::AddAnnotation(overlapping)),
        Err(EditError::BadFragments(why)) if why.contains("overlap")
    ));
    let mut outside = ann(&p, d, 1, len + 3, "quote");
    outside.fragments = vec![Span::new(1, 5), Span::new(len, len + 3)];
    assert!(p.apply(&Edit::AddAnnotation(outside)).is_err());
    let mut one = a.clone();
    one.set_spans([Span::new(2, 4)]);
    assert!(one.fragments.is_empty() && (one.start, one.end) == (2, 4));
}

#[test]
fn bad_links_and_fragments_in_a_file_are_refused_and_the_rest_opens() {
    let (mut p, d) = project();
    let (quote, source) = quote_and_source(&mut p, d);
    p.apply(&p.link_edit(quote.id, source.id).unwrap()).unwrap();
    let mut split = ann(&p, d, 15, 25, "claim");
    split.fragments = vec![Span::new(15, 17), Span::new(20, 25)];
    p.apply(&Edit::AddAnnotation(split.clone())).unwrap();
    let text = crate::store::to_ron(&p);
    assert!(
        text.contains("fragments: [(start: 15, end: 17), (start: 20, end: 25)]"),
        "{text}"
    );
    let overlapping = text.replace("(start: 20, end: 25)", "(start: 16, end: 25)");
    let dangling = text.replace(&format!("to: {}", source.id), "to: 424242");
    let (q, problems) = crate::store::project_file::parse(&overlapping).unwrap();
    assert_eq!(q.annotation_count(), 2, "the bad split span is left out");
    assert_eq!(q.link_count(), 1);
    assert!(problems[0].refused);
    assert!(problems[0].to_string().contains("overlap"), "{problems:?}");
    let (q, problems) = crate::store::project_file::parse(&dangling).unwrap();
    assert_eq!(q.annotation_count(), 3);
    assert_eq!(q.link_count(), 0);
    assert!(
        problems[0]
            .to_string()
            .contains("source annotation 424242 does not exist"),
        "{problems:?}"
    );
    assert!(
        !crate::store::to_ron(&q).contains("424242"),
        "never written back"
    );
}

#[test]
fn a_version_1_file_means_the_same_in_version_2() {
    let v1 = r##"(
  format_version: 1,
  name: "old",
  labels: [
    (id: "quote", name: "Quote", color: "#E69F00", hotkey: Some('2'), description: ""),
    (id: "attribution", name: "Attribution", color: "#CC79A7", hotkey: Some('4'), description: ""),
  ],
  documents: [
    (id: 7, title: "T", source: "a.txt", text: "“Peace,” he said.", hash: ""),
  ],
  annotations: [
    (id: 1, document: 7, start: 0, end: 8, label: "quote", annotator: "ada", created: "", modified: ""),
    (id: 2, document: 7, start: 9, end: 16, label: "attribution", annotator: "ada", created: "", modified: ""),
  ],
  done: [],
)"##;
    let (p, _problems) = crate::store::project_file::parse(v1).unwrap();
    assert_eq!(p.annotation_count(), 2);
    let spans: Vec<_> = p
        .annotations_in(DocId(7))
        .map(|a| (a.start, a.end))
        .collect();
    assert_eq!(spans, [(0, 8), (9, 16)]);
    assert!(p.label("attribution").unwrap().is_source, "migrated");
    assert!(!p.label("quote").unwrap().is_source);
    let v2 = crate::store::to_ron(&p);
    assert!(v2.contains("format_version: 2"));
    assert!(v2.contains("is_source: true"));
    let (again, _) = crate::store::project_file::parse(&v2).unwrap();
    assert_eq!(crate::store::to_ron(&again), v2, "v2 round-trips exactly");
}

/// The counts per label and per annotator the project keeps follow every edit and its undo,
/// and equal a count made from scratch (what `stats` and the label editor show).
#[test]
fn kept_counts_follow_edits_and_undo() {
    /// (count per label, count per annotator), each sorted by key.
    type Counts = (Vec<(String, usize)>, Vec<(String, usize)>);
    fn recount(p: &Project) -> Counts {
        let mut labels = std::collections::BTreeMap::new();
        let mut people = std::collections::BTreeMap::new();
        for a in p.annotations() {
            *labels.entry(a.label.clone()).or_default() += 1;
            *people.entry(a.annotator.clone()).or_default() += 1;
        }
        (labels.into_iter().collect(), people.into_iter().collect())
    }
    fn kept(p: &Project) -> Counts {
        let own = |(k, n): (&str, usize)| (k.to_owned(), n);
        (
            p.annotations_per_label().map(own).collect(),
            p.annotations_per_annotator().map(own).collect(),
        )
    }
    let (mut p, doc) = project();
    let a = ann(&p, doc, 0, 4, "claim");
    let b = ann(&p, doc, 2, 6, "quote");
    let mut relabeled = a.clone();
    relabeled.label = "quote".into();
    let edits = [
        Edit::AddAnnotation(a.clone()),
        Edit::AddAnnotation(b.clone()),
        Edit::ReplaceAnnotation {
            before: a,
            after: relabeled,
        },
        Edit::RemoveAnnotation(b),
    ];
    for (k, e) in edits.iter().enumerate() {
        p.apply(e).unwrap();
        assert_eq!(kept(&p), recount(&p));
        if k == 2 {
            assert_eq!((p.label_uses("quote"), p.label_uses("claim")), (2, 0));
        }
    }
    for e in edits.iter().rev() {
        p.apply(&e.inverse()).unwrap();
        assert_eq!(kept(&p), recount(&p));
    }
    assert_eq!(p.annotation_count(), 0);
    assert_eq!(kept(&p), (vec![], vec![]));
}
