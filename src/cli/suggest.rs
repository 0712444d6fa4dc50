//! `marginalia suggest`: fills the reserved `suggested` layer with the rule-based
//! suggestions (quotes, attributions, figures and their links), replacing earlier
//! suggestions of those documents and never touching anyone's own annotations.
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use crate::model::{DocId, Edit, Project};
use crate::suggest::{ATTRIBUTION, FIGURE, QUOTE, SUGGESTED, SuggestOptions, suggestion_edit};

#[derive(Debug, Args)]
pub struct SuggestArgs {
    /// The project file.
    pub project: PathBuf,
    /// Labels to suggest, comma-separated (quote, attribution, figure; links need the first two).
    #[arg(long, value_delimiter = ',', default_values = [QUOTE, ATTRIBUTION, FIGURE])]
    pub labels: Vec<String>,
    /// Only these documents (ids, comma-separated); all documents by default.
    #[arg(long, value_delimiter = ',')]
    pub documents: Vec<u64>,
}

pub fn run(args: SuggestArgs) -> ExitCode {
    match suggest(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn suggest(args: &SuggestArgs) -> Result<(), String> {
    if let Some(bad) = args
        .labels
        .iter()
        .find(|l| ![QUOTE, ATTRIBUTION, FIGURE].contains(&l.as_str()))
    {
        return Err(format!(
            "cannot suggest “{bad}”: the suggester knows quote, attribution and figure"
        ));
    }
    let mut session = super::open_to_change(&args.project, "marginalia suggest", false)?;
    let docs = documents(session.project(), &args.documents)?;
    let options = SuggestOptions {
        labels: args.labels.clone(),
    };
    let edit = suggestion_edit(session.project(), &docs, &options);
    let (added, removed, links) = count(&edit);
    session
        .apply(edit)
        .map_err(|e| format!("cannot store the suggestions: {e}; nothing was changed"))?;
    session.save().map_err(|e| e.to_string())?;
    eprintln!(
        "{}: {added} suggestion(s) and {links} link(s) as annotator “{SUGGESTED}” \
         (replacing {removed} earlier suggestion(s))",
        args.project.display()
    );
    Ok(())
}

fn documents(project: &Project, ids: &[u64]) -> Result<Vec<DocId>, String> {
    ids.iter()
        .map(|&id| {
            project
                .document(DocId(id))
                .map(|d| d.id)
                .ok_or_else(|| format!("there is no document {id} in this project"))
        })
        .collect()
}

fn count(edit: &Edit) -> (usize, usize, usize) {
    let Edit::Batch(edits) = edit else {
        return (0, 0, 0);
    };
    let n = |f: fn(&Edit) -> bool| edits.iter().filter(|e| f(e)).count();
    (
        n(|e| matches!(e, Edit::AddAnnotation(_))),
        n(|e| matches!(e, Edit::RemoveAnnotation(_))),
        n(|e| matches!(e, Edit::AddLink(_))),
    )
}
