//! Exports that must not do harm: never over the project's own files, even with --force,
//! and no spreadsheet formulas smuggled in through CSV cells.
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use marginalia::export::{ExportError, ExportOptions, Format, export};
use marginalia::model::{Annotation, AnnotationId, DocId, Document, Edit, Link, Project, Span};
use marginalia::session::Session;

fn marginalia(args: &[&std::ffi::OsStr]) -> Output {
    let config = tempfile::tempdir().unwrap();
    Command::new(env!("CARGO_BIN_EXE_marginalia"))
        .args(args)
        .env("MARGINALIA_CONFIG_DIR", config.path())
        .output()
        .expect("the marginalia binary runs")
}

/// `marginalia export PROJECT --format FORMAT --out OUT [--force]`.
fn export_cli(project: &Path, format: &str, out: &Path, force: bool) -> Output {
    let mut args: Vec<&std::ffi::OsStr> = vec![
        "export".as_ref(),
        project.as_ref(),
        "--format".as_ref(),
        format.as_ref(),
        "--out".as_ref(),
        out.as_ref(),
    ];
    if force {
        args.push("--force".as_ref());
    }
    marginalia(&args)
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A document whose words start like spreadsheet formulas, tagged by "@ada" and linked.
const TEXT: &str = "=HYPERLINK(\"http://x.test\",\"y\") said -the minister. +3% @noon";

fn formula_project() -> Project {
    let mut p = Project::new("formulas");
    let span = |needle: &str| {
        let start = TEXT.find(needle).unwrap();
        Span::new(start, start + needle.len()) // ASCII text: bytes are code points
    };
    let ann = |id: u64, needle: &str, label: &str, note: Option<&str>| {
        let mut a = Annotation::new(AnnotationId(id), DocId(1), span(needle), label, "@ada");
        a.note = note.map(String::from);
        Edit::AddAnnotation(a)
    };
    p.apply(&Edit::Batch(vec![
        Edit::AddDocument(Document::new(DocId(1), "-Title", "f.txt", TEXT)),
        ann(
            1,
            "=HYPERLINK(\"http://x.test\",\"y\")",
            "quote",
            Some("+note"),
        ),
        ann(2, "-the minister", "attribution", None),
        ann(3, "+3%", "figure", Some("\tnote")),
        Edit::AddLink(Link::attributed_to(AnnotationId(1), AnnotationId(2))),
    ]))
    .unwrap();
    p
}

fn saved_project(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    let mut s = Session::create(&path, formula_project()).unwrap();
    s.save().unwrap();
    s.close();
    path
}

fn csv_rows(bytes: &[u8]) -> Vec<csv::StringRecord> {
    let text = std::str::from_utf8(bytes).unwrap();
    csv::Reader::from_reader(text.trim_start_matches('\u{FEFF}').as_bytes())
        .records()
        .map(Result::unwrap)
        .collect()
}

/// No cell of the CSV may start with a character a spreadsheet reads as a formula.
fn assert_no_formula_cell(rows: &[csv::StringRecord]) {
    for row in rows {
        for cell in row {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{cell:?} in {row:?}"
            );
        }
    }
}

#[test]
fn dataset_csv_cells_that_start_like_formulas_get_a_quote() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.csv");
    let opts = ExportOptions::new(Format::Csv);
    export(&formula_project(), &opts, &out, &mut |_, _| {}).unwrap();
    let rows = csv_rows(&fs::read(&out).unwrap());
    assert_eq!(rows.len(), 3);
    assert_no_formula_cell(&rows);
    let quote = rows.iter().find(|r| &r[3] == "quote").unwrap();
    assert_eq!(&quote[1], "'-Title");
    assert_eq!(&quote[2], "'@ada");
    assert_eq!(&quote[6], "'=HYPERLINK(\"http://x.test\",\"y\")");
    assert_eq!(&quote[7], "'+note");
    assert!(quote[8].starts_with("'=HYPERLINK"), "the sentence too");
    assert_eq!(&quote[12], "'-the minister", "the source text too");
    // Offsets are numbers, written as they are.
    let end = "=HYPERLINK(\"http://x.test\",\"y\")".len().to_string();
    assert_eq!((&quote[4], &quote[5]), ("0", end.as_str()));
}

#[test]
fn who_said_what_csv_from_the_command_line_is_safe_too() {
    let dir = tempfile::tempdir().unwrap();
    let p = saved_project(dir.path(), "p.ron");
    let out = dir.path().join("who.csv");
    let run = marginalia(&[
        "sources".as_ref(),
        p.as_ref(),
        "--csv".as_ref(),
        out.as_ref(),
    ]);
    assert!(run.status.success(), "{}", stderr(&run));
    let rows = csv_rows(&fs::read(&out).unwrap());
    assert_no_formula_cell(&rows);
    // The speaker is the name without the marks around it; the span as written is kept
    // (made safe) beside it.
    assert_eq!(&rows[0][0], "the minister");
    assert_eq!(&rows[0][10], "'-the minister");
    assert_eq!(&rows[0][3], "'=HYPERLINK(\"http://x.test\",\"y\")");
}

