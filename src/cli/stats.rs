//! `marginalia stats PROJECT [--json]`: counts per label, annotator and document.
use std::path::PathBuf;
use std::process::ExitCode;

use super::output::print_stdout;
use crate::stats::Stats;

#[derive(Debug, clap::Args)]
pub struct StatsArgs {
    /// Project file (.ron); it is only read.
    pub project: PathBuf,
    /// Print JSON instead of tables.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: StatsArgs) -> ExitCode {
    let loaded = match super::read_project(&args.project) {
        Ok(loaded) => loaded,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    if !loaded.problems.is_empty() {
        eprintln!(
            "warning: {} has {} problems; run `marginalia validate` to list them",
            args.project.display(),
            loaded.problems.len()
        );
    }
    let stats = Stats::of(&loaded.project);
    let text = if args.json {
        match serde_json::to_string_pretty(&stats) {
            Ok(json) => json + "\n",
            Err(e) => {
                eprintln!("error: could not write the statistics as JSON: {e}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        stats.render_text()
    };
    if print_stdout(&text) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
