//! `marginalia labels PROJECT [add|rename|color|key|describe|move|remove …]`: the label set
//! from scripts, with the same rules and edits as the window's label editor.
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};

use super::output::{exit_code, print_stdout};
use crate::model::{Edit, Label, LabelFate, Project, label_colors};

#[derive(Debug, Args)]
pub struct LabelsArgs {
    /// Project file (.ron).
    pub project: PathBuf,
    /// What to change; without one, the label set is listed.
    #[command(subcommand)]
    pub change: Option<LabelChange>,
}

#[derive(Debug, Subcommand)]
pub enum LabelChange {
    /// Add a label (id, key and colour are chosen unless given).
    Add {
        name: String,
        #[arg(long)]
        id: Option<String>,
        /// `#RRGGBB`.
        #[arg(long)]
        color: Option<String>,
        /// 1–9.
        #[arg(long)]
        key: Option<char>,
        #[arg(long, default_value = "")]
        description: String,
        /// Spans with this label are sources that quotes link to.
        #[arg(long)]
        source: bool,
    },
    /// Give a label a new name (its id, and so every annotation, stays).
    Rename { id: String, name: String },
    /// Give a label a new colour (`#RRGGBB`).
    Color { id: String, color: String },
    /// Give a label a key (1–9), or `none`.
    Key { id: String, key: String },
    /// Give a label a description (shown as its tooltip).
    Describe { id: String, description: String },
    /// Move a label to position POSITION (1 = first) in the palette.
    Move { id: String, position: usize },
    /// Remove a label; its annotations get another label or are deleted.
    Remove {
        id: String,
        /// Give its annotations this label instead.
        #[arg(long, value_name = "ID", conflicts_with = "delete_annotations")]
        relabel_to: Option<String>,
        /// Delete its annotations (and their links).
        #[arg(long)]
        delete_annotations: bool,
    },
}

pub fn run(args: LabelsArgs) -> ExitCode {
    let result = match &args.change {
        None => list(&args),
        Some(change) => change_labels(&args, change),
    };
    exit_code(result)
}

fn list(args: &LabelsArgs) -> Result<(), String> {
    let loaded = super::read_project(&args.project).map_err(|e| e.to_string())?;
    let p = &loaded.project;
    let mut out = String::from("pos  key  id               name                 colour   uses\n");
    for (i, l) in p.labels().iter().enumerate() {
        out.push_str(&format!(
            "{:<4} {:<4} {:<16} {:<20} {}  {}{}\n",
            i + 1,
            l.hotkey.map(String::from).unwrap_or_else(|| "-".into()),
            l.id,
            l.name,
            l.color,
            p.label_uses(&l.id),
            if l.is_source { "  (source)" } else { "" }
        ));
    }
    for w in label_colors::warnings(p.labels()) {
        out.push_str(&format!("warning: {w}\n"));
    }
    print_stdout(&out);
    Ok(())
}

fn change_labels(args: &LabelsArgs, change: &LabelChange) -> Result<(), String> {
    let mut session = super::open_to_change(&args.project, "marginalia labels", false)?;
    let edit = edit_for(session.project(), change)?;
    let what = edit.describe();
    session
        .apply(edit)
        .map_err(|e| format!("cannot {what}: {e}; nothing was changed"))?;
    session.save().map_err(|e| e.to_string())?;
    for w in label_colors::warnings(session.project().labels()) {
        eprintln!("warning: {w}");
    }
    eprintln!("{}: {what}", args.project.display());
    Ok(())
}

fn edit_for(p: &Project, change: &LabelChange) -> Result<Edit, String> {
    let existing = |id: &str| -> Result<Label, String> {
        p.label(id)
            .cloned()
            .ok_or_else(|| format!("there is no label “{id}” (see `marginalia labels PROJECT`)"))
    };
    let changed = |id: &str, f: &dyn Fn(&mut Label)| -> Result<Edit, String> {
        let mut label = existing(id)?;
        f(&mut label);
        p.change_label_edit(label).map_err(|e| e.to_string())
    };
    match change {
        LabelChange::Add {
            name,
            id,
            color,
            key,
            description,
            source,
        } => {
            let mut label = p.new_label(name);
            if let Some(id) = id {
                label.id = id.clone();
            }
            if let Some(color) = color {
                label.color = color.clone();
            }
            if key.is_some() {
                label.hotkey = *key;
            }
            label.description = description.clone();
            label.is_source = *source;
            p.add_label_edit(label).map_err(|e| e.to_string())
        }
        LabelChange::Rename { id, name } => changed(id, &|l| l.name = name.clone()),
        LabelChange::Color { id, color } => changed(id, &|l| l.color = color.clone()),
        LabelChange::Describe { id, description } => {
            changed(id, &|l| l.description = description.clone())
        }
        LabelChange::Key { id, key } => {
            let key = match key.as_str() {
                "none" | "-" => None,
                k if k.chars().count() == 1 => k.chars().next(),
                k => return Err(format!("“{k}” is not a key (1–9, or none)")),
            };
            changed(id, &|l| l.hotkey = key)
        }
        LabelChange::Move { id, position } => p
            .move_label_edit(id, position.saturating_sub(1))
            .map_err(|e| e.to_string()),
        LabelChange::Remove {
            id,
            relabel_to,
            delete_annotations,
        } => {
            let fate = match (relabel_to, delete_annotations) {
                (Some(target), _) => LabelFate::Relabel(target.clone()),
                (None, true) => LabelFate::Delete,
                (None, false) if p.label_uses(id) > 0 => {
                    return Err(format!(
                        "{} annotation(s) are labelled “{id}”: add --relabel-to ID or \
                         --delete-annotations",
                        p.label_uses(id)
                    ));
                }
                (None, false) => LabelFate::Delete,
            };
            p.remove_label_edit(id, &fate).map_err(|e| e.to_string())
        }
    }
}
