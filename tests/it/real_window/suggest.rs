//! Suggestions from the keyboard in a real window, on a seed article nobody has tagged:
//! Ctrl+Shift+J suggests, Tab reaches the first suggestion, Enter accepts it (the next one
//! is selected), Delete rejects that one, Enter accepts the one after, Ctrl+S saves.
use std::process::Command;
use std::time::Duration;

use marginalia::suggest::SUGGESTED;

use super::{App, Desktop, workspace};

#[test]
fn an_analyst_accepts_and_rejects_suggestions_with_the_keyboard() {
    let Some(desktop) = Desktop::start() else {
        return;
    };
    let (dir, home, _) = workspace();
    let project = dir.path().join("fresh.ron");
    let corpus = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/projects/corpus/000_7bc1ca0ca58bf01c.txt"
    );
    let status = Command::new(env!("CARGO_BIN_EXE_marginalia"))
        .args(["import".as_ref(), project.as_os_str(), corpus.as_ref()])
        .status()
        .unwrap();
    assert!(status.success());
    let app = App::launch_as(&desktop, &project, &home, "Reviewer");
    app.keys(&["ctrl+shift+j"]);
    app.idle_cpu(Duration::from_secs(30));
    for key in ["Tab", "Return", "Delete", "Return"] {
        app.keys(&[key]);
        app.idle_cpu(Duration::from_secs(20));
    }
    desktop.screenshot("suggestions");
    app.keys(&["ctrl+s"]);
    app.wait(
        "suggest_saved",
        "the decisions to be saved",
        Duration::from_secs(20),
        || std::fs::read_to_string(&project).is_ok_and(|t| t.contains("annotator: \"Reviewer\"")),
    );
    app.kill9();

    let saved = marginalia::store::load(&project).unwrap().project;
    let mine: Vec<_> = (saved.annotations())
        .filter(|a| a.annotator == "Reviewer")
        .collect();
    assert_eq!(mine.len(), 2, "two accepted");
    assert!(
        mine.iter().all(|a| a.derived_from.len() == 1),
        "each records its suggestion"
    );
    assert_eq!(saved.rejections().count(), 1, "one rejected, remembered");
    assert!(
        saved
            .annotations()
            .filter(|a| a.annotator == SUGGESTED)
            .count()
            > 5
    );
}
