//! `marginalia suggest` on a copy of the sample: the `suggested` layer is filled with
//! links, re-running replaces it, everyone's own annotations stay as they were, rejected
//! suggestions stay out, and the layer exports like any other.
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use marginalia::model::{Annotation, Edit, Project, Rejection};
use marginalia::review::default_annotators;
use marginalia::session::Session;
use marginalia::suggest::SUGGESTED;

fn marginalia(config: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_marginalia"))
        .args(args)
        .env("MARGINALIA_CONFIG_DIR", config)
        .output()
        .expect("the marginalia binary runs")
}

fn sample_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sample.ron");
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/sample.ron");
    std::fs::copy(sample, &path).unwrap();
    (dir, path)
}

fn load(path: &Path) -> Project {
    marginalia::store::load_current(path).unwrap().0.project
}

fn run_suggest(dir: &Path, path: &Path, extra: &[&str]) {
    let mut args = vec!["suggest", path.to_str().unwrap()];
    args.extend(extra);
    let out = marginalia(&dir.join("config"), &args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn own(p: &Project) -> Vec<Annotation> {
    let mut v: Vec<_> = p
        .annotations()
        .filter(|a| a.annotator != SUGGESTED)
        .cloned()
        .collect();
    v.sort_by_key(|a| a.id);
    v
}

fn suggested(p: &Project) -> Vec<&Annotation> {
    p.annotations()
        .filter(|a| a.annotator == SUGGESTED)
        .collect()
}

#[test]
fn suggest_fills_the_layer_and_a_rerun_replaces_it() {
    let (dir, path) = sample_copy();
    let before = load(&path);
    run_suggest(dir.path(), &path, &[]);
    let after = load(&path);
    assert_eq!(own(&before), own(&after), "own annotations changed");
    let first: Vec<_> = suggested(&after).iter().map(|a| a.id).collect();
    assert!(first.len() > 50, "only {} suggestions", first.len());
    for label in ["quote", "attribution", "figure"] {
        assert!(
            suggested(&after).iter().any(|a| a.label == label),
            "no {label}"
        );
    }
    let linked = after
        .links()
        .filter(|l| first.contains(&l.from) && first.contains(&l.to))
        .count();
    assert!(linked > 20, "{linked} suggested links");
    // Suggestions never go to the agreement's default annotators.
    assert!(!default_annotators(&after).contains(&SUGGESTED.to_owned()));

    run_suggest(dir.path(), &path, &[]);
    let again = load(&path);
    assert_eq!(own(&before), own(&again));
    assert_eq!(suggested(&again).len(), first.len(), "not replaced");
    assert!(suggested(&again).iter().all(|a| !first.contains(&a.id)));

    // One document and one label: only that document's layer changes.
    let doc = after.documents()[0].id;
    run_suggest(
        dir.path(),
        &path,
        &["--documents", &doc.to_string(), "--labels", "figure"],
    );
    let one = load(&path);
    let in_doc = |p: &Project, label: &str| {
        suggested(p)
            .iter()
            .filter(|a| a.document == doc && a.label == label)
            .count()
    };
    assert_eq!(in_doc(&one, "quote"), 0);
    assert_eq!(in_doc(&one, "figure"), in_doc(&again, "figure"));
    let elsewhere = |p: &Project| suggested(p).iter().filter(|a| a.document != doc).count();
    assert_eq!(elsewhere(&one), elsewhere(&again));
}

#[test]
fn a_rejected_suggestion_does_not_come_back() {
    let (dir, path) = sample_copy();
    run_suggest(dir.path(), &path, &[]);
    let p = load(&path);
    let victim = (suggested(&p).iter())
        .find(|a| a.label == "attribution")
        .map(|a| (*a).clone())
        .unwrap();
    let rejection = Rejection::new(victim.document, victim.span(), &victim.label);
    let mut session = Session::open(&path).unwrap();
    session
        .apply(Edit::SetRejected {
            rejection: rejection.clone(),
            rejected: true,
        })
        .unwrap();
    session.save().unwrap();
    session.close();

    run_suggest(dir.path(), &path, &[]);
    let p = load(&path);
    assert!(p.is_rejected(victim.document, victim.span(), "attribution"));
    assert!(
        !suggested(&p)
            .iter()
            .any(|a| a.span() == victim.span() && a.label == "attribution"),
        "the rejected suggestion came back"
    );
    assert!(std::fs::read_to_string(&path).unwrap().contains("rejected"));
}

#[test]
fn the_suggested_layer_exports_and_bad_labels_change_nothing() {
    let (dir, path) = sample_copy();
    let config = dir.path().join("config");
    let bytes = std::fs::read(&path).unwrap();
    let out = marginalia(
        &config,
        &["suggest", path.to_str().unwrap(), "--labels", "claim"],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("claim"));
    assert_eq!(
        std::fs::read(&path).unwrap(),
        bytes,
        "a refused command changed the file"
    );

    run_suggest(dir.path(), &path, &[]);
    let target = dir.path().join("s.jsonl");
    let out = marginalia(
        &config,
        &[
            "export",
            path.to_str().unwrap(),
            "--annotator",
            SUGGESTED,
            "--format",
            "jsonl",
            "-o",
            target.to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&target).unwrap();
    assert_eq!(text.lines().count(), 5);
    assert!(
        text.contains("\"attribution\""),
        "{}",
        &text[..300.min(text.len())]
    );
}
