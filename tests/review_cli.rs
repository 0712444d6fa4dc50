//! `marginalia merge` and `marginalia agree`, run in-process on temporary project files.
use std::path::Path;
use std::process::ExitCode;

use clap::Parser;
use marginalia::cli::agree::{AgreeArgs, agree};
use marginalia::cli::{self, Cli, Outcome};
use marginalia::model::{Annotation, AnnotationId, DocId, Document, Edit, Project, Span};
use marginalia::session::Session;
use marginalia::store;

const TEXT: &str = "“Peace is near,” said 【Minister】 Ana Café — e\u{301} 👍🏽 on 12 May.";

/// A copy of the project in which `who` tagged `spans` and marked the document done.
fn copy(
    dir: &Path,
    file: &str,
    who: &str,
    spans: &[(u64, usize, usize, &str, &str)],
) -> std::path::PathBuf {
    let mut p = Project::new("peace");
    p.apply(&Edit::AddDocument(Document::new(
        DocId(1),
        "Peace",
        "peace.txt",
        TEXT,
    )))
    .unwrap();
    for &(id, start, end, label, modified) in spans {
        let mut a = Annotation::new(
            AnnotationId(id),
            DocId(1),
            Span::new(start, end),
            label,
            who,
        );
        a.modified = modified.into();
        p.apply(&Edit::AddAnnotation(a)).unwrap();
    }
    p.apply(&Edit::SetDone {
        annotator: who.into(),
        document: DocId(1),
        done: true,
    })
    .unwrap();
    let path = dir.join(file);
    Session::create(&path, p).unwrap();
    path
}

fn run(args: &[&str]) -> ExitCode {
    let cli = Cli::try_parse_from(std::iter::once("marginalia").chain(args.iter().copied()))
        .expect("arguments parse");
    match cli::run(cli) {
        Outcome::Exit(code) => code,
        Outcome::Window(_) => panic!("a subcommand never opens the window"),
    }
}

fn ok(code: ExitCode) -> bool {
    format!("{code:?}") == format!("{:?}", ExitCode::SUCCESS)
}

const T0: &str = "2025-01-01T00:00:00.000Z";

#[test]
fn merge_then_agree_on_two_colleagues_copies() {
    let dir = tempfile::tempdir().unwrap();
    let ours = copy(
        dir.path(),
        "ada.ron",
        "ada",
        &[(1, 0, 15, "quote", T0), (2, 24, 32, "attribution", T0)],
    );
    let theirs = copy(
        dir.path(),
        "ben.ron",
        "ben",
        &[(11, 0, 15, "quote", T0), (12, 23, 33, "quote", T0)],
    );
    let (o, t) = (ours.to_str().unwrap(), theirs.to_str().unwrap());
    assert!(ok(run(&["merge", o, t])));
    let merged = store::load(&ours).unwrap().project;
    assert_eq!(merged.annotators(), ["ada", "ben"]);
    assert!(merged.is_done("ben", DocId(1)));

    let before = std::fs::read(&ours).unwrap();
    assert!(ok(run(&["merge", o, t])), "merging twice succeeds");
    assert_eq!(std::fs::read(&ours).unwrap(), before, "and changes nothing");

    let args = |json| AgreeArgs {
        project: ours.clone(),
        annotators: vec![],
        json,
    };
    let json: serde_json::Value = serde_json::from_str(&agree(&args(true)).unwrap()).unwrap();
    assert_eq!(json["documents"], 1);
    assert_eq!(json["pairs"][0]["span_f1_exact"], 0.5);
    assert!(json["pairs"][0]["cohen_kappa"].as_f64().unwrap() < 1.0);
    let table = agree(&args(false)).unwrap();
    println!("{table}");
    assert!(
        table.contains("ada × ben") && table.contains("Krippendorff"),
        "{table}"
    );
}

#[test]
fn a_merge_that_would_lose_an_edit_needs_prefer_newer() {
    let dir = tempfile::tempdir().unwrap();
    let ours = copy(dir.path(), "ada.ron", "ada", &[(1, 0, 15, "quote", T0)]);
    // The same annotation, relabelled later in the other copy.
    let theirs = copy(
        dir.path(),
        "ada-laptop.ron",
        "ada",
        &[(1, 0, 15, "claim", "2025-02-01T00:00:00.000Z")],
    );
    let (o, t) = (ours.to_str().unwrap(), theirs.to_str().unwrap());
    let before = std::fs::read(&ours).unwrap();
    assert!(!ok(run(&["merge", o, t])));
    assert_eq!(
        std::fs::read(&ours).unwrap(),
        before,
        "nothing written when refused"
    );
    assert!(ok(run(&["merge", "--prefer-newer", o, t])));
    let merged = store::load(&ours).unwrap().project;
    assert_eq!(merged.annotation(AnnotationId(1)).unwrap().label, "claim");
}

#[test]
fn agree_explains_bad_annotator_choices_and_merge_bad_files() {
    let dir = tempfile::tempdir().unwrap();
    let ours = copy(dir.path(), "ada.ron", "ada", &[(1, 0, 15, "quote", T0)]);
    let args = |names: &[&str]| AgreeArgs {
        project: ours.clone(),
        annotators: names.iter().map(|s| s.to_string()).collect(),
        json: false,
    };
    assert!(
        agree(&args(&["zoe", "ada"]))
            .unwrap_err()
            .contains("nobody named “zoe”")
    );
    assert!(
        agree(&args(&[]))
            .unwrap_err()
            .contains("at least two annotators")
    );
    let broken = dir.path().join("broken.ron");
    std::fs::write(&broken, "(format_version: 1, documents: [").unwrap();
    let before = std::fs::read(&ours).unwrap();
    assert!(!ok(run(&[
        "merge",
        ours.to_str().unwrap(),
        broken.to_str().unwrap()
    ])));
    assert_eq!(std::fs::read(&ours).unwrap(), before);
}
