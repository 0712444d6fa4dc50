use super::*;
use crate::model::{Annotation, DocId, Document, Span};
use crate::store::journal::journal_path;

const TEXT: &str = "“The Afghan side kept deviating,” he said — 【Kabul】 👍🏽 café e\u{301}.";

fn new_session(dir: &Path) -> (Session, DocId) {
    let path = dir.join("p.ron");
    let mut s = Session::create(&path, Project::new("test")).unwrap();
    s.apply(Edit::AddDocument(Document::new(
        DocId(1),
        "T",
        "t.txt",
        TEXT,
    )))
    .unwrap();
    (s, DocId(1))
}

fn tag(s: &mut Session, doc: DocId, start: usize, end: usize, label: &str) -> Annotation {
    let a = Annotation::new(
        s.project().fresh_annotation_id(),
        doc,
        Span::new(start, end),
        label,
        "ada",
    );
    s.apply(Edit::AddAnnotation(a.clone())).unwrap();
    a
}

fn spans(p: &Project, doc: DocId) -> Vec<(usize, usize, String)> {
    p.annotations_in(doc)
        .map(|a| (a.start, a.end, a.label.clone()))
        .collect()
}

#[test]
fn save_and_reopen_keeps_exact_offsets() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, d) = new_session(dir.path());
    tag(&mut s, d, 1, 32, "quote");
    tag(&mut s, d, 44, 51, "figure");
    assert!(s.is_dirty());
    s.save().unwrap();
    assert!(!s.is_dirty());
    let path = s.path().to_owned();
    s.close();
    let reopened = Session::open(&path).unwrap();
    let p = reopened.project();
    assert_eq!(
        spans(p, d),
        [(1, 32, "quote".into()), (44, 51, "figure".into())]
    );
    let text = &p.document(d).unwrap().text;
    assert_eq!(
        crate::text::slice_chars(text, 1, 32),
        Some("The Afghan side kept deviating,")
    );
    assert_eq!(crate::text::slice_chars(text, 44, 51), Some("【Kabul】"));
    assert!(reopened.problems.is_empty(), "{:?}", reopened.problems);
}

#[test]
fn killed_process_loses_no_edit() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, d) = new_session(dir.path());
    s.save().unwrap();
    tag(&mut s, d, 1, 4, "claim");
    let b = tag(&mut s, d, 5, 11, "quote");
    s.undo();
    s.redo();
    tag(&mut s, d, 53, 55, "figure");
    s.flush_journal().unwrap();
    let path = s.path().to_owned();
    // Simulate a kill: no save, no destructor.
    std::mem::forget(s);
    let reopened = Session::open(&path).unwrap();
    assert_eq!(
        reopened.recovered,
        5 - 2 + 2,
        "three tags, an undo and a redo"
    );
    assert_eq!(
        spans(reopened.project(), d),
        [
            (1, 4, "claim".into()),
            (5, 11, "quote".into()),
            (53, 55, "figure".into())
        ]
    );
    assert!(reopened.project().annotation(b.id).is_some());
    assert!(reopened.is_dirty(), "recovered edits still need a save");
}

#[test]
fn truncated_journal_line_recovers_everything_before_it() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, d) = new_session(dir.path());
    s.save().unwrap();
    tag(&mut s, d, 1, 4, "claim");
    s.flush_journal().unwrap();
    let path = s.path().to_owned();
    std::mem::forget(s);
    let jp = journal_path(&path);
    let mut j = std::fs::read_to_string(&jp).unwrap();
    j.push_str("{\"AddAnnotation\":{\"id\":12,\"docu");
    std::fs::write(&jp, j).unwrap();
    let reopened = Session::open(&path).unwrap();
    assert_eq!(spans(reopened.project(), d), [(1, 4, "claim".into())]);
    assert!(
        reopened
            .problems
            .iter()
            .any(|p| p.message.contains("unreadable journal entry"))
    );
}

#[test]
fn refuses_to_overwrite_a_file_changed_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, d) = new_session(dir.path());
    s.save().unwrap();
    let path = s.path().to_owned();
    let theirs = std::fs::read_to_string(&path)
        .unwrap()
        .replace("\"test\"", "\"someone else's\"");
    std::fs::write(&path, &theirs).unwrap();
    tag(&mut s, d, 1, 4, "claim");
    assert!(matches!(s.save(), Err(SaveError::ChangedOnDisk { .. })));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        theirs,
        "their version is untouched"
    );
    // The user may explicitly choose to overwrite.
    s.save_overwriting().unwrap();
    assert!(std::fs::read_to_string(&path).unwrap().contains("\"test\""));
}

