//! The window at the sizes people have: side panels that give way to the reader on a
//! narrow window (toggles, Ctrl+B), and the document list's filters (not done, with
//! disagreements, with suggestions), each a command.
use eframe::egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use marginalia::ui::{Action, Command, MarginaliaApp};

use crate::window;

fn sample(size: [f32; 2]) -> Harness<'static, MarginaliaApp> {
    let dir = tempfile::tempdir().unwrap().keep();
    window::open_as(&window::sample_copy(&dir), "dana", size)
}

/// Titles (first 12 characters) of the documents the list shows: its rows read
/// "✔ title" or "   title" (not done by me).
fn listed(h: &Harness<'_, MarginaliaApp>) -> Vec<String> {
    let p = h.state().state.project().unwrap();
    (p.documents().iter())
        .map(|d| d.title.chars().take(12).collect::<String>())
        .filter(|t| {
            h.query_by_label_contains(&format!("   {t}")).is_some()
                || h.query_by_label_contains(&format!("✔ {t}")).is_some()
        })
        .collect()
}

#[test]
fn a_narrow_window_gives_the_reader_the_width_and_ctrl_b_brings_the_list_back() {
    let mut h = sample([900.0, 600.0]);
    assert!(
        h.query_by_label_contains("0 / 5 done").is_none(),
        "list hidden at 900 px"
    );
    let doc = h.state().state.current.unwrap();
    let left =
        |h: &mut Harness<'_, MarginaliaApp>| h.state_mut().reader.screen_pos_of(doc, 0).unwrap().x;
    assert!(
        left(&mut h) < 80.0,
        "the text starts near the window's edge: {}",
        left(&mut h)
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::B);
    h.run();
    h.get_by_label_contains("0 / 5 done");
    assert!(
        left(&mut h) > 150.0,
        "the list takes its room: {}",
        left(&mut h)
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::B);
    h.run();
    assert!(h.query_by_label_contains("0 / 5 done").is_none());
    // A wide window shows both panels.
    let mut wide = sample([1400.0, 900.0]);
    wide.get_by_label_contains("0 / 5 done");
    // "Annotations": the tool bar's toggle and the panel's heading.
    assert_eq!(wide.get_all_by_label("Annotations").count(), 2);
    wide.key_press_modifiers(Modifiers::COMMAND | Modifiers::ALT, Key::B);
    wide.run();
    assert_eq!(
        wide.get_all_by_label("Annotations").count(),
        1,
        "panel hidden"
    );
}

#[test]
fn filters_show_documents_with_disagreements_and_with_suggestions() {
    let mut h = sample([1280.0, 800.0]);
    let all = listed(&h);
    assert_eq!(all.len(), 5);
    // No suggestions yet: the filter shows none.
    h.state_mut().send(Action::Run(Command::FilterSuggestions));
    h.run();
    h.run();
    assert_eq!(listed(&h), Vec::<String>::new());
    h.get_by_label_contains("Show documents: With suggestions (0 of 5)");
    // Suggestions in the second document only: it alone is listed.
    h.state_mut().send(Action::Run(Command::NextDocument));
    h.state_mut().send(Action::Run(Command::Suggest));
    h.run();
    h.run();
    assert_eq!(listed(&h), vec![all[1].clone()]);
    // The same command again turns the filter off.
    h.state_mut().send(Action::Run(Command::FilterSuggestions));
    h.run();
    h.run();
    assert_eq!(listed(&h).len(), 5);
    // The sample's two annotators disagree somewhere, not necessarily everywhere.
    h.state_mut()
        .send(Action::Run(Command::FilterDisagreements));
    h.run();
    h.run();
    let disputed = listed(&h);
    assert!(!disputed.is_empty() && disputed.len() <= 5, "{disputed:?}");
}

#[test]
fn the_export_dialogs_format_rows_stay_above_its_offsets_row_at_900_px() {
    let mut h = sample([900.0, 600.0]);
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run();
    let offsets_top = h.get_by_label("codepoints").rect().top();
    for format in [
        "jsonl",
        "doccano",
        "label-studio",
        "spacy",
        "conll",
        "brat",
        "csv",
    ] {
        let r = h.get_by_label(format).rect();
        assert!(
            r.bottom() <= offsets_top,
            "{format} {r:?} runs into the offsets row at {offsets_top}"
        );
    }
}

#[test]
fn f4_gives_the_keyboard_to_who_said_whats_find_field() {
    let mut h = sample([1280.0, 800.0]);
    h.key_press(Key::F4);
    h.run();
    h.event(eframe::egui::Event::Text("tarar".into()));
    h.run();
    assert_eq!(h.state().sources.search, "tarar");
}
