//! The window's import and exports with damaged inputs and dangerous targets: the same
//! library calls as the command line, the same messages.
use std::fs;
use std::path::{Path, PathBuf};

use eframe::egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use marginalia::model::{Annotation, AnnotationId, DocId, Document, Edit, Link, Project, Span};
use marginalia::session::Session;
use marginalia::ui::MarginaliaApp;
use marginalia::ui::dialogs::ScriptedDialogs;

use crate::window;

const TEXT: &str = "Talks failed, the minister said: “we will not negotiate”.";

/// A saved project with one linked quote, so the who-said-what view has a row.
fn project(dir: &Path) -> PathBuf {
    let path = dir.join("p.ron");
    let span = |needle: &str| {
        let byte = TEXT.find(needle).unwrap();
        let start = TEXT[..byte].chars().count();
        Span::new(start, start + needle.chars().count())
    };
    let mut s = Session::create(&path, Project::new("p")).unwrap();
    s.apply(Edit::Batch(vec![
        Edit::AddDocument(Document::new(DocId(1), "Talks", "", TEXT)),
        Edit::AddAnnotation(Annotation::new(
            AnnotationId(1),
            DocId(1),
            span("“we will not negotiate”"),
            "quote",
            "ada",
        )),
        Edit::AddAnnotation(Annotation::new(
            AnnotationId(2),
            DocId(1),
            span("the minister said"),
            "attribution",
            "ada",
        )),
        Edit::AddLink(Link::attributed_to(AnnotationId(1), AnnotationId(2))),
    ]))
    .unwrap();
    s.save().unwrap();
    s.close();
    path
}

fn harness(path: &Path, dialogs: ScriptedDialogs) -> Harness<'static, MarginaliaApp> {
    window::start(
        // The reader shows the U+FFFD of a damaged file, which no bundled font has: the
        // app draws a box there (egui's tofu) where the harness would panic.
        window::builder([1300.0, 800.0]).allow_missing_glyphs(),
        window::named("ada"),
        dialogs,
        Some(path.to_owned()),
    )
}

fn status(h: &Harness<'_, MarginaliaApp>) -> (bool, String) {
    let s = h.state().state.status.clone().expect("a status message");
    (s.error, s.text)
}

#[test]
fn import_keeps_damaged_utf8_and_names_legacy_encodings_in_the_status() {
    let dir = tempfile::tempdir().unwrap();
    let path = project(dir.path());
    let damaged = dir.path().join("damaged.txt");
    let mut bytes = "Headline\nPakistan’s minister said “no”."
        .as_bytes()
        .to_vec();
    bytes.push(0xFF);
    fs::write(&damaged, &bytes).unwrap();
    let legacy = dir.path().join("legacy.txt");
    let (cp1252, _, _) = encoding_rs::WINDOWS_1252.encode(
        "Talks in Istanbul\nThe minister said “we will not negotiate” — it’s over, he added.\n",
    );
    fs::write(&legacy, &cp1252).unwrap();
    let dialogs = ScriptedDialogs::default().answer(vec![damaged, legacy]);
    let mut h = harness(&path, dialogs);
    h.key_press_modifiers(Modifiers::COMMAND, Key::I);
    h.run();
    let p = h.state().state.project().unwrap();
    assert_eq!(p.documents().len(), 3);
    assert_eq!(
        p.documents()[1].text,
        "Headline\nPakistan’s minister said “no”.\u{FFFD}"
    );
    assert!(
        p.documents()[2]
            .text
            .contains("“we will not negotiate” — it’s")
    );
    let (error, text) = status(&h);
    assert!(error, "damaged bytes stand out: {text}");
    assert!(
        text.contains("legacy.txt decoded from windows-1252"),
        "{text}"
    );
    let at = bytes.len() - 1;
    assert!(
        text.contains(&format!(
            "damaged.txt: 1 invalid UTF-8 byte sequence replaced by U+FFFD (the replacement character), at byte {at}"
        )),
        "{text}"
    );
}

#[test]
fn import_refuses_an_oversized_file_and_points_to_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = project(dir.path());
    let big = dir.path().join("big.txt");
    fs::File::create(&big)
        .unwrap()
        .set_len((256 << 20) + 1)
        .unwrap();
    let mut h = harness(&path, ScriptedDialogs::default().answer(vec![big]));
    h.key_press_modifiers(Modifiers::COMMAND, Key::I);
    h.run();
    let (error, text) = status(&h);
    assert!(error, "{text}");
    assert!(
        text.contains(
            "larger than the 256 MiB limit for input files; nothing was read. \
                       To read it anyway, use the command line with --force"
        ),
        "{text}"
    );
    assert_eq!(h.state().state.project().unwrap().documents().len(), 1);
}

#[test]
fn the_export_dialog_refuses_the_project_file_before_offering_to_replace_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = project(dir.path());
    let before = fs::read(&path).unwrap();
    let mut h = harness(&path, ScriptedDialogs::default().answer(vec![path.clone()]));
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run();
    h.get_by_label("Export…").click();
    h.run();
    let (error, text) = status(&h);
    assert!(error, "{text}");
    assert!(
        text.starts_with("Export refused: ")
            && text.contains("p.ron belongs to the project")
            && text.contains("(the project file itself)"),
        "{text}"
    );
    assert!(
        h.query_by_label("Replace").is_none(),
        "no offer to replace it"
    );
    assert!(!h.state().export.is_running());
    assert_eq!(fs::read(&path).unwrap(), before);
}

#[test]
fn who_said_what_csv_refuses_the_journal_then_writes_where_asked() {
    let dir = tempfile::tempdir().unwrap();
    let path = project(dir.path());
    let journal = dir.path().join("p.ron.journal");
    let out = dir.path().join("who.csv");
    let dialogs = ScriptedDialogs::default()
        .answer(vec![journal.clone()])
        .answer(vec![out.clone()]);
    let mut h = harness(&path, dialogs);
    h.key_press(Key::F4);
    h.run();
    let journal_before = fs::read(&journal).ok();
    h.get_by_label("Export CSV…").click();
    h.run();
    let (error, text) = status(&h);
    assert!(
        error && text.contains("(its journal of unsaved edits)"),
        "{text}"
    );
    assert_eq!(
        fs::read(&journal).ok(),
        journal_before,
        "the journal is untouched"
    );
    h.get_by_label("Export CSV…").click();
    h.run();
    let written = fs::read_to_string(&out).expect("the CSV is written");
    assert!(written.contains("“we will not negotiate”"), "{written}");
}
