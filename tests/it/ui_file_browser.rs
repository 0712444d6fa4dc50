//! Every file command on a desktop without a file chooser (no xdg-desktop-portal, as under
//! Xvfb): the in-window browser opens, a real file or folder chosen in it completes the
//! command, Esc changes nothing, and the status bar says why once.
use std::path::{Path, PathBuf};

use crate::window;
use eframe::egui::{self, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use marginalia::model::{DocId, Document, Edit, Project};
use marginalia::session::Session;
use marginalia::ui::MarginaliaApp;
use marginalia::ui::dialogs::{FileRequest, NoDesktopDialogs};
use marginalia::ui::selection::TextSelection;

const TEXT: &str = "The minister said the talks failed.";
const WHY: &str = "using Marginalia's own file browser";

/// A project `name`.ron in `dir` holding one article.
fn project_file(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(format!("{name}.ron"));
    let mut s = Session::create(&path, Project::new(name)).unwrap();
    s.apply(Edit::AddDocument(Document::new(
        DocId(1),
        "Talks",
        "",
        TEXT,
    )))
    .unwrap();
    s.save().unwrap();
    s.close();
    path
}

fn corpus(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("projects/corpus")
        .join(name)
}

/// The window on `project`, on a desktop that has no file dialog. egui_file's own path and
/// file name fields have no accessible name (our keyboard field has): the accessibility
/// check would refuse every frame the browser is open.
fn harness(project: Option<PathBuf>) -> Harness<'static, MarginaliaApp> {
    window::start(
        window::builder([1200.0, 760.0]).with_accessibility_check(false),
        window::named("ada"),
        NoDesktopDialogs::default(),
        project,
    )
}

fn press(h: &mut Harness<'_, MarginaliaApp>, modifiers: Modifiers, key: Key) {
    h.key_press_modifiers(modifiers, key);
    h.run();
}

/// Types `text` as a keyboard does: a key press and a text event for each character, so
/// shortcuts and label keys (1–9) would see the presses if anything let them.
fn type_keys(h: &mut Harness<'_, MarginaliaApp>, text: &str) {
    for c in text.chars() {
        let key = Key::from_name(&c.to_ascii_uppercase().to_string());
        let events = h.input_mut();
        if let Some(key) = key {
            events.events.push(egui::Event::Key {
                key,
                physical_key: None,
                pressed: true,
                repeat: false,
                modifiers: Modifiers::NONE,
            });
        }
        events.events.push(egui::Event::Text(c.to_string()));
        h.step();
    }
    h.run();
}

/// Types `text` in the browser's keyboard field and presses Enter.
fn enter(h: &mut Harness<'_, MarginaliaApp>, text: &str) {
    type_keys(h, text);
    press(h, Modifiers::NONE, Key::Enter);
}

fn browsing(h: &Harness<'_, MarginaliaApp>) -> Option<FileRequest> {
    h.state().browser.request().cloned()
}

fn status(h: &Harness<'_, MarginaliaApp>) -> String {
    h.state()
        .state
        .status
        .as_ref()
        .map_or(String::new(), |s| s.text.clone())
}

fn session_path(h: &Harness<'_, MarginaliaApp>) -> PathBuf {
    h.state().state.session.as_ref().unwrap().path().to_owned()
}

#[test]
fn open_project_in_the_browser_and_say_why_once() {
    let dir = tempfile::tempdir().unwrap();
    let first = project_file(dir.path(), "first");
    let second = project_file(dir.path(), "second");
    let mut h = harness(Some(first.clone()));
    press(&mut h, Modifiers::COMMAND, Key::O);
    assert_eq!(browsing(&h), Some(FileRequest::OpenProject));
    assert!(
        h.query_by_label_contains("Open project").is_some(),
        "the browser's title"
    );
    let why = status(&h);
    assert!(
        why.contains("No desktop file chooser (xdg-desktop-portal) is running")
            && why.ends_with(WHY),
        "{why}"
    );
    // Esc: nothing opened, nothing changed.
    press(&mut h, Modifiers::NONE, Key::Escape);
    assert_eq!(browsing(&h), None);
    assert_eq!(session_path(&h), first);
    // The reason is not repeated at the next dialog.
    h.state_mut().state.info("something else");
    press(&mut h, Modifiers::COMMAND, Key::O);
    assert_eq!(browsing(&h), Some(FileRequest::OpenProject));
    assert_eq!(status(&h), "something else");
    // A name typed in the keyboard field is taken from the folder shown (the project's).
    enter(&mut h, "second.ron");
    assert_eq!(browsing(&h), None);
    assert_eq!(session_path(&h), second);
}

#[test]
fn open_project_with_the_mouse() {
    let dir = tempfile::tempdir().unwrap();
    let first = project_file(dir.path(), "first");
    let second = project_file(dir.path(), "second");
    std::fs::write(dir.path().join("notes.txt"), "not a project").unwrap();
    let mut h = harness(Some(first));
    press(&mut h, Modifiers::COMMAND, Key::O);
    assert!(
        h.query_by_label_contains("notes.txt").is_none(),
        "only project files are listed"
    );
    h.get_by_label_contains("second.ron").click();
    h.run();
    h.get_by_label("Open").click();
    h.run();
    assert_eq!(browsing(&h), None);
    assert_eq!(session_path(&h), second);
}

