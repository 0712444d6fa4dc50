//! Issue 12's window test for label names: a label renamed in the label editor keeps its
//! annotations, and the next export writes the new name.
use eframe::egui::{self, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use marginalia::export::{ExportOptions, Format, export};
use marginalia::ui::{Action, Command, MarginaliaApp};

use crate::window;

#[test]
fn a_label_renamed_in_the_editor_keeps_its_annotations_and_exports_use_the_new_name() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = window::open_as(&window::sample_copy(dir.path()), "dana", [1280.0, 800.0]);
    let claims = |h: &Harness<'_, MarginaliaApp>| {
        let p = h.state().state.project().unwrap();
        (p.annotations().filter(|a| a.label == "claim").map(|a| a.id)).collect::<Vec<_>>()
    };
    let before = claims(&h);
    assert!(!before.is_empty(), "the sample has claims");
    h.state_mut().send(Action::Run(Command::EditLabels));
    h.run();
    h.run();
    h.get_by_label_contains("exports use the new name");
    h.get_by_label("Name of claim").click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    h.event(egui::Event::Text("Assertion".into()));
    h.run();
    window::key(&mut h, Key::Enter);
    h.run();

    let project = h.state().state.project().unwrap().clone();
    assert_eq!(project.label("claim").unwrap().name, "Assertion");
    assert_eq!(claims(&h), before, "every claim keeps its label id");
    let out = dir.path().join("spans.jsonl");
    export(
        &project,
        &ExportOptions::new(Format::Spacy),
        &out,
        &mut |_, _| {},
    )
    .unwrap();
    let mut written = std::collections::BTreeMap::<String, usize>::new();
    for line in std::fs::read_to_string(&out).unwrap().lines() {
        let record: serde_json::Value = serde_json::from_str(line).unwrap();
        for span in record["spans"].as_array().unwrap() {
            *written
                .entry(span["label"].as_str().unwrap().into())
                .or_default() += 1;
        }
    }
    assert_eq!(written.get("assertion"), Some(&before.len()), "{written:?}");
    assert!(!written.contains_key("claim"), "{written:?}");
}
