use super::*;
use crate::model::{AnnotationId, DocId, Document, Span};

const MIXED: &str = "“Peace” — 【X】 talks 👍🏽 café e\u{301}!";

fn empty() -> Project {
    Project::new("t")
}

fn import(
    p: &Project,
    format: DatasetFormat,
    text: &str,
    opts: &ImportOptions,
) -> Result<DatasetImport, DatasetError> {
    import_dataset(p, "data.jsonl", text, format, opts)
}

fn applied(p: &Project, imp: &DatasetImport) -> Project {
    let mut p = p.clone();
    p.apply(&imp.edit).expect("an import always applies");
    p
}

fn spans(p: &Project) -> Vec<(usize, usize, String, String)> {
    let mut v: Vec<_> = p
        .annotations()
        .map(|a| (a.start, a.end, a.label.clone(), a.annotator.clone()))
        .collect();
    v.sort();
    v
}

#[test]
fn doccano_lines_become_documents_spans_and_done_marks() {
    let line = serde_json::json!({"text": MIXED, "label": [[1, 6, "Quote"], [20, 22, "FIGURE"]]})
        .to_string();
    let opts = ImportOptions::default();
    let imp = import(
        &empty(),
        DatasetFormat::Doccano,
        &format!("{line}\n\n"),
        &opts,
    )
    .unwrap();
    assert_eq!((imp.documents_added, imp.spans), (1, 2));
    let p = applied(&empty(), &imp);
    assert_eq!(
        spans(&p),
        [
            (1, 6, "quote".into(), "imported".into()),
            (20, 22, "figure".into(), "imported".into())
        ]
    );
    let doc = &p.documents()[0];
    assert_eq!(doc.title, "“Peace” — 【X】 talks 👍🏽 café e\u{301}!");
    assert!(p.is_done("imported", doc.id));
    // The same file again matches the document by hash and adds nothing.
    let again = import(&p, DatasetFormat::Doccano, &line, &opts).unwrap();
    assert_eq!(
        (
            again.documents_added,
            again.documents_matched,
            again.spans,
            again.duplicates
        ),
        (0, 1, 0, 2)
    );
}

#[test]
fn annotator_override_and_doccano_entities_objects() {
    let line = serde_json::json!({"text": MIXED, "entities": [{"id": 7, "start_offset": 10, "end_offset": 13, "label": "claim"}]}).to_string();
    let opts = ImportOptions {
        annotator: Some("dana".into()),
        ..ImportOptions::default()
    };
    let p = applied(
        &empty(),
        &import(&empty(), DatasetFormat::Doccano, &line, &opts).unwrap(),
    );
    assert_eq!(spans(&p), [(10, 13, "claim".into(), "dana".into())]);
}

#[test]
fn a_malformed_line_stops_everything_unless_skip_bad() {
    let good = serde_json::json!({"text": "Good text.", "label": [[0, 4, "claim"]]}).to_string();
    let text = format!("{good}\n{{\"text\": oops\n{good}\n");
    let err = import(
        &empty(),
        DatasetFormat::Doccano,
        &text,
        &ImportOptions::default(),
    )
    .unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.starts_with("data.jsonl: line 2: not a valid record"),
        "{msg}"
    );
    assert!(msg.contains("--skip-bad"), "{msg}");
    let opts = ImportOptions {
        skip_bad: true,
        ..ImportOptions::default()
    };
    let imp = import(&empty(), DatasetFormat::Doccano, &text, &opts).unwrap();
    assert_eq!(imp.skipped.len(), 1);
    assert_eq!(imp.skipped[0].location, "line 2");
    assert_eq!(
        (
            imp.documents_added,
            imp.documents_matched,
            imp.spans,
            imp.duplicates
        ),
        (1, 1, 1, 1)
    );
}