#[test]
fn tab_from_the_keyboard_field_goes_on_into_the_browser() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(Some(project_file(dir.path(), "first")));
    press(&mut h, Modifiers::COMMAND, Key::O);
    let focused = || h.ctx.memory(|m| m.focused());
    let field = focused().expect("the keyboard field has the focus");
    press(&mut h, Modifiers::NONE, Key::Tab);
    let next = h
        .ctx
        .memory(|m| m.focused())
        .expect("Tab gives the focus on");
    assert_ne!(next, field);
    let at = h.ctx.read_response(next).unwrap().rect;
    let window = (h.ctx)
        .memory(|m| m.area_rect(egui::Id::unique("marginalia-file-browser")))
        .unwrap();
    assert!(
        window.contains_rect(at),
        "{at:?} is not in the browser {window:?}"
    );
}

#[test]
fn new_project_adds_ron_and_typing_is_not_taken_by_label_keys() {
    let dir = tempfile::tempdir().unwrap();
    let first = project_file(dir.path(), "first");
    let mut h = harness(Some(first.clone()));
    // A selection in the reader: a label key (1–4) pressed now would tag it.
    h.state_mut().state.reader.selection = Some(TextSelection {
        anchor: 4,
        head: 12,
    });
    let before = h.state().state.project().unwrap().annotation_count();
    press(&mut h, Modifiers::COMMAND, Key::N);
    assert_eq!(browsing(&h), Some(FileRequest::NewProject));
    // An existing file is not a new project: the browser says so and stays.
    enter(&mut h, "first");
    assert_eq!(browsing(&h), Some(FileRequest::NewProject));
    assert!(h.query_by_label_contains("already exists").is_some());
    assert_eq!(
        h.state().state.project().unwrap().annotation_count(),
        before
    );
    // Label keys pressed with the list, not a text field, focused: still the browser's.
    h.get_by_label("🗋 first.ron").click();
    h.run();
    press(&mut h, Modifiers::NONE, Key::Num1);
    press(&mut h, Modifiers::NONE, Key::Num2);
    assert_eq!(
        h.state().state.project().unwrap().annotation_count(),
        before
    );
    // Back to the keyboard field: clear it, then a new name with digits in it.
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Name or path")
        .click();
    h.run();
    for _ in 0.."first".len() {
        press(&mut h, Modifiers::NONE, Key::Backspace);
    }
    enter(&mut h, "round 1234");
    let created = dir.path().join("round 1234.ron");
    assert!(created.exists(), "created with .ron added");
    assert_eq!(session_path(&h), created);
    let reopened = Session::open(&first).unwrap();
    assert_eq!(
        reopened.project().annotation_count(),
        before,
        "nothing was tagged"
    );
    assert_eq!(reopened.project().documents().len(), 1);
}

#[test]
fn save_as_asks_before_replacing() {
    let dir = tempfile::tempdir().unwrap();
    let first = project_file(dir.path(), "first");
    let taken = dir.path().join("taken.ron");
    std::fs::write(&taken, "old").unwrap();
    let mut h = harness(Some(first));
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    assert_eq!(browsing(&h), Some(FileRequest::SaveAs));
    enter(&mut h, "taken");
    assert!(h.query_by_label_contains("exists. Replace it?").is_some());
    // Esc takes the question back; the browser stays and the file is untouched.
    press(&mut h, Modifiers::NONE, Key::Escape);
    assert_eq!(browsing(&h), Some(FileRequest::SaveAs));
    assert_eq!(std::fs::read_to_string(&taken).unwrap(), "old");
    press(&mut h, Modifiers::NONE, Key::Enter);
    assert!(h.query_by_label_contains("exists. Replace it?").is_some());
    // Replace has the focus: Enter replaces.
    press(&mut h, Modifiers::NONE, Key::Enter);
    assert_eq!(browsing(&h), None);
    assert_eq!(session_path(&h), taken);
    // Read, not opened: the window holds the project's lock.
    let saved = marginalia::store::load(&taken).unwrap();
    assert_eq!(saved.project.documents().len(), 1);
}

#[test]
fn save_as_cancelled_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let first = project_file(dir.path(), "first");
    let mut h = harness(Some(first.clone()));
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    type_keys(&mut h, "copy");
    press(&mut h, Modifiers::NONE, Key::Escape);
    assert_eq!(browsing(&h), None);
    assert!(!dir.path().join("copy.ron").exists());
    assert_eq!(session_path(&h), first);
}

