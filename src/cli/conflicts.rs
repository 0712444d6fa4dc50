//! `marginalia conflicts PROJECT [--clear]`: the conflicts git merges resolved by rule
//! (docs/team.md), listed, and cleared once someone has checked them.
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::output::{exit_code, print_stdout};

#[derive(Debug, Args)]
pub struct ConflictsArgs {
    /// Project file (.ron).
    pub project: PathBuf,
    /// Forget the recorded conflicts (after checking them); one edit, like any other.
    #[arg(long)]
    pub clear: bool,
}

pub fn run(args: ConflictsArgs) -> ExitCode {
    let result = if args.clear {
        clear(&args)
    } else {
        list(&args)
    };
    exit_code(result)
}

fn list(args: &ConflictsArgs) -> Result<(), String> {
    let loaded = super::read_project(&args.project).map_err(|e| e.to_string())?;
    let conflicts = loaded.project.merge_conflicts();
    let mut out = String::new();
    for c in conflicts {
        out.push_str(&format!("{}: {}\n", c.location, c.message));
    }
    out.push_str(&match conflicts.len() {
        0 => "no recorded merge conflicts\n".to_owned(),
        n => format!(
            "{n} recorded merge conflict(s); `marginalia conflicts {} --clear` forgets them\n",
            args.project.display()
        ),
    });
    print_stdout(&out);
    Ok(())
}

fn clear(args: &ConflictsArgs) -> Result<(), String> {
    let mut session = super::open_to_change(&args.project, "marginalia conflicts", false)?;
    let Some(edit) = session.project().clear_merge_conflicts_edit() else {
        eprintln!("{}: no recorded merge conflicts", args.project.display());
        return Ok(());
    };
    let n = session.project().merge_conflicts().len();
    session
        .apply(edit)
        .map_err(|e| format!("cannot clear the conflicts: {e}; nothing was changed"))?;
    session.save().map_err(|e| e.to_string())?;
    eprintln!(
        "{}: cleared {n} recorded merge conflict(s)",
        args.project.display()
    );
    Ok(())
}
