//! The part-4 "done when", through the real window: an analyst opens a seed article of the
//! corpus (`projects/corpus/000_…`, a real news article with curly quotes and an ellipsis),
//! tags every quote and its source, links each quote to its source (half by mouse, half by
//! keyboard), splits the quote that skips the ellipsis, opens "who said what", and exports
//! brat and doccano files that carry every link. Nothing here is set up behind the
//! window's back: spans, links and the split are all made with drags, clicks and keys.
use std::path::{Path, PathBuf};

use crate::window::{click, drag, key, source_of};
use eframe::egui::{self, Key, Modifiers, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use marginalia::export::{ExportOptions, Format, export};
use marginalia::import::import_paths;
use marginalia::model::{AnnotationId, DocId, Project, Span};
use marginalia::session::Session;
use marginalia::text::slice_chars;
use marginalia::ui::MarginaliaApp;
use marginalia::ui::dialogs::ScriptedDialogs;

use crate::window;

const ARTICLE: &str = "projects/corpus/000_7bc1ca0ca58bf01c.txt";

/// How the quote is linked: by clicking its source, or with Tab / Enter.
#[derive(Clone, Copy, Debug)]
enum Hand {
    Mouse,
    Keyboard,
}

/// Every quoted passage of the article, the source it is attributed to (`nth` occurrence of
/// that text, from 0) and how the test links it. The passage that skips words with “…” is
/// the split quote: its second piece is added with Alt+drag.
struct Quote {
    pieces: &'static [&'static str],
    source: (&'static str, usize),
    hand: Hand,
}

const QUOTES: &[Quote] = &[
    Quote {
        pieces: &["obliterate"],
        source: ("Pakistan’s defense minister", 0),
        hand: Hand::Mouse,
    },
    Quote {
        pieces: &["workable solution,"],
        source: ("Pakistan Information Minister Attaullah Tarar", 0),
        hand: Hand::Keyboard,
    },
    Quote {
        pieces: &[
            "Pakistan does not require to employ even a fraction of its full arsenal to \
             completely obliterate the Taliban regime and push them back to the caves for hiding.",
        ],
        source: ("Pakistan Defense Minister Khawaja Asif", 0),
        hand: Hand::Mouse,
    },
    Quote {
        pieces: &[
            "The Afghan side kept deviating from the core issue",
            "on which the dialogue process was initiated,",
        ],
        source: ("Pakistan’s information minister", 0),
        hand: Hand::Keyboard,
    },
    Quote {
        pieces: &["blame game."],
        source: ("Pakistan’s information minister", 0),
        hand: Hand::Mouse,
    },
    Quote {
        pieces: &["The dialogue thus failed to bring about any workable solution."],
        source: ("He", 0),
        hand: Hand::Keyboard,
    },
    Quote {
        pieces: &["tense exchanges"],
        source: ("An Afghan source privy to the talks", 0),
        hand: Hand::Mouse,
    },
    Quote {
        pieces: &["open war."],
        source: ("Pakistan’s defense minister", 1),
        hand: Hand::Keyboard,
    },
];

struct Article {
    text: String,
    doc: DocId,
}

impl Article {
    /// Code-point span of the `nth` occurrence of `needle` (whole words only, so "He" is
    /// not found inside "The").
    fn span(&self, needle: &str, nth: usize) -> Span {
        let t = &self.text;
        let byte = t
            .match_indices(needle)
            .map(|(b, _)| b)
            .filter(|&b| {
                let before = t[..b].chars().next_back();
                let after = t[b + needle.len()..].chars().next();
                !before.is_some_and(char::is_alphanumeric)
                    && !after.is_some_and(char::is_alphanumeric)
            })
            .nth(nth)
            .unwrap_or_else(|| panic!("{needle:?} #{nth} not in the article"));
        let start = t[..byte].chars().count();
        Span::new(start, start + needle.chars().count())
    }
}

/// A new project holding the seed article, imported the way `marginalia import` does it.
fn project_with_the_article(dir: &Path) -> (PathBuf, Article) {
    let path = dir.join("seed.ron");
    let mut s = Session::create(&path, Project::new("seed")).unwrap();
    let report = import_paths(s.project(), &[PathBuf::from(ARTICLE)]);
    assert!(report.refused.is_empty(), "{:?}", report.refused);
    s.apply(report.batch().expect("one article")).unwrap();
    s.save().unwrap();
    let doc = report.added[0].id;
    let text = s.project().document(doc).unwrap().text.clone();
    s.close();
    (path, Article { text, doc })
}

fn harness(path: &Path) -> Harness<'static, MarginaliaApp> {
    // Tall enough for the whole article, so every span is on screen without scrolling.
    let builder = window::builder([1400.0, 1800.0])
        // Tab scrolls the reader to the span it selects, with egui's scroll animation.
        .with_max_steps(64);
    window::start(
        builder,
        window::named("dana"),
        ScriptedDialogs::default(),
        Some(path.to_owned()),
    )
}