#[test]
fn bad_spans_and_unknown_labels_are_refused_with_the_reason() {
    let cases = [
        (serde_json::json!([[5, 2, "claim"]]), "reversed"),
        (
            serde_json::json!([[0, 99, "claim"]]),
            "99 falls outside the text (31 code points)",
        ),
        (serde_json::json!([[-1, 2, "claim"]]), "falls outside"),
        (serde_json::json!([[3, 3, "claim"]]), "empty"),
        (
            serde_json::json!([[0, 2, "rumour"]]),
            "unknown label “rumour”; this project's labels are claim, quote, figure, attribution",
        ),
    ];
    for (label, reason) in cases {
        let line = serde_json::json!({"text": MIXED, "label": label}).to_string();
        let err = import(
            &empty(),
            DatasetFormat::Doccano,
            &line,
            &ImportOptions::default(),
        )
        .unwrap_err();
        assert!(
            err.to_string().contains(reason),
            "{err} should say {reason}"
        );
        assert!(err.to_string().contains("line 1"), "{err}");
    }
}

#[test]
fn our_jsonl_keeps_ids_annotators_notes_and_reads_utf16_offsets() {
    // 👍🏽 is UTF-16 [20, 24), code points [20, 22); "café" after it is shifted by 2.
    let line = serde_json::json!({
        "id": 42, "title": "T", "source": "s.txt", "text": MIXED, "offsets": "utf16",
        "annotations": [
            {"id": 7, "start": 20, "end": 24, "label": "figure", "text": "👍🏽", "annotator": "bob", "note": "thumbs"},
            {"id": 8, "start": 25, "end": 29, "label": "claim", "text": "café", "annotator": "alice", "note": null}
        ]
    })
    .to_string();
    let imp = import(
        &empty(),
        DatasetFormat::Jsonl,
        &line,
        &ImportOptions::default(),
    )
    .unwrap();
    let p = applied(&empty(), &imp);
    let doc = p.document(DocId(42)).expect("the id is kept");
    assert_eq!((doc.title.as_str(), doc.source.as_str()), ("T", "s.txt"));
    let a = p.annotation(AnnotationId(7)).unwrap();
    assert_eq!(
        (a.start, a.end, a.note.as_deref(), a.annotator.as_str()),
        (20, 22, Some("thumbs"), "bob")
    );
    assert_eq!((p.annotation(AnnotationId(8)).unwrap().start), 23);
    assert!(p.is_done("alice", DocId(42)) && p.is_done("bob", DocId(42)));
}

#[test]
fn offsets_that_do_not_match_the_quoted_text_are_caught() {
    // UTF-16 offsets in a file that claims code points: the span text gives it away.
    let line = serde_json::json!({
        "text": MIXED,
        "annotations": [{"start": 25, "end": 29, "label": "claim", "text": "café"}]
    })
    .to_string();
    let err = import(
        &empty(),
        DatasetFormat::Jsonl,
        &line,
        &ImportOptions::default(),
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("differs from the document's text"),
        "{err}"
    );
    let inside =
        serde_json::json!({"text": MIXED, "offsets": "utf16", "label": [[21, 24, "figure"]]})
            .to_string();
    let err = import(
        &empty(),
        DatasetFormat::Jsonl,
        &inside,
        &ImportOptions::default(),
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("falls inside a character"),
        "{err}"
    );
}

