//! The command line beside an open window, and commands that are refused or fail: one
//! writer per project, read-only commands that write nothing, and all-or-nothing changes
//! (every file of the folder compared byte for byte).
use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use marginalia::model::{Annotation, DocId, Edit, Span};
use marginalia::session::Session;

/// Every file in `dir` (hidden and temporary ones too) with its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect()
}

fn run(args: &[&OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_marginalia"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A folder with a copy of the sample project and an article to import.
fn setup() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let project = crate::window::sample_copy(dir.path());
    let outside = dir.path().join("in");
    std::fs::create_dir(&outside).unwrap();
    let article = outside.join("new.txt");
    // Longer than the "full disk" below allows, so writing a project that holds it fails.
    let body = "The minister said “no” on Tuesday. ".repeat(1000);
    std::fs::write(&article, format!("Headline\n\n{body}\n")).unwrap();
    (dir, project, article)
}

fn tag(s: &mut Session, start: usize) -> Annotation {
    let a = Annotation::new(
        s.project().fresh_annotation_id(),
        DocId(1),
        Span::new(start, start + 3),
        "claim",
        "window",
    );
    s.apply(Edit::AddAnnotation(a.clone())).unwrap();
    a
}

#[test]
fn commands_that_write_are_refused_while_the_window_has_the_project() {
    let (dir, project, article) = setup();
    let bad = dir.path().join("in/bad.jsonl");
    std::fs::write(&bad, "{not json\n").unwrap();
    let mut window = Session::open(&project).unwrap();
    let mut made = vec![tag(&mut window, 0), tag(&mut window, 10)];
    let before = files(dir.path());
    let p = project.as_os_str();
    for args in [
        vec![OsStr::new("import"), p, article.as_os_str()],
        vec![OsStr::new("merge"), p, p],
        vec![
            OsStr::new("import-dataset"),
            p,
            bad.as_os_str(),
            "--format".as_ref(),
            "jsonl".as_ref(),
        ],
    ] {
        let out = run(&args);
        assert!(!out.status.success(), "{args:?} was refused");
        let said = text(&out);
        assert!(said.contains("is open in the Marginalia window"), "{said}");
        assert!(
            said.contains(&std::process::id().to_string()),
            "names the process: {said}"
        );
        assert_eq!(files(dir.path()), before, "{args:?} changed nothing");
    }
    // The window's journal was never cut: later edits are there after a kill.
    made.push(tag(&mut window, 20));
    drop(window); // as a kill
    let reopened = Session::open(&project).unwrap();
    for a in &made {
        assert!(
            reopened.project().annotation(a.id).is_some(),
            "{a:?} survived"
        );
    }
}

#[test]
fn commands_that_read_write_nothing_beside_an_open_window() {
    let (dir, project, _) = setup();
    let mut window = Session::open(&project).unwrap();
    tag(&mut window, 0);
    let before = files(dir.path());
    let out_dir = tempfile::tempdir().unwrap();
    let export = out_dir.path().join("x.jsonl");
    let p = project.as_os_str();
    for args in [
        vec![OsStr::new("stats"), p],
        vec![OsStr::new("validate"), p],
        vec![OsStr::new("agree"), p],
        vec![OsStr::new("sources"), p],
        vec![
            OsStr::new("export"),
            p,
            "--format".as_ref(),
            "jsonl".as_ref(),
            "--out".as_ref(),
            export.as_os_str(),
        ],
    ] {
        let out = run(&args);
        assert!(out.status.success(), "{args:?}: {}", text(&out));
        assert_eq!(
            files(dir.path()),
            before,
            "{args:?} wrote nothing beside the project"
        );
    }
    let exported = std::fs::read_to_string(&export).unwrap();
    assert!(
        exported.contains("\"window\""),
        "the export has the window's unsaved edit"
    );
}

#[test]
fn a_refused_dataset_import_leaves_no_journal_and_no_file() {
    let (dir, project, _) = setup();
    let bad = dir.path().join("in/bad.jsonl");
    std::fs::write(&bad, "{\"text\": 3}\n").unwrap();
    let before = files(dir.path());
    let out = run(&[
        "import-dataset".as_ref(),
        project.as_os_str(),
        bad.as_os_str(),
        "--format".as_ref(),
        "jsonl".as_ref(),
    ]);
    assert!(!out.status.success());
    assert_eq!(files(dir.path()), before);
}

/// Runs the binary with files limited to `kib` KiB, as on a full disk: writing past the
/// limit fails (EFBIG; the signal that would kill the process is ignored).
#[cfg(unix)]
fn run_on_a_full_disk(kib: u64, args: &[&OsStr]) -> Output {
    Command::new("sh")
        .arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f {}; exec \"$0\" \"$@\"",
            kib * 2
        ))
        .arg(env!("CARGO_BIN_EXE_marginalia"))
        .args(args)
        .output()
        .expect("sh runs")
}

