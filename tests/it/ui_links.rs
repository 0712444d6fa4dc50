//! Who said what, driven through the real window with egui_kittest: linking a quote to its
//! source with the mouse and with the keyboard, deleting a linked span and undoing it,
//! splitting an interrupted quote with Alt+drag, and the "who said what" view.
use std::path::{Path, PathBuf};

use crate::window::{Input, click, drag, in_one_frame, key, source_of};
use eframe::egui::{self, Key, Modifiers, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use marginalia::model::{Annotation, AnnotationId, DocId, Document, Edit, Project, Span};
use marginalia::session::Session;
use marginalia::ui::MarginaliaApp;

use crate::window;

/// A quote interrupted by its reporting clause, and a second quote by the same source.
const TEXT: &str = "“The Afghan side kept deviating from the core issue,” Tarar said, “on which \
                    the dialogue was initiated.” Later 【Kabul】 replied. “No deal,” Tarar said.";
const DOC: DocId = DocId(1);

fn offset(needle: &str) -> usize {
    TEXT[..TEXT.find(needle).expect("needle in TEXT")]
        .chars()
        .count()
}

fn span_of(needle: &str) -> Span {
    let start = offset(needle);
    Span::new(start, start + needle.chars().count())
}

/// A project with ada's quote, its source and a second quote, unlinked.
fn project_file(dir: &Path) -> (PathBuf, [AnnotationId; 3]) {
    let path = dir.join("links.ron");
    let mut s = Session::create(&path, Project::new("links")).unwrap();
    s.apply(Edit::AddDocument(Document::new(DOC, "Talks", "test", TEXT)))
        .unwrap();
    let mut ids = [AnnotationId(0); 3];
    let spans = [
        (
            "The Afghan side kept deviating from the core issue",
            "quote",
        ),
        ("Tarar said", "attribution"),
        ("No deal", "quote"),
    ];
    for (k, (needle, label)) in spans.into_iter().enumerate() {
        let a = Annotation::new(
            AnnotationId(k as u64 + 10),
            DOC,
            span_of(needle),
            label,
            "ada",
        );
        ids[k] = a.id;
        s.apply(Edit::AddAnnotation(a)).unwrap();
    }
    s.save().unwrap();
    s.close();
    (path, ids)
}

fn harness(path: &Path) -> Harness<'static, MarginaliaApp> {
    window::open_as(path, "ada", [1200.0, 700.0])
}

/// Screen position inside code point `c` (a little right of its left edge).
fn pos(h: &mut Harness<'_, MarginaliaApp>, c: usize) -> Pos2 {
    h.state_mut()
        .reader
        .screen_pos_of(DOC, c)
        .expect("laid out")
        + egui::vec2(2.0, 0.0)
}

#[test]
fn link_a_quote_to_its_source_with_the_mouse_then_delete_and_undo() {
    let dir = tempfile::tempdir().unwrap();
    let (path, [quote, source, _]) = project_file(dir.path());
    let mut h = harness(&path);
    let p = pos(&mut h, offset("Afghan side"));
    click(&mut h, p);
    assert_eq!(h.state().state.reader.selected, Some(quote));
    key(&mut h, Key::L);
    assert_eq!(h.state().state.reader.linking, Some(quote));
    // The palette's link button now offers to cancel.
    h.get_by_label(&marginalia::ui::Command::ClearSelection.button_text("Cancel link"));
    let p = pos(&mut h, offset("Tarar said") + 2);
    click(&mut h, p);
    assert_eq!(source_of(&h, quote), Some(source));
    assert_eq!(h.state().state.reader.linking, None);
    // The side panel lists the link with both texts.
    h.get_by_label_contains("Links (1)");
    h.get_by_label_contains("“The Afghan side kept deviating from the core issue” — Tarar said");

    // Deleting the source deletes its link; one undo restores both.
    let p = pos(&mut h, offset("Tarar said") + 2);
    click(&mut h, p);
    assert_eq!(h.state().state.reader.selected, Some(source));
    key(&mut h, Key::Delete);
    {
        let project = h.state().state.project().unwrap();
        assert!(project.annotation(source).is_none());
        assert_eq!(project.link_count(), 0);
    }
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(source_of(&h, quote), Some(source));

    // Saved, the link is in the file (read as a command reads it: the window holds the lock).
    window::save(&mut h);
    let saved = marginalia::store::load(&path).unwrap();
    assert_eq!(saved.project.source_link(quote).map(|l| l.to), Some(source));
}