#[test]
fn save_keeps_the_previous_version_as_backup() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, d) = new_session(dir.path());
    s.save().unwrap();
    let first = std::fs::read_to_string(s.path()).unwrap();
    tag(&mut s, d, 1, 4, "claim");
    s.save().unwrap();
    let backup = std::fs::read_to_string(crate::store::backup_path(s.path())).unwrap();
    assert_eq!(backup, first);
}

#[test]
fn background_save_keeps_edits_made_while_it_runs() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, d) = new_session(dir.path());
    tag(&mut s, d, 1, 4, "claim");
    s.begin_save();
    tag(&mut s, d, 5, 11, "quote"); // made while the snapshot is being written
    s.wait_for_save().unwrap();
    assert!(s.is_dirty(), "the second tag is not in the saved file yet");
    s.flush_journal().unwrap();
    let path = s.path().to_owned();
    std::mem::forget(s);
    let reopened = Session::open(&path).unwrap();
    assert_eq!(reopened.recovered, 1);
    assert_eq!(
        spans(reopened.project(), d),
        [(1, 4, "claim".into()), (5, 11, "quote".into())]
    );
}

#[test]
fn journal_of_another_file_version_is_set_aside_not_replayed() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, d) = new_session(dir.path());
    s.save().unwrap();
    tag(&mut s, d, 1, 4, "claim");
    s.flush_journal().unwrap();
    let path = s.path().to_owned();
    std::mem::forget(s);
    // Someone replaces the file (e.g. git checkout) before the journal is replayed.
    let other = std::fs::read_to_string(&path)
        .unwrap()
        .replace("\"test\"", "\"other\"");
    std::fs::write(&path, other).unwrap();
    let reopened = Session::open(&path).unwrap();
    assert_eq!(reopened.project().annotation_count(), 0);
    assert!(
        reopened
            .problems
            .iter()
            .any(|p| p.message.contains("kept as"))
    );
    let aside = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .any(|e| e.file_name().to_string_lossy().contains("orphaned"));
    assert!(aside, "the journal is kept, not deleted");
}

#[test]
fn malformed_file_reports_line_and_column_and_is_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.ron");
    let text =
        "(\n  format_version: 1,\n  name: \"x\",\n  documents: [ (id: 1, title: \"t\" ]\n)\n";
    std::fs::write(&path, text).unwrap();
    let err = Session::open(&path).err().unwrap().to_string();
    assert!(err.contains("bad.ron:4:"), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    assert!(
        !journal_path(&path).exists(),
        "a refused file gets no journal"
    );
}

#[test]
fn newer_format_is_refused_with_advice() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.ron");
    std::fs::write(&path, "(format_version: 99)").unwrap();
    let err = Session::open(&path).err().unwrap().to_string();
    assert!(err.contains("newer Marginalia"), "{err}");
}

#[test]
fn first_save_of_a_version_1_file_keeps_it_as_v1_backup() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.ron");
    let v1 = "(\n  format_version: 1,\n  name: \"old\",\n  documents: [\n    (id: 1, title: \"T\", \
              source: \"\", hash: \"\", text: \"He said so.\"),\n  ],\n  annotations: [\n    (id: 5, \
              document: 1, start: 0, end: 2, label: \"attribution\", annotator: \"ada\"),\n  ],\n)\n";
    std::fs::write(&path, v1).unwrap();
    let mut s = Session::open(&path).unwrap();
    tag(&mut s, DocId(1), 3, 7, "claim");
    s.save().unwrap();
    let backup = dir.path().join("old.ron.v1.bak");
    assert_eq!(std::fs::read_to_string(&backup).unwrap(), v1);
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .contains("format_version: 2")
    );
    // Later saves leave the v1 copy alone.
    tag(&mut s, DocId(1), 8, 10, "claim");
    s.save().unwrap();
    assert_eq!(std::fs::read_to_string(&backup).unwrap(), v1);
    let reopened = Session::open(&path).unwrap();
    assert_eq!(reopened.project().annotation_count(), 3);
}

#[test]
fn a_file_with_refused_items_is_kept_before_the_first_save() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, doc) = new_session(dir.path());
    let quote = tag(&mut s, doc, 0, 10, "quote");
    s.save().unwrap();
    let path = dir.path().join("p.ron");
    let text = std::fs::read_to_string(&path).unwrap().replace(
        "links: []",
        &format!(
            "links: [(from: {}, to: 99, kind: \"attributed_to\")]",
            quote.id
        ),
    );
    assert!(text.contains("to: 99"));
    std::fs::write(&path, &text).unwrap();
    let mut s = Session::open(&path).unwrap();
    assert!(s.problems.iter().any(|p| p.refused), "{:?}", s.problems);
    tag(&mut s, doc, 12, 14, "claim");
    s.save().unwrap();
    assert_eq!(
        std::fs::read_to_string(dir.path().join("p.ron.refused.bak")).unwrap(),
        text
    );
    assert!(!std::fs::read_to_string(&path).unwrap().contains("to: 99"));
}
