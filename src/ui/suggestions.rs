//! Suggestions in the window: run the suggester on this or every document, and accept
//! (Enter, or a label key for another label) or reject (Delete / Backspace) the selected
//! suggestion; each one undoable edit built by [`crate::suggest::accept`].
use super::state::AppState;
use crate::model::AnnotationId;
use crate::suggest::{SUGGESTED, accept};

impl AppState {
    /// Whether `id` is a suggestion (annotator `suggested`).
    pub fn is_suggestion(&self, id: AnnotationId) -> bool {
        (self.project().and_then(|p| p.annotation(id))).is_some_and(|a| a.annotator == SUGGESTED)
    }

    /// Accepts the selected suggestion as the current annotator's (with `label`, or its own).
    pub fn accept_selected(&mut self, label: Option<&str>) -> bool {
        let (Some(id), Some(p)) = (self.reader.selected, self.project()) else {
            return false;
        };
        let Some(edit) = accept::accept_edit(p, id, self.annotator(), label) else {
            return false;
        };
        let new_id = match &edit {
            crate::model::Edit::Batch(e) => e.iter().find_map(|e| match e {
                crate::model::Edit::AddAnnotation(a) => Some(a.id),
                _ => None,
            }),
            _ => None,
        };
        if self.apply(edit) {
            self.reader.selected = new_id;
            self.step_to_next_suggestion();
        }
        true
    }

    /// Rejects the selected suggestion (removed and remembered).
    pub fn reject_selected(&mut self) -> bool {
        let (Some(id), Some(p)) = (self.reader.selected, self.project()) else {
            return false;
        };
        let Some(edit) = accept::reject_edit(p, id) else {
            return false;
        };
        if self.apply(edit) {
            self.reader.selected = None;
            self.step_to_next_suggestion();
        }
        true
    }

    /// Accepts every suggestion in this document with the selected suggestion's label.
    pub fn accept_all_of_label(&mut self) {
        let (Some(doc), Some(p)) = (self.current, self.project()) else {
            return;
        };
        let Some(label) = (self.reader.selected)
            .and_then(|id| p.annotation(id))
            .filter(|a| a.annotator == SUGGESTED)
            .map(|a| a.label.clone())
        else {
            self.info("Select a suggestion first (Tab): its label is the one accepted");
            return;
        };
        if let Some(edit) = accept::accept_all_edit(p, doc, &label, self.annotator())
            && self.apply(edit)
        {
            self.info(format!("Accepted every {label} suggestion"));
        }
    }

    /// After a decision, the next suggestion in reading order is selected, so Enter and
    /// Delete can walk a document.
    fn step_to_next_suggestion(&mut self) {
        let (Some(doc), Some(p)) = (self.current, self.project()) else {
            return;
        };
        let from = (self.reader.selected)
            .and_then(|id| p.annotation(id))
            .map_or(0, |a| a.start);
        let next = (p.annotations_in(doc))
            .filter(|a| a.annotator == SUGGESTED && a.start >= from)
            .min_by_key(|a| (a.start, a.end))
            .map(|a| (a.id, a.start));
        if let Some((id, start)) = next {
            self.reader.select_annotation(id, start);
        }
    }
}
