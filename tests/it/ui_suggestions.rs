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

/// A project of `n` copies of the seed articles (each copy a document of its own).
fn many_documents(dir: &std::path::Path, copies: usize) -> std::path::PathBuf {
    use marginalia::model::{DocId, Document, Edit, Project};
    use marginalia::session::Session;
    let sample = marginalia::store::load(&window::sample_copy(dir)).unwrap();
    let path = dir.join("many.ron");
    let mut s = Session::create(&path, Project::new("many")).unwrap();
    let mut edits = Vec::new();
    for k in 0..copies {
        for (i, d) in sample.project.documents().iter().enumerate() {
            let text = format!("{}\n(copy {k})", d.text);
            let id = DocId((k * 10 + i + 1) as u64);
            edits.push(Edit::AddDocument(Document::new(id, &d.title, "test", text)));
        }
    }
    s.apply(Edit::Batch(edits)).unwrap();
    s.save().unwrap();
    s.close();
    path
}

fn suggested_in_project(h: &Harness<'_, MarginaliaApp>) -> usize {
    let p = h.state().state.project().unwrap();
    p.annotations().filter(|a| a.annotator == SUGGESTED).count()
}

#[test]
fn suggesting_in_many_documents_shows_progress_can_stop_and_is_one_undo() {
    use egui_kittest::kittest::Queryable;
    use marginalia::ui::{Action, Command};
    let dir = tempfile::tempdir().unwrap();
    // 40 copies of the five articles: ~0.6 M characters, more than a frame's worth.
    let path = many_documents(dir.path(), 40);
    let mut h = window::open_as(&path, "dana", [1280.0, 800.0]);
    h.state_mut().send(Action::Run(Command::SuggestAll));
    h.step();
    h.step();
    assert!(
        h.state().state.suggest_job.is_some(),
        "runs in the background"
    );
    h.get_by_label_contains("Suggesting:");
    // Stop: nothing changes.
    h.get_by_label("Stop").click();
    h.step();
    h.step();
    assert!(h.state().state.suggest_job.is_none());
    assert_eq!(suggested_in_project(&h), 0);
    h.get_by_label_contains("Stopped suggesting");
    // Again, to the end: the window keeps drawing frames meanwhile.
    h.state_mut().send(Action::Run(Command::SuggestAll));
    let mut frames = 0;
    while frames < 2 || h.state().state.suggest_job.is_some() {
        h.step();
        frames += 1;
        std::thread::sleep(std::time::Duration::from_millis(20));
        assert!(frames < 3000, "suggesting did not finish");
    }
    let n = suggested_in_project(&h);
    let docs = h.state().state.project().unwrap().documents().len();
    assert!(
        n > 20 * docs / 5,
        "suggestions in every copy: {n} in {docs} documents"
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(suggested_in_project(&h), 0, "one undo takes them all back");
}

#[test]
fn suggest_when_a_document_opens_fills_each_new_document_once() {
    use marginalia::ui::{Action, Command};
    let dir = tempfile::tempdir().unwrap();
    let mut h = window::open_as(&window::sample_copy(dir.path()), "dana", [1280.0, 800.0]);
    assert_eq!(count(&h, SUGGESTED), 0);
    h.state_mut()
        .send(Action::Run(Command::ToggleSuggestOnOpen));
    h.run();
    let first = count(&h, SUGGESTED);
    assert!(first > 10, "the open document got suggestions: {first}");
    h.state_mut().send(Action::Run(Command::NextDocument));
    h.run();
    assert!(count(&h, SUGGESTED) > 0, "and the next one when it opens");
    // Back to the first: its suggestions are kept, not made again.
    let before: Vec<_> = {
        let p = h.state().state.project().unwrap();
        p.annotations()
            .filter(|a| a.annotator == SUGGESTED)
            .map(|a| a.id)
            .collect()
    };
    h.state_mut().send(Action::Run(Command::PreviousDocument));
    h.run();
    let p = h.state().state.project().unwrap();
    let after: Vec<_> = p
        .annotations()
        .filter(|a| a.annotator == SUGGESTED)
        .map(|a| a.id)
        .collect();
    assert_eq!(before, after);
    // Off again: nothing happens on open.
    assert!(h.state().state.settings.suggest_on_open);
    h.state_mut()
        .send(Action::Run(Command::ToggleSuggestOnOpen));
    h.run();
    assert!(!h.state().state.settings.suggest_on_open);
}