#[test]
fn link_from_the_keyboard_with_tab_and_enter() {
    let dir = tempfile::tempdir().unwrap();
    let (path, [_, source, no_deal]) = project_file(dir.path());
    let mut h = harness(&path);
    // Tab through the spans to “No deal”, the third.
    for _ in 0..3 {
        key(&mut h, Key::Tab);
    }
    assert_eq!(h.state().state.reader.selected, Some(no_deal));
    key(&mut h, Key::L);
    // Tab offers only sources: there is one.
    key(&mut h, Key::Tab);
    assert_eq!(h.state().state.reader.selected, Some(source));
    // Tab moved no keyboard focus onto a palette button, which Enter would press.
    assert_eq!(h.ctx.memory(|m| m.focused()), None);
    key(&mut h, Key::Enter);
    assert_eq!(source_of(&h, no_deal), Some(source));
    let label = |id| {
        h.state()
            .state
            .project()
            .unwrap()
            .annotation(id)
            .unwrap()
            .label
            .clone()
    };
    assert_eq!(
        label(no_deal),
        "quote",
        "Enter linked; it pressed no label button"
    );
    assert_eq!(h.state().state.reader.selected, Some(no_deal));
    // Shift+L removes it again.
    h.key_press_modifiers(Modifiers::SHIFT, Key::L);
    h.run();
    assert_eq!(source_of(&h, no_deal), None);
}

#[test]
fn key_presses_that_arrive_in_one_frame_each_count_in_order() {
    // On a software renderer a big redraw can take longer than two key presses: Tab Tab Tab
    // must still step three spans, and L Tab Enter must still link (Enter first would open
    // the note editor, Tab first would just move on).
    let dir = tempfile::tempdir().unwrap();
    let (path, [_, source, no_deal]) = project_file(dir.path());
    let mut h = harness(&path);
    in_one_frame(&mut h, &[Input::Key(Key::Tab); 3]);
    assert_eq!(h.state().state.reader.selected, Some(no_deal), "three Tabs");
    in_one_frame(
        &mut h,
        &[
            Input::Key(Key::L),
            Input::Key(Key::Tab),
            Input::Key(Key::Enter),
        ],
    );
    assert_eq!(source_of(&h, no_deal), Some(source));
    assert_eq!(h.state().state.reader.linking, None);
    // A label key then Tab, in one frame: the tag goes to the selection, then Tab moves on.
    let (start, end) = (offset("Kabul"), offset("Kabul") + 5);
    let (a, b) = (
        pos(&mut h, start) - egui::vec2(2.0, 0.0),
        pos(&mut h, end) - egui::vec2(2.0, 0.0),
    );
    drag(&mut h, a, b, Modifiers::NONE);
    in_one_frame(&mut h, &[Input::Key(Key::Num4), Input::Key(Key::Tab)]);
    let p = h.state().state.project().unwrap();
    let kabul = p
        .annotations_in(DOC)
        .find(|a| (a.start, a.end) == (start, end))
        .expect("4 tagged the selection before Tab moved on");
    assert_eq!(kabul.label, "attribution");
    assert_ne!(
        h.state().state.reader.selected,
        Some(kabul.id),
        "then Tab moved on"
    );
}

#[test]
fn a_click_and_a_key_in_one_frame_run_in_the_order_they_came() {
    let dir = tempfile::tempdir().unwrap();
    let (path, [quote, source, _]) = project_file(dir.path());
    let mut h = harness(&path);
    let (on_quote, on_source) = (
        pos(&mut h, offset("Afghan side")),
        pos(&mut h, offset("Tarar said")),
    );
    h.hover_at(on_quote);
    h.run();
    // Click the quote, then L: link mode starts from the quote.
    in_one_frame(&mut h, &[Input::Click(on_quote), Input::Key(Key::L)]);
    assert_eq!(h.state().state.reader.linking, Some(quote));
    key(&mut h, Key::Escape);
    // L, then a click on the source: that click makes the link.
    h.hover_at(on_source);
    h.run_steps(10); // a span's tooltip fades in
    in_one_frame(&mut h, &[Input::Key(Key::L), Input::Click(on_source)]);
    assert_eq!(source_of(&h, quote), Some(source));
    assert_eq!(h.state().state.reader.linking, None);
}

