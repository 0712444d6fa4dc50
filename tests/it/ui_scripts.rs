//! Every script exact, in the real app: right-to-left paragraphs (Urdu, Pashto, Persian,
//! Arabic, Hebrew), mixed-direction lines, Chinese and emoji (tests/data/scripts). A
//! double-click on any word stores that word; a drag along a line stores that line; the
//! order every line is drawn in equals an independent UAX #9 implementation's.
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use eframe::egui::{self, Modifiers, Pos2, Rect};
use egui_kittest::Harness;
use marginalia::model::{DocId, Document, Edit, Project};
use marginalia::session::Session;
use marginalia::text::bidi::Direction;
use marginalia::text::{TextIndex, slice_chars};
use marginalia::ui::MarginaliaApp;
use unicode_segmentation::UnicodeSegmentation;

use crate::window;

/// The test texts, written for these tests: news paragraphs with digits and Latin names.
pub const TEXTS: &[(&str, &str)] = &[
    ("Urdu", include_str!("../data/scripts/urdu.txt")),
    ("Pashto", include_str!("../data/scripts/pashto.txt")),
    ("Persian", include_str!("../data/scripts/persian.txt")),
    ("Arabic", include_str!("../data/scripts/arabic.txt")),
    ("Hebrew", include_str!("../data/scripts/hebrew.txt")),
    (
        "Mixed directions",
        include_str!("../data/scripts/mixed.txt"),
    ),
    ("Chinese", include_str!("../data/scripts/chinese.txt")),
    ("Emoji", include_str!("../data/scripts/emoji.txt")),
];

fn doc_id(k: usize) -> DocId {
    DocId(k as u64 + 1)
}

/// A project with one document per test text.
pub fn project_file(dir: &Path) -> PathBuf {
    let path = dir.join("scripts.ron");
    let mut s = Session::create(&path, Project::new("scripts")).unwrap();
    for (k, (title, text)) in TEXTS.iter().enumerate() {
        s.apply(Edit::AddDocument(Document::new(
            doc_id(k),
            *title,
            "tests/data/scripts",
            *text,
        )))
        .unwrap();
    }
    s.save().unwrap();
    s.close();
    path
}

/// The app showing test text `k`, fully laid out. Frames are 0.12 s apart: the two clicks
/// of a double-click (two frames) come within egui's 0.3 s, and the next word's clicks
/// (three frames later at least) do not make a triple-click of them.
fn open_at(path: &Path, k: usize) -> Harness<'static, MarginaliaApp> {
    let mut h = window::start(
        window::builder([1100.0, 900.0]).with_step_dt(0.12),
        window::named("ada"),
        marginalia::ui::dialogs::ScriptedDialogs::default(),
        Some(path.to_owned()),
    );
    h.state_mut().state.current = Some(doc_id(k));
    h.run();
    h
}

/// Every segment of `text` a double-click selects (UAX #29 words, numbers, punctuation,
/// emoji), white space aside: code-point ranges.
fn words(text: &str) -> Vec<(usize, usize)> {
    let idx = TextIndex::new(text);
    (text.split_word_bound_indices())
        .filter(|(_, w)| !w.trim().is_empty())
        .map(|(b, w)| {
            let s = idx.char_of(text, b).unwrap();
            (s, s + w.chars().count())
        })
        .collect()
}

fn boxes(h: &mut Harness<'_, MarginaliaApp>, k: usize, a: usize, b: usize) -> Vec<Rect> {
    h.state_mut().reader.screen_boxes(doc_id(k), a, b)
}

fn selection(h: &Harness<'_, MarginaliaApp>) -> Option<(usize, usize)> {
    let sel = h.state().state.reader.selection?;
    Some((sel.span().start, sel.span().end))
}

