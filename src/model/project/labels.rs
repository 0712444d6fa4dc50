//! The label set: adding, changing, moving and removing labels, with the rules that keep
//! every annotation's label defined and every hotkey unambiguous. A label's id never
//! changes (annotations and links refer to it); its name, colour, key and description do.
use serde::{Deserialize, Serialize};

use super::{EditError, Project};
use crate::model::{Annotation, Edit, Label, export_key_clash, parse_hex_color};

/// A change to the label set; part of [`Edit`], so it is undoable and journaled.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum LabelEdit {
    /// Inserts `label` at position `at` of the list.
    Add { label: Label, at: usize },
    /// Removes the label at `at`; refused while annotations use it.
    Remove { label: Label, at: usize },
    /// Changes name, colour, key, description or role; `after` has `before`'s id.
    Replace { before: Label, after: Label },
    /// Moves the label `id` from position `from` to `to` (palette and key order).
    Move { id: String, from: usize, to: usize },
}

impl LabelEdit {
    pub fn inverse(&self) -> LabelEdit {
        match self.clone() {
            LabelEdit::Add { label, at } => LabelEdit::Remove { label, at },
            LabelEdit::Remove { label, at } => LabelEdit::Add { label, at },
            LabelEdit::Replace { before, after } => LabelEdit::Replace {
                before: after,
                after: before,
            },
            LabelEdit::Move { id, from, to } => LabelEdit::Move {
                id,
                from: to,
                to: from,
            },
        }
    }

    pub fn describe(&self) -> String {
        match self {
            LabelEdit::Add { label, .. } => format!("add label {}", label.name),
            LabelEdit::Remove { label, .. } => format!("remove label {}", label.name),
            LabelEdit::Replace { before, after } if before.name != after.name => {
                format!("rename label {} to {}", before.name, after.name)
            }
            LabelEdit::Replace { after, .. } => format!("change label {}", after.name),
            LabelEdit::Move { id, .. } => format!("move label {id}"),
        }
    }
}

/// What happens to the annotations of a label that is removed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LabelFate {
    /// They get this other label instead.
    Relabel(String),
    /// They are deleted (with their links).
    Delete,
}

fn bad(why: impl Into<String>) -> EditError {
    EditError::BadLabel(why.into())
}

impl Project {
    /// Applies a label edit; returns its exact inverse.
    pub(super) fn apply_label_edit(&mut self, edit: &LabelEdit) -> Result<Edit, EditError> {
        match edit {
            LabelEdit::Add { label, at } => {
                self.check_label(label, None)?;
                if *at > self.labels.len() {
                    return Err(bad(format!("there is no position {at}")));
                }
                self.labels.insert(*at, label.clone());
            }
            LabelEdit::Remove { label, at } => {
                if self.labels.get(*at) != Some(label) {
                    return Err(bad(format!("the label “{}” changed or moved", label.name)));
                }
                let used = self.label_uses(&label.id);
                if used > 0 {
                    return Err(EditError::LabelInUse {
                        label: label.name.clone(),
                        count: used,
                    });
                }
                self.labels.remove(*at);
            }
            LabelEdit::Replace { before, after } => {
                let at = self.label_position(&before.id)?;
                if &self.labels[at] != before || before.id != after.id {
                    return Err(bad(format!(
                        "the label “{}” changed meanwhile",
                        before.name
                    )));
                }
                self.check_label(after, Some(at))?;
                if before.is_source != after.is_source && self.label_has_links(&before.id) {
                    return Err(bad(format!(
                        "“{}” has linked spans; unlink them before changing whether it is a source",
                        before.name
                    )));
                }
                self.labels[at] = after.clone();
            }
            LabelEdit::Move { id, from, to } => {
                if self.labels.get(*from).map(|l| &l.id) != Some(id) || *to >= self.labels.len() {
                    return Err(bad(format!("cannot move “{id}” to position {to}")));
                }
                let label = self.labels.remove(*from);
                self.labels.insert(*to, label);
            }
        }
        Ok(Edit::Label(edit.inverse()))
    }

    fn label_position(&self, id: &str) -> Result<usize, EditError> {
        (self.labels.iter().position(|l| l.id == id))
            .ok_or_else(|| EditError::UnknownLabel(id.to_owned()))
    }

    /// How many annotations carry the label `id`.
    pub fn label_uses(&self, id: &str) -> usize {
        self.per_label.get(id).copied().unwrap_or(0)
    }

    fn label_has_links(&self, id: &str) -> bool {
        self.links.values().any(|l| {
            [l.from, l.to]
                .iter()
                .any(|a| self.annotations.get(a).is_some_and(|a| a.label == id))
        })
    }

