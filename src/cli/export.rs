//! `marginalia export PROJECT --format F --out PATH`: writes a labeled dataset.
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};

use super::choice;
use crate::export::{ExportOptions, Format, OffsetUnit, export};

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Project file to export.
    pub project: PathBuf,
    /// Dataset format.
    #[arg(long, short, value_parser = choice::parser::<Format>())]
    pub format: Format,
    /// Output file (for brat: output folder). Label Studio also writes OUT's stem + `.config.xml`.
    #[arg(long, short)]
    pub out: PathBuf,
    /// Export only this annotator's spans (repeat for several; default: everyone's).
    #[arg(long = "annotator", value_name = "NAME")]
    pub annotators: Vec<String>,
    /// Unit of the offsets written.
    #[arg(long, value_parser = choice::parser::<OffsetUnit>(), default_value = "codepoints")]
    pub offsets: OffsetUnit,
    /// Replace an existing output (for brat: write into a non-empty folder). Never the
    /// project's own files (the project, its journal, backups or lock file).
    #[arg(long)]
    pub force: bool,
    /// Write label ids (which never change) instead of the labels' export names (made
    /// from their names: `Factual claim` → `factual_claim`).
    #[arg(long)]
    pub label_ids: bool,
}

pub fn run(args: ExportArgs) -> ExitCode {
    let loaded = match super::read_project(&args.project) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    for p in &loaded.problems {
        eprintln!("warning: {}: {p}", args.project.display());
    }
    let opts = ExportOptions {
        format: args.format,
        annotators: args.annotators,
        offsets: args.offsets,
        force: args.force,
        project_file: Some(args.project.clone()),
        label_ids: args.label_ids,
    };
    let bar = progress_bar(loaded.project.documents().len());
    let result = export(&loaded.project, &opts, &args.out, &mut |done, _| {
        if let Some(b) = &bar {
            b.set_position(done as u64);
        }
    });
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    match result {
        Ok(report) => {
            for w in &report.warnings {
                eprintln!("warning: {w}");
            }
            let what = if report.links > 0 && opts.format.holds_links() {
                format!(
                    "{} documents, {} spans and {} links",
                    report.documents, report.spans, report.links
                )
            } else {
                format!("{} documents and {} spans", report.documents, report.spans)
            };
            eprintln!(
                "exported {what} as {} to {}",
                opts.format.name(),
                args.out.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// A bar on stderr when it is a terminal; nothing in pipes and logs.
fn progress_bar(total: usize) -> Option<ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::new(total as u64);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} documents {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    Some(bar)
}