#[test]
fn a_double_click_on_any_word_of_any_script_stores_that_word() {
    let dir = tempfile::tempdir().unwrap();
    let path = project_file(dir.path());
    let mut failures = Vec::new();
    let mut checked = 0;
    for (k, (title, text)) in TEXTS.iter().enumerate() {
        let mut h = open_at(&path, k);
        for (s, e) in words(text) {
            let word = slice_chars(text, s, e).unwrap();
            let widest = boxes(&mut h, k, s, e)
                .into_iter()
                .max_by(|a, b| a.width().total_cmp(&b.width()));
            let Some(r) = widest else {
                failures.push(format!("{title}: {word:?} [{s},{e}) is not drawn"));
                continue;
            };
            h.hover_at(r.center());
            h.run();
            window::clicks(&mut h, r.center(), 2);
            checked += 1;
            let got = selection(&h);
            if got != Some((s, e)) {
                let shown = got.and_then(|(a, b)| slice_chars(text, a, b));
                failures.push(format!(
                    "{title}: double-click on {word:?} [{s},{e}) stored {got:?} = {shown:?}"
                ));
            }
        }
    }
    assert!(checked > 300, "only {checked} words");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Where a drag along laid-out line `range` presses and releases: a fifth inside its first
/// grapheme from that grapheme's reading-start edge, and a fifth inside its last (white
/// space aside) from that one's reading-end edge. Each edge is on the side its own run
/// reads from: the right in right-to-left runs. Returns the end of the line without its
/// trailing white space too.
fn line_ends(
    h: &mut Harness<'_, MarginaliaApp>,
    k: usize,
    text: &str,
    range: (usize, usize),
) -> (Pos2, Pos2, usize) {
    let chars: Vec<char> = text.chars().collect();
    let mut end = range.1;
    while end > range.0 && chars[end - 1].is_whitespace() {
        end -= 1;
    }
    let mut inside = |c: usize, from_start: bool| {
        let r = boxes(h, k, c, c + 1)[0];
        let rtl = h.state_mut().reader.is_rtl_at(doc_id(k), c);
        let x = if rtl == from_start {
            r.max.x - 0.2 * r.width()
        } else {
            r.min.x + 0.2 * r.width()
        };
        egui::pos2(x, r.center().y)
    };
    (inside(range.0, true), inside(end - 1, false), end)
}

#[test]
fn a_drag_along_any_line_stores_exactly_that_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = project_file(dir.path());
    let mut failures = Vec::new();
    let mut lines_checked = 0;
    for (k, (title, text)) in TEXTS.iter().enumerate() {
        let mut h = open_at(&path, k);
        let lines = h.state().reader.visual_lines(doc_id(k));
        for (range, _, _) in lines {
            for modifiers in [Modifiers::NONE, Modifiers::COMMAND] {
                let (a, b, end) = line_ends(&mut h, k, text, (range.start, range.end));
                h.key_press(egui::Key::Escape);
                h.run();
                window::drag(&mut h, a, b, modifiers);
                let got = selection(&h);
                lines_checked += 1;
                if got != Some((range.start, end)) {
                    failures.push(format!(
                        "{title} ({modifiers:?}): drag over line {:?} stored {got:?} = {:?}",
                        slice_chars(text, range.start, end),
                        got.and_then(|(s, e)| slice_chars(text, s, e))
                    ));
                }
            }
        }
    }
    assert!(lines_checked >= 2 * TEXTS.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Whether python3 with python-bidi's pure-Python UAX #9 is here. CI installs it (see
/// .ci/run), so there its absence fails the test instead of skipping it.
fn reference_available() -> bool {
    let ok = Command::new("python3")
        .args(["-c", "import bidi.algorithm"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok && std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("python3 with python-bidi is needed: python3 -m pip install python-bidi");
    }
    if !ok {
        eprintln!(
            "skipped: python3 with python-bidi not found (python3 -m pip install python-bidi)"
        );
    }
    ok
}

/// The reference order of `lines` (paragraph-relative ranges) of each paragraph.
fn reference_orders(paragraphs: &serde_json::Value) -> Vec<Vec<Vec<usize>>> {
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/python/bidi_reference.py"
    );
    let mut child = Command::new("python3")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 runs");
    let input = serde_json::to_vec(paragraphs).unwrap();
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), &input).unwrap();
    drop(child.stdin.take());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "bidi_reference.py failed");
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn every_line_is_drawn_in_the_order_of_an_independent_uax9() {
    if !reference_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = project_file(dir.path());
    let mut compared = 0;
    // Two widths, so that lines break at different places.
    for width in [1100.0, 640.0] {
        let mut h = window::open_as(&path, "ada", [width, 900.0]);
        for (k, (title, text)) in TEXTS.iter().enumerate() {
            h.state_mut().state.current = Some(doc_id(k));
            h.run();
            let lines = h.state().reader.visual_lines(doc_id(k));
            // Group the lines by paragraph, in paragraph-relative offsets.
            let mut paragraphs = Vec::new();
            let mut mine = Vec::new();
            let mut start = 0;
            for para in text.split('\n') {
                let end = start + para.chars().count();
                let inside: Vec<_> = (lines.iter())
                    .filter(|(r, _, _)| start <= r.start && r.end <= end && !r.is_empty())
                    .collect();
                if let Some((_, dir, _)) = inside.first() {
                    let ranges: Vec<[usize; 2]> = (inside.iter())
                        .map(|(r, _, _)| [r.start - start, r.end - start])
                        .collect();
                    paragraphs.push(serde_json::json!({
                        "text": para, "rtl": dir.is_rtl(), "lines": ranges,
                    }));
                    mine.push(
                        (inside.iter())
                            .map(|(_, _, o)| o.iter().map(|c| c - start).collect::<Vec<_>>())
                            .collect::<Vec<_>>(),
                    );
                }
                start = end + 1;
            }
            let reference = reference_orders(&serde_json::Value::Array(paragraphs.clone()));
            for (p, (ours, theirs)) in mine.iter().zip(&reference).enumerate() {
                let para = paragraphs[p]["text"].as_str().unwrap();
                let chars: Vec<char> = para.chars().collect();
                for (ours, theirs) in ours.iter().zip(theirs) {
                    // Rule X9 removes format characters (ZWJ, ZWNJ): compare the rest.
                    let kept: Vec<usize> = (ours.iter().copied())
                        .filter(|c| theirs.contains(c))
                        .collect();
                    let show = |o: &[usize]| o.iter().map(|&c| chars[c]).collect::<String>();
                    assert_eq!(
                        show(&kept),
                        show(theirs),
                        "{title} at width {width}: drawn order (left) differs from UAX #9 (right)"
                    );
                    assert_eq!(&kept, theirs, "{title}: same characters, other offsets");
                    compared += 1;
                }
            }
        }
    }
    assert!(compared >= 20, "only {compared} lines compared");
}

