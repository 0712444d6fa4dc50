//! Undo and redo in the window: the session's history, and where to look afterwards (the
//! changed span selected, an undone tag's text selected again).
use super::selection::TextSelection;
use super::state::AppState;
use crate::model::Edit;

impl AppState {
    pub fn undo(&mut self) {
        self.history_step(false);
    }

    pub fn redo(&mut self) {
        self.history_step(true);
    }

    fn history_step(&mut self, redo: bool) {
        let Some(session) = &mut self.session else {
            return;
        };
        let (done, verb) = if redo {
            (session.redo(), "redo")
        } else {
            (session.undo(), "undo")
        };
        match done {
            Ok(Some(edit)) => {
                self.after_history_step(&edit);
                let did = if redo { "Redid" } else { "Undid" };
                self.info(format!("{did} {}", edit.describe()));
            }
            Ok(None) => self.info(format!("Nothing to {verb}")),
            Err(e) => self.error(format!("Could not {verb}: {e}")),
        }
    }

    /// After undo/redo, show where the change happened.
    fn after_history_step(&mut self, edit: &Edit) {
        // A batch (delete with its links) is shown by its main, last edit.
        let main = match edit {
            Edit::Batch(edits) => edits.last().unwrap_or(edit),
            _ => edit,
        };
        let target = match main {
            Edit::AddAnnotation(a) | Edit::RemoveAnnotation(a) => Some(a),
            Edit::ReplaceAnnotation { after, .. } => Some(after),
            _ => None,
        };
        if let Some(a) = target {
            let exists = self.project().is_some_and(|p| p.annotation(a.id).is_some());
            self.current = Some(a.document);
            self.reader.selected = exists.then_some(a.id);
            // An undone tag gives its text back as the selection, so another key can
            // tag it at once (the selection comes back with the edit, as in an editor).
            self.reader.selection = (!exists).then_some(TextSelection {
                anchor: a.start,
                head: a.end,
            });
            self.reader.scroll_to = Some(a.start);
        }
        if let Some(cur) = self.current
            && self.project().is_some_and(|p| p.document(cur).is_none())
        {
            self.current = self
                .project()
                .and_then(|p| p.documents().first().map(|d| d.id));
        }
    }
}