/// Screen position of the left edge of code point `c`, nudged inside it.
fn pos(h: &mut Harness<'_, MarginaliaApp>, doc: DocId, c: usize) -> Pos2 {
    let p = h
        .state_mut()
        .reader
        .screen_pos_of(doc, c)
        .expect("laid out")
        + egui::vec2(1.0, 0.0);
    assert!(p.y < 1780.0, "code point {c} is off screen at {p:?}");
    p
}

/// Drags over `span` (holding `modifiers`), the way a hand does: press, move, release.
fn drag_over(h: &mut Harness<'_, MarginaliaApp>, doc: DocId, span: Span, modifiers: Modifiers) {
    let (a, b) = (pos(h, doc, span.start), pos(h, doc, span.end));
    drag(h, a, b, modifiers);
}

/// The annotation covering exactly `span` (its first piece for a split one).
fn annotation_at(h: &Harness<'_, MarginaliaApp>, doc: DocId, span: Span) -> Option<AnnotationId> {
    let p = h.state().state.project().unwrap();
    p.annotations_in(doc)
        .find(|a| a.spans().next() == Some(span))
        .map(|a| a.id)
}

/// Selects `span` with the mouse and tags it with the label's number key.
fn tag(h: &mut Harness<'_, MarginaliaApp>, doc: DocId, span: Span, label_key: Key) -> AnnotationId {
    if let Some(id) = annotation_at(h, doc, span) {
        return id; // a source shared by two quotes is tagged once
    }
    drag_over(h, doc, span, Modifiers::NONE);
    let sel = h
        .state()
        .state
        .reader
        .selection
        .expect("a selection")
        .span();
    assert_eq!(sel, span, "the drag selected exactly the passage");
    key(h, label_key);
    annotation_at(h, doc, span).expect("tagged")
}

/// Links the selected-or-clicked `quote` to `source`, by mouse or by keyboard.
fn link(
    h: &mut Harness<'_, MarginaliaApp>,
    doc: DocId,
    quote: (AnnotationId, Span),
    source: (AnnotationId, Span),
    hand: Hand,
) {
    match hand {
        Hand::Mouse => {
            let p = pos(h, doc, quote.1.start + 1);
            click(h, p);
            assert_eq!(h.state().state.reader.selected, Some(quote.0));
            key(h, Key::L);
            let p = pos(h, doc, source.1.start + 1);
            click(h, p);
        }
        Hand::Keyboard => {
            // Escape, then Tab through the spans to the quote, L, Tab to its source, Enter.
            key(h, Key::Escape);
            let mut tabs = 0;
            while h.state().state.reader.selected != Some(quote.0) {
                key(h, Key::Tab);
                tabs += 1;
                assert!(tabs < 40, "Tab never reached the quote");
            }
            key(h, Key::L);
            let mut tabs = 0;
            loop {
                key(h, Key::Tab);
                if h.state().state.reader.selected == Some(source.0) {
                    break;
                }
                tabs += 1;
                assert!(tabs < 40, "Tab in link mode never reached the source");
            }
            key(h, Key::Enter);
        }
    }
    assert_eq!(h.state().state.reader.linking, None, "link mode ended");
}

