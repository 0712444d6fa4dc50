//! `marginalia sources PROJECT [--annotator NAME]... [--csv OUT [--force]] [--json]`:
//! who said what — every speaker with what is attributed to it; and
//! `marginalia sources PROJECT merge A B` / `split NAME`: say who is who, saved as aliases.
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;

use super::output::print_stdout;
use crate::model::{Edit, Project};
use crate::sources::{self, SourceGroup, find_form, find_group, who_said_what};

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
    /// Merge or split speakers; without one, the sources are listed.
    #[command(subcommand)]
    pub change: Option<SpeakerChange>,
}

#[derive(Debug, Subcommand)]
pub enum SpeakerChange {
    /// FROM and INTO are one person: FROM's group joins INTO's (names as listed, or any
    /// name form: "Tarar", "Minister Tarar").
    Merge { from: String, into: String },
    /// NAME (a name form as written) is not the person of its group: it stands alone.
    Split { name: String },
}

pub fn run(args: SourcesArgs) -> ExitCode {
    if let Some(change) = &args.change {
        return super::output::exit_code(change_speakers(&args, change));
    }
    let loaded = match super::read_project(&args.project) {
        Ok(loaded) => loaded,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let groups = who_said_what(&loaded.project, &args.annotators);
    if let Some(out) = &args.csv {
        return write_csv(&groups, &loaded.project, out, &args.project, args.force);
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
        render(&groups, &loaded.project)
    };
    if print_stdout(&text) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn write_csv(
    groups: &[SourceGroup],
    project: &Project,
    out: &Path,
    file: &Path,
    force: bool,
) -> ExitCode {
    match sources::write_csv(groups, project, out, Some(file), force) {
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

/// Applies a merge or split to the project file (through its journal, like the window).
fn change_speakers(args: &SourcesArgs, change: &SpeakerChange) -> Result<(), String> {
    let mut session = super::open_to_change(&args.project, "marginalia sources", false)?;
    let groups = who_said_what(session.project(), &args.annotators);
    let edit = edit_for(session.project(), &groups, change).map_err(|e| e.to_string())?;
    let what = edit.describe();
    session
        .apply(edit)
        .map_err(|e| format!("cannot {what}: {e}; nothing was changed"))?;
    session.save().map_err(|e| e.to_string())?;
    eprintln!("{}: {what}", args.project.display());
    Ok(())
}

fn edit_for(
    project: &Project,
    groups: &[SourceGroup],
    change: &SpeakerChange,
) -> Result<Edit, sources::AliasError> {
    let group = |name: &str| {
        find_group(groups, name).ok_or_else(|| sources::AliasError::NoSuchSource(name.into()))
    };
    match change {
        SpeakerChange::Merge { from, into } => {
            sources::merge_edit(project, group(from)?, group(into)?)
        }
        SpeakerChange::Split { name } => {
            let (g, form) = find_form(groups, name)
                .ok_or_else(|| sources::AliasError::NoSuchSource(name.clone()))?;
            sources::split_edit(project, g, form)
        }
    }
}

/// Written forms listed under a source in the text listing.
const MAX_FORMS: usize = 12;

/// Sources as a readable list: the source, then what it said, indented, each with its
/// label's name (the JSON keeps ids, which never change; the CSV has export names).
fn render(groups: &[SourceGroup], project: &Project) -> String {
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
        if g.variants.len() > 1 || g.variants.iter().any(|v| v.speakers.len() > 1) {
            let written: Vec<&str> = (g.variants.iter())
                .flat_map(|v| v.speakers.iter().map(String::as_str))
                .collect();
            // A big project's source may have been written hundreds of ways.
            let more = written.len().saturating_sub(MAX_FORMS);
            let shown = written[..written.len().min(MAX_FORMS)].join(" · ");
            match more {
                0 => writeln!(s, "    as: {shown}"),
                n => writeln!(s, "    as: {shown} · and {n} more (--json lists all)"),
            }
            .ok();
        }
        for c in &g.contents {
            let _ = writeln!(
                s,
                "    {:<9} {}  ({}, {})",
                project.label_name(&c.label),
                c.text,
                c.document_title,
                c.annotator
            );
        }
    }
    s
}
