//! Edits as values: every change to a project is one `Edit`, which can be applied,
//! inverted for undo, and appended to the journal for crash recovery.
use serde::{Deserialize, Serialize};

use super::{Annotation, DocId, Document, LabelEdit, Link, MergeConflict, Rejection};
use crate::text::bidi::Direction;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Edit {
    AddAnnotation(Annotation),
    RemoveAnnotation(Annotation),
    /// Relabel, change the note, move the boundaries: `after` has the same id as `before`.
    ReplaceAnnotation {
        before: Annotation,
        after: Annotation,
    },
    AddDocument(Document),
    /// Only valid for a document without annotations (the inverse of `AddDocument`).
    RemoveDocument(Document),
    /// An annotator marks a document done (or not done) for review and agreement.
    SetDone {
        annotator: String,
        document: DocId,
        done: bool,
    },
    /// Draws a document's text in `direction` (`None`: each paragraph's own); `previous` is
    /// what it was, for undo. Only changes how the text is drawn.
    SetDirection {
        document: DocId,
        direction: Option<Direction>,
        previous: Option<Direction>,
    },
    /// Links a content annotation to its source.
    AddLink(Link),
    RemoveLink(Link),
    /// Several edits applied, undone and journaled as one.
    Batch(Vec<Edit>),
    /// A change to the label set.
    Label(LabelEdit),
    /// Remembers (or forgets) that a suggestion was rejected, so `suggest` skips it.
    SetRejected {
        rejection: Rejection,
        rejected: bool,
    },
    /// Replaces the conflicts merges recorded (`before`) with `after`: clearing them once
    /// someone has looked at them.
    SetMergeConflicts {
        before: Vec<MergeConflict>,
        after: Vec<MergeConflict>,
    },
    /// Sets (`Some`) or clears (`None`) the speaker alias of name form `form` in who said
    /// what; `previous` is what it was, for undo. Only changes how sources are grouped.
    SetAlias {
        form: String,
        person: Option<String>,
        previous: Option<String>,
    },
}

impl Edit {
    /// The edit that undoes this one.
    pub fn inverse(&self) -> Edit {
        match self {
            Edit::AddAnnotation(a) => Edit::RemoveAnnotation(a.clone()),
            Edit::RemoveAnnotation(a) => Edit::AddAnnotation(a.clone()),
            Edit::ReplaceAnnotation { before, after } => Edit::ReplaceAnnotation {
                before: after.clone(),
                after: before.clone(),
            },
            Edit::AddDocument(d) => Edit::RemoveDocument(d.clone()),
            Edit::RemoveDocument(d) => Edit::AddDocument(d.clone()),
            Edit::SetDone {
                annotator,
                document,
                done,
            } => Edit::SetDone {
                annotator: annotator.clone(),
                document: *document,
                done: !done,
            },
            Edit::SetDirection {
                document,
                direction,
                previous,
            } => Edit::SetDirection {
                document: *document,
                direction: *previous,
                previous: *direction,
            },
            Edit::AddLink(l) => Edit::RemoveLink(l.clone()),
            Edit::RemoveLink(l) => Edit::AddLink(l.clone()),
            Edit::Batch(edits) => Edit::Batch(edits.iter().rev().map(Edit::inverse).collect()),
            Edit::Label(l) => Edit::Label(l.inverse()),
            Edit::SetRejected {
                rejection,
                rejected,
            } => Edit::SetRejected {
                rejection: rejection.clone(),
                rejected: !rejected,
            },
            Edit::SetMergeConflicts { before, after } => Edit::SetMergeConflicts {
                before: after.clone(),
                after: before.clone(),
            },
            Edit::SetAlias {
                form,
                person,
                previous,
            } => Edit::SetAlias {
                form: form.clone(),
                person: previous.clone(),
                previous: person.clone(),
            },
        }
    }

    /// A short description for the Edit menu ("Undo add quote").
    pub fn describe(&self) -> String {
        match self {
            Edit::AddAnnotation(a) => format!("add {}", a.label),
            Edit::RemoveAnnotation(a) => format!("delete {}", a.label),
            Edit::ReplaceAnnotation { before, after } if before.label != after.label => {
                format!("relabel {} as {}", before.label, after.label)
            }
            Edit::ReplaceAnnotation { before, after } if before.note != after.note => {
                "edit note".into()
            }
            Edit::ReplaceAnnotation { .. } => "change span".into(),
            Edit::AddDocument(d) => format!("import {}", d.title),
            Edit::RemoveDocument(d) => format!("remove {}", d.title),
            Edit::SetDone { done: true, .. } => "mark done".into(),
            Edit::SetDone { done: false, .. } => "mark not done".into(),
            Edit::Label(l) => l.describe(),
            Edit::SetRejected { rejected: true, .. } => "reject suggestion".into(),
            Edit::SetRejected {
                rejected: false, ..
            } => "restore suggestion".into(),
            Edit::SetDirection { .. } => "change text direction".into(),
            Edit::SetMergeConflicts { after, .. } if after.is_empty() => {
                "clear merge conflicts".into()
            }
            Edit::SetMergeConflicts { .. } => "restore merge conflicts".into(),
            Edit::SetAlias {
                form,
                person: Some(p),
                ..
            } if p == form => {
                format!("keep speaker “{form}” apart")
            }
            Edit::SetAlias {
                form,
                person: Some(p),
                ..
            } => format!("group speaker “{form}” with “{p}”"),
            Edit::SetAlias { form, .. } => format!("clear speaker alias “{form}”"),
            Edit::AddLink(_) => "link to source".into(),
            Edit::RemoveLink(_) => "unlink from source".into(),
            Edit::Batch(edits) if edits.len() == 1 => edits[0].describe(),
            // A merge or split of speakers: the first alias says what was meant.
            Edit::Batch(edits)
                if !edits.is_empty()
                    && edits.iter().all(|e| matches!(e, Edit::SetAlias { .. })) =>
            {
                edits[0].describe()
            }
            // "Delete quote and its link": the main edit is the last one.
            Edit::Batch(edits)
                if !edits.is_empty()
                    && edits[..edits.len() - 1]
                        .iter()
                        .all(|e| matches!(e, Edit::AddLink(_) | Edit::RemoveLink(_))) =>
            {
                edits[edits.len() - 1].describe()
            }
            Edit::Batch(edits) => format!("{} changes", edits.len()),
        }
    }
}
