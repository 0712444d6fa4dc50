use super::*;
use crate::model::{DocId, Document};

fn doc(id: u64) -> Edit {
    Edit::AddDocument(Document::new(DocId(id), "t", "", "text"))
}

#[test]
fn edits_after_the_checkpoint_of_the_file_on_disk_are_the_ones_replayed() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p.ron");
    let j = Journal::create(&project, "H0", &[doc(1)]).unwrap();
    assert_eq!(j.append(&doc(2)).unwrap(), 2);
    j.checkpointer().checkpoint("H1", 2).unwrap();
    // Made while the save that wrote H1 was still running, after its snapshot.
    j.append(&doc(3)).unwrap();
    drop(j);
    let parsed = parse(&std::fs::read(journal_path(&project)).unwrap());
    let ids = |edits: Vec<Edit>| -> Vec<u64> {
        edits
            .iter()
            .map(|e| match e {
                Edit::AddDocument(d) => d.id.0,
                _ => unreachable!(),
            })
            .collect()
    };
    assert_eq!(ids(parsed.edits_after("H0").unwrap()), [1, 2, 3]);
    assert_eq!(ids(parsed.edits_after("H1").unwrap()), [3]);
    assert!(parsed.edits_after("H2").is_none());
}

#[test]
fn a_line_cut_by_a_crash_is_dropped_but_a_bad_line_inside_is_reported() {
    let header = "{\"marginalia_journal\":2,\"base\":\"H\"}\n";
    let good = format!("{}\n", edit_line(1, &doc(1)));
    let torn = format!("{header}{good}{{\"seq\":2,\"edit\":{{\"AddDocu");
    let parsed = parse(torn.as_bytes());
    assert_eq!(parsed.edits.len(), 1);
    assert!(
        parsed.broken_at.is_none(),
        "an unfinished last line is no problem"
    );

    let inside = format!("{header}{{\"seq\":2,\"oops\n{good}");
    let parsed = parse(inside.as_bytes());
    assert!(parsed.edits.is_empty());
    assert_eq!(parsed.broken_at.as_ref().map(|b| b.0), Some(2));
}

#[test]
fn version_1_journals_are_still_read() {
    let v1 = format!(
        "{{\"marginalia_journal\":1,\"base\":\"H\"}}\n{}\n{}\n",
        serde_json::to_string(&doc(1)).unwrap(),
        serde_json::to_string(&doc(2)).unwrap()
    );
    let parsed = parse(v1.as_bytes());
    assert_eq!(
        parsed.edits.iter().map(|(s, _)| *s).collect::<Vec<_>>(),
        [1, 2]
    );
    assert_eq!(parsed.edits_after("H").unwrap().len(), 2);
}

#[test]
fn a_failed_append_is_an_error_and_leaves_the_journal_readable() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p.ron");
    let j = Journal::create(&project, "H0", &[]).unwrap();
    j.append(&doc(1)).unwrap();
    let before = std::fs::read(journal_path(&project)).unwrap();
    j.fail_writes_for_test();
    assert!(j.append(&doc(2)).is_err());
    assert_eq!(j.last_seq(), 1, "the failed edit took no number");
    drop(j);
    assert_eq!(std::fs::read(journal_path(&project)).unwrap(), before);
}

#[test]
fn peek_refuses_to_read_a_named_pipe() {
    #[cfg(unix)]
    {
        let dir = tempfile::tempdir().unwrap();
        let project = dir.path().join("p.ron");
        let fifo = journal_path(&project);
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            return; // no mkfifo here
        }
        let found = peek(&project, "H");
        assert!(found.edits.is_empty());
        assert!(
            found.problems[0].message.contains("named pipe"),
            "{:?}",
            found.problems
        );
    }
}
