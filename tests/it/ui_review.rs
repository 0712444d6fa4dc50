//! Review mode, export and merge driven through the real window (egui_kittest).
use std::path::{Path, PathBuf};

use eframe::egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use marginalia::model::{Annotation, AnnotationId, DocId, Document, Edit, Project, Span};
use marginalia::session::Session;
use marginalia::ui::MarginaliaApp;
use marginalia::ui::dialogs::ScriptedDialogs;

use crate::window;

const TEXT: &str = "Pakistan Information Minister Attaullah Tarar confirmed the talks “failed”. Dozens died — 【Kabul】 said 👍🏽.";
const DOC: DocId = DocId(1);

fn at(needle: &str) -> usize {
    TEXT[..TEXT.find(needle).unwrap()].chars().count()
}

fn span(needle: &str) -> Span {
    let s = at(needle);
    Span::new(s, s + needle.chars().count())
}

/// Two annotators: one agreed span, one label conflict, one boundary conflict, one missing.
fn project_file(dir: &Path) -> PathBuf {
    let path = dir.join("review.ron");
    let mut s = Session::create(&path, Project::new("review")).unwrap();
    s.apply(Edit::AddDocument(Document::new(DOC, "Talks", "", TEXT)))
        .unwrap();
    let mut id = 100;
    let mut add = |s: &mut Session, who: &str, sp: Span, label: &str| {
        id += 1;
        s.apply(Edit::AddAnnotation(Annotation::new(
            AnnotationId(id),
            DOC,
            sp,
            label,
            who,
        )))
        .unwrap();
    };
    for who in ["amira", "ben"] {
        add(&mut s, who, span("failed"), "quote");
    }
    add(&mut s, "amira", span("Dozens"), "figure");
    add(&mut s, "ben", span("Dozens"), "claim");
    add(
        &mut s,
        "amira",
        span("Pakistan Information Minister Attaullah Tarar confirmed"),
        "attribution",
    );
    add(
        &mut s,
        "ben",
        span("Attaullah Tarar confirmed"),
        "attribution",
    );
    add(&mut s, "amira", span("【Kabul】"), "attribution");
    for who in ["amira", "ben"] {
        s.apply(Edit::SetDone {
            annotator: who.into(),
            document: DOC,
            done: true,
        })
        .unwrap();
    }
    s.save().unwrap();
    s.close();
    path
}

fn harness(path: &Path, dialogs: ScriptedDialogs) -> Harness<'static, MarginaliaApp> {
    let builder = window::builder([1300.0, 800.0]);
    window::start(
        builder,
        window::named("rita"),
        dialogs,
        Some(path.to_owned()),
    )
}

fn gold(h: &Harness<'_, MarginaliaApp>) -> Vec<(usize, usize, String, usize)> {
    let p = h.state().state.project().unwrap();
    p.annotations_in(DOC)
        .filter(|a| a.annotator == "gold")
        .map(|a| (a.start, a.end, a.label.clone(), a.derived_from.len()))
        .collect()
}

fn press(h: &mut Harness<'_, MarginaliaApp>, modifiers: Modifiers, key: Key) {
    h.key_press_modifiers(modifiers, key);
    h.run();
}

#[test]
fn review_keys_do_nothing_outside_review_mode() {
    // A, N and Alt+1 are review keys: typing them while annotating must not build a gold
    // layer behind the annotator's back.
    let dir = tempfile::tempdir().unwrap();
    let path = project_file(dir.path());
    let mut h = harness(&path, ScriptedDialogs::default());
    assert!(!h.state().state.review_mode);
    let before = h.state().state.project().unwrap().annotation_count();
    press(&mut h, Modifiers::NONE, Key::A);
    press(&mut h, Modifiers::NONE, Key::N);
    press(&mut h, Modifiers::ALT, Key::Num1);
    assert!(gold(&h).is_empty(), "{:?}", gold(&h));
    let after = h.state().state.project().unwrap().annotation_count();
    assert_eq!(after, before);
    assert_eq!(h.state().state.reader.selection, None, "N walked nothing");
    // The same A in review mode accepts the agreed spans.
    press(&mut h, Modifiers::NONE, Key::F2);
    press(&mut h, Modifiers::NONE, Key::A);
    assert!(!gold(&h).is_empty());
}

