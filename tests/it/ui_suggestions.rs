//! Suggestions in the window, from the keyboard: Ctrl+Shift+J suggests in the document,
//! Enter accepts the selected suggestion as mine (and moves to the next), Delete rejects it
//! (remembered: suggesting again does not bring it back), a label key accepts with that
//! label, Ctrl+Z undoes each.
use eframe::egui::{Key, Modifiers};
use egui_kittest::Harness;
use marginalia::suggest::SUGGESTED;
use marginalia::ui::MarginaliaApp;

use crate::window;

fn suggest(h: &mut Harness<'_, MarginaliaApp>) {
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::J);
    h.run();
}

fn count(h: &Harness<'_, MarginaliaApp>, who: &str) -> usize {
    let st = &h.state().state;
    let p = st.project().unwrap();
    p.annotations_in(st.current.unwrap())
        .filter(|a| a.annotator == who)
        .count()
}

#[test]
fn enter_accepts_delete_rejects_and_a_label_key_relabels_suggestions() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = window::open_as(&window::sample_copy(dir.path()), "dana", [1280.0, 800.0]);
    suggest(&mut h);
    let n = count(&h, SUGGESTED);
    assert!(n > 10, "the seed article has many quotes and figures: {n}");
    // Select the first suggestion in reading order, as Tab would reach it.
    let first = {
        let st = &h.state().state;
        let p = st.project().unwrap();
        let a = (p.annotations_in(st.current.unwrap()))
            .filter(|a| a.annotator == SUGGESTED)
            .min_by_key(|a| (a.start, a.end))
            .unwrap();
        (a.id, a.start, a.span(), a.label.clone())
    };
    h.state_mut()
        .state
        .reader
        .select_annotation(first.0, first.1);
    h.run();

    window::key(&mut h, Key::Enter);
    assert_eq!(count(&h, "dana"), 1);
    let p = h.state().state.project().unwrap();
    let mine = p.annotations().find(|a| a.annotator == "dana").unwrap();
    assert_eq!((mine.span(), &mine.label), (first.2, &first.3));
    assert_eq!(mine.derived_from, vec![first.0]);
    // The next suggestion is selected: Delete rejects it, and it is remembered.
    let next = h
        .state()
        .state
        .reader
        .selected
        .expect("the next suggestion");
    window::key(&mut h, Key::Delete);
    let p = h.state().state.project().unwrap();
    assert!(p.annotation(next).is_none());
    assert_eq!(p.rejections().count(), 1);
    // A label key on the next one accepts it with that label.
    window::key(&mut h, Key::Num1);
    let p = h.state().state.project().unwrap();
    assert!(
        p.annotations()
            .any(|a| a.annotator == "dana" && a.label == "claim")
    );
    assert_eq!(count(&h, "dana"), 2);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(count(&h, "dana"), 1, "undo takes the accept back");
    // Suggesting again replaces the suggestions but leaves the rejected one out.
    suggest(&mut h);
    assert_eq!(count(&h, SUGGESTED), n - 2, "one accepted, one rejected");
}
