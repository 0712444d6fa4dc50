//! Issue 12's day at the desk in a real window, from the keyboard: find every "Tarar",
//! tag all hits in one step and undo it, add a label "Opinion" in the label editor (it gets
//! key 5) and tag one hit with it, mark two documents done, save. The saved file holds
//! exactly that.
use std::time::Duration;

use super::{App, Desktop, workspace};

/// How often the journal names annotations of Desk's: an added annotation once, its
/// removal (an undo) once more.
fn desk_in_journal(project: &std::path::Path) -> usize {
    let journal = marginalia::store::journal::journal_path(project);
    std::fs::read_to_string(journal).map_or(0, |t| t.matches("\"annotator\":\"Desk\"").count())
}

/// Runs the command matching `typed` from the command palette, as a person would.
fn from_palette(app: &App, typed: &str) {
    app.keys(&["ctrl+shift+p"]);
    app.idle_cpu(Duration::from_secs(20));
    app.type_text(typed);
    app.idle_cpu(Duration::from_secs(20));
    app.keys(&["Return"]);
}

#[test]
fn find_tag_all_undo_a_new_label_and_two_documents_done() {
    let Some(desktop) = Desktop::start() else {
        return;
    };
    let (_dir, home, project) = workspace();
    let app = App::launch_as(&desktop, &project, &home, "Desk");
    // Labels… from the palette opens the editor with the keyboard in its new-label field.
    from_palette(&app, "labels");
    app.idle_cpu(Duration::from_secs(20));
    app.type_text("Opinion");
    app.keys(&["Return"]);
    app.wait(
        "label_added",
        "the new label in the journal",
        Duration::from_secs(20),
        || {
            let journal = marginalia::store::journal::journal_path(&project);
            std::fs::read_to_string(journal).is_ok_and(|t| t.contains("\"Opinion\""))
        },
    );
    desktop.screenshot("label_added");
    from_palette(&app, "labels");
    app.idle_cpu(Duration::from_secs(20));
    app.keys(&["ctrl+f"]);
    app.idle_cpu(Duration::from_secs(20));
    app.type_text("tarar");
    app.keys(&["Return"]);
    app.idle_cpu(Duration::from_secs(20));
    // Tag all hits, from the command palette.
    from_palette(&app, "tag all hits");
    app.wait(
        "tag_all",
        "the tag-all edit in the journal",
        Duration::from_secs(20),
        || desk_in_journal(&project) > 0,
    );
    app.idle_cpu(Duration::from_secs(20));
    desktop.screenshot("tag_all");
    let tagged = desk_in_journal(&project);
    app.keys(&["ctrl+z"]);
    app.wait(
        "tag_all_undone",
        "the undo in the journal",
        Duration::from_secs(20),
        || desk_in_journal(&project) == 2 * tagged,
    );
    // Esc leaves the find bar with its hit selected; 5 tags it with the new label.
    app.idle_cpu(Duration::from_secs(20));
    desktop.screenshot("undone");
    app.keys(&["Escape", "5"]);
    app.idle_cpu(Duration::from_secs(20));
    desktop.screenshot("opinion");
    app.keys(&["ctrl+d"]);
    app.idle_cpu(Duration::from_secs(20));
    app.keys(&["ctrl+d"]);
    app.idle_cpu(Duration::from_secs(20));
    desktop.screenshot("two_done");
    app.keys(&["ctrl+s"]);
    app.wait("saved", "the save", Duration::from_secs(20), || {
        std::fs::read_to_string(&project).is_ok_and(|t| t.contains("annotator: \"Desk\""))
    });
    app.kill9();

    let saved = marginalia::store::load(&project).unwrap().project;
    let mine: Vec<_> = (saved.annotations())
        .filter(|a| a.annotator == "Desk")
        .collect();
    assert_eq!(mine.len(), 1, "tag-all undone, one hit tagged");
    let doc = saved.document(mine[0].document).unwrap();
    let text = marginalia::text::slice_chars(&doc.text, mine[0].start, mine[0].end).unwrap();
    assert_eq!((text, mine[0].label.as_str()), ("Tarar", "opinion"));
    let done = (saved.done_marks())
        .filter(|m| m.annotator == "Desk")
        .count();
    assert_eq!(done, 2);
}