#[test]
fn import_articles_several_picked_in_the_list() {
    let dir = tempfile::tempdir().unwrap();
    let first = project_file(dir.path(), "first");
    let articles = dir.path().join("articles");
    std::fs::create_dir(&articles).unwrap();
    for name in ["000_7bc1ca0ca58bf01c.txt", "001_56f6e205a344c7bf.txt"] {
        std::fs::copy(corpus(name), articles.join(name)).unwrap();
    }
    let mut h = harness(Some(first));
    press(&mut h, Modifiers::COMMAND, Key::I);
    assert_eq!(browsing(&h), Some(FileRequest::ImportFiles));
    enter(&mut h, "articles"); // a folder: the browser opens it
    assert_eq!(browsing(&h), Some(FileRequest::ImportFiles));
    h.get_by_label_contains("000_7bc1ca0ca58bf01c.txt").click();
    h.run();
    // Ctrl as Linux reports it (egui_file reads `ctrl`, not `command`).
    h.get_by_label_contains("001_56f6e205a344c7bf.txt")
        .click_modifiers(Modifiers::CTRL | Modifiers::COMMAND);
    h.run();
    h.get_by_label("Open").click();
    h.run();
    assert_eq!(browsing(&h), None);
    assert_eq!(h.state().state.project().unwrap().documents().len(), 3);
}

#[test]
fn import_folder_chosen_by_keyboard_and_cancelled() {
    let dir = tempfile::tempdir().unwrap();
    let first = project_file(dir.path(), "first");
    let articles = dir.path().join("articles");
    std::fs::create_dir(&articles).unwrap();
    std::fs::copy(corpus("003_50627ccdddb09131.txt"), articles.join("a.txt")).unwrap();
    let mut h = harness(Some(first));
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::I);
    assert_eq!(browsing(&h), Some(FileRequest::ImportFolder));
    press(&mut h, Modifiers::NONE, Key::Escape);
    assert_eq!(h.state().state.project().unwrap().documents().len(), 1);
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::I);
    enter(&mut h, "articles"); // opens the folder
    assert_eq!(browsing(&h), Some(FileRequest::ImportFolder));
    press(&mut h, Modifiers::NONE, Key::Enter); // nothing typed: the folder shown
    assert_eq!(browsing(&h), None);
    assert_eq!(h.state().state.project().unwrap().documents().len(), 2);
}

/// Waits for the export running in the background.
fn wait_for_export(h: &mut Harness<'_, MarginaliaApp>, out: &Path) {
    for _ in 0..200 {
        if out.exists() && !h.state().export.is_running() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
        h.run();
    }
    panic!("no export written to {}", out.display());
}

#[test]
fn export_target_file_and_brat_folder() {
    let dir = tempfile::tempdir().unwrap();
    let first = project_file(dir.path(), "first");
    let mut h = harness(Some(first));
    press(&mut h, Modifiers::COMMAND, Key::E);
    h.get_by_label("Export…").click();
    h.run();
    assert!(matches!(
        browsing(&h),
        Some(FileRequest::ExportTarget { folder: false, .. })
    ));
    // Cancelled: no export.
    press(&mut h, Modifiers::NONE, Key::Escape);
    assert!(!h.state().export.is_running());
    h.get_by_label("Export…").click();
    h.run();
    enter(&mut h, "out.jsonl");
    let out = dir.path().join("out.jsonl");
    wait_for_export(&mut h, &out);
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .contains("talks failed")
    );
    // brat writes a folder: the browser asks for one.
    let brat = dir.path().join("brat");
    std::fs::create_dir(&brat).unwrap();
    press(&mut h, Modifiers::COMMAND, Key::E);
    h.get_by_label("brat").click();
    h.run();
    h.get_by_label("Export…").click();
    h.run();
    assert!(matches!(
        browsing(&h),
        Some(FileRequest::ExportTarget { folder: true, .. })
    ));
    enter(&mut h, "brat");
    press(&mut h, Modifiers::NONE, Key::Enter);
    wait_for_export(&mut h, &brat.join("annotation.conf"));
    assert!(std::fs::read_dir(&brat).unwrap().count() > 1);
}

#[test]
fn merge_files_chosen_in_the_browser() {
    let dir = tempfile::tempdir().unwrap();
    let first = project_file(dir.path(), "first");
    let theirs = dir.path().join("theirs.ron");
    std::fs::copy(&first, &theirs).unwrap();
    {
        let mut s = Session::open(&theirs).unwrap();
        s.apply(Edit::AddAnnotation(marginalia::model::Annotation::new(
            marginalia::model::AnnotationId(900),
            DocId(1),
            marginalia::model::Span::new(4, 12),
            "claim",
            "chen",
        )))
        .unwrap();
        s.save().unwrap();
        s.close();
    }
    let mut h = harness(Some(first));
    press(&mut h, Modifiers::COMMAND, Key::M);
    assert_eq!(browsing(&h), Some(FileRequest::MergeFiles));
    press(&mut h, Modifiers::NONE, Key::Escape);
    assert_eq!(h.state().state.project().unwrap().annotation_count(), 0);
    press(&mut h, Modifiers::COMMAND, Key::M);
    enter(&mut h, theirs.to_str().unwrap());
    assert_eq!(browsing(&h), None);
    assert_eq!(h.state().state.project().unwrap().annotation_count(), 1);
}
