//! Find and tag from the keyboard in a real window: Ctrl+F, type, Enter, Esc, a label key,
//! Ctrl+S; the saved span is exactly the hit.
use std::time::Duration;

use super::{App, Desktop, workspace};

#[test]
fn ctrl_f_finds_a_name_and_a_label_key_tags_exactly_the_hit() {
    let Some(desktop) = Desktop::start() else {
        return;
    };
    let (_dir, home, project) = workspace();
    let app = App::launch_as(&desktop, &project, &home, "Finder");
    app.keys(&["ctrl+f"]);
    app.idle_cpu(Duration::from_secs(20));
    app.type_text("tarar");
    app.keys(&["Return"]);
    app.idle_cpu(Duration::from_secs(20));
    desktop.screenshot("find_hit");
    app.keys(&["Escape", "2", "ctrl+s"]);
    app.wait(
        "find_tag",
        "the tagged hit to be saved",
        Duration::from_secs(20),
        || std::fs::read_to_string(&project).is_ok_and(|t| t.contains("annotator: \"Finder\"")),
    );
    app.kill9();

    let saved = marginalia::store::load(&project).unwrap().project;
    let mine: Vec<_> = (saved.annotations())
        .filter(|a| a.annotator == "Finder")
        .collect();
    assert_eq!(mine.len(), 1);
    let doc = saved.document(mine[0].document).unwrap();
    let text = marginalia::text::slice_chars(&doc.text, mine[0].start, mine[0].end).unwrap();
    assert_eq!((text, mine[0].label.as_str()), ("Tarar", "quote"));
}
