//! `marginalia merge PROJECT OTHER.ron...`: bring colleagues' annotations into a project.
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::model::{Edit, Project};
use crate::review::{MergePlan, plan_merge};
use crate::store;

/// Merge annotations from colleagues' copies of a project (matched by document text).
#[derive(Debug, clap::Args)]
pub struct MergeArgs {
    /// The project to merge into; saved in place (atomically) only if the whole merge succeeds.
    pub project: PathBuf,
    /// Colleagues' copies of the project.
    #[arg(required = true, value_name = "OTHER.ron")]
    pub others: Vec<PathBuf>,
    /// When an annotation was edited in both copies and theirs is newer, replace ours
    /// (without this, such a merge is refused so that no edit is lost unasked).
    #[arg(long)]
    pub prefer_newer: bool,
}

pub fn run(args: MergeArgs) -> ExitCode {
    super::output::exit_code(merge(&args))
}

fn merge(args: &MergeArgs) -> Result<(), String> {
    let mut session = super::open_to_change(&args.project, "marginalia merge", false)?;
    // Plan every file against the project as the earlier files leave it, on a copy:
    // nothing is journaled or written until all of it applies.
    let mut scratch: Project = session.project().clone();
    let mut edits = Vec::new();
    let mut lost = 0;
    for path in &args.others {
        let other = store::load(path).map_err(|e| e.to_string())?;
        warn_problems(path, other.problems.iter());
        let plan = plan_merge(&scratch, &other.project);
        print_plan(path, &plan);
        lost += plan.would_lose.len();
        let batch = Edit::Batch(plan.edits);
        scratch.apply(&batch).map_err(|e| {
            format!(
                "merging {} failed: {e}; nothing was changed",
                path.display()
            )
        })?;
        edits.push(batch);
    }
    if lost > 0 && !args.prefer_newer {
        return Err(format!(
            "{lost} annotation(s) of {} were edited in both copies and would be replaced by the \
             newer version (listed above); nothing was changed. Run again with --prefer-newer to \
             keep the newer versions",
            args.project.display()
        ));
    }
    if edits
        .iter()
        .all(|e| matches!(e, Edit::Batch(v) if v.is_empty()))
    {
        println!(
            "Nothing to merge: {} already has everything.",
            args.project.display()
        );
        return Ok(());
    }
    session
        .apply(Edit::Batch(edits))
        .map_err(|e| format!("the merge could not be applied: {e}; nothing was changed"))?;
    session
        .save()
        .map_err(|e| format!("{e}. Nothing was merged; run the command again"))?;
    println!("Saved {}.", args.project.display());
    Ok(())
}

fn print_plan(path: &Path, plan: &MergePlan) {
    println!(
        "{}: {} added, {} updated, {} unchanged, {} skipped, {} done marks, {} links added \
         ({} kept ours, {} skipped)",
        path.display(),
        plan.added,
        plan.updated,
        plan.unchanged,
        plan.skipped,
        plan.done_marks,
        plan.links_added,
        plan.links_kept_ours,
        plan.links_skipped
    );
    for line in &plan.report {
        println!("  {line}");
    }
}

fn warn_problems<'a>(path: &Path, problems: impl Iterator<Item = &'a crate::model::Problem>) {
    for p in problems {
        eprintln!("warning: {}: {p}", path.display());
    }
}
