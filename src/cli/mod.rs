//! The command line. Each subcommand lives in its own file and only calls the library.
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub mod agree;
pub mod choice;
pub mod conflicts;
pub mod export;
pub mod git;
mod import;
pub mod import_dataset;
pub mod labels;
pub mod merge;
pub mod merge_driver;
mod output;
pub mod sources;
mod stats;
pub mod suggest;
mod validate;

/// Marginalia: annotate news articles (claims, quotes, figures, attributions), review and export.
#[derive(Debug, Parser)]
#[command(name = "marginalia", version, about)]
pub struct Cli {
    /// Project file to open in the window (default: the last project, else the sample).
    pub project: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Import article texts (files or folders) into a project, creating it if needed.
    Import(import::ImportArgs),
    /// Check a project file and list its problems (exit 1 if there are any).
    Validate(validate::ValidateArgs),
    /// Count documents and annotations per label, annotator and document.
    Stats(stats::StatsArgs),
    /// Merge annotations from colleagues' copies of a project.
    Merge(merge::MergeArgs),
    /// Inter-annotator agreement: span F1, Cohen's and Fleiss' kappa, Krippendorff's alpha.
    Agree(agree::AgreeArgs),
    /// Export a labeled dataset (jsonl, doccano, label-studio, spacy, conll, brat, csv).
    Export(export::ExportArgs),
    /// Import spans from a jsonl, doccano or Label Studio export into a project.
    ImportDataset(import_dataset::ImportDatasetArgs),
    /// Who said what: every source with the quotes and claims attributed to it (or --csv).
    Sources(sources::SourcesArgs),
    /// List the label set, or add, rename, recolour, re-key, move or remove a label.
    Labels(labels::LabelsArgs),
    /// Merge driver for git: merge BASE, OURS and THEIRS versions of a project into OURS.
    MergeDriver(merge_driver::MergeDriverArgs),
    /// Share projects through git: `marginalia git init` sets a clone up.
    Git(git::GitArgs),
    /// Suggest quotes, attributions, figures and their links (annotator `suggested`).
    Suggest(suggest::SuggestArgs),
    /// List the conflicts git merges resolved by rule, or clear them (--clear).
    Conflicts(conflicts::ConflictsArgs),
}

/// What `main` should do after parsing.
pub enum Outcome {
    /// Open the window on this project (or the default one).
    Window(Option<PathBuf>),
    /// A subcommand ran; exit with this code.
    Exit(ExitCode),
}

/// Runs a subcommand, or says to open the window.
pub fn run(cli: Cli) -> Outcome {
    match cli.command {
        None => Outcome::Window(cli.project),
        Some(Command::Import(args)) => Outcome::Exit(import::run(args)),
        Some(Command::Validate(args)) => Outcome::Exit(validate::run(args)),
        Some(Command::Stats(args)) => Outcome::Exit(stats::run(args)),
        Some(Command::Merge(args)) => Outcome::Exit(merge::run(args)),
        Some(Command::Agree(args)) => Outcome::Exit(agree::run(args)),
        Some(Command::Export(args)) => Outcome::Exit(export::run(args)),
        Some(Command::ImportDataset(args)) => Outcome::Exit(import_dataset::run(args)),
        Some(Command::Sources(args)) => Outcome::Exit(sources::run(args)),
        Some(Command::Labels(args)) => Outcome::Exit(labels::run(args)),
        Some(Command::MergeDriver(args)) => Outcome::Exit(merge_driver::run(args)),
        Some(Command::Git(args)) => Outcome::Exit(git::run(args)),
        Some(Command::Suggest(args)) => Outcome::Exit(suggest::run(args)),
        Some(Command::Conflicts(args)) => Outcome::Exit(conflicts::run(args)),
    }
}

/// Opens a project for a command that changes it (`what`: "marginalia import"), holding its
/// lock; nothing on disk changes until the session's one save. With `create`, a project
/// that does not exist yet is started (named after its file) and written by that save.
/// Problems found in the file are printed as warnings.
fn open_to_change(
    path: &std::path::Path,
    what: &str,
    create: bool,
) -> Result<crate::session::Session, String> {
    use crate::session::Session;
    let session = if create && !path.exists() {
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "Untitled".into());
        Session::create_for_command(path, crate::model::Project::new(name), what)
    } else {
        Session::open_for_command(path, what)
    }
    .map_err(|e| e.to_string())?;
    for problem in &session.problems {
        eprintln!("warning: {}: {problem}", path.display());
    }
    if session.recovered > 0 {
        eprintln!(
            "note: {} had {} unsaved edit(s) in its journal (a window closed without saving); \
             they are included and saved with this change",
            path.display(),
            session.recovered
        );
    }
    Ok(session)
}

/// Reads a project for a command that does not change it: the file and the edits its
/// journal holds that were not saved yet, so an export never misses work. Says so when
/// there are such edits.
///
/// The project is never freed: these commands end right after using it, and freeing half a
/// million annotations one by one took a quarter of `stats` on a big project; the process's
/// exit returns the memory at once.
fn read_project(
    path: &std::path::Path,
) -> Result<std::mem::ManuallyDrop<crate::store::Loaded>, crate::store::LoadError> {
    let (loaded, unsaved) = crate::store::load_current(path)?;
    if unsaved > 0 {
        eprintln!(
            "note: {} includes {unsaved} edit{} not saved yet (from its journal: a window still \
             has it open, or closed without saving)",
            path.display(),
            if unsaved == 1 { "" } else { "s" }
        );
    }
    Ok(std::mem::ManuallyDrop::new(loaded))
}
