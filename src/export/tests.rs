use super::*;
use crate::model::{Annotation, AnnotationId, DocId, Document, Edit, Span};

/// Curly quotes, em dash, CJK brackets, an astral emoji and a combining accent.
const MIXED: &str = "“Peace” — 【X】 talks 👍🏽 café e\u{301}!\nNext line.";

fn project() -> Project {
    let mut p = Project::new("t");
    let doc = DocId(1);
    let mut edits = vec![Edit::AddDocument(Document::new(doc, "T", "t.txt", MIXED))];
    for (id, (s, e), label, who) in [
        (1, (1, 6), "quote", "alice"),
        (2, (20, 22), "figure", "bob"),
        (3, (28, 33), "claim", "alice"),
        (4, (0, 13), "claim", "bob"),
    ] {
        edits.push(Edit::AddAnnotation(Annotation::new(
            AnnotationId(id),
            doc,
            Span::new(s, e),
            label,
            who,
        )));
    }
    p.apply(&Edit::Batch(edits)).unwrap();
    p
}

fn run(p: &Project, opts: &ExportOptions, out: &Path) -> Result<ExportReport, ExportError> {
    export(p, opts, out, &mut |_, _| {})
}

#[test]
fn refuses_to_replace_an_existing_file_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.jsonl");
    std::fs::write(&out, "keep me").unwrap();
    let mut opts = ExportOptions::new(Format::Jsonl);
    let err = run(&project(), &opts, &out).unwrap_err();
    assert!(matches!(err, ExportError::Exists { .. }), "{err}");
    assert!(err.to_string().contains("--force"));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep me");
    opts.force = true;
    run(&project(), &opts, &out).unwrap();
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .starts_with("{\"id\":1")
    );
}

#[test]
fn label_studio_refuses_when_only_its_config_exists() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("tasks.json");
    std::fs::write(dir.path().join("tasks.config.xml"), "mine").unwrap();
    let err = run(&project(), &ExportOptions::new(Format::LabelStudio), &out).unwrap_err();
    assert!(matches!(err, ExportError::Exists { .. }), "{err}");
    assert!(!out.exists(), "nothing written when one target is taken");
}

#[test]
fn brat_refuses_a_non_empty_folder_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("other.txt"), "x").unwrap();
    let mut opts = ExportOptions::new(Format::Brat);
    let err = run(&project(), &opts, dir.path()).unwrap_err();
    assert!(matches!(err, ExportError::FolderNotEmpty { .. }), "{err}");
    opts.force = true;
    let report = run(&project(), &opts, dir.path()).unwrap();
    assert_eq!(report.files.len(), 4, "{:?}", report.files);
}

#[test]
fn annotator_filter_keeps_only_their_spans_and_rejects_unknown_names() {
    let dir = tempfile::tempdir().unwrap();
    let mut opts = ExportOptions::new(Format::Spacy);
    opts.annotators = vec!["alice".into()];
    let report = run(&project(), &opts, &dir.path().join("a.jsonl")).unwrap();
    assert_eq!((report.documents, report.spans), (1, 2));
    opts.annotators = vec!["carol".into()];
    let err = run(&project(), &opts, &dir.path().join("b.jsonl")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "no annotations by “carol” in this project; annotators are: alice, bob"
    );
}

#[test]
fn offsets_in_each_unit() {
    let dir = tempfile::tempdir().unwrap();
    let mut found = Vec::new();
    for unit in [OffsetUnit::Codepoints, OffsetUnit::Utf16, OffsetUnit::Utf8] {
        let mut opts = ExportOptions::new(Format::Jsonl);
        opts.offsets = unit;
        let out = dir.path().join(unit.name());
        run(&project(), &opts, &out).unwrap();
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
        assert_eq!(v["offsets"], unit.name());
        found.push(v["label"][2].clone()); // the emoji
    }
    // 👍🏽 is code points [20, 22), UTF-16 [20, 24), UTF-8 bytes after 3-byte quotes and CJK.
    let utf8_start = MIXED.find('👍').unwrap();
    assert_eq!(found[0], serde_json::json!([20, 22, "figure"]));
    assert_eq!(found[1], serde_json::json!([20, 24, "figure"]));
    assert_eq!(
        found[2],
        serde_json::json!([utf8_start, utf8_start + 8, "figure"])
    );
}

#[test]
fn progress_reaches_the_total() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = project();
    p.apply(&Edit::AddDocument(Document::new(
        DocId(2),
        "U",
        "",
        "No spans.",
    )))
    .unwrap();
    let mut calls = Vec::new();
    export(
        &p,
        &ExportOptions::new(Format::Csv),
        &dir.path().join("x.csv"),
        &mut |d, t| calls.push((d, t)),
    )
    .unwrap();
    assert_eq!(calls, [(1, 2), (2, 2)]);
}

#[test]
fn conll_names_the_overlaps_it_drops() {
    let dir = tempfile::tempdir().unwrap();
    let report = run(
        &project(),
        &ExportOptions::new(Format::Conll),
        &dir.path().join("x.conll"),
    )
    .unwrap();
    // bob's claim [0, 13) comes first and covers alice's quote "Peace" [1, 6).
    assert_eq!(report.warnings.len(), 1, "{:?}", report.warnings);
    assert!(
        report.warnings[0]
            .contains("dropped quote [1, 6) by alice “Peace”: it overlaps claim [0, 13) by bob"),
        "{}",
        report.warnings[0]
    );
}

