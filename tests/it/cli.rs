//! The `marginalia` binary's subcommands, run as a user would.
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn marginalia(config: &Path, args: &[&Path]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_marginalia"))
        .args(args)
        .env("MARGINALIA_CONFIG_DIR", config)
        .output()
        .expect("the marginalia binary runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A temp dir with a copy of the sample corpus plus files a folder import must skip.
fn corpus_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    fs::create_dir(&corpus).unwrap();
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/corpus");
    for entry in fs::read_dir(source).unwrap() {
        let path = entry.unwrap().path();
        fs::copy(&path, corpus.join(path.file_name().unwrap())).unwrap();
    }
    fs::write(corpus.join(".notes.txt"), "Hidden\nnot an article").unwrap();
    fs::write(corpus.join("scan.pdf"), b"%PDF-1.5").unwrap();
    (dir, corpus)
}

#[test]
fn import_then_stats_then_validate() {
    let (dir, corpus) = corpus_copy();
    let config = dir.path().join("config");
    let project = dir.path().join("talks.ron");
    let p = Path::new;

    let out = marginalia(&config, &[p("import"), &project, &corpus]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    let text = stdout(&out);
    assert_eq!(
        text.lines().filter(|l| l.starts_with("added ")).count(),
        5,
        "{text}"
    );
    assert!(text.contains("5 documents added"), "{text}");
    assert!(project.exists());
    // Written once, and the session's journal is gone.
    assert!(!dir.path().join("talks.ron.bak").exists());
    assert!(!dir.path().join("talks.ron.journal").exists());

    // Importing the same folder again adds nothing and says why.
    let out = marginalia(&config, &[p("import"), &project, &corpus]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert_eq!(text.matches("already in the project").count(), 5, "{text}");
    assert!(text.contains("0 documents added"), "{text}");
    assert!(
        !dir.path().join("talks.ron.bak").exists(),
        "nothing to save, nothing saved"
    );

    let out = marginalia(&config, &[p("stats"), &project, p("--json")]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["project"], "talks");
    assert_eq!(json["documents"], 5);
    assert_eq!(json["annotations"], 0);
    let labels: Vec<_> = json["labels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["id"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["claim", "quote", "figure", "attribution"]);
    let titles: Vec<_> = json["per_document"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles[0], "000 7bc1ca0ca58bf01c");
    assert_eq!(
        titles[3],
        "Taliban Issues Stern Warning To Pakistan After Deadlocked Istanbul Peace Talks"
    );

    let out = marginalia(&config, &[p("stats"), &project]);
    assert!(stdout(&out).starts_with("Project “talks”: 5 documents, 0 annotations"));

    let out = marginalia(&config, &[p("validate"), &project]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out).trim(), "OK: 5 documents, 0 annotations");
}

#[test]
fn import_of_only_unreadable_files_fails_and_creates_no_project() {
    let (dir, corpus) = corpus_copy();
    let project = dir.path().join("new.ron");
    let pdf = corpus.join("scan.pdf");
    let out = marginalia(
        &dir.path().join("config"),
        &[Path::new("import"), &project, &pdf],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("looks like a PDF file"),
        "{}",
        stdout(&out)
    );
    assert!(stderr(&out).contains("error: nothing was imported"));
    assert!(!project.exists());
}

#[test]
fn validate_reports_syntax_errors_with_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.ron");
    let text = "(\n  format_version: 1,\n  name: \"x\",\n  documents: [ oops ],\n)\n";
    fs::write(&broken, text).unwrap();
    let out = marginalia(
        &dir.path().join("config"),
        &[Path::new("validate"), &broken],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.starts_with("error: "), "{err}");
    assert!(err.contains(&format!("{}:4:", broken.display())), "{err}");
    // The file is only read.
    assert_eq!(fs::read_to_string(&broken).unwrap(), text);
}

#[test]
fn validate_lists_problems_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("tampered.ron");
    // A document whose text no longer matches its hash, and an annotation past its end.
    let text = "(format_version: 1, name: \"t\", documents: [(id: 1, title: \"“Peace” — 👍🏽\", \
                hash: \"blake3:00\", text: \"cafe\u{301}\")], annotations: [(id: 2, document: 1, \
                start: 3, end: 9, label: \"claim\", annotator: \"ana\")])";
    fs::write(&project, text).unwrap();
    let out = marginalia(
        &dir.path().join("config"),
        &[Path::new("validate"), &project],
    );
    assert_eq!(out.status.code(), Some(1));
    let listed = stdout(&out);
    assert!(listed.contains("no longer matches its hash"), "{listed}");
    assert!(listed.contains("annotation 2"), "{listed}");
    assert!(stderr(&out).contains("2 problems"), "{}", stderr(&out));
}

#[test]
fn import_into_a_broken_project_fails_and_leaves_it_untouched() {
    let (dir, corpus) = corpus_copy();
    let project = dir.path().join("broken.ron");
    fs::write(&project, "garbage").unwrap();
    let out = marginalia(
        &dir.path().join("config"),
        &[Path::new("import"), &project, &corpus],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("broken.ron:1:1"), "{}", stderr(&out));
    assert_eq!(fs::read_to_string(&project).unwrap(), "garbage");
}

#[test]
fn read_only_commands_include_edits_not_saved_yet_and_change_nothing() {
    use marginalia::model::{Annotation, AnnotationId, DocId, Document, Edit, Project, Span};
    use marginalia::session::Session;
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    let project = dir.path().join("talks.ron");
    let text = "“No deal,” Tarar said.";
    let mut s = Session::create(&project, Project::new("talks")).unwrap();
    s.apply(Edit::AddDocument(Document::new(
        DocId(1),
        "Talks",
        "t",
        text,
    )))
    .unwrap();
    s.save().unwrap();
    // A window that was killed: the tag is only in the journal.
    let quote = Annotation::new(AnnotationId(7), DocId(1), Span::new(0, 10), "quote", "ada");
    s.apply(Edit::AddAnnotation(quote)).unwrap();
    s.flush_journal().unwrap();
    s.close();
    let journal = dir.path().join("talks.ron.journal");
    let before = (fs::read(&project).unwrap(), fs::read(&journal).unwrap());

    let p = Path::new;
    let out = marginalia(&config, &[p("stats"), &project, p("--json")]);
    assert!(out.status.success(), "{}", stderr(&out));
    let stats: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(stats["annotations"], 1, "{stats}");
    assert!(
        stderr(&out).contains("includes 1 edit not saved yet"),
        "{}",
        stderr(&out)
    );

    let jsonl = dir.path().join("out.jsonl");
    let out = marginalia(
        &config,
        &[
            p("export"),
            &project,
            p("--format"),
            p("jsonl"),
            p("--out"),
            &jsonl,
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let line: serde_json::Value =
        serde_json::from_str(fs::read_to_string(&jsonl).unwrap().trim()).unwrap();
    assert_eq!(line["annotations"][0]["text"], "“No deal,”");

    let after = (fs::read(&project).unwrap(), fs::read(&journal).unwrap());
    assert!(
        before == after,
        "reading a project must not change its file or journal"
    );
}
