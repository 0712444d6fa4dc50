//! A new user's first minutes, in a real window: no settings file, the name prompt takes
//! typing and Enter, a double-click selects a word, a number key tags it, Ctrl+S saves.
use std::time::Duration;

use super::{App, Desktop, workspace};

#[test]
fn a_new_user_names_themselves_tags_a_word_and_saves() {
    let Some(desktop) = Desktop::start() else {
        return;
    };
    let (_dir, home, project) = workspace();
    let app = App::launch(&desktop, &project, &home, &[]);
    let idle = app.idle_cpu(Duration::from_secs(60));
    assert!(
        idle < 0.05,
        "the prompt idles at {:.0}% of a core",
        idle * 100.0
    );

    app.type_text("Ada Lovelace");
    app.keys(&["Return"]);
    let settings = home.join(".config/marginalia/settings.ron");
    app.wait(
        "first_run_name",
        "the name to be saved",
        Duration::from_secs(10),
        || std::fs::read_to_string(&settings).is_ok_and(|s| s.contains("\"Ada Lovelace\"")),
    );

    // A person reads the screen before reaching for the mouse: the window settles first
    // (the article's layout finishes in the background).
    let idle = app.idle_cpu(Duration::from_secs(60));
    assert!(
        idle < 0.05,
        "the window settles, but uses {:.0}% of a core",
        idle * 100.0
    );
    // The first article's first line starts "On Wednesday, Pakistan's defense minister…";
    // a double-click there selects a word, 1 tags it as a claim, Ctrl+S saves.
    app.double_click(330, 144);
    app.keys(&["1", "ctrl+s"]);
    app.wait(
        "first_run_tag",
        "the tag to be saved",
        Duration::from_secs(20),
        || {
            std::fs::read_to_string(&project)
                .is_ok_and(|t| t.contains("annotator: \"Ada Lovelace\""))
        },
    );
    desktop.screenshot("first_run");
    let idle = app.idle_cpu(Duration::from_secs(20));
    assert!(
        idle < 0.05,
        "the window idles at {:.0}% of a core",
        idle * 100.0
    );
    app.kill9();

    let saved = marginalia::store::load(&project).unwrap().project;
    let mine: Vec<_> = saved
        .annotations()
        .filter(|a| a.annotator == "Ada Lovelace")
        .collect();
    assert_eq!(mine.len(), 1);
    let doc = saved.document(mine[0].document).unwrap();
    let word = marginalia::text::slice_chars(&doc.text, mine[0].start, mine[0].end).unwrap();
    assert!(
        !word.is_empty() && word.chars().all(char::is_alphabetic),
        "a whole word was tagged: {word:?}"
    );
    assert_eq!(mine[0].label, "claim");
}
