//! `marginalia validate PROJECT`: check a project (its file and the unsaved edits in its
//! journal) without changing anything; exit 1 on any problem.
use std::path::PathBuf;
use std::process::ExitCode;

use super::output::print_stdout;

#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// Project file (.ron) to check; it is only read.
    pub project: PathBuf,
}

pub fn run(args: ValidateArgs) -> ExitCode {
    // The same reading as `stats` and the window: the file, then the journal's unsaved
    // edits, so all three report the same problems.
    let loaded = match super::read_project(&args.project) {
        Ok(loaded) => loaded,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    if loaded.problems.is_empty() {
        let ok = format!(
            "OK: {} documents, {} annotations\n",
            loaded.project.documents().len(),
            loaded.project.annotation_count()
        );
        return if print_stdout(&ok) {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        };
    }
    let mut listing = String::new();
    for problem in &loaded.problems {
        listing.push_str(&format!("{}: {problem}\n", args.project.display()));
    }
    print_stdout(&listing);
    eprintln!(
        "error: {} problem{} in {}; open it in Marginalia or fix it in a text editor",
        loaded.problems.len(),
        if loaded.problems.len() == 1 { "" } else { "s" },
        args.project.display()
    );
    ExitCode::FAILURE
}