#[test]
fn export_never_writes_over_the_project_or_its_files_even_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let p = saved_project(dir.path(), "p.ron");
    let sub = dir.path().join("sub");
    fs::create_dir(&sub).unwrap();
    fs::write(dir.path().join("p.ron.bak"), "backup").unwrap();
    let project_bytes = fs::read(&p).unwrap();
    for (target, role) in [
        (p.clone(), "the project file itself"),
        (sub.join("..").join("p.ron"), "the project file itself"),
        (dir.path().join("p.ron.journal"), "(its journal"),
        (dir.path().join("p.ron.bak"), "its backup"),
        (dir.path().join("p.ron.v1.bak"), "older format"),
        (dir.path().join("p.ron.refused.bak"), "refused items"),
        (dir.path().join("p.ron.lock"), "its lock file"),
    ] {
        let existed = target.exists();
        let run = export_cli(&p, "jsonl", &target, true);
        let err = stderr(&run);
        assert!(!run.status.success(), "{}: {err}", target.display());
        assert!(
            err.contains(role) && err.contains("never writes over the project's own files"),
            "{err}"
        );
        assert_eq!(target.exists(), existed, "{}", target.display());
    }
    assert_eq!(fs::read(&p).unwrap(), project_bytes);
    assert_eq!(
        fs::read_to_string(dir.path().join("p.ron.bak")).unwrap(),
        "backup"
    );
    // Beside the project is fine.
    let run = export_cli(&p, "jsonl", &dir.path().join("p.jsonl"), false);
    assert!(run.status.success(), "{}", stderr(&run));
}

#[test]
fn every_file_an_export_writes_is_checked_not_only_out() {
    let dir = tempfile::tempdir().unwrap();
    // Label Studio writes OUT's stem + .config.xml beside OUT: here, the project.
    let p = saved_project(dir.path(), "tasks.config.xml");
    let before = fs::read(&p).unwrap();
    let mut opts = ExportOptions::new(Format::LabelStudio);
    opts.force = true;
    opts.project_file = Some(p.clone());
    let err = export(
        &formula_project(),
        &opts,
        &dir.path().join("tasks.json"),
        &mut |_, _| {},
    )
    .unwrap_err();
    assert!(matches!(err, ExportError::ProjectFile { .. }), "{err}");
    assert!(!dir.path().join("tasks.json").exists(), "nothing written");
    // brat writes annotation.conf into its folder: here, the project's.
    let p = saved_project(dir.path(), "annotation.conf");
    let mut opts = ExportOptions::new(Format::Brat);
    opts.force = true;
    opts.project_file = Some(p.clone());
    let err = export(&formula_project(), &opts, dir.path(), &mut |_, _| {}).unwrap_err();
    assert!(
        err.to_string()
            .contains("annotation.conf belongs to the project"),
        "{err}"
    );
    assert_eq!(
        fs::read(dir.path().join("tasks.config.xml")).unwrap(),
        before
    );
    assert!(!dir.path().join("visual.conf").exists(), "nothing written");
}

/// `sources P --csv OUT --force`, which must fail: its error output.
fn refused_sources_csv(project: &Path, out: &Path) -> String {
    let run = marginalia(&[
        "sources".as_ref(),
        project.as_ref(),
        "--csv".as_ref(),
        out.as_ref(),
        "--force".as_ref(),
    ]);
    assert!(!run.status.success(), "{}", stderr(&run));
    stderr(&run)
}

#[test]
fn sources_csv_never_writes_over_the_project_either() {
    let dir = tempfile::tempdir().unwrap();
    let p = saved_project(dir.path(), "p.ron");
    let before = fs::read(&p).unwrap();
    let err = refused_sources_csv(&p, &p);
    assert!(
        err.contains("belongs to the project") && err.contains("(the project file itself)"),
        "{err}"
    );
    assert_eq!(fs::read(&p).unwrap(), before);
}

#[test]
fn a_folder_given_as_a_file_output_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let mut opts = ExportOptions::new(Format::Jsonl);
    opts.force = true;
    let err = export(&formula_project(), &opts, dir.path(), &mut |_, _| {}).unwrap_err();
    assert!(
        err.to_string()
            .ends_with("is a folder; choose a file name for the jsonl export"),
        "{err}"
    );
}

/// `export --out /dev/null --force` used to rename the export over /dev/null (as root,
/// replacing the device for the whole machine). Pipes, and links to devices, stand in
/// for it here so the test can never do that harm.
#[cfg(unix)]
#[test]
fn export_never_replaces_a_pipe_or_a_device_even_with_force() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let p = saved_project(dir.path(), "p.ron");
    let fifo = dir.path().join("out.csv");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let null_link = dir.path().join("null.jsonl");
    std::os::unix::fs::symlink("/dev/null", &null_link).unwrap();
    for (target, format, kind) in [
        (&fifo, "csv", "a named pipe (FIFO)"),
        (&null_link, "jsonl", "a character device"),
    ] {
        let run = export_cli(&p, format, target, true);
        let err = stderr(&run);
        assert!(!run.status.success(), "{err}");
        assert!(
            err.contains(kind) && err.contains("an export replaces only regular files"),
            "{err}"
        );
    }
    assert!(fs::metadata(&fifo).unwrap().file_type().is_fifo());
    assert!(fs::symlink_metadata(&null_link).unwrap().is_symlink());
    // The who-said-what CSV too.
    let err = refused_sources_csv(&p, &fifo);
    assert!(err.contains("a named pipe (FIFO)"), "{err}");
    assert!(fs::metadata(&fifo).unwrap().file_type().is_fifo());
}

#[test]
fn brat_given_a_file_says_it_writes_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("out");
    fs::write(&file, "keep").unwrap();
    let mut opts = ExportOptions::new(Format::Brat);
    opts.force = true;
    let err = export(&formula_project(), &opts, &file, &mut |_, _| {}).unwrap_err();
    assert!(
        err.to_string()
            .contains("is a file; a brat export is a folder"),
        "{err}"
    );
    assert_eq!(fs::read_to_string(&file).unwrap(), "keep");
}