#[test]
fn walk_disagreements_with_the_keyboard_and_build_the_gold_layer() {
    let dir = tempfile::tempdir().unwrap();
    let path = project_file(dir.path());
    let mut h = harness(&path, ScriptedDialogs::default());
    press(&mut h, Modifiers::NONE, Key::F2);
    assert!(h.state().state.review_mode);
    // First disagreement: the attribution boundary conflict at the start of the text.
    press(&mut h, Modifiers::NONE, Key::N);
    let sel = h.state().state.reader.selection.unwrap().span();
    assert_eq!(
        sel,
        span("Pakistan Information Minister Attaullah Tarar confirmed")
    );
    // Accept ben's (the second annotator's) shorter version.
    press(&mut h, Modifiers::ALT, Key::Num2);
    assert_eq!(
        gold(&h),
        [(at("Attaullah"), at(" the talks"), "attribution".into(), 1)]
    );
    // Next: the label conflict on "Dozens"; accept amira's.
    press(&mut h, Modifiers::NONE, Key::N);
    assert_eq!(
        h.state().state.reader.selection.unwrap().span(),
        span("Dozens")
    );
    press(&mut h, Modifiers::ALT, Key::Num1);
    // Then the span only amira has: draw a corrected gold span with a label key instead.
    press(&mut h, Modifiers::NONE, Key::N);
    assert_eq!(
        h.state().state.reader.selection.unwrap().span(),
        span("【Kabul】")
    );
    press(&mut h, Modifiers::NONE, Key::Num4);
    // Shift+N goes back.
    press(&mut h, Modifiers::SHIFT, Key::N);
    assert_eq!(
        h.state().state.reader.selection.unwrap().span(),
        span("Dozens")
    );
    // A accepts every agreed span ("failed").
    press(&mut h, Modifiers::NONE, Key::A);
    let g = gold(&h);
    assert!(
        g.contains(&(at("Dozens"), at(" died"), "figure".into(), 1)),
        "{g:?}"
    );
    assert!(
        g.contains(&(at("failed"), at("”."), "quote".into(), 2)),
        "{g:?}"
    );
    assert!(
        g.iter()
            .any(|(s, e, l, _)| (*s, *e) == (at("【"), at(" said")) && l == "attribution"),
        "{g:?}"
    );
    assert_eq!(g.len(), 4);
    // Colleagues' spans cannot be changed in review mode.
    let before = h.state().state.project().unwrap().annotation_count();
    press(&mut h, Modifiers::NONE, Key::Tab);
    press(&mut h, Modifiers::NONE, Key::Delete);
    let selected_is_gold = h
        .state()
        .state
        .selected_annotation()
        .is_some_and(|a| a.annotator == "gold");
    let after = h.state().state.project().unwrap().annotation_count();
    assert_eq!(after, if selected_is_gold { before - 1 } else { before });
}

#[test]
fn export_from_the_window_writes_the_chosen_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = project_file(dir.path());
    let out = dir.path().join("out.jsonl");
    let mut h = harness(&path, ScriptedDialogs::default().answer(vec![out.clone()]));
    press(&mut h, Modifiers::COMMAND, Key::E);
    h.get_by_label("Export…").click();
    h.run();
    for _ in 0..100 {
        if out.exists() && !h.state().export.is_running() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
        h.run();
    }
    let text = std::fs::read_to_string(&out).expect("export written");
    let first: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert_eq!(first["text"], TEXT);
    let labels = first["label"].as_array().unwrap();
    assert_eq!(labels.len(), 7);
    // Python's text[start:end] for every span.
    for l in labels {
        let (s, e) = (
            l[0].as_u64().unwrap() as usize,
            l[1].as_u64().unwrap() as usize,
        );
        assert!(marginalia::text::slice_chars(TEXT, s, e).is_some());
    }
    assert!(
        h.state()
            .state
            .status
            .as_ref()
            .unwrap()
            .text
            .starts_with("Exported 1 documents")
    );
}

#[test]
fn merge_from_a_colleagues_copy_adds_their_spans_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = project_file(dir.path());
    // A colleague's copy with one more span of theirs.
    let theirs = dir.path().join("theirs.ron");
    std::fs::copy(&path, &theirs).unwrap();
    {
        let mut s = Session::open(&theirs).unwrap();
        s.apply(Edit::AddAnnotation(Annotation::new(
            AnnotationId(900),
            DOC,
            span("Kabul"),
            "figure",
            "chen",
        )))
        .unwrap();
        s.save().unwrap();
        s.close();
    }
    let dialogs = ScriptedDialogs::default()
        .answer(vec![theirs.clone()])
        .answer(vec![theirs]);
    let mut h = harness(&path, dialogs);
    let before = h.state().state.project().unwrap().annotation_count();
    press(&mut h, Modifiers::COMMAND, Key::M);
    assert_eq!(
        h.state().state.project().unwrap().annotation_count(),
        before + 1
    );
    press(&mut h, Modifiers::COMMAND, Key::M);
    assert_eq!(
        h.state().state.project().unwrap().annotation_count(),
        before + 1,
        "merging twice changes nothing"
    );
}