    /// The rules of a label in the set (`at`: its own position, when replacing): an id of
    /// lowercase letters, digits, `-` and `_`; a name no other label has; an export name
    /// ([`Label::export_key`]) that is not empty and is no other label's export name or id
    /// (exports write it, and `import-dataset` maps it back by id, then export name); a key
    /// 1–9 no other label has; a `#RRGGBB` colour.
    fn check_label(&self, label: &Label, at: Option<usize>) -> Result<(), EditError> {
        let ok_id = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_';
        if label.id.is_empty() || !label.id.chars().all(ok_id) {
            return Err(bad(format!(
                "“{}” is not a label id (lowercase letters, digits, - and _)",
                label.id
            )));
        }
        if label.name.trim().is_empty() {
            return Err(bad("a label needs a name"));
        }
        if label.export_key().is_empty() {
            return Err(bad(format!(
                "“{}” has no letters or digits to name the label in exports; add some",
                label.name.trim()
            )));
        }
        if parse_hex_color(&label.color).is_none() {
            return Err(bad(format!(
                "“{}” is not a colour like #0072B2",
                label.color
            )));
        }
        if let Some(k) = label.hotkey
            && !('1'..='9').contains(&k)
        {
            return Err(bad(format!("label keys are 1 to 9, not {k}")));
        }
        let others = (self.labels.iter().enumerate()).filter(|(i, _)| Some(*i) != at);
        for (_, other) in others {
            if other.id == label.id {
                return Err(bad(format!("there is a label “{}” already", label.id)));
            }
            if other.name.trim().eq_ignore_ascii_case(label.name.trim()) {
                return Err(bad(format!(
                    "there is a label named “{}” already",
                    other.name
                )));
            }
            if let Some(why) = export_key_clash(label, other) {
                return Err(bad(format!(
                    "“{}” cannot be told apart from another label in exports: {why}; choose \
                     another name",
                    label.name.trim()
                )));
            }
            if label.hotkey.is_some() && other.hotkey == label.hotkey {
                return Err(bad(format!(
                    "key {} belongs to “{}” already",
                    other.hotkey.unwrap_or_default(),
                    other.name
                )));
            }
        }
        Ok(())
    }

    /// A new label named `name`, with an id made from the name, the first free key and the
    /// first colour of the colour-blind-safe palette that no label uses yet.
    pub fn new_label(&self, name: &str) -> Label {
        let base: String = (name.trim().to_lowercase().chars())
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        let base = if base.trim_matches('_').is_empty() {
            "label".to_owned()
        } else {
            base
        };
        let mut id = base.clone();
        for n in 2.. {
            if self.label(&id).is_none() {
                break;
            }
            id = format!("{base}_{n}");
        }
        let hotkey = ('1'..='9').find(|k| self.labels.iter().all(|l| l.hotkey != Some(*k)));
        Label {
            id,
            name: name.trim().to_owned(),
            color: super::super::label_colors::next_free(&self.labels),
            hotkey,
            description: String::new(),
            is_source: false,
        }
    }

    /// The edit that adds `label` at the end of the set.
    pub fn add_label_edit(&self, label: Label) -> Result<Edit, EditError> {
        self.check_label(&label, None)?;
        Ok(Edit::Label(LabelEdit::Add {
            at: self.labels.len(),
            label,
        }))
    }

    /// The edit that changes a label to `after` (same id).
    pub fn change_label_edit(&self, after: Label) -> Result<Edit, EditError> {
        let at = self.label_position(&after.id)?;
        self.check_label(&after, Some(at))?;
        Ok(Edit::Label(LabelEdit::Replace {
            before: self.labels[at].clone(),
            after,
        }))
    }

    /// The edit that removes label `id`, its annotations going where `fate` says: one
    /// undoable step.
    pub fn remove_label_edit(&self, id: &str, fate: &LabelFate) -> Result<Edit, EditError> {
        let at = self.label_position(id)?;
        let label = self.labels[at].clone();
        let used: Vec<&Annotation> = self.annotations().filter(|a| a.label == id).collect();
        let mut edits = match fate {
            _ if used.is_empty() => Vec::new(),
            LabelFate::Delete => self.delete_many_edits(used.iter().copied()),
            LabelFate::Relabel(target) => {
                let target = self
                    .label(target)
                    .ok_or(EditError::UnknownLabel(target.clone()))?;
                if target.id == id {
                    return Err(bad("annotations cannot move to the label being removed"));
                }
                let mut edits = Vec::new();
                for a in used {
                    let mut after = a.clone();
                    after.label = target.id.clone();
                    edits.push(self.replace_edit(a, after));
                }
                edits
            }
        };
        edits.push(Edit::Label(LabelEdit::Remove { label, at }));
        Ok(Edit::Batch(edits))
    }

    /// The edit that moves label `id` to position `to`.
    pub fn move_label_edit(&self, id: &str, to: usize) -> Result<Edit, EditError> {
        let from = self.label_position(id)?;
        if to >= self.labels.len() {
            return Err(bad(format!("there is no position {}", to + 1)));
        }
        Ok(Edit::Label(LabelEdit::Move {
            id: id.to_owned(),
            from,
            to,
        }))
    }
}

#[cfg(test)]
mod tests;
