//! Who said what groups people: in the real window (egui_kittest) on the sample, a name
//! form is split off its speaker and merged back, another source is merged in and the
//! merge undone, and the project on disk keeps exactly the aliases left.
use eframe::egui::{Key, Modifiers, accesskit::Role};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use marginalia::store::load;
use marginalia::ui::MarginaliaApp;

use crate::window::{self, key, save};

fn search(h: &mut Harness<'_, MarginaliaApp>, text: &str) {
    h.state_mut().sources.search.clear();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Find:").click();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Find:")
        .type_text(text);
    h.run();
}

fn alias(h: &Harness<'_, MarginaliaApp>, form: &str) -> Option<String> {
    let project = h.state().state.project().unwrap();
    project.alias(form).map(str::to_owned)
}

fn press(h: &mut Harness<'_, MarginaliaApp>, label: &str) {
    h.get_by_role_and_label(Role::Button, label).click();
    h.run();
}

#[test]
fn merge_and_split_speakers_in_the_window_then_undo() {
    let dir = tempfile::tempdir().unwrap();
    let path = window::sample_copy(dir.path());
    let mut h = window::open_as(&path, "amira", [1280.0, 784.0]);
    key(&mut h, Key::F4);
    search(&mut h, "tarar");
    // The counts are those of the sources Find leaves.
    h.get_by_label_contains("1 of 22 sources match “tarar”, with 14 attributed spans.");
    // Every form of Tarar's name is one source; open it to see the forms.
    h.get_by_label_contains("Attaullah Khan Tarar — 14 attributed · 12 mentions")
        .click();
    h.run();
    press(&mut h, "Split “Tarar” off");
    assert_eq!(alias(&h, "tarar").as_deref(), Some("tarar"));
    // Closed, so the new source below it is in view.
    h.get_by_label_contains("Attaullah Khan Tarar — 10 attributed · 8 mentions")
        .click();
    h.run();
    h.get_by_label("Tarar — 4 attributed · 4 mentions in 1 document");

    // Merge it back: "Merge … into…", then the source it joins.
    press(&mut h, "Merge “Tarar” into…");
    press(&mut h, "Join “Attaullah Khan Tarar”");
    assert_eq!(alias(&h, "tarar").as_deref(), Some("attaullah tarar"));
    h.get_by_label_contains("Attaullah Khan Tarar — 14 attributed · 12 mentions");

    // "the minister" is Tarar too, the user says; then thinks better of it (undo).
    // From the keyboard this time: in the Find field, Down moves over the rows and Enter
    // does what a click would. Row 2 of the minister's source is its "Merge … into…".
    search(&mut h, "the minister");
    for k in [Key::ArrowDown, Key::ArrowDown, Key::Enter] {
        key(&mut h, k);
    }
    assert_eq!(h.state().sources.merging(), Some("the minister"));
    search(&mut h, "khan tarar");
    for k in [Key::ArrowDown, Key::Enter] {
        key(&mut h, k);
    }
    assert_eq!(
        alias(&h, "the minister").as_deref(),
        Some("attaullah tarar")
    );
    h.get_by_label_contains("Attaullah Khan Tarar — 16 attributed · 14 mentions");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(alias(&h, "the minister"), None);
    search(&mut h, "the minister");
    h.get_by_label_contains("the minister — 2 attributed");

    save(&mut h);
    let stored = load(&path).unwrap();
    assert!(stored.problems.is_empty(), "{:?}", stored.problems);
    let aliases: Vec<_> = stored.project.aliases().collect();
    assert_eq!(aliases.len(), 1, "{aliases:?}");
    assert_eq!(
        (aliases[0].form.as_str(), aliases[0].person.as_str()),
        ("tarar", "attaullah tarar")
    );
}
