use super::*;
use crate::model::{AnnotationId, DocId, Span};
use crate::store::annotation_lines::parse_line;
use crate::store::project_file::to_ron;

fn annotation(id: u64) -> Annotation {
    Annotation {
        id: AnnotationId(id),
        document: DocId(7),
        start: 3,
        end: 9,
        label: "claim".into(),
        annotator: "ada".into(),
        note: None,
        created: "2026-11-20T09:00:00.000Z".into(),
        modified: "2026-11-21T09:00:00.000Z".into(),
        derived_from: Vec::new(),
        fragments: Vec::new(),
    }
}

/// Every shape a field can take: notes with quotes, backslashes and hashes (raw strings),
/// non-ASCII text, empty strings, gold annotations, split spans, the largest ids.
fn shapes() -> Vec<Annotation> {
    let mut all = vec![annotation(1)];
    let notes = [
        "plain",
        "",
        "say “hi” — ok 👍🏽",
        "a \"quoted\" word",
        "back\\slash",
        "hash # and \"#quote\"#",
        "(id: 1, document: 2),",
        "tab\there",
        "two\nlines",
        "two\n    \"lines\"),",
    ];
    for (k, note) in notes.iter().enumerate() {
        let mut a = annotation(10 + k as u64);
        a.note = Some((*note).into());
        all.push(a);
    }
    let mut a = annotation(u64::MAX);
    a.document = DocId(u64::MAX);
    a.label = "".into();
    a.annotator = "Zoë \"Z\"".into();
    a.created = String::new();
    all.push(a);
    let mut gold = annotation(30);
    gold.annotator = "gold".into();
    gold.derived_from = vec![AnnotationId(1), AnnotationId(2), AnnotationId(30)];
    all.push(gold.clone());
    gold.derived_from.truncate(1);
    gold.set_spans([Span::new(3, 5), Span::new(7, 9), Span::new(11, 12)]);
    gold.note = Some("n".into());
    all.push(gold);
    all
}

#[test]
fn fast_lines_are_exactly_rons_lines_and_read_back() {
    for a in shapes() {
        let by_ron = ron_lines(&[&a]);
        let mut fast = String::new();
        let plain = write_line(&a, &mut fast);
        // ron's raw strings always have at least one `#`.
        let needs_raw = by_ron.contains(": r#") || by_ron.contains("Some(r#");
        assert_eq!(plain, !needs_raw, "{by_ron}");
        if plain {
            assert_eq!(fast, by_ron);
            assert_eq!(parse_line(by_ron.trim_end()), Some(a.clone()), "{by_ron}");
        }
        assert_eq!(write_lines(&[&a]), by_ron);
        let line = by_ron.trim_end().strip_suffix(',').unwrap();
        assert_eq!(ron::from_str::<Annotation>(line).unwrap(), a);
    }
}

/// A project file of the layout we write, with a list long enough to be cut in pieces.
fn file_text() -> String {
    let project = crate::fixtures::many_documents_project(40, 2000, 500, &["ada", "ben"]);
    let text = to_ron(&project);
    assert!(text.len() > 2 * SPLIT_FROM);
    text
}

/// `parse_in_parallel` either declines or agrees with `ron` on the whole text.
fn assert_agrees(text: &str) -> bool {
    let by_ron = ron::from_str::<ProjectFile>(text);
    match parse_in_parallel(text) {
        Some(fast) => {
            let by_ron = by_ron.expect("ron reads what the fast path read");
            assert_eq!(format!("{fast:?}"), format!("{by_ron:?}"));
            true
        }
        None => false,
    }
}

#[test]
fn hand_edited_lines_read_as_ron_reads_them_or_fall_back() {
    let text = file_text();
    assert!(
        assert_agrees(&text),
        "the written layout takes the fast path"
    );
    let first = text.find("\n    (id: ").unwrap() + 1;
    let line_end = first + text[first..].find('\n').unwrap();
    let line = &text[first..line_end];
    let edits: Vec<String> = vec![
        line.replace("(id: ", "( id : "),
        line.replace("(id: ", "(id: 00"),
        line.replace("document: ", "document: 0x"),
        line.replace("start: ", "start: +"),
        line.replace(", end: ", ", end: 1_"),
        line.replace("label: \"", "label: \"\\u{41}"),
        line.replace("label: \"", "label: r\"x"),
        line.replace("),", ", note: None),"),
        line.replace("),", ", note: \"implicit\"),"),
        line.replace("),", ", colour: 3),"),
        line.replace("),", ") // comment,"),
        line.replace("),", ") /* c */,"),
        line.replace("),", ")"),
        line.replace("(id: ", "#![enable(implicit_some)] (id: "),
        line.replace("(id: ", "Annotation(id: "),
        format!("{line}\n\n   \t"),
        format!("{line} {}", line.trim_start()),
        line.replace("),", "), "),
        line.replace("id: ", "id: 99999999999999999999"),
        line.replace("),", ", note: Some(\"a\n  ],\n b\")),"),
        line.replace("),", ", note: Some(r#\"a\n    \"b\"),\n\"#)),"),
        line.replace("),", ", note: Some(r#\"a \"b\"\"#)),"),
    ];
    let mut fast = 0;
    for edit in &edits {
        let edited = format!("{}{edit}{}", &text[..first], &text[line_end..]);
        fast += usize::from(assert_agrees(&edited));
    }
    assert!(
        fast >= 5,
        "most plain edits still take the fast path: {fast}"
    );
    // The very last element may go without its comma, any other may not.
    let close = text.rfind(LIST_CLOSE).unwrap();
    let last = format!("{}{}", &text[..close - 1], &text[close..]);
    assert!(assert_agrees(&last));
}

#[test]
fn every_project_file_of_the_fuzz_corpus_reads_as_ron_reads_it() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/project_file");
    let mut fast = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        if let Ok(text) = std::str::from_utf8(&bytes) {
            fast += usize::from(assert_agrees(text));
        }
    }
    assert!(fast >= 15, "the corpus exercises the fast path: {fast}");
}