#[test]
fn a_click_on_the_wrong_kind_of_span_does_not_link() {
    let dir = tempfile::tempdir().unwrap();
    let (path, [quote, _, no_deal]) = project_file(dir.path());
    let mut h = harness(&path);
    let p = pos(&mut h, offset("Afghan side"));
    click(&mut h, p);
    key(&mut h, Key::L);
    let p = pos(&mut h, offset("No deal") + 1);
    click(&mut h, p);
    assert_eq!(source_of(&h, quote), None);
    assert_eq!(source_of(&h, no_deal), None);
    let status = h.state().state.status.clone().unwrap();
    assert!(
        status.error && status.text.contains("source (attribution)"),
        "{status:?}"
    );
    // Still in link mode; Esc leaves it with the quote selected.
    key(&mut h, Key::Escape);
    assert_eq!(h.state().state.reader.linking, None);
    assert_eq!(h.state().state.reader.selected, Some(quote));
}

#[test]
fn alt_drag_splits_an_interrupted_quote() {
    let dir = tempfile::tempdir().unwrap();
    let (path, [quote, _, _]) = project_file(dir.path());
    let mut h = harness(&path);
    let p = pos(&mut h, offset("Afghan side"));
    click(&mut h, p);
    let second = span_of("on which the dialogue was initiated");
    let (a, b) = (pos(&mut h, second.start), pos(&mut h, second.end));
    drag(&mut h, a, b, Modifiers::ALT);
    let first = span_of("The Afghan side kept deviating from the core issue");
    let a = h
        .state()
        .state
        .project()
        .unwrap()
        .annotation(quote)
        .unwrap()
        .clone();
    assert_eq!(
        a.fragments,
        [first, second],
        "one annotation, two fragments"
    );
    assert_eq!((a.start, a.end), (first.start, second.end));
    assert_eq!(h.state().state.reader.selected, Some(quote));
    // Listed once, with both pieces.
    h.get_by_label_contains("“The Afghan side kept deviating from the core issue … on which");
    // Undo makes it a single span again.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    let project = h.state().state.project().unwrap();
    assert!(project.annotation(quote).unwrap().fragments.is_empty());
}

#[test]
fn an_alt_drag_whose_last_move_comes_with_the_release_adds_the_whole_piece() {
    let dir = tempfile::tempdir().unwrap();
    let (path, [quote, _, _]) = project_file(dir.path());
    let mut h = harness(&path);
    let p = pos(&mut h, offset("Afghan side"));
    click(&mut h, p);
    let second = span_of("on which the dialogue was initiated");
    let (a, b) = (pos(&mut h, second.start), pos(&mut h, second.end));
    h.event(egui::Event::ModifiersChanged(Modifiers::ALT));
    h.hover_at(a);
    h.run();
    h.drag_at(a);
    h.run();
    h.hover_at(a + (b - a) * 0.5);
    h.run();
    // A slow frame: the last move and the release together.
    (h.input_mut().events).extend([egui::Event::PointerMoved(b), window::button(b, false)]);
    h.run();
    h.event(egui::Event::ModifiersChanged(Modifiers::NONE));
    h.run();
    let project = h.state().state.project().unwrap();
    let first = span_of("The Afghan side kept deviating from the core issue");
    assert_eq!(
        project.annotation(quote).unwrap().fragments,
        [first, second]
    );
}

#[test]
fn who_said_what_lists_sources_and_opens_a_quote() {
    let dir = tempfile::tempdir().unwrap();
    let (path, [quote, source, no_deal]) = project_file(dir.path());
    {
        let mut s = Session::open(&path).unwrap();
        for content in [quote, no_deal] {
            let edit = s.project().link_edit(content, source).unwrap();
            s.apply(edit).unwrap();
        }
        s.save().unwrap();
        s.close();
    }
    let mut h = harness(&path);
    key(&mut h, Key::F4);
    h.get_by_label_contains("Tarar — 2 attributed · 1 mention in 1 document");
    // The window's line for it (the side panel lists the same text, not as a button).
    h.get_by_role_and_label(egui::accesskit::Role::Button, "“No deal”")
        .click();
    h.run();
    assert_eq!(h.state().state.reader.selected, Some(no_deal));
}

#[test]
fn in_review_mode_gold_spans_link_with_l_too() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gold.ron");
    let mut s = Session::create(&path, Project::new("gold")).unwrap();
    s.apply(Edit::AddDocument(Document::new(DOC, "Talks", "test", TEXT)))
        .unwrap();
    let gold = |k: u64, needle: &str, label: &str| {
        Annotation::new(AnnotationId(k), DOC, span_of(needle), label, "gold")
    };
    let quote = gold(1, "No deal", "quote");
    let source = gold(2, "Tarar said", "attribution");
    s.apply(Edit::AddAnnotation(quote.clone())).unwrap();
    s.apply(Edit::AddAnnotation(source.clone())).unwrap();
    s.save().unwrap();
    s.close();
    let mut h = harness(&path);
    key(&mut h, Key::F2);
    assert!(h.state().state.review_mode);
    let p = pos(&mut h, offset("No deal") + 1);
    click(&mut h, p);
    assert_eq!(h.state().state.reader.selected, Some(quote.id));
    key(&mut h, Key::L);
    let p = pos(&mut h, offset("Tarar said") + 2);
    click(&mut h, p);
    assert_eq!(source_of(&h, quote.id), Some(source.id));
}

