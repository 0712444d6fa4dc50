//! The first start of a new user (no settings file): the name prompt takes the keyboard at
//! once, takes typing and Enter as a real window delivers them (raw key and text events,
//! not accessibility actions), can be skipped, and the name can be changed later.
use eframe::egui::{self, Key};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use marginalia::store::settings::Settings;
use marginalia::ui::MarginaliaApp;
use marginalia::ui::dialogs::ScriptedDialogs;

use crate::window;

/// A user with no settings, starting the app on a copy of the sample.
fn fresh_user() -> Harness<'static, MarginaliaApp> {
    let dir = tempfile::tempdir().unwrap().keep();
    window::start(
        window::builder([1280.0, 800.0]),
        Settings::default(),
        ScriptedDialogs::default(),
        Some(window::sample_copy(&dir)),
    )
}

/// Types as a keyboard does: the text event a window sends, no widget targeted.
fn type_keys(h: &mut Harness<'_, MarginaliaApp>, text: &str) {
    h.event(egui::Event::Text(text.into()));
    h.run();
}

#[test]
fn a_new_user_types_a_name_and_presses_enter() {
    let mut h = fresh_user();
    assert!(h.state().state.settings.annotator.is_none());
    type_keys(&mut h, "Amira K.");
    window::key(&mut h, Key::Enter);
    assert_eq!(
        h.state().state.settings.annotator.as_deref(),
        Some("Amira K.")
    );
    assert!(
        h.query_by_label("Start annotating").is_none(),
        "the prompt is gone"
    );
}

#[test]
fn the_name_field_does_not_interrupt_the_input_method_every_frame() {
    // egui's request_focus interrupts the IME; done every frame, X11 lost every typed key
    // and the window never stopped repainting.
    let mut h = fresh_user();
    for _ in 0..3 {
        h.step();
        let ime = h.output().platform_output.ime.as_ref();
        assert!(ime.is_some(), "the name field has the keyboard");
        assert!(!ime.unwrap().should_interrupt_composition);
    }
}

#[test]
fn the_prompt_can_be_skipped_and_the_name_changed_later() {
    let mut h = fresh_user();
    h.get_by_label("Skip (stay anonymous)").click();
    h.run();
    assert_eq!(
        h.state().state.settings.annotator.as_deref(),
        Some("anonymous")
    );
    assert!(h.query_by_label("Skip (stay anonymous)").is_none());

    let file = h.get_by_label("File").rect().center();
    window::click(&mut h, file);
    let item = h.get_by_label("Your name…").rect().center();
    window::click(&mut h, item);
    // The field has the keyboard and holds the current name: select it all and retype.
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::A);
    h.run();
    type_keys(&mut h, "Dana");
    window::key(&mut h, Key::Enter);
    assert_eq!(h.state().state.settings.annotator.as_deref(), Some("Dana"));
}

#[test]
fn label_keys_do_nothing_while_the_prompt_is_open() {
    let mut h = fresh_user();
    let before = h.state().state.project().unwrap().annotation_count();
    type_keys(&mut h, "2");
    window::key(&mut h, Key::Num2);
    assert_eq!(
        h.state().state.project().unwrap().annotation_count(),
        before
    );
}
