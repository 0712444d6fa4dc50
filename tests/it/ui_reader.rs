//! Drives the real app headless with egui_kittest: mouse and keyboard selection, hotkey
//! tagging, undo/redo, save and reopen, checking the exact code-point offsets.
use std::path::{Path, PathBuf};

use crate::window::clicks;
use eframe::egui::{self, Key, Modifiers, Pos2};
use egui_kittest::Harness;
use marginalia::model::{Annotation, DocId, Document, Edit, Project, Span};
use marginalia::session::Session;
use marginalia::text::slice_chars;
use marginalia::ui::MarginaliaApp;

use crate::window;

/// Curly quotes, an em dash, 【】, an astral emoji with a skin-tone modifier, a combining accent.
const TEXT: &str = "【Kabul】 Talks failed — 👍🏽 “The Afghan side kept deviating from the core issue,” he said. Café e\u{301}tude.\n\nSecond paragraph with 2021 figures.";
const DOC: DocId = DocId(1);

fn project_file(dir: &Path) -> PathBuf {
    let path = dir.join("ui.ron");
    let mut s = Session::create(&path, Project::new("ui")).unwrap();
    s.apply(Edit::AddDocument(Document::new(DOC, "Talks", "test", TEXT)))
        .unwrap();
    s.save().unwrap();
    s.close();
    path
}

fn harness(path: &Path, annotator: &str) -> Harness<'static, MarginaliaApp> {
    window::open_as(path, annotator, [1200.0, 700.0])
}

/// Offset of the first occurrence of `needle` in TEXT, in code points.
fn offset(needle: &str) -> usize {
    TEXT[..TEXT.find(needle).unwrap()].chars().count()
}

fn pos(h: &mut Harness<'_, MarginaliaApp>, c: usize) -> Pos2 {
    h.state_mut()
        .reader
        .screen_pos_of(DOC, c)
        .expect("laid out")
}

/// Drags from the left edge of code point `from` to the left edge of `to`.
fn drag_select(h: &mut Harness<'_, MarginaliaApp>, from: usize, to: usize) {
    let (a, b) = (
        pos(h, from) + egui::vec2(1.0, 0.0),
        pos(h, to) + egui::vec2(1.0, 0.0),
    );
    window::drag(h, a, b, Modifiers::NONE);
}

/// The quote's code-point range, and where a drag over it presses, passes and releases.
fn quote_drag(h: &mut Harness<'_, MarginaliaApp>) -> ((usize, usize), [Pos2; 3]) {
    let (start, mid, end) = (
        offset("The Afghan"),
        offset("deviating"),
        offset(",” he said"),
    );
    let points = [start, mid, end].map(|c| pos(h, c) + egui::vec2(1.0, 0.0));
    ((start, end), points)
}

fn selected(h: &Harness<'_, MarginaliaApp>) -> (usize, usize) {
    let sel = h.state().state.reader.selection.expect("a selection");
    (sel.span().start, sel.span().end)
}

fn spans(h: &Harness<'_, MarginaliaApp>) -> Vec<(usize, usize, String, String)> {
    let p = h.state().state.project().unwrap();
    p.annotations_in(DOC)
        .map(|a| (a.start, a.end, a.label.clone(), a.annotator.clone()))
        .collect()
}

#[test]
fn a_drag_whose_last_move_comes_with_the_release_ends_where_the_button_was_released() {
    // A slow frame (or a fast hand) delivers the last pointer move and the release together:
    // the selection must end there, not at the move before.
    let dir = tempfile::tempdir().unwrap();
    let path = project_file(dir.path());
    let mut h = harness(&path, "ada");
    let (quote, [a, m, b]) = quote_drag(&mut h);
    h.hover_at(a);
    h.run();
    h.drag_at(a);
    h.run();
    h.hover_at(m);
    h.run();
    // Into one frame's input (`Harness::event` would give each event a frame of its own).
    (h.input_mut().events).extend([egui::Event::PointerMoved(b), window::button(b, false)]);
    h.run();
    assert_eq!(selected(&h), quote);
}

#[test]
fn a_drag_whose_first_move_comes_with_the_press_starts_where_the_button_went_down() {
    // The other end of a slow frame: the press and the first moves arrive together. The
    // selection must start at the press, not where the pointer was when the frame ran.
    let dir = tempfile::tempdir().unwrap();
    let path = project_file(dir.path());
    let mut h = harness(&path, "ada");
    let (quote, [a, m, b]) = quote_drag(&mut h);
    h.hover_at(a);
    h.run();
    // Into one frame's input (`Harness::event` would give each event a frame of its own).
    (h.input_mut().events).extend([window::button(a, true), egui::Event::PointerMoved(m)]);
    h.run();
    h.hover_at(b);
    h.run();
    h.drop_at(b);
    h.run();
    assert_eq!(selected(&h), quote);
}

