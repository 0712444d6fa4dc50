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
    s.undo().unwrap();
    s.redo().unwrap();
    tag(&mut s, d, 53, 55, "figure");
    s.flush_journal().unwrap();
    let path = s.path().to_owned();
    // A kill: no save; the journal stays and the lock goes with the process.
    drop(s);
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
fn a_line_cut_by_a_kill_is_dropped_and_a_damaged_one_reported() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, d) = new_session(dir.path());
    s.save().unwrap();
    tag(&mut s, d, 1, 4, "claim");
    tag(&mut s, d, 5, 11, "quote");
    let path = s.path().to_owned();
    drop(s); // as a kill: no save
    let jp = journal_path(&path);
    let whole = std::fs::read_to_string(&jp).unwrap();
    // Killed while writing a third edit: its line has no end. It was never shown as made.
    std::fs::write(&jp, format!("{whole}{{\"seq\":3,\"edit\":{{\"AddAnno")).unwrap();
    let reopened = Session::open(&path).unwrap();
    assert_eq!(spans(reopened.project(), d).len(), 2);
    assert!(reopened.problems.is_empty(), "{:?}", reopened.problems);
    drop(reopened);
    // A damaged line with whole lines after it is not a cut: it is reported. (The reopen
    // started a fresh journal: its header and the two tags.)
    let fresh = std::fs::read_to_string(&jp).unwrap();
    let lines: Vec<&str> = fresh.lines().collect();
    assert_eq!(lines.len(), 3);
    let damaged = format!("{}\n{}\n{{\"seq\":2,\"ed\n", lines[0], lines[1]);
    std::fs::write(&jp, format!("{damaged}{}\n", lines[2])).unwrap();
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
    drop(s); // as a kill: no save
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
    drop(s); // as a kill: no save
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
    drop(s);
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
    drop(s);
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

#[test]
fn an_edit_the_journal_cannot_take_is_not_made() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, d) = new_session(dir.path());
    tag(&mut s, d, 1, 4, "claim");
    let before = s.project().annotation_count();
    s.journal.as_ref().unwrap().fail_writes_for_test();
    let a = Annotation::new(
        s.project().fresh_annotation_id(),
        d,
        Span::new(5, 11),
        "quote",
        "ada",
    );
    let err = s.apply(Edit::AddAnnotation(a)).unwrap_err();
    assert!(matches!(err, ApplyError::NotJournaled(_)), "{err}");
    assert_eq!(s.project().annotation_count(), before, "taken back");
    assert!(
        s.undo().is_err(),
        "an undo that cannot be journaled is not made either"
    );
    assert_eq!(s.project().annotation_count(), before);
    assert_eq!(
        s.undo_label().as_deref(),
        Some("add claim"),
        "and can be tried again"
    );
}

#[test]
fn a_kill_right_after_a_background_save_replaced_the_file_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, d) = new_session(dir.path());
    s.save().unwrap();
    tag(&mut s, d, 1, 4, "claim");
    let path = s.path().to_owned();
    let before = std::fs::read(&path).unwrap();
    s.begin_save();
    tag(&mut s, d, 5, 11, "quote"); // after the snapshot: not in the file being written
    // The save thread replaces the file; the window is killed before it hears of it.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while std::fs::read(&path).unwrap() == before {
        assert!(std::time::Instant::now() < deadline, "the save finished");
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    drop(s); // as a kill: the session never learns the save is done
    let reopened = Session::open(&path).unwrap();
    assert_eq!(
        spans(reopened.project(), d),
        [(1, 4, "claim".into()), (5, 11, "quote".into())]
    );
    assert_eq!(
        reopened.recovered, 1,
        "only the edit made during the save is replayed"
    );
    assert!(reopened.problems.is_empty(), "{:?}", reopened.problems);
}

#[test]
fn undoing_a_mark_that_changed_nothing_leaves_the_mark() {
    let mut s = Session::in_memory(Project::new("t"));
    s.apply(Edit::AddDocument(Document::new(DocId(1), "T", "", TEXT)))
        .unwrap();
    let done = |done| Edit::SetDone {
        annotator: "ada".into(),
        document: DocId(1),
        done,
    };
    s.apply(done(true)).unwrap();
    s.apply(done(true)).unwrap(); // already done: changes nothing
    s.undo().unwrap();
    assert!(s.project().is_done("ada", DocId(1)), "still done");
    s.undo().unwrap();
    assert!(!s.project().is_done("ada", DocId(1)));
    s.redo().unwrap();
    s.redo().unwrap();
    assert!(s.project().is_done("ada", DocId(1)));
}

