//! `marginalia validate PROJECT`: check a project file without changing it.
use std::path::PathBuf;
use std::process::ExitCode;

use super::output::print_stdout;
use crate::store;

#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// Project file (.ron) to check; it is only read.
    pub project: PathBuf,
}

pub fn run(args: ValidateArgs) -> ExitCode {
    let loaded = match store::load(&args.project) {
        Ok(loaded) => loaded,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let unsaved = store::journal::peek(&args.project, &loaded.fingerprint.hash)
        .edits
        .len();
    if unsaved > 0 {
        eprintln!(
            "note: this checks the file; {unsaved} edit{} in its journal {} not saved yet",
            if unsaved == 1 { "" } else { "s" },
            if unsaved == 1 { "is" } else { "are" }
        );
    }
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