#[test]
fn label_studio_export_with_users_cancelled_and_other_results() {
    let tasks = serde_json::json!([{
        "id": 1,
        "data": {"text": MIXED},
        "annotations": [
            {"completed_by": 3, "result": [
                {"id": "abc", "from_name": "label", "to_name": "text", "type": "labels",
                 "value": {"start": 1, "end": 6, "text": "Peace", "labels": ["Quote"]}},
                {"id": "xyz", "from_name": "sentiment", "to_name": "text", "type": "choices",
                 "value": {"choices": ["Positive"]}}
            ]},
            {"completed_by": {"id": 4, "email": "eve@example.org"}, "result": [
                {"type": "labels", "value": {"start": 20, "end": 22, "labels": ["figure"]}}
            ]},
            {"completed_by": 5, "was_cancelled": true, "result": [
                {"type": "labels", "value": {"start": 0, "end": 1, "labels": ["claim"]}}
            ]}
        ]
    }])
    .to_string();
    let imp = import(
        &empty(),
        DatasetFormat::LabelStudio,
        &tasks,
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(imp.ignored_results, 1);
    let p = applied(&empty(), &imp);
    assert_eq!(
        spans(&p),
        [
            (1, 6, "quote".into(), "label-studio-user-3".into()),
            (20, 22, "figure".into(), "eve@example.org".into())
        ]
    );
    let err = import(
        &empty(),
        DatasetFormat::LabelStudio,
        "{\"data\": 1}",
        &ImportOptions::default(),
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("not a Label Studio JSON export"),
        "{err}"
    );
    let no_text = serde_json::json!([{"data": {"html": "<p>x</p>"}}]).to_string();
    let err = import(
        &empty(),
        DatasetFormat::LabelStudio,
        &no_text,
        &ImportOptions::default(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("task 1: no data.text"), "{err}");
}

#[test]
fn existing_documents_are_matched_by_text_not_id() {
    let mut p = empty();
    p.apply(&Edit::AddDocument(Document::new(
        DocId(5),
        "Mine",
        "",
        MIXED,
    )))
    .unwrap();
    let line =
        serde_json::json!({"id": 5, "text": "A different text.", "label": [[0, 1, "claim"]]})
            .to_string();
    let same = serde_json::json!({"id": 9, "text": MIXED, "label": [[0, 1, "claim"]]}).to_string();
    let imp = import(
        &p,
        DatasetFormat::Jsonl,
        &format!("{line}\n{same}"),
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!((imp.documents_added, imp.documents_matched), (1, 1));
    let p = applied(&p, &imp);
    assert_eq!(p.documents().len(), 2);
    assert_ne!(
        p.documents()[1].id,
        DocId(5),
        "id 5 is taken by another text"
    );
    assert_eq!(p.count_in(DocId(5)), 1);
}

/// "“Yes,” she said, “at once.”": a quote split around "she said", which is its source.
const SPLIT: &str = "“Yes,” she said, “at once.” Then 3 more.";

fn links(p: &Project) -> Vec<(String, String)> {
    let text = |id| {
        let a = p.annotation(id).unwrap();
        let doc = p.document(a.document).unwrap();
        crate::text::slice_chars(&doc.text, a.start, a.end)
            .unwrap()
            .to_owned()
    };
    let mut v: Vec<_> = p.links().map(|l| (text(l.from), text(l.to))).collect();
    v.sort();
    v
}

#[test]
fn our_jsonl_brings_back_split_spans_and_links() {
    let line = serde_json::json!({
        "text": SPLIT,
        "annotations": [
            {"id": 1, "start": 0, "end": 27, "label": "quote", "annotator": "ann",
             "text": "“Yes,” she said, “at once.”", "fragments": [[0, 6], [17, 27]]},
            {"id": 2, "start": 7, "end": 15, "label": "attribution", "annotator": "ann",
             "fragments": [[7, 15]]},
            {"id": 3, "start": 33, "end": 34, "label": "figure", "annotator": "ann"}
        ],
        "relations": [
            {"from_id": 1, "to_id": 2, "type": "attributed_to"},
            {"from_id": 3, "to_id": 2, "type": "attributed_to"}
        ]
    })
    .to_string();
    let opts = ImportOptions::default();
    let imp = import(&empty(), DatasetFormat::Jsonl, &line, &opts).unwrap();
    assert_eq!((imp.spans, imp.links), (3, 2));
    let p = applied(&empty(), &imp);
    let quote = p.annotation(AnnotationId(1)).unwrap();
    assert_eq!(quote.fragments, [Span::new(0, 6), Span::new(17, 27)]);
    assert_eq!(
        p.source_link(AnnotationId(1)).map(|l| l.to),
        Some(AnnotationId(2))
    );
    assert_eq!(p.contents_of(AnnotationId(2)).count(), 2);
    // Again: nothing new, and the links already there are not added twice.
    let again = import(&p, DatasetFormat::Jsonl, &line, &opts).unwrap();
    assert_eq!((again.spans, again.duplicates, again.links), (0, 3, 0));
    applied(&p, &again);
}

#[test]
fn bad_fragments_and_bad_links_are_refused_with_the_reason() {
    let record = |fragments: serde_json::Value, relations: serde_json::Value| {
        serde_json::json!({
            "text": SPLIT,
            "annotations": [
                {"id": 1, "start": 0, "end": 27, "label": "quote", "annotator": "ann",
                 "fragments": fragments},
                {"id": 2, "start": 7, "end": 15, "label": "attribution", "annotator": "bob"},
                {"id": 3, "start": 33, "end": 34, "label": "figure", "annotator": "ann"}
            ],
            "relations": relations
        })
        .to_string()
    };
    let opts = ImportOptions::default();
    let err = |line: String| {
        import(&empty(), DatasetFormat::Jsonl, &line, &opts)
            .unwrap_err()
            .to_string()
    };
    let none = serde_json::json!([]);
    let e = err(record(serde_json::json!([[0, 10], [5, 27]]), none.clone()));
    assert!(e.contains("overlap, touch or are out of order"), "{e}");
    let e = err(record(serde_json::json!([[0, 6], [17, 20]]), none.clone()));
    assert!(
        e.contains("do not run from the span's start to its end"),
        "{e}"
    );
    let e = err(record(serde_json::json!([[2, 5]]), none));
    assert!(e.contains("its one fragment [2, 5) is not the span"), "{e}");
    let ok = serde_json::json!([[0, 6], [17, 27]]);
    let e = err(record(
        ok.clone(),
        serde_json::json!([{"from_id": 1, "to_id": 2, "type": "attributed_to"}]),
    ));
    assert!(e.contains("links join spans of one annotator"), "{e}");
    let e = err(record(
        ok.clone(),
        serde_json::json!([{"from_id": 1, "to_id": 3, "type": "attributed_to"}]),
    ));
    assert!(e.contains("neither end is a source"), "{e}");
    let e = err(record(
        ok,
        serde_json::json!([{"from_id": 1, "to_id": 9, "type": "attributed_to"}]),
    ));
    assert!(e.contains("there is no span with id 9"), "{e}");
}

#[test]
fn doccano_relation_format_restores_links_and_reads_each_span_once() {
    // As our export writes it: triples and entities for the same spans.
    let line = serde_json::json!({
        "text": SPLIT,
        "label": [[0, 6, "quote"], [7, 15, "attribution"], [17, 27, "quote"], [33, 34, "figure"]],
        "entities": [
            {"id": 0, "label": "quote", "start_offset": 0, "end_offset": 6},
            {"id": 1, "label": "attribution", "start_offset": 7, "end_offset": 15},
            {"id": 2, "label": "quote", "start_offset": 17, "end_offset": 27},
            {"id": 3, "label": "figure", "start_offset": 33, "end_offset": 34}
        ],
        "relations": [
            {"id": 0, "from_id": 0, "to_id": 1, "type": "attributed_to"},
            // Drawn the other way round: the source end is found by its label.
            {"id": 1, "from_id": 1, "to_id": 3, "type": "attributed_to"},
            {"id": 2, "from_id": 2, "to_id": 3, "type": "contradicts"}
        ]
    })
    .to_string();
    let imp = import(
        &empty(),
        DatasetFormat::Doccano,
        &line,
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(
        (imp.spans, imp.duplicates, imp.links, imp.ignored_relations),
        (4, 0, 2, 1)
    );
    let p = applied(&empty(), &imp);
    // doccano has no split spans: the quote's pieces come back as two quotes.
    assert!(p.annotations().all(|a| !a.is_split()));
    assert_eq!(
        links(&p),
        [
            ("3".to_string(), "she said".to_string()),
            ("“Yes,”".into(), "she said".into())
        ]
    );
    let dangling = serde_json::json!({
        "text": SPLIT,
        "entities": [{"id": 0, "label": "quote", "start_offset": 0, "end_offset": 6}],
        "relations": [{"id": 0, "from_id": 0, "to_id": 5, "type": "attributed_to"}]
    })
    .to_string();
    let err = import(
        &empty(),
        DatasetFormat::Doccano,
        &dangling,
        &ImportOptions::default(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("no span with id 5"), "{err}");
}

#[test]
fn label_studio_joins_split_regions_and_reads_relations() {
    let region = |id: &str, start: usize, end: usize, label: &str| {
        serde_json::json!({
            "id": id, "from_name": "label", "to_name": "text", "type": "labels",
            "value": {"start": start, "end": end,
                      "text": crate::text::slice_chars(SPLIT, start, end).unwrap(),
                      "labels": [label]}
        })
    };
    let tasks = serde_json::json!([{
        "data": {"text": SPLIT},
        "annotations": [{"annotator": "ann", "result": [
            region("11-2", 17, 27, "quote"),
            region("11-1", 0, 6, "quote"),
            region("12", 7, 15, "attribution"),
            region("aB3xYz", 33, 34, "figure"),
            {"from_id": "11-2", "to_id": "12", "type": "relation", "direction": "right",
             "labels": ["attributed_to"]},
            // Drawn from the source, pointing left, with no label: still the figure's source.
            {"from_id": "12", "to_id": "aB3xYz", "type": "relation", "direction": "left",
             "labels": []}
        ]}]
    }])
    .to_string();
    let imp = import(
        &empty(),
        DatasetFormat::LabelStudio,
        &tasks,
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!((imp.spans, imp.links, imp.ignored_results), (3, 2, 0));
    let p = applied(&empty(), &imp);
    let quote = p.annotation(AnnotationId(11)).unwrap();
    assert_eq!(quote.fragments, [Span::new(0, 6), Span::new(17, 27)]);
    assert_eq!(
        links(&p),
        [
            ("3".to_string(), "she said".to_string()),
            ("“Yes,” she said, “at once.”".into(), "she said".into())
        ]
    );
}

#[test]
fn a_second_source_is_left_out_and_counted_not_an_error() {
    // Two layers merged by a format without annotators: the quote has two sources.
    let text = "“Go,” she said and he said.";
    let line = serde_json::json!({
        "text": text,
        "entities": [
            {"id": 0, "label": "quote", "start_offset": 0, "end_offset": 5},
            {"id": 1, "label": "attribution", "start_offset": 6, "end_offset": 14},
            {"id": 2, "label": "attribution", "start_offset": 19, "end_offset": 26}
        ],
        "relations": [
            {"id": 0, "from_id": 0, "to_id": 1, "type": "attributed_to"},
            {"id": 1, "from_id": 0, "to_id": 2, "type": "attributed_to"}
        ]
    })
    .to_string();
    let opts = ImportOptions::default();
    let imp = import(&empty(), DatasetFormat::Doccano, &line, &opts).unwrap();
    assert_eq!((imp.links, imp.conflicting_links), (1, 1));
    let p = applied(&empty(), &imp);
    assert_eq!(links(&p), [("“Go,”".to_string(), "she said".to_string())]);
    // The project keeps its link when a file names another source (twice, here).
    let other = line.replace("\"to_id\":1", "\"to_id\":2");
    let again = import(&p, DatasetFormat::Doccano, &other, &opts).unwrap();
    assert_eq!((again.links, again.conflicting_links), (0, 2));
    assert_eq!(links(&applied(&p, &again)), links(&p));
}