#[test]
fn every_quote_of_the_seed_article_is_linked_to_its_source_and_exported() {
    let dir = tempfile::tempdir().unwrap();
    let (path, article) = project_with_the_article(dir.path());
    let doc = article.doc;
    let mut h = harness(&path);

    let mut expected = Vec::new();
    for q in QUOTES {
        let source_span = article.span(q.source.0, q.source.1);
        let source = tag(&mut h, doc, source_span, Key::Num4);
        let first = article.span(q.pieces[0], 0);
        let quote = tag(&mut h, doc, first, Key::Num2);
        for piece in &q.pieces[1..] {
            // The quote is selected after tagging; Alt+drag adds the other piece to it.
            assert_eq!(h.state().state.reader.selected, Some(quote));
            drag_over(&mut h, doc, article.span(piece, 0), Modifiers::ALT);
        }
        link(&mut h, doc, (quote, first), (source, source_span), q.hand);
        assert_eq!(
            source_of(&h, quote),
            Some(source),
            "{:?} linked",
            q.pieces[0]
        );
        expected.push((quote, source, q));
    }

    // The split quote is one annotation with both pieces, in text order.
    let project = h.state().state.project().unwrap();
    let split = project.annotation(expected[3].0).unwrap();
    let pieces: Vec<&str> = split
        .spans()
        .map(|s| slice_chars(&article.text, s.start, s.end).unwrap())
        .collect();
    assert_eq!(pieces, QUOTES[3].pieces);
    // Every quote of the article is linked; 8 quotes and 7 sources, nothing else.
    let quotes: Vec<_> = (project.annotations_in(doc))
        .filter(|a| a.label == "quote")
        .collect();
    assert!(quotes.iter().all(|a| project.source_link(a.id).is_some()));
    assert_eq!(quotes.len(), 8);
    assert_eq!(project.annotations_in(doc).count(), 15);

    // Who said what: the defence minister said two things in two mentions, the
    // information minister two things in one.
    key(&mut h, Key::F4);
    h.get_by_label_contains(
        "Pakistan’s defense minister — 2 attributed · 2 mentions in 1 document",
    );
    h.get_by_label_contains(
        "Pakistan’s information minister — 2 attributed · 1 mention in 1 document",
    );
    h.get_by_label_contains("An Afghan source privy to the talks — 1 attributed");
    // The defence minister's two mentions are in one document, tagged by one annotator.
    assert!(
        h.query_by_label_contains("(dana, dana)").is_none(),
        "each name once"
    );

    // Exports carry every link: brat R lines and a discontinuous T line, doccano relations.
    let project = h.state().state.project().unwrap().clone();
    let brat = dir.path().join("brat");
    let report = export(
        &project,
        &ExportOptions::new(Format::Brat),
        &brat,
        &mut |_, _| {},
    )
    .unwrap();
    assert_eq!((report.spans, report.links, report.split_spans), (15, 8, 1));
    let ann = std::fs::read_to_string(brat.join(format!("{}.ann", brat_name(&brat)))).unwrap();
    assert_eq!(ann.lines().filter(|l| l.starts_with('T')).count(), 15);
    assert_eq!(ann.lines().filter(|l| l.starts_with('R')).count(), 8);
    let split_line = ann
        .lines()
        .find(|l| l.contains("The Afghan side"))
        .expect("the split quote's T line");
    assert!(split_line.contains(';'), "discontinuous: {split_line}");

    let doccano = dir.path().join("seed.doccano.jsonl");
    export(
        &project,
        &ExportOptions::new(Format::Doccano),
        &doccano,
        &mut |_, _| {},
    )
    .unwrap();
    let line: serde_json::Value =
        serde_json::from_str(std::fs::read_to_string(&doccano).unwrap().trim()).unwrap();
    let text = line["text"].as_str().unwrap();
    let entity_text = |id: &serde_json::Value| {
        let e = line["entities"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| &e["id"] == id)
            .expect("relation end among the entities");
        let (s, e) = (
            e["start_offset"].as_u64().unwrap(),
            e["end_offset"].as_u64().unwrap(),
        );
        slice_chars(text, s as usize, e as usize)
            .unwrap()
            .to_owned()
    };
    let mut relations: Vec<(String, String)> = line["relations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (entity_text(&r["from_id"]), entity_text(&r["to_id"])))
        .collect();
    relations.sort();
    let mut want: Vec<(String, String)> = QUOTES
        .iter()
        // doccano has no split spans: a split quote's link starts at its first piece.
        .map(|q| (q.pieces[0].to_owned(), q.source.0.to_owned()))
        .collect();
    want.sort();
    assert_eq!(
        relations, want,
        "doccano relations, as (quote, source) texts"
    );

    // Closing the window loses nothing: the reopened project has every link.
    drop(h);
    let reopened = Session::open(&path).unwrap();
    for (quote, source, q) in &expected {
        let link = reopened.project().source_link(*quote);
        assert_eq!(
            link.map(|l| l.to),
            Some(*source),
            "{:?} after reopening",
            q.pieces[0]
        );
    }
}

/// The single document's file stem in a brat folder.
fn brat_name(dir: &Path) -> String {
    let txt = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "txt"))
        .expect("a .txt in the brat folder");
    txt.file_stem().unwrap().to_string_lossy().into_owned()
}
