//! The everyday workflow in the window, from the keyboard as a user has it: find in the
//! document (Ctrl+F, Enter, a label key tags the hit), tag all hits in one undoable step,
//! project search (Ctrl+Shift+F) opening a hit, the command palette (Ctrl+Shift+P), the
//! label set editor, and done marks with "n / N done".
use eframe::egui::{self, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use marginalia::model::Span;
use marginalia::ui::{Action, Command, MarginaliaApp};

use crate::window;

fn sample(size: [f32; 2]) -> Harness<'static, MarginaliaApp> {
    let dir = tempfile::tempdir().unwrap().keep();
    window::open_as(&window::sample_copy(&dir), "dana", size)
}

fn type_text(h: &mut Harness<'_, MarginaliaApp>, text: &str) {
    h.event(egui::Event::Text(text.into()));
    h.run();
}

fn ctrl(h: &mut Harness<'_, MarginaliaApp>, k: Key) {
    h.key_press_modifiers(Modifiers::COMMAND, k);
    h.run();
}

fn ctrl_shift(h: &mut Harness<'_, MarginaliaApp>, k: Key) {
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, k);
    h.run();
}

fn current_text(h: &Harness<'_, MarginaliaApp>) -> String {
    let st = &h.state().state;
    let doc = st.project().unwrap().document(st.current.unwrap()).unwrap();
    doc.text.clone()
}

fn dana_count(h: &Harness<'_, MarginaliaApp>) -> usize {
    let p = h.state().state.project().unwrap();
    p.annotations().filter(|a| a.annotator == "dana").count()
}

fn slice(text: &str, s: Span) -> String {
    text.chars().skip(s.start).take(s.len()).collect()
}

#[test]
fn ctrl_f_then_enter_selects_the_hit_and_a_label_key_tags_exactly_it() {
    let mut h = sample([1280.0, 800.0]);
    ctrl(&mut h, Key::F);
    type_text(&mut h, "tarar");
    window::key(&mut h, Key::Enter);
    let sel = h
        .state()
        .state
        .reader
        .selection
        .expect("the hit is selected")
        .span();
    assert_eq!(
        slice(&current_text(&h), sel),
        "Tarar",
        "case folded, text exact"
    );
    // Esc leaves the field; the hit stays selected and 2 tags it as a quote.
    window::key(&mut h, Key::Escape);
    window::key(&mut h, Key::Num2);
    let p = h.state().state.project().unwrap();
    let tagged = p
        .annotations()
        .find(|a| a.annotator == "dana")
        .expect("tagged");
    assert_eq!(
        (tagged.start, tagged.end, tagged.label.as_str()),
        (sel.start, sel.end, "quote")
    );
}

#[test]
fn enter_walks_the_hits_and_wraps_around() {
    let mut h = sample([1280.0, 800.0]);
    ctrl(&mut h, Key::F);
    type_text(&mut h, "Taliban");
    let hits = h.state().state.reader.hits.clone();
    assert!(hits.len() >= 3, "{hits:?}");
    let mut seen = Vec::new();
    for _ in 0..=hits.len() {
        window::key(&mut h, Key::Enter);
        seen.push(h.state().state.reader.selection.unwrap().span());
    }
    assert_eq!(seen[..hits.len()], hits[..], "every hit in order");
    assert_eq!(seen[hits.len()], hits[0], "then back to the first");
    // Ctrl+Shift+G goes back.
    ctrl_shift(&mut h, Key::G);
    assert_eq!(
        h.state().state.reader.selection.unwrap().span(),
        hits[hits.len() - 1]
    );
}

#[test]
fn tag_all_hits_is_one_undoable_edit() {
    let mut h = sample([1280.0, 800.0]);
    ctrl(&mut h, Key::F);
    type_text(&mut h, "Taliban");
    let n = h.state().state.reader.hits.len();
    let before = dana_count(&h);
    h.get_by_label(&format!("Tag all {n} as")).click();
    h.run();
    assert_eq!(dana_count(&h), before + n);
    ctrl(&mut h, Key::Z);
    assert_eq!(dana_count(&h), before, "one undo takes them all back");
}

#[test]
fn a_bad_regular_expression_says_why_and_finds_nothing() {
    let mut h = sample([1280.0, 800.0]);
    ctrl(&mut h, Key::F);
    type_text(&mut h, "Tal(iban");
    h.get_by_label(".*").click();
    h.run();
    assert!(h.state().state.reader.hits.is_empty());
    h.get_by_label_contains("not a valid regular expression");
}

#[test]
fn project_search_lists_hits_in_every_document_and_a_click_opens_one() {
    let mut h = sample([1280.0, 800.0]);
    ctrl_shift(&mut h, Key::F);
    type_text(&mut h, "Islamabad");
    window::key(&mut h, Key::Enter);
    let project = h.state().state.project().unwrap();
    let (mut hits, mut docs) = (0, 0);
    for d in project.documents() {
        let n = d.text.matches("Islamabad").count();
        hits += n;
        docs += usize::from(n > 0);
    }
    assert!(docs >= 2);
    h.get_by_label(&format!("{hits} hits of “Islamabad” in {docs} documents"));
    let first_doc = h.state().state.current;
    // Open a hit in another document than the one shown.
    let project = h.state().state.project().unwrap();
    let other = (project.documents().iter())
        .find(|d| Some(d.id) != first_doc && d.text.contains("Islamabad"))
        .unwrap()
        .clone();
    let title: String = other.title.chars().take(10).collect();
    h.get_all_by_label_contains(&title).next().unwrap().click();
    h.run();
    h.run();
    let st = &h.state().state;
    assert_eq!(st.current, Some(other.id));
    let sel = st.reader.selection.expect("the hit is selected").span();
    assert_eq!(slice(&other.text, sel), "Islamabad");
}

