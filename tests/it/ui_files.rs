//! Projects and articles through the window: first run, new project, import by dialog and
//! by dropping files, refusals, and closing with unsaved edits.
use std::path::{Path, PathBuf};

use crate::window::named;
use eframe::egui;
use egui_kittest::Harness;
use marginalia::session::Session;
use marginalia::store::settings::Settings;
use marginalia::ui::MarginaliaApp;
use marginalia::ui::dialogs::ScriptedDialogs;

use crate::window;

fn harness(
    settings: Settings,
    dialogs: ScriptedDialogs,
    project: Option<PathBuf>,
) -> Harness<'static, MarginaliaApp> {
    window::start(window::builder([1200.0, 700.0]), settings, dialogs, project)
}

/// A file dropped on the window, as the platform layer hands it to egui.
#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

fn corpus(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("projects/corpus")
        .join(name)
}

#[test]
fn new_project_then_import_articles_by_dialog_and_by_drop() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.ron");
    let binary = dir.path().join("scan.pdf");
    std::fs::write(&binary, b"%PDF-1.7\n\x00\x01\x02binary").unwrap();
    let dialogs = ScriptedDialogs::default()
        .answer(vec![path.clone()])
        .answer(vec![corpus("001_56f6e205a344c7bf.txt"), binary.clone()]);
    let mut h = harness(named("ada"), dialogs, None);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
    h.run();
    assert!(path.exists(), "the project file is created at once");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::I);
    h.run();
    let p = h.state().state.project().unwrap();
    assert_eq!(p.documents().len(), 1);
    assert!(
        p.documents()[0]
            .title
            .starts_with("Asif accuses the Taliban"),
        "{}",
        p.documents()[0].title
    );
    let status = h.state().state.status.clone().unwrap();
    assert!(
        status.error && status.text.contains("1 refused") && status.text.contains("scan.pdf"),
        "{status:?}"
    );
    // Dropping a file on the window imports it too; dropping it again adds no duplicate.
    for _ in 0..2 {
        h.input_mut()
            .dropped_files
            .push(std::sync::Arc::new(Dropped(corpus(
                "003_50627ccdddb09131.txt",
            ))));
        h.run();
    }
    assert_eq!(h.state().state.project().unwrap().documents().len(), 2);
    // One undo removes the whole import of the dropped file.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(h.state().state.project().unwrap().documents().len(), 1);
}

#[test]
fn closing_the_window_saves_unsaved_edits() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.ron");
    let dialogs = ScriptedDialogs::default().answer(vec![corpus("000_7bc1ca0ca58bf01c.txt")]);
    let mut s = Session::create(&path, marginalia::model::Project::new("p")).unwrap();
    s.save().unwrap();
    s.close();
    let mut h = harness(named("ada"), dialogs, Some(path.clone()));
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::I);
    h.run();
    assert!(h.state().state.session.as_ref().unwrap().is_dirty());
    h.input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    h.run();
    let reopened = Session::open(&path).unwrap();
    assert_eq!(reopened.recovered, 0, "saved, nothing left in the journal");
    assert_eq!(reopened.project().documents().len(), 1);
}

#[test]
fn a_broken_file_is_refused_and_the_open_project_stays() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.ron");
    let bad = dir.path().join("bad.ron");
    Session::create(&good, marginalia::model::Project::new("good"))
        .unwrap()
        .close();
    std::fs::write(
        &bad,
        "(format_version: 1, name: \"x\", documents: [ (id: 1,",
    )
    .unwrap();
    let mut h = harness(
        named("ada"),
        ScriptedDialogs::default().answer(vec![bad.clone()]),
        Some(good.clone()),
    );
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::O);
    h.run();
    assert_eq!(
        h.state().state.session.as_ref().unwrap().path(),
        good.as_path()
    );
    let status = h.state().state.status.clone().unwrap();
    assert!(
        status.error && status.text.contains("bad.ron:1:"),
        "{status:?}"
    );
}
