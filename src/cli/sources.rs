//! `marginalia sources PROJECT [--annotator NAME]... [--csv OUT [--force]] [--json]`:
//! who said what — every source with what is attributed to it.
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::output::print_stdout;
use crate::sources::{self, SourceGroup, who_said_what};

#[derive(Debug, clap::Args)]
pub struct SourcesArgs {
    /// Project file (.ron); it is only read.
    pub project: PathBuf,
    /// Only this annotator's spans and links (repeatable; `gold` for the reviewed layer).
    #[arg(long = "annotator", value_name = "NAME")]
    pub annotators: Vec<String>,
    /// Write the list as CSV to this file instead of printing it.
    #[arg(long, value_name = "OUT")]
    pub csv: Option<PathBuf>,
    /// Replace an existing CSV file (never the project's own files).
    #[arg(long)]
    pub force: bool,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: SourcesArgs) -> ExitCode {
    let loaded = match super::read_project(&args.project) {
        Ok(loaded) => loaded,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let groups = who_said_what(&loaded.project, &args.annotators);
    if let Some(out) = &args.csv {
        return write_csv(&groups, out, &args.project, args.force);
    }
    let text = if args.json {
        match serde_json::to_string_pretty(&groups) {
            Ok(json) => json + "\n",
            Err(e) => {
                eprintln!("error: could not write JSON: {e}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        render(&groups)
    };
    if print_stdout(&text) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn write_csv(groups: &[SourceGroup], out: &Path, project: &Path, force: bool) -> ExitCode {
    match sources::write_csv(groups, out, Some(project), force) {
        Ok(()) => {
            let rows: usize = groups.iter().map(|g| g.contents.len().max(1)).sum();
            eprintln!(
                "wrote {} sources, {rows} rows to {}",
                groups.len(),
                out.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Sources as a readable list: the source, then what it said, indented.
fn render(groups: &[SourceGroup]) -> String {
    let mut s = String::new();
    if groups.is_empty() {
        s.push_str("no sources: tag attribution spans and link quotes to them\n");
    }
    for g in groups {
        let _ = writeln!(
            s,
            "{} — {} mention{}, {} attributed, {} document{}",
            g.name,
            g.mentions.len(),
            if g.mentions.len() == 1 { "" } else { "s" },
            g.contents.len(),
            g.documents,
            if g.documents == 1 { "" } else { "s" }
        );
        for c in &g.contents {
            let _ = writeln!(
                s,
                "    {:<9} {}  ({}, {})",
                c.label, c.text, c.document_title, c.annotator
            );
        }
    }
    s
}
