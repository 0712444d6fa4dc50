use super::*;
use crate::model::{AnnotationId, DocId, Document};

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
        skip_bad: false,
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
