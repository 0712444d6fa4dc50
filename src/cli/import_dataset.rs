//! `marginalia import-dataset PROJECT FILE --format F`: brings a labeled dataset into a
//! project, through the session so the import is journaled and can be undone.
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use crate::import::datasets::{DatasetFormat, ImportOptions, read_dataset};
use crate::model::ATTRIBUTED_TO;

#[derive(Debug, Args)]
pub struct ImportDatasetArgs {
    /// Project file to import into; created if it does not exist yet.
    pub project: PathBuf,
    /// Dataset file (JSONL or Label Studio JSON).
    pub file: PathBuf,
    #[arg(long, short, value_parser = super::choice::parser::<DatasetFormat>())]
    pub format: DatasetFormat,
    /// Put every span under this annotator (default: the file's, or "imported").
    #[arg(long, value_name = "NAME")]
    pub annotator: Option<String>,
    /// Import the good records and list the bad ones, instead of importing nothing.
    #[arg(long)]
    pub skip_bad: bool,
    /// Read a file larger than the input limit (256 MiB) too.
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: ImportDatasetArgs) -> ExitCode {
    match import(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn import(args: &ImportDatasetArgs) -> anyhow::Result<()> {
    // Like `import`, a project that does not exist yet is created: a new user's first step
    // may well be a doccano file.
    let mut session = super::open_to_change(&args.project, "marginalia import-dataset", true)
        .map_err(anyhow::Error::msg)?;
    let opts = ImportOptions {
        annotator: args.annotator.clone(),
        skip_bad: args.skip_bad,
        force: args.force,
    };
    let imp = read_dataset(session.project(), &args.file, args.format, &opts)?;
    for bad in &imp.skipped {
        eprintln!("warning: {}: skipped {bad}", args.file.display());
    }
    if imp.ignored_results > 0 {
        eprintln!(
            "warning: ignored {} Label Studio results that are not text labels or relations",
            imp.ignored_results
        );
    }
    if imp.conflicting_links > 0 {
        eprintln!(
            "warning: left out {} links whose span already had another source (a span has \
             one source at most; the first one was kept)",
            imp.conflicting_links
        );
    }
    if imp.ignored_relations > 0 {
        eprintln!(
            "warning: ignored {} relations whose type is not {ATTRIBUTED_TO}",
            imp.ignored_relations
        );
    }
    session.apply(imp.edit)?;
    session.save()?;
    eprintln!(
        "imported {} spans{}: {} documents added, {} matched by text{}",
        imp.spans,
        if imp.links > 0 {
            format!(" and {} links", imp.links)
        } else {
            String::new()
        },
        imp.documents_added,
        imp.documents_matched,
        if imp.duplicates > 0 {
            format!(", {} spans already present", imp.duplicates)
        } else {
            String::new()
        }
    );
    Ok(())
}