#[test]
fn the_palette_filters_commands_and_enter_runs_the_first() {
    let mut h = sample([1280.0, 800.0]);
    ctrl_shift(&mut h, Key::P);
    type_text(&mut h, "who said");
    h.get_by_label("Who said what");
    window::key(&mut h, Key::Enter);
    assert!(h.state().state.show_sources, "Enter ran the first match");
    // The palette shows each command's shortcut, from the one command list.
    ctrl_shift(&mut h, Key::P);
    type_text(&mut h, "find in project");
    h.get_by_label("Ctrl+Shift+F");
    window::key(&mut h, Key::Escape);
    assert!(h.query_by_label("Ctrl+Shift+F").is_none(), "Esc closed it");
    // Typing and Enter in one frame (a slow frame batches keys): Enter runs the best match
    // for the text typed, not the first row of the list drawn before it.
    ctrl_shift(&mut h, Key::P);
    let enter = |pressed| egui::Event::Key {
        key: Key::Enter,
        physical_key: None,
        pressed,
        repeat: false,
        modifiers: Modifiers::NONE,
    };
    let events = &mut h.input_mut().events;
    events.push(egui::Event::Text("labels".into()));
    events.extend([enter(true), enter(false)]);
    h.run();
    assert!(
        h.state().labels.open,
        "Enter ran “Labels…”, typed in the same frame"
    );
}

#[test]
fn a_label_is_added_from_the_keyboard_alone() {
    let mut h = sample([1280.0, 800.0]);
    h.state_mut().send(Action::Run(Command::EditLabels));
    h.run();
    h.run();
    // The editor opens with the keyboard in its new-label field: type, Enter.
    type_text(&mut h, "Opinion");
    window::key(&mut h, Key::Enter);
    h.run();
    assert_eq!(
        labels(&h).last().unwrap(),
        &("opinion".to_owned(), "Opinion".to_owned(), Some('5'))
    );
}

#[test]
fn the_label_editor_adds_renames_and_reorders_undoably() {
    let mut h = sample([1280.0, 800.0]);
    h.state_mut().send(Action::Run(Command::EditLabels));
    h.run();
    h.run();
    h.get_by_label("Add label");
    let field = h.get_by_label("New label name");
    field.click();
    h.run();
    type_text(&mut h, "Opinion");
    h.get_by_label("Add label").click();
    h.run();
    h.run();
    let now = labels(&h);
    assert_eq!(
        now.last().unwrap(),
        &("opinion".to_owned(), "Opinion".to_owned(), Some('5'))
    );
    // The palette shows it at once and its key tags with it.
    h.get_by_label("5  Opinion");
    // Rename it: the id stays, so annotations keep it.
    h.get_by_label("Name of opinion").click();
    h.run();
    window::key(&mut h, Key::End);
    type_text(&mut h, " piece");
    window::key(&mut h, Key::Enter);
    h.run();
    assert_eq!(labels(&h).last().unwrap().1, "Opinion piece");
    assert_eq!(labels(&h).last().unwrap().0, "opinion");
    ctrl(&mut h, Key::Z);
    assert_eq!(labels(&h).last().unwrap().1, "Opinion");
    // Move it up: one edit; undo puts it back.
    h.get_all_by_label("Up").last().unwrap().click();
    h.run();
    h.run();
    let moved = labels(&h);
    assert_eq!(moved[moved.len() - 2].0, "opinion");
    ctrl(&mut h, Key::Z);
    assert_eq!(labels(&h).last().unwrap().0, "opinion");
    ctrl(&mut h, Key::Z);
    assert!(
        labels(&h).iter().all(|l| l.0 != "opinion"),
        "and the add is undone too"
    );
}

#[test]
fn done_marks_show_in_the_list_with_my_count() {
    let mut h = sample([1280.0, 800.0]);
    h.get_by_label_contains("0 / 5 done");
    ctrl(&mut h, Key::D);
    h.get_by_label_contains("1 / 5 done");
    let st = &h.state().state;
    let first = st.project().unwrap().documents()[0].id;
    assert!(st.project().unwrap().is_done("dana", first));
    // The "Not done" filter hides it.
    h.get_by_label_contains("Show documents").click();
    h.run();
    h.get_by_label("Not done").click();
    h.run();
    h.get_by_label_contains("Not done (4 of 5)");
    let title: String = st_title(&h, 0);
    assert!(
        h.query_by_label_contains(&title).is_none(),
        "{title} hidden"
    );
}

fn st_title(h: &Harness<'_, MarginaliaApp>, i: usize) -> String {
    let t = &h.state().state.project().unwrap().documents()[i].title;
    t.chars().take(12).collect()
}

fn labels(h: &Harness<'_, MarginaliaApp>) -> Vec<(String, String, Option<char>)> {
    let p = h.state().state.project().unwrap();
    (p.labels().iter())
        .map(|l| (l.id.clone(), l.name.clone(), l.hotkey))
        .collect()
}
