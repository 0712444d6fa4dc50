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
    copy_with_links(dir, file, who, spans, &[])
}

/// The same, with links from content to source (by annotation id).
fn copy_with_links(
    dir: &Path,
    file: &str,
    who: &str,
    spans: &[(u64, usize, usize, &str, &str)],
    links: &[(u64, u64)],
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
    for &(content, source) in links {
        let edit = p
            .link_edit(AnnotationId(content), AnnotationId(source))
            .unwrap();
        p.apply(&edit).unwrap();
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

#[test]
fn merge_brings_links_and_agree_reports_link_f1() {
    let dir = tempfile::tempdir().unwrap();
    // Both tag the quote, the Minister and the date; ben also tags Ana Café.
    let ours = copy_with_links(
        dir.path(),
        "ada.ron",
        "ada",
        &[
            (1, 0, 16, "quote", T0),
            (2, 22, 32, "attribution", T0),
            (3, 53, 59, "figure", T0),
        ],
        &[(1, 2), (3, 2)],
    );
    let theirs = copy_with_links(
        dir.path(),
        "ben.ron",
        "ben",
        &[
            (11, 0, 16, "quote", T0),
            (12, 22, 32, "attribution", T0),
            (13, 53, 59, "figure", T0),
            (14, 33, 41, "attribution", T0),
        ],
        &[(11, 12), (13, 14)],
    );
    let (o, t) = (ours.to_str().unwrap(), theirs.to_str().unwrap());
    assert!(ok(run(&["merge", o, t])));
    let merged = store::load(&ours).unwrap().project;
    assert_eq!(merged.link_count(), 4);
    assert_eq!(
        merged.source_link(AnnotationId(13)).unwrap().to,
        AnnotationId(14)
    );
    let before = std::fs::read(&ours).unwrap();
    assert!(ok(run(&["merge", o, t])));
    assert_eq!(
        std::fs::read(&ours).unwrap(),
        before,
        "merging twice changes nothing"
    );

    let args = |json| AgreeArgs {
        project: ours.clone(),
        annotators: vec![],
        json,
    };
    let json: serde_json::Value = serde_json::from_str(&agree(&args(true)).unwrap()).unwrap();
    assert_eq!(json["links"], serde_json::json!([2, 2]));
    // The quote's link agrees; the date is the Minister's for ada, Ana's for ben.
    let pair = &json["pairs"][0]["link_f1"];
    assert_eq!(pair["agreed"], 1);
    assert_eq!(
        (pair["links_a"].as_u64(), pair["links_b"].as_u64()),
        (Some(2), Some(2))
    );
    assert_eq!(pair["f1"], 0.5);
    assert_eq!(
        (pair["precision"].as_f64(), pair["recall"].as_f64()),
        (Some(0.5), Some(0.5))
    );
    assert_eq!(json["link_f1"], *pair, "two annotators: pooled = the pair");
    let table = agree(&args(false)).unwrap();
    assert!(
        table.contains("Link F1                0.5000 (P 0.5000, R 0.5000; 1 agreed of 2/2 links)"),
        "{table}"
    );
}

#[test]
fn agree_json_says_null_for_link_f1_without_links() {
    let dir = tempfile::tempdir().unwrap();
    let ours = copy(dir.path(), "ada.ron", "ada", &[(1, 0, 16, "quote", T0)]);
    let theirs = copy(dir.path(), "ben.ron", "ben", &[(11, 0, 16, "quote", T0)]);
    assert!(ok(run(&[
        "merge",
        ours.to_str().unwrap(),
        theirs.to_str().unwrap()
    ])));
    let args = AgreeArgs {
        project: ours.clone(),
        annotators: vec![],
        json: true,
    };
    let json: serde_json::Value = serde_json::from_str(&agree(&args).unwrap()).unwrap();
    assert!(json["link_f1"]["f1"].is_null(), "{}", json["link_f1"]);
    assert!(json["pairs"][0]["link_f1"]["f1"].is_null());
    assert_eq!(json["pairs"][0]["link_f1"]["agreed"], 0);
    assert!(
        agree(&AgreeArgs {
            json: false,
            ..args
        })
        .unwrap()
        .contains("Link F1                n/a")
    );
}