#[test]
fn the_text_direction_of_a_document_can_be_chosen_undone_and_saved() {
    let dir = tempfile::tempdir().unwrap();
    let path = project_file(dir.path());
    let mixed = TEXTS
        .iter()
        .position(|(t, _)| *t == "Mixed directions")
        .unwrap();
    let mut h = open_at(&path, mixed);
    let directions = |h: &Harness<'_, MarginaliaApp>| -> Vec<Direction> {
        let lines = h.state().reader.visual_lines(doc_id(mixed));
        lines.into_iter().map(|(_, d, _)| d).collect()
    };
    // Automatic: each paragraph from its first strong letter (English, Arabic, English).
    let auto = directions(&h);
    assert!(auto.contains(&Direction::Ltr) && auto.contains(&Direction::Rtl));
    let x_of_first = |h: &mut Harness<'_, MarginaliaApp>| {
        h.state_mut().reader.screen_boxes(doc_id(mixed), 0, 1)[0]
    };
    let left = x_of_first(&mut h);
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, egui::Key::X);
    h.run();
    assert!(directions(&h).iter().all(|d| *d == Direction::Rtl));
    // "Minister" now starts at the right of its line.
    assert!(x_of_first(&mut h).min.x > left.min.x + 100.0);
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(
        directions(&h),
        auto,
        "undo restores the automatic direction"
    );
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::Y);
    h.run();
    window::save(&mut h);
    drop(h);
    let reopened = Session::open(&path).unwrap();
    let doc = reopened.project().document(doc_id(mixed)).unwrap();
    assert_eq!(doc.direction, Some(Direction::Rtl));
    // Documents left automatic do not write the field: files stay as they were.
    let file = std::fs::read_to_string(&path).unwrap();
    assert_eq!(file.matches("direction: ").count(), 1, "{file}");
}

#[test]
fn the_caret_at_the_end_of_a_right_to_left_paragraph_stands_at_its_left_end() {
    let dir = tempfile::tempdir().unwrap();
    let path = project_file(dir.path());
    let urdu = TEXTS.iter().position(|(t, _)| *t == "Urdu").unwrap();
    let text = TEXTS[urdu].1;
    let mut h = open_at(&path, urdu);
    let end = text[..text.find('\n').unwrap()].chars().count();
    let last = boxes(&mut h, urdu, end - 1, end)[0];
    let next = boxes(&mut h, urdu, end + 2, end + 3)[0];
    let caret = h
        .state_mut()
        .reader
        .screen_pos_of(doc_id(urdu), end)
        .unwrap();
    // On the paragraph's last line, at the left of its last character (the full stop).
    assert!(
        caret.y < next.min.y && caret.y > last.min.y,
        "{caret:?} {last:?} {next:?}"
    );
    assert!((caret.x - last.min.x).abs() < 1.0, "{caret:?} {last:?}");
}
