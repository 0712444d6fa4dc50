//! The project file changes on disk under the window (a `git pull`): the window notices,
//! merges the new file with its unsaved edits (three-way) and says what came in, without
//! refusing and without losing either side.
use std::time::{Duration, Instant};

use marginalia::model::{Annotation, Edit, Span};
use marginalia::store::project_file;

use crate::window;

#[test]
fn a_file_pulled_under_the_window_is_merged_with_its_unsaved_edits() {
    let dir = tempfile::tempdir().unwrap();
    let path = window::sample_copy(dir.path());
    let mut h = window::open_as(&path, "dana", [1280.0, 800.0]);
    // Our unsaved edit, in the journal.
    let doc = h.state().state.current.unwrap();
    let p = h.state().state.project().unwrap();
    let ours = Annotation::new(
        p.fresh_annotation_id(),
        doc,
        Span::new(0, 2),
        "claim",
        "dana",
    );
    assert!(h.state_mut().state.apply(Edit::AddAnnotation(ours.clone())));
    h.run();
    // A colleague's version arrives as git writes it: straight over the file.
    let (mut theirs, _) = project_file::parse(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let ben = Annotation::new(
        theirs.fresh_annotation_id(),
        doc,
        Span::new(3, 12),
        "quote",
        "ben2",
    );
    theirs.apply(&Edit::AddAnnotation(ben.clone())).unwrap();
    std::fs::write(&path, project_file::to_ron(&theirs)).unwrap();

    let start = Instant::now();
    let status = loop {
        h.run();
        let status = h.state().state.status.as_ref().map(|s| s.text.clone());
        if let Some(s) = status.filter(|s| s.starts_with("Merged the file")) {
            break s;
        }
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "no merge: {:?}",
            h.state().state.status.as_ref().map(|s| &s.text)
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(status.contains("ben2: 1 new annotation"), "{status}");
    let p = h.state().state.project().unwrap();
    assert!(p.annotation(ours.id).is_some(), "our edit kept");
    assert!(p.annotation(ben.id).is_some(), "theirs came in");
    // And the file on disk holds both: the merge was saved.
    let (on_disk, _) = project_file::parse(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert!(on_disk.annotation(ours.id).is_some() && on_disk.annotation(ben.id).is_some());
}