#[test]
fn drag_and_hotkey_tag_exact_code_point_offsets() {
    let dir = tempfile::tempdir().unwrap();
    let path = project_file(dir.path());
    let mut h = harness(&path, "ada");
    let (start, end) = (offset("The Afghan"), offset(",” he said"));
    drag_select(&mut h, start, end);
    let sel = h
        .state()
        .state
        .reader
        .selection
        .expect("a selection")
        .span();
    assert_eq!((sel.start, sel.end), (start, end));
    h.key_press(Key::Num2);
    h.run();
    assert_eq!(spans(&h), [(start, end, "quote".into(), "ada".into())]);
    // Python: TEXT[start:end]
    assert_eq!(
        slice_chars(TEXT, start, end),
        Some("The Afghan side kept deviating from the core issue")
    );

    // Undo, redo (both shortcuts), and undo again leaves nothing.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert!(spans(&h).is_empty());
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run();
    assert_eq!(spans(&h).len(), 1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    h.run();
    assert_eq!(spans(&h), [(start, end, "quote".into(), "ada".into())]);

    // Save, close, reopen: same offsets.
    window::save(&mut h);
    assert!(!h.state().state.session.as_ref().unwrap().is_dirty());
    drop(h);
    let reopened = Session::open(&path).unwrap();
    let a: Vec<&Annotation> = reopened.project().annotations_in(DOC).collect();
    assert_eq!(
        (a[0].start, a[0].end, a[0].label.as_str()),
        (start, end, "quote")
    );
}

#[test]
fn selection_across_emoji_cjk_and_combining_marks() {
    let dir = tempfile::tempdir().unwrap();
    let path = project_file(dir.path());
    let mut h = harness(&path, "ada");
    // 【Kabul】 at the very start: a drag over CJK brackets.
    drag_select(&mut h, 0, offset(" Talks"));
    h.key_press(Key::Num4);
    h.run();
    // The emoji is two code points; extend with Shift+Right from a caret before it.
    let thumb = offset("👍");
    h.state_mut().state.reader.selection =
        Some(marginalia::ui::selection::TextSelection::caret(thumb));
    h.key_press_modifiers(Modifiers::SHIFT, Key::ArrowRight);
    h.run();
    let sel = h.state().state.reader.selection.unwrap().span();
    assert_eq!(
        (sel.start, sel.end),
        (thumb, thumb + 2),
        "one grapheme = thumbs up + skin tone"
    );
    h.key_press(Key::Num3);
    h.run();
    // Double-click a word with a combining accent.
    let etude = offset("e\u{301}tude");
    let p = pos(&mut h, etude + 2) + egui::vec2(2.0, 0.0);
    h.hover_at(p);
    h.run();
    clicks(&mut h, p, 2);
    let sel = h.state().state.reader.selection.unwrap().span();
    assert_eq!(slice_chars(TEXT, sel.start, sel.end), Some("e\u{301}tude"));
    h.key_press(Key::Num1);
    h.run();
    let got: Vec<(String, String)> = spans(&h)
        .into_iter()
        .map(|(s, e, l, _)| (l, slice_chars(TEXT, s, e).unwrap().to_owned()))
        .collect();
    assert_eq!(
        got,
        [
            ("attribution".into(), "【Kabul】".into()),
            ("figure".into(), "👍🏽".into()),
            ("claim".into(), "e\u{301}tude".into())
        ]
    );
}

#[test]
fn click_selects_span_then_relabel_note_and_delete() {
    let dir = tempfile::tempdir().unwrap();
    let path = project_file(dir.path());
    let mut h = harness(&path, "ada");
    let (s, e) = (offset("2021"), offset(" figures"));
    drag_select(&mut h, s, e);
    h.key_press(Key::Num3);
    h.run();
    h.key_press(Key::Escape);
    h.run();
    assert_eq!(h.state().state.reader.selected, None);
    // Click inside the span selects it.
    let p = pos(&mut h, s + 1) + egui::vec2(2.0, 0.0);
    h.hover_at(p);
    h.run();
    clicks(&mut h, p, 1);
    let id = h
        .state()
        .state
        .reader
        .selected
        .expect("span selected by click");
    // Another label's key relabels it.
    h.key_press(Key::Num1);
    h.run();
    assert_eq!(spans(&h)[0].2, "claim");
    // Enter edits the note; typing and Enter keeps it.
    h.key_press(Key::Enter);
    h.run();
    h.event(egui::Event::Text("check the year".into()));
    h.run();
    h.key_press(Key::Enter);
    h.run();
    let note = h
        .state()
        .state
        .project()
        .unwrap()
        .annotation(id)
        .unwrap()
        .note
        .clone();
    assert_eq!(note.as_deref(), Some("check the year"));
    // Delete removes it; undo brings it back with its note.
    h.key_press(Key::Delete);
    h.run();
    assert!(spans(&h).is_empty());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(
        h.state()
            .state
            .project()
            .unwrap()
            .annotation(id)
            .unwrap()
            .note
            .as_deref(),
        Some("check the year")
    );
}

#[test]
fn a_colleagues_annotation_cannot_be_changed() {
    let dir = tempfile::tempdir().unwrap();
    let path = project_file(dir.path());
    {
        let mut s = Session::open(&path).unwrap();
        let a = Annotation::new(
            s.project().fresh_annotation_id(),
            DOC,
            Span::new(0, 7),
            "claim",
            "ben",
        );
        s.apply(Edit::AddAnnotation(a)).unwrap();
        s.save().unwrap();
        s.close();
    }
    let mut h = harness(&path, "ada");
    h.key_press(Key::Tab);
    h.run();
    assert!(h.state().state.reader.selected.is_some());
    h.key_press(Key::Delete);
    h.run();
    h.key_press(Key::Num2);
    h.run();
    assert_eq!(spans(&h), [(0, 7, "claim".into(), "ben".into())]);
    let status = h.state().state.status.clone().unwrap();
    assert!(status.error && status.text.contains("ben's"), "{status:?}");
}

#[test]
fn unsaved_edits_survive_closing_without_save() {
    let dir = tempfile::tempdir().unwrap();
    let path = project_file(dir.path());
    let mut h = harness(&path, "ada");
    let (s, e) = (offset("Talks"), offset(" failed"));
    drag_select(&mut h, s, e);
    h.key_press(Key::Num1);
    h.run();
    h.state()
        .state
        .session
        .as_ref()
        .unwrap()
        .flush_journal()
        .unwrap();
    // Drop the app without closing it: no save, as if the process were killed (the lock
    // goes with the process, the journal stays).
    drop(h);
    let reopened = Session::open(&path).unwrap();
    assert_eq!(reopened.recovered, 1);
    let a: Vec<_> = reopened
        .project()
        .annotations_in(DOC)
        .map(|a| (a.start, a.end))
        .collect();
    assert_eq!(a, [(s, e)]);
}

#[test]
fn mark_done_moves_to_the_next_undone_document() {
    let dir = tempfile::tempdir().unwrap();
    let path = project_file(dir.path());
    {
        let mut s = Session::open(&path).unwrap();
        for (id, title) in [(2, "Two"), (3, "Three")] {
            s.apply(Edit::AddDocument(Document::new(
                DocId(id),
                title,
                "",
                format!("Text {id}."),
            )))
            .unwrap();
        }
        s.apply(Edit::SetDone {
            annotator: "ada".into(),
            document: DocId(2),
            done: true,
        })
        .unwrap();
        s.save().unwrap();
        s.close();
    }
    let mut h = harness(&path, "ada");
    assert_eq!(h.state().state.current, Some(DOC));
    h.key_press_modifiers(Modifiers::COMMAND, Key::D);
    h.run();
    let p = h.state().state.project().unwrap();
    assert!(p.is_done("ada", DOC));
    assert_eq!(
        h.state().state.current,
        Some(DocId(3)),
        "document 2 is already done, so 3 is next"
    );
    // Undo takes the mark back.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert!(!h.state().state.project().unwrap().is_done("ada", DOC));
}

#[test]
fn dragging_past_the_bottom_scrolls_and_extends_the_selection() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.ron");
    let text = marginalia::fixtures::article_text(30_000, 500, 0);
    let mut s = Session::create(&path, Project::new("long")).unwrap();
    s.apply(Edit::AddDocument(Document::new(DOC, "Long", "", text)))
        .unwrap();
    s.save().unwrap();
    s.close();
    let mut h = harness(&path, "ada");
    // At the start of "talks": a drag selects whole words, and this one starts a word.
    let a = pos(&mut h, 6) + egui::vec2(1.0, 0.0);
    h.hover_at(a);
    h.run();
    h.drag_at(a);
    h.run();
    let low = Pos2::new(a.x + 200.0, 690.0);
    h.hover_at(low);
    h.step();
    let first = h.state().state.reader.selection.unwrap().head;
    for _ in 0..40 {
        h.hover_at(low);
        h.step();
    }
    let later = h.state().state.reader.selection.unwrap().head;
    h.drop_at(low);
    h.run();
    assert!(
        later > first + 500,
        "the reader scrolled while dragging: head {first} -> {later}"
    );
    assert_eq!(h.state().state.reader.selection.unwrap().anchor, 6);
}

#[test]
fn a_double_click_whose_clicks_arrive_in_one_slow_frame_selects_the_word() {
    let dir = tempfile::tempdir().unwrap();
    let path = project_file(dir.path());
    let mut h = harness(&path, "ada");
    let c = offset("deviating") + 3;
    let p = pos(&mut h, c);
    window::in_one_frame(&mut h, &[window::Input::Click(p), window::Input::Click(p)]);
    let (s, e) = selected(&h);
    assert_eq!(slice_chars(TEXT, s, e), Some("deviating"));
}