#[test]
fn who_said_what_on_a_big_project_is_grouped_without_holding_up_the_window() {
    // 450 copies of the article in one document: 2,250 spans, above what the window groups
    // within a frame, so the grouping runs on a worker thread.
    const COPIES: usize = 450;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.ron");
    let text = vec![TEXT; COPIES].join("\n");
    let copy_len = TEXT.chars().count() + 1;
    let mut s = Session::create(&path, Project::new("big")).unwrap();
    s.apply(Edit::AddDocument(Document::new(DOC, "Talks", "test", text)))
        .unwrap();
    let mut edits = Vec::new();
    let mut id = 100;
    for k in 0..COPIES {
        let at = |needle: &str, nth: usize| {
            let byte = TEXT.match_indices(needle).nth(nth).unwrap().0;
            let start = k * copy_len + TEXT[..byte].chars().count();
            Span::new(start, start + needle.chars().count())
        };
        let mut tag = |span, label| {
            id += 1;
            let a = Annotation::new(AnnotationId(id), DOC, span, label, "ada");
            edits.push(Edit::AddAnnotation(a));
            AnnotationId(id)
        };
        let quote = tag(at("The Afghan side", 0), "quote");
        let source = tag(at("Tarar said", 0), "attribution");
        tag(at("No deal", 0), "quote");
        tag(at("Tarar said", 1), "attribution");
        tag(at("【Kabul】", 0), "attribution");
        edits.push(Edit::AddLink(marginalia::model::Link::attributed_to(
            quote, source,
        )));
    }
    s.apply(Edit::Batch(edits)).unwrap();
    s.save().unwrap();
    s.close();
    let mut h = harness(&path);
    // A spinner repaints until the groups arrive: step frames rather than `run`.
    h.key_press(Key::F4);
    for _ in 0..5 {
        h.step();
        if h.query_by_label("Find:").is_some() {
            break;
        }
    }
    // The frame that first drew the window started the grouping and did not wait for it.
    h.get_by_label("Find:");
    h.get_by_label("updating…");
    let header = format!(
        "Tarar — {COPIES} attributed · {} mentions in 1 document",
        2 * COPIES
    );
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while h.query_by_label_contains(&header).is_none() {
        assert!(
            std::time::Instant::now() < deadline,
            "the grouping never arrived"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.step();
    }
    // The speaker without the brackets around it.
    h.get_by_label_contains("Kabul — 0 attributed");
    // The search keeps the sources whose text or quotes match.
    let find = || (egui::accesskit::Role::TextInput, "Find:");
    h.get_by_role_and_label(find().0, find().1).click();
    h.run();
    h.get_by_role_and_label(find().0, find().1)
        .type_text("KABUL");
    h.run();
    h.get_by_label_contains("Kabul — 0 attributed");
    assert_eq!(h.state().sources.search, "KABUL");
    assert!(h.query_by_label_contains(&header).is_none());
}

#[test]
fn a_span_starting_a_wrapped_row_is_placed_on_that_row() {
    // Arcs attach where a span starts: for a span that begins a wrapped row, that is the
    // row's left edge, not the end of the row before (where the break's cursor also is).
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = project_file(dir.path());
    let mut h = harness(&path);
    let chars: Vec<char> = TEXT.chars().collect();
    let at = |h: &mut Harness<'_, MarginaliaApp>, c| {
        h.state_mut()
            .reader
            .screen_pos_of(DOC, c)
            .expect("laid out")
    };
    let first_on_next_row = (1..chars.len())
        .find(|&c| at(&mut h, c).y > at(&mut h, c - 1).y + 1.0)
        .expect("the text wraps");
    assert!(
        chars[first_on_next_row - 1].is_whitespace(),
        "row 2 should start right after the space the row broke at, not at “{}”",
        chars[first_on_next_row - 1]
    );
    assert!(at(&mut h, first_on_next_row).x < at(&mut h, first_on_next_row - 1).x);
}
