//! `marginalia import PROJECT FILE_OR_FOLDER...`: add article texts to a project.
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::output::print_stdout;
use crate::import::{ImportReport, import_paths_with_limit};
use crate::input_file::size_limit;

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// Project file (.ron); created with the default labels if it does not exist yet.
    pub project: PathBuf,
    /// Text files, or folders to search for .txt, .text and .md files (recursively).
    #[arg(required = true, value_name = "FILE_OR_FOLDER")]
    pub paths: Vec<PathBuf>,
    /// Read files larger than the input limit (256 MiB) too.
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: ImportArgs) -> ExitCode {
    match import(&args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn import(args: &ImportArgs) -> Result<ExitCode, String> {
    let mut session = super::open_to_change(&args.project, "marginalia import", true)?;
    let report = import_paths_with_limit(session.project(), &args.paths, size_limit(args.force));
    print_stdout(&report_lines(&report));
    for warning in report.warnings() {
        eprintln!("warning: {warning}");
    }
    if let Some(batch) = report.batch() {
        session.apply(batch).map_err(|e| {
            format!("the import could not be applied ({e}); the project was not changed")
        })?;
    }
    // A new project is written only with its documents: a failed first import leaves no
    // file. An existing one is written only if something changed (or its journal had
    // edits a closed window left).
    if session.is_dirty() {
        session.save().map_err(|e| e.to_string())?;
    }
    print_stdout(&totals(&report, &args.project));
    if report.added.is_empty() && !report.refused.is_empty() {
        eprintln!("error: nothing was imported; see the reasons above");
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

fn report_lines(report: &ImportReport) -> String {
    let mut out = String::new();
    for a in &report.added {
        let encoding = if a.encoding == "UTF-8" {
            String::new()
        } else {
            format!(" (decoded from {})", a.encoding)
        };
        out.push_str(&format!(
            "added      {}  “{}”{encoding}\n",
            a.path.display(),
            a.title
        ));
    }
    for s in &report.skipped {
        let whence = if s.in_project {
            "already in the project"
        } else {
            "earlier in this import"
        };
        out.push_str(&format!(
            "duplicate  {}  same text as “{}”, {whence}\n",
            s.path.display(),
            s.title
        ));
    }
    // Each error already names its file.
    for (_, error) in &report.refused {
        out.push_str(&format!("refused    {error}\n"));
    }
    out
}

fn totals(report: &ImportReport, project: &Path) -> String {
    let plural = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    format!(
        "{} added to {}, {} skipped, {} refused\n",
        plural(report.added.len(), "document"),
        project.display(),
        plural(report.skipped.len(), "duplicate"),
        report.refused.len()
    )
}