#[test]
fn a_command_changes_nothing_on_disk_until_it_saves() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, d) = new_session(dir.path());
    s.save().unwrap();
    tag(&mut s, d, 1, 4, "claim"); // left unsaved by a window that is then killed
    let path = s.path().to_owned();
    drop(s);
    let listing = || -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                (
                    e.file_name().to_string_lossy().into_owned(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect();
        files.sort();
        files
    };
    let before = listing();
    let mut cmd = Session::open_for_command(&path, "marginalia test").unwrap();
    assert_eq!(
        cmd.recovered, 1,
        "the window's unsaved edit is part of the project"
    );
    tag(&mut cmd, d, 5, 11, "quote");
    assert!(
        Session::open(&path).is_err(),
        "a window cannot open a project a command is changing"
    );
    drop(cmd); // refused or failed: never saved
    assert_eq!(listing(), before, "every file as it was");

    let mut cmd = Session::open_for_command(&path, "marginalia test").unwrap();
    tag(&mut cmd, d, 5, 11, "quote");
    cmd.save().unwrap();
    drop(cmd);
    assert!(
        !journal_path(&path).exists(),
        "the file now holds the journal's edits"
    );
    let reopened = Session::open(&path).unwrap();
    assert_eq!(spans(reopened.project(), d).len(), 2);
    assert_eq!(reopened.recovered, 0);
}

mod undo_property {
    use proptest::prelude::*;

    use super::*;
    use crate::store::to_ron;

    /// One user action, picked by numbers so proptest can shrink it; made valid against
    /// the project as it is when it runs (or skipped).
    #[derive(Clone, Debug)]
    enum Act {
        Tag { at: usize, len: usize, label: usize },
        Relabel { which: usize, label: usize },
        Delete { which: usize },
        Done { done: bool },
        Link { content: usize, source: usize },
    }

    const LABELS: [&str; 4] = ["claim", "quote", "figure", "attribution"];

    fn act() -> impl Strategy<Value = Act> {
        prop_oneof![
            3 => (0..60usize, 1..12usize, 0..4usize)
                .prop_map(|(at, len, label)| Act::Tag { at, len, label }),
            1 => (0..20usize, 0..4usize).prop_map(|(which, label)| Act::Relabel { which, label }),
            1 => (0..20usize).prop_map(|which| Act::Delete { which }),
            1 => any::<bool>().prop_map(|done| Act::Done { done }),
            2 => (0..20usize, 0..20usize).prop_map(|(content, source)| Act::Link { content, source }),
        ]
    }

    fn edit_for(p: &Project, act: &Act) -> Option<Edit> {
        let doc = DocId(1);
        let all: Vec<&Annotation> = p.annotations_in(doc).collect();
        let nth = |k: usize| (!all.is_empty()).then(|| all[k % all.len()]);
        match *act {
            Act::Tag { at, len, label } => {
                let n = p.document(doc)?.text.chars().count();
                let start = at % n;
                let end = (start + len).min(n);
                (start < end).then(|| {
                    let id = p.fresh_annotation_id();
                    Edit::AddAnnotation(Annotation::new(
                        id,
                        doc,
                        Span::new(start, end),
                        LABELS[label],
                        "ada",
                    ))
                })
            }
            Act::Relabel { which, label } => {
                let before = nth(which)?.clone();
                let mut after = before.clone();
                after.label = LABELS[label].into();
                (after != before).then(|| p.replace_edit(&before, after))
            }
            Act::Delete { which } => Some(p.delete_edit(nth(which)?)),
            Act::Done { done } => Some(Edit::SetDone {
                annotator: "ada".into(),
                document: doc,
                done,
            }),
            Act::Link { content, source } => p.link_edit(nth(content)?.id, nth(source)?.id).ok(),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn undo_all_gives_the_original_and_redo_all_the_final(acts in prop::collection::vec(act(), 1..40)) {
            let mut s = Session::in_memory(Project::new("t"));
            s.apply(Edit::AddDocument(Document::new(DocId(1), "T", "", TEXT))).unwrap();
            let original = to_ron(s.project());
            let mut made = 0;
            for act in &acts {
                if let Some(edit) = edit_for(s.project(), act) {
                    s.apply(edit).unwrap();
                    made += 1;
                }
            }
            let last = to_ron(s.project());
            for _ in 0..made {
                prop_assert!(s.undo().unwrap().is_some());
            }
            prop_assert_eq!(to_ron(s.project()), original);
            for _ in 0..made {
                prop_assert!(s.redo().unwrap().is_some());
            }
            prop_assert_eq!(to_ron(s.project()), last);
        }
    }
}
