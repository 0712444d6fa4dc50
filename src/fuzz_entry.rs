//! The entry points of the fuzz targets (fuzz/fuzz_targets) and of their stable regression
//! test (tests/it/fuzz_regression.rs): one function per target, so a corpus or crash file
//! goes through exactly the same calls on stable as under libFuzzer.
//!
//! Each takes raw bytes, goes through the library's public functions as the app does, and
//! panics only when an invariant breaks: a project that loads must save and load again to
//! the same file; edits the journal replays or an import prepares must leave a project
//! that saves and loads again without a problem. Bad input itself must never panic.
use std::path::Path;
use std::sync::OnceLock;

use crate::import::datasets::{DatasetFormat, ImportOptions, import_dataset};
use crate::import::decode_file_bytes;
use crate::model::{Document, Edit, Project};
use crate::store::{journal, project_file};

/// The small valid project that journals are replayed onto and datasets imported into:
/// one document with a few spans and links (ids 1.., document 1), as the seeds expect.
pub fn base_project() -> &'static Project {
    static BASE: OnceLock<Project> = OnceLock::new();
    BASE.get_or_init(|| crate::fixtures::long_document_project(400, 8).0)
}

/// Bytes as a project file, read the way `store::load` reads one: UTF-8, then parse and
/// check. A project that loads must save and load again to the same file.
pub fn project_file(bytes: &[u8]) {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return; // `load` refuses it with the byte offset before parsing
    };
    if let Ok((project, _problems)) = project_file::parse(text) {
        assert_round_trips(&project);
    }
}

/// Bytes as a project's journal, as opening a session reads it: parse, take the edits
/// that apply to the file version (the header's base, or a checkpoint's file) and replay
/// them onto [`base_project`]. The saved result must load with no problem the replay did
/// not already report.
pub fn journal(bytes: &[u8]) {
    let parsed = journal::parse(bytes);
    let _ = parsed.last_seq();
    let mut versions: Vec<&str> = parsed.base.iter().map(String::as_str).collect();
    versions.extend(parsed.checkpoints.iter().map(|(hash, _)| hash.as_str()));
    versions.truncate(4); // each replay clones the project: keep an execution cheap
    for version in versions {
        let Some(edits) = parsed.edits_after(version) else {
            panic!("edits_after refused a version the journal names: {version}");
        };
        let mut project = base_project().clone();
        let mut problems = Vec::new();
        journal::replay(&mut project, edits, &mut problems);
        // What the saved file shows on its next load, replaying must have said already.
        let unsaid: Vec<_> = (assert_round_trips(&project).into_iter())
            .filter(|p| !problems.contains(p))
            .collect();
        assert!(
            unsaid.is_empty(),
            "after replaying the journal, the saved project loads with problems the replay \
             did not report: {unsaid:?}"
        );
    }
}

/// Bytes as a dataset file of `format`, as `import-dataset` reads one (UTF-8 text, then
/// the import prepared against [`base_project`]); tried strictly and with `--skip-bad`.
/// A prepared import must apply, and leave a project that saves and loads cleanly.
pub fn dataset(format: DatasetFormat, bytes: &[u8]) {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return; // `read_dataset` refuses it with the byte offset
    };
    for skip_bad in [false, true] {
        let opts = ImportOptions {
            skip_bad,
            ..ImportOptions::default()
        };
        if let Ok(import) = import_dataset(base_project(), "fuzz", text, format, &opts) {
            apply_cleanly(import.edit, "the dataset import");
        }
    }
}

/// Bytes as an article file for `import`: decoded and checked as `read_text_file` does,
/// then added to [`base_project`] as a new document.
pub fn text_file(bytes: &[u8]) {
    let Ok(imported) = decode_file_bytes(Path::new("fuzz.txt"), bytes) else {
        return;
    };
    if let Some(invalid) = &imported.invalid_utf8 {
        assert!(
            invalid.offsets.iter().all(|&at| at < bytes.len()),
            "invalid UTF-8 reported past the end of the file: {invalid:?}"
        );
    }
    let project = base_project();
    let doc = Document::new(
        project.fresh_document_id(),
        imported.title,
        imported.source,
        imported.text,
    );
    apply_cleanly(Edit::AddDocument(doc), "the article import");
}

fn apply_cleanly(edit: Edit, what: &str) {
    let mut project = base_project().clone();
    if let Err(e) = project.apply(&edit) {
        panic!("{what} was prepared but does not apply: {e}");
    }
    assert_clean_round_trip(&project, what);
}

/// `project` (valid before `what` changed it) saves, loads without a problem, and saves
/// to the same file again.
fn assert_clean_round_trip(project: &Project, what: &str) {
    let problems = assert_round_trips(project);
    assert!(
        problems.is_empty(),
        "after {what}, the saved project loads with problems: {problems:?}"
    );
}

/// Saves `project`, loads the text and saves again: the two files must be the same.
/// Returns the problems the reload found.
fn assert_round_trips(project: &Project) -> Vec<crate::model::Problem> {
    let saved = project_file::to_ron(project);
    let (again, problems) = match project_file::parse(&saved) {
        Ok(loaded) => loaded,
        Err(e) => panic!("a saved project does not load again: {e:?}\n{saved}"),
    };
    let resaved = project_file::to_ron(&again);
    assert!(
        saved == resaved,
        "a saved project changes when loaded and saved again:\n{saved}\n---\n{resaved}"
    );
    problems
}