#[cfg(unix)]
#[test]
fn an_import_that_cannot_be_written_changes_nothing_and_says_so() {
    let (dir, project, article) = setup();
    let before = files(dir.path());
    for _ in 0..2 {
        // Twice: a second failed save must not trip over leftovers of the first.
        let out = run_on_a_full_disk(
            8,
            &["import".as_ref(), project.as_os_str(), article.as_os_str()],
        );
        assert!(!out.status.success(), "{}", text(&out));
        assert!(
            text(&out).contains("previous file is unchanged"),
            "{}",
            text(&out)
        );
        assert_eq!(
            files(dir.path()),
            before,
            "no journal, no temporary file, no backup"
        );
    }
    // A new project that cannot be written is not created at all.
    let fresh = dir.path().join("fresh.ron");
    let out = run_on_a_full_disk(
        8,
        &["import".as_ref(), fresh.as_os_str(), article.as_os_str()],
    );
    assert!(!out.status.success(), "{}", text(&out));
    assert_eq!(files(dir.path()), before);
    // With room, the same import works and is complete.
    let out = run(&["import".as_ref(), project.as_os_str(), article.as_os_str()]);
    assert!(out.status.success(), "{}", text(&out));
    let saved = marginalia::store::load(&project).unwrap();
    assert_eq!(saved.project.documents().len(), 6);
}

#[test]
fn stats_validate_and_the_window_report_the_same_problems() {
    let (dir, project, _) = setup();
    let mut window = Session::open(&project).unwrap();
    tag(&mut window, 0);
    drop(window); // killed with an unsaved edit
    // Then the file is replaced behind the journal's back (a git checkout, a copy).
    let mut changed = std::fs::read_to_string(&project).unwrap();
    changed.push_str("// edited elsewhere\n");
    std::fs::write(&project, changed).unwrap();

    let stats = run(&["stats".as_ref(), project.as_os_str()]);
    let validate = run(&["validate".as_ref(), project.as_os_str()]);
    assert!(text(&stats).contains("has 1 problems"), "{}", text(&stats));
    assert_eq!(validate.status.code(), Some(1), "{}", text(&validate));
    assert!(text(&validate).contains("another version of the project file"));
    let window = Session::open(&project).unwrap();
    assert_eq!(window.problems.len(), 1, "{:?}", window.problems);
    drop(window);
    let aside = files(dir.path()).keys().any(|n| n.contains(".orphaned-"));
    assert!(aside, "the window kept the journal aside");
}

#[test]
fn import_dataset_creates_a_project_that_does_not_exist_yet() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("d.jsonl");
    std::fs::write(
        &data,
        "{\"text\": \"Tarar said no.\", \"label\": [[0, 5, \"attribution\"]]}\n",
    )
    .unwrap();
    let project = dir.path().join("new.ron");
    let out = run(&[
        "import-dataset".as_ref(),
        project.as_os_str(),
        data.as_os_str(),
        "--format".as_ref(),
        "jsonl".as_ref(),
    ]);
    assert!(out.status.success(), "{}", text(&out));
    let saved = marginalia::store::load(&project).unwrap();
    assert_eq!(saved.project.annotation_count(), 1);
    assert_eq!(saved.project.name, "new");
}