/// amira and ben tag the same quote and source; only amira links them.
fn linked_project_file(dir: &Path) -> PathBuf {
    let path = dir.join("linked.ron");
    let mut s = Session::create(&path, Project::new("links")).unwrap();
    s.apply(Edit::AddDocument(Document::new(DOC, "Talks", "", TEXT)))
        .unwrap();
    for (base, who) in [(200, "amira"), (300, "ben")] {
        for (id, needle, label) in [
            (base + 1, "Attaullah Tarar", "attribution"),
            (base + 2, "“failed”", "quote"),
        ] {
            s.apply(Edit::AddAnnotation(Annotation::new(
                AnnotationId(id),
                DOC,
                span(needle),
                label,
                who,
            )))
            .unwrap();
        }
        s.apply(Edit::SetDone {
            annotator: who.into(),
            document: DOC,
            done: true,
        })
        .unwrap();
    }
    let link = s
        .project()
        .link_edit(AnnotationId(202), AnnotationId(201))
        .unwrap();
    s.apply(link).unwrap();
    s.save().unwrap();
    s.close();
    path
}

#[test]
fn accepting_the_linked_version_in_review_mode_links_the_gold_spans() {
    let dir = tempfile::tempdir().unwrap();
    let path = linked_project_file(dir.path());
    let mut h = harness(&path, ScriptedDialogs::default());
    press(&mut h, Modifiers::NONE, Key::F2);
    assert!(h.state().state.review_mode);
    // The panel shows each version's source, and says so when there is none.
    h.get_by_label_contains("amira: quote ““failed”” · source: attribution “Attaullah Tarar”");
    h.get_by_label_contains("ben: quote ““failed”” · no source");
    h.get_by_label_contains("link conflict");
    // A takes the agreed source; N goes to the link conflict on the quote.
    press(&mut h, Modifiers::NONE, Key::A);
    assert_eq!(gold(&h).len(), 1);
    press(&mut h, Modifiers::NONE, Key::N);
    assert_eq!(
        h.state().state.reader.selection.unwrap().span(),
        span("“failed”")
    );
    // Alt+1: amira's version, with her link.
    press(&mut h, Modifiers::ALT, Key::Num1);
    let p = h.state().state.project().unwrap();
    let links: Vec<_> = p
        .links()
        .map(|l| {
            let (from, to) = (p.annotation(l.from).unwrap(), p.annotation(l.to).unwrap());
            (
                from.annotator.as_str(),
                from.span(),
                to.annotator.as_str(),
                to.span(),
            )
        })
        .filter(|l| l.0 == "gold")
        .collect();
    assert_eq!(
        links,
        [("gold", span("“failed”"), "gold", span("Attaullah Tarar"))]
    );
    // Undo takes the whole decision back, link included.
    press(&mut h, Modifiers::COMMAND, Key::Z);
    let p = h.state().state.project().unwrap();
    assert_eq!(p.link_count(), 1, "only amira's own link is left");
    // The dashboard gives link F1 beside span F1: amira's one link, none of ben's.
    press(&mut h, Modifiers::NONE, Key::F3);
    h.get_by_label("Link F1");
    h.get_by_label("0.000 (0 of 1/0 links agree)");
    h.get_by_label("Span F1, exact");
}

#[test]
fn a_colleagues_copy_at_the_same_revision_shows_its_own_disagreements() {
    let dir = tempfile::tempdir().unwrap();
    let ours = project_file(dir.path());
    // The colleague's copy: ben agrees on the figure, so one disagreement fewer.
    let theirs = dir.path().join("theirs.ron");
    let mut s = Session::open_for_command(&ours, "test").unwrap();
    let claim = (s.project().annotations_in(DOC))
        .find(|a| a.annotator == "ben" && a.label == "claim")
        .unwrap()
        .clone();
    let mut figure = claim.clone();
    figure.label = "figure".into();
    s.apply(Edit::ReplaceAnnotation {
        before: claim,
        after: figure,
    })
    .unwrap();
    s.save_as(&theirs, false).unwrap();
    drop(s);

    let mut h = harness(&ours, ScriptedDialogs::default());
    press(&mut h, Modifiers::NONE, Key::F2);
    let count = |h: &mut Harness<'_, MarginaliaApp>| {
        let c = marginalia::ui::review::comparison(h.state_mut()).unwrap();
        c.items
            .iter()
            .filter(|i| i.verdict.is_disagreement())
            .count()
    };
    let before = count(&mut h);
    h.state_mut().state.open(&theirs);
    h.run();
    assert_eq!(
        h.state().state.project().unwrap().revision(),
        0,
        "both just opened"
    );
    assert_eq!(
        count(&mut h),
        before - 1,
        "the comparison is the new project's"
    );
}