#[test]
fn damaged_spans_are_skipped_with_a_warning_not_a_panic() {
    let file = crate::store::to_ron(&project()).replace("end: 33", "end: 99");
    let (p, problems) = crate::store::project_file::parse(&file).unwrap();
    assert!(!problems.is_empty());
    let dir = tempfile::tempdir().unwrap();
    for format in [
        Format::Jsonl,
        Format::Conll,
        Format::Brat,
        Format::Csv,
        Format::LabelStudio,
    ] {
        let report = run(
            &p,
            &ExportOptions::new(format),
            &dir.path().join(format.name()),
        )
        .unwrap();
        assert_eq!(report.spans, 3, "{format:?}");
        assert!(
            report.warnings.iter().any(|w| w.contains("[28, 99)")),
            "{format:?}: {:?}",
            report.warnings
        );
    }
}

/// Alice's content span (labeled `content`) attributed to her "she said", in a text with
/// line breaks that only Python's `splitlines` knows.
fn linked_project(labels: Vec<crate::model::Label>, content: &str) -> Project {
    let mut p = Project::with_labels("t", labels);
    let doc = DocId(1);
    let text = "“Go,”\u{2028}she said\u{1C}ok. Done.";
    let mut edits = vec![Edit::AddDocument(Document::new(doc, "T", "t.txt", text))];
    let mut quote = Annotation::new(AnnotationId(1), doc, Span::new(0, 5), content, "alice");
    quote.note = Some("a\u{2028}b\u{85}c".into());
    edits.push(Edit::AddAnnotation(quote));
    edits.push(Edit::AddAnnotation(Annotation::new(
        AnnotationId(2),
        doc,
        Span::new(0, 18),
        "attribution",
        "alice",
    )));
    edits.push(Edit::AddLink(crate::model::Link::attributed_to(
        AnnotationId(1),
        AnnotationId(2),
    )));
    p.apply(&Edit::Batch(edits)).unwrap();
    p
}

#[test]
fn brat_splits_at_every_python_line_break_and_renames_a_colliding_relation_type() {
    let mut labels = crate::model::default_labels();
    // A label named like the link type, and one brat cannot spell (exports write names).
    (labels[0].id, labels[0].name) = ("attributed_to".into(), "Attributed to".into());
    (labels[1].id, labels[1].name) = ("café".into(), "Café".into());
    let p = linked_project(labels, "café");
    let dir = tempfile::tempdir().unwrap();
    run(&p, &ExportOptions::new(Format::Brat), dir.path()).unwrap();
    let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();
    let ann = read("t_1.ann");
    // U+2028 and U+001C end lines for Python's splitlines: pieces stop there.
    assert_eq!(
        ann,
        "T1\tcaf_ 0 5\t“Go,”\n#1\tAnnotatorNotes T1\ta b c\n\
         T2\tattribution 0 5;6 14;15 18\t“Go,” she said ok.\n\
         R1\tattributed_to_rel Arg1:T1 Arg2:T2\n"
    );
    let conf = read("annotation.conf");
    assert!(
        conf.contains("attributed_to_rel\tArg1:attributed_to|caf_|figure, Arg2:attribution\n"),
        "{conf}"
    );
    assert!(read("visual.conf").contains("attributed_to_rel | attributed to\n"));
}

#[test]
fn links_to_a_span_that_is_not_exported_are_left_out() {
    let p = linked_project(crate::model::default_labels(), "quote");
    // A damaged source (outside its text) is skipped, and its link with it.
    let file = crate::store::to_ron(&p).replace("end: 18", "end: 99");
    let (p, problems) = crate::store::project_file::parse(&file).unwrap();
    assert!(!problems.is_empty());
    assert_eq!(p.link_count(), 1);
    let dir = tempfile::tempdir().unwrap();
    for format in [
        Format::Jsonl,
        Format::Doccano,
        Format::LabelStudio,
        Format::Brat,
        Format::Csv,
    ] {
        let out = dir.path().join(format.name());
        let report = run(&p, &ExportOptions::new(format), &out).unwrap();
        assert_eq!((report.spans, report.links), (1, 0), "{format:?}");
    }
    let jsonl = std::fs::read_to_string(dir.path().join("jsonl")).unwrap();
    assert!(jsonl.contains("\"relations\":[]"), "{jsonl}");
}

#[test]
fn doccano_writes_emoji_as_json_escapes_so_its_encoding_guess_sees_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("d.jsonl");
    run(&project(), &ExportOptions::new(Format::Doccano), &out).unwrap();
    let bytes = std::fs::read(&out).unwrap();
    // No 4-byte UTF-8 sequence (lead bytes 0xF0–0xF4) anywhere in the file...
    assert!(
        !bytes.iter().any(|&b| b >= 0xF0),
        "an astral character was written raw"
    );
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.contains("\\ud83d\\udc4d\\ud83c\\udffd"), "{text}");
    // ...yet it reads back as the same text, with the same code-point offsets.
    let line: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert_eq!(line["text"], MIXED);
    let figure = &line["entities"][2];
    assert_eq!(figure["label"], "figure");
    let (s, e) = (
        figure["start_offset"].as_u64().unwrap(),
        figure["end_offset"].as_u64().unwrap(),
    );
    let slice = crate::text::slice_chars(MIXED, s as usize, e as usize);
    assert_eq!(slice, Some("👍🏽"));
}

#[test]
fn brat_says_when_two_export_names_become_one_brat_type() {
    let mut p = project();
    for name in ["Café", "Cafè"] {
        let label = p.new_label(name);
        p.apply(&p.add_label_edit(label).unwrap()).unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let report = run(&p, &ExportOptions::new(Format::Brat), dir.path()).unwrap();
    assert!(
        (report.warnings.iter()).any(|w| w.contains("several labels are written as “caf_”")),
        "{:?}",
        report.warnings
    );
    let conf = std::fs::read_to_string(dir.path().join("visual.conf")).unwrap();
    assert!(conf.contains("caf_ | Café\ncaf_ | Cafè\n"), "{conf}");
}
