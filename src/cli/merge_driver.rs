//! `marginalia merge-driver BASE OURS THEIRS [PATH]`: git's merge driver for project files
//! (set up by `marginalia git init`). Git's contract: the result replaces OURS, exit 0
//! when merged. Conflicts are settled by rule and recorded in the project, so the exit is
//! non-zero only when a version cannot be read; then OURS is left as it was and git falls
//! back to reporting a conflict.
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::merge3::{Merged, merge3};
use crate::model::{FORMAT_VERSION, ProjectFile};
use crate::store;

/// Merge two versions of a project file against their common base (used by git).
#[derive(Debug, clap::Args)]
pub struct MergeDriverArgs {
    /// The common ancestor (git's %O); an empty file when both sides added the project.
    pub base: PathBuf,
    /// Our version (git's %A): the merged project is written here.
    pub ours: PathBuf,
    /// Their version (git's %B).
    pub theirs: PathBuf,
    /// The project's path in the repository (git's %P), for messages.
    pub path: Option<PathBuf>,
}

pub fn run(args: MergeDriverArgs) -> ExitCode {
    let shown = args.path.clone().unwrap_or_else(|| args.ours.clone());
    match merge_files(&args.base, &args.ours, &args.theirs) {
        Ok(merged) => {
            // Freed by the process's exit at once, not annotation by annotation.
            let merged = std::mem::ManuallyDrop::new(merged);
            for line in merged.summary.lines() {
                eprintln!("marginalia: {}: {line}", shown.display());
            }
            for c in &merged.conflicts {
                eprintln!(
                    "marginalia: {}: conflict at {}: {}",
                    shown.display(),
                    c.location,
                    c.message
                );
            }
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!(
                "marginalia: cannot merge {}: {message}; the file was left for git to report \
                 as a conflict",
                shown.display()
            );
            ExitCode::FAILURE
        }
    }
}

/// Reads the three versions, merges them and writes the result over `ours` (atomically:
/// on any error `ours` is unchanged).
///
/// No `.ron.snapshot` is used: the annotation lines' reader is as fast as decoding one
/// (docs/performance.md), so hashing the inputs to find a matching snapshot gains nothing.
pub fn merge_files(base: &Path, ours: &Path, theirs: &Path) -> Result<Merged, String> {
    // One after the other, each parse using every core, in one buffer: three texts of a big
    // project at once would be 360 MB more at the peak, and the kernel zeroes fresh memory.
    let mut buf = Vec::new();
    let base = read(base, true, &mut buf)?;
    let ours_file = read(ours, false, &mut buf)?;
    let theirs = read(theirs, false, &mut buf)?;
    drop(buf);
    let merged = merge3(base, ours_file, theirs);
    // A few big pieces: no buffer needed.
    store::write_atomic_with(ours, |w| store::project_file::write_ron(&merged.project, w))
        .map_err(|e| format!("could not write {}: {e}", ours.display()))?;
    Ok(merged)
}

/// One version's schema. An empty base means the file is new on both sides.
fn read(path: &Path, empty_ok: bool, bytes: &mut Vec<u8>) -> Result<ProjectFile, String> {
    let cannot = |e: std::io::Error| format!("cannot read {}: {e}", path.display());
    bytes.clear();
    std::io::Read::read_to_end(&mut std::fs::File::open(path).map_err(cannot)?, bytes)
        .map_err(cannot)?;
    let text = std::str::from_utf8(bytes)
        .map_err(|e| format!("{} is not UTF-8 (byte {})", path.display(), e.valid_up_to()))?;
    if empty_ok && text.trim().is_empty() {
        return Ok(empty_file());
    }
    store::project_file::parse_schema(text).map_err(|e| match e {
        store::project_file::ParseError::Syntax {
            line,
            column,
            message,
        } => format!("{}:{line}:{column}: {message}", path.display()),
        store::project_file::ParseError::TooNew(v) => format!(
            "{} has format version {v}, newer than this Marginalia reads ({FORMAT_VERSION}); \
             update Marginalia",
            path.display()
        ),
    })
}

fn empty_file() -> ProjectFile {
    ProjectFile {
        format_version: FORMAT_VERSION,
        name: String::new(),
        labels: Vec::new(),
        documents: Vec::new(),
        annotations: Vec::new(),
        done: Vec::new(),
        links: Vec::new(),
        merge_conflicts: Vec::new(),
        rejected: Vec::new(),
        aliases: Vec::new(),
    }
}
