//! Rejected suggestions: what an analyst turned down, remembered so that running the
//! suggester again does not bring it back. Saved in the project file (`rejected`).
use serde::{Deserialize, Serialize};

use super::{EditError, Project};
use crate::model::{DocId, Edit, Span};

/// "Do not suggest this label on this span of this document again."
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Rejection {
    pub document: DocId,
    pub start: usize,
    pub end: usize,
    pub label: String,
}

impl Rejection {
    pub fn new(document: DocId, span: Span, label: &str) -> Self {
        Self {
            document,
            start: span.start,
            end: span.end,
            label: label.to_owned(),
        }
    }
}

impl Project {
    /// Whether a suggestion of `label` on `span` was rejected in this document.
    pub fn is_rejected(&self, document: DocId, span: Span, label: &str) -> bool {
        self.rejected
            .contains(&Rejection::new(document, span, label))
    }

    pub fn rejections(&self) -> impl Iterator<Item = &Rejection> {
        self.rejected.iter()
    }

    /// Applies `Edit::SetRejected`; returns the edit that restores the previous state.
    pub(super) fn set_rejected(
        &mut self,
        rejection: &Rejection,
        rejected: bool,
    ) -> Result<Edit, EditError> {
        if !self.doc_pos.contains_key(&rejection.document) {
            return Err(EditError::NoSuchDocument(rejection.document));
        }
        let was = if rejected {
            !self.rejected.insert(rejection.clone())
        } else {
            self.rejected.remove(rejection)
        };
        Ok(Edit::SetRejected {
            rejection: rejection.clone(),
            rejected: was,
        })
    }
}
