//! The fuzz corpora and crash inputs (fuzz/corpus/<target>, fuzz/regressions/<target>),
//! fed on stable through the same functions the fuzz targets call
//! (`marginalia::fuzz_entry`): none may panic, so a crash the fuzzer found stays fixed.
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use marginalia::fuzz_entry;
use marginalia::import::datasets::DatasetFormat;

fn inputs(target: &str) -> Vec<PathBuf> {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut files: Vec<PathBuf> = ["corpus", "regressions"]
        .iter()
        .filter_map(|kind| std::fs::read_dir(fuzz.join(kind).join(target)).ok())
        .flatten()
        .map(|entry| entry.expect("readable fuzz folder").path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    files
}

/// Runs `entry` on every input of `target`; fails naming each input that panicked.
fn run_all(target: &str, entry: impl Fn(&[u8])) {
    let files = inputs(target);
    assert!(!files.is_empty(), "no corpus for fuzz target {target}");
    let panicked: Vec<String> = (files.iter())
        .filter(|path| {
            let bytes = std::fs::read(path).expect("readable fuzz input");
            catch_unwind(AssertUnwindSafe(|| entry(&bytes))).is_err()
        })
        .map(|path| path.display().to_string())
        .collect();
    assert!(
        panicked.is_empty(),
        "{} of {} inputs of {target} panic: {panicked:#?}",
        panicked.len(),
        files.len()
    );
}

#[test]
fn project_file_inputs_do_not_panic() {
    run_all("project_file", fuzz_entry::project_file);
}

#[test]
fn journal_inputs_do_not_panic() {
    run_all("journal", fuzz_entry::journal);
}

#[test]
fn jsonl_dataset_inputs_do_not_panic() {
    run_all("dataset_jsonl", |b| {
        fuzz_entry::dataset(DatasetFormat::Jsonl, b)
    });
}

#[test]
fn doccano_dataset_inputs_do_not_panic() {
    run_all("dataset_doccano", |b| {
        fuzz_entry::dataset(DatasetFormat::Doccano, b)
    });
}

#[test]
fn label_studio_dataset_inputs_do_not_panic() {
    run_all("dataset_label_studio", |b| {
        fuzz_entry::dataset(DatasetFormat::LabelStudio, b)
    });
}

#[test]
fn text_file_inputs_do_not_panic() {
    run_all("text_file", fuzz_entry::text_file);
}

/// The seeds are real files (the sample project, a journal of every kind of edit): each
/// must load or replay cleanly, not merely not panic, or the corpus tests nothing.
#[test]
fn seed_project_and_journal_load() {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    for name in ["project_file/sample.ron", "project_file/base.ron"] {
        let text = std::fs::read_to_string(fuzz.join(name)).expect("seed kept in the corpus");
        let (_, problems) = marginalia::store::project_file::parse(&text).expect("seed loads");
        assert!(problems.is_empty(), "{name}: {problems:?}");
    }
    let bytes = std::fs::read(fuzz.join("journal/all.journal")).expect("seed kept");
    let parsed = marginalia::store::journal::parse(&bytes);
    assert_eq!(parsed.broken_at, None);
    let edits = parsed.edits_after(parsed.base.as_deref().unwrap()).unwrap();
    let mut project = fuzz_entry::base_project().clone();
    let mut problems = Vec::new();
    let replayed = marginalia::store::journal::replay(&mut project, edits, &mut problems);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(replayed.len(), 11, "every edit of the seed journal replays");
}

/// Found by the journal target: a journal line adding a document whose text was changed
/// by hand (its hash no longer matches) replayed without a word, and the problem only
/// showed after the next save. Replay now reports it as loading the file would.
#[test]
fn replayed_document_with_a_stale_hash_is_reported() {
    use marginalia::model::{DocId, Document, Edit};
    let mut doc = Document::new(DocId(2), "Second", "fuzz", "Geneva talks");
    doc.text = "Genena talks".into();
    let mut project = fuzz_entry::base_project().clone();
    let mut problems = Vec::new();
    let replayed = marginalia::store::journal::replay(
        &mut project,
        vec![Edit::Batch(vec![Edit::AddDocument(doc)])],
        &mut problems,
    );
    assert_eq!(
        replayed.len(),
        1,
        "the document is kept, as a file's would be"
    );
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].message.contains("no longer matches its hash"));
    assert!(problems[0].location.contains("document 2"));
}
