//! What a merge brought into our copy, per annotator: the line the window and the driver
//! show ("ben: 34 new annotations in 3 documents").
use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Annotation, DocId};

/// Changes the merge made to our side.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// By annotator.
    pub incoming: BTreeMap<String, Incoming>,
    pub documents_added: usize,
    /// Conflicts this merge resolved by rule (recorded in the project).
    pub conflicts: usize,
}

/// One annotator's annotations that came in.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Incoming {
    pub added: usize,
    pub changed: usize,
    pub removed: usize,
    /// Documents with any of these changes.
    pub documents: BTreeSet<DocId>,
}

impl Summary {
    /// An annotation that came in: new to ours, or a changed version of one of ours.
    pub(super) fn count(&mut self, a: &Annotation, added: bool) {
        let e = self.incoming.entry(a.annotator.clone()).or_default();
        if added {
            e.added += 1;
        } else {
            e.changed += 1;
        }
        e.documents.insert(a.document);
    }

    /// One of our annotations that the merge removed.
    pub(super) fn count_removed(&mut self, a: &Annotation) {
        let e = self.incoming.entry(a.annotator.clone()).or_default();
        e.removed += 1;
        e.documents.insert(a.document);
    }

    /// Nothing came in.
    pub fn is_empty(&self) -> bool {
        self.incoming.is_empty() && self.documents_added == 0 && self.conflicts == 0
    }

    /// One line per annotator, then documents and conflicts.
    pub fn lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        for (who, i) in &self.incoming {
            let mut parts = Vec::new();
            let plural =
                |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
            if i.added > 0 {
                parts.push(plural(i.added, "new annotation"));
            }
            if i.changed > 0 {
                parts.push(plural(i.changed, "changed annotation"));
            }
            if i.removed > 0 {
                parts.push(plural(i.removed, "removed annotation"));
            }
            lines.push(format!(
                "{who}: {} in {}",
                parts.join(", "),
                plural(i.documents.len(), "document")
            ));
        }
        if self.documents_added > 0 {
            lines.push(format!("{} new document(s)", self.documents_added));
        }
        if self.conflicts > 0 {
            lines.push(format!(
                "{} conflict(s) resolved by rule and recorded in the project (see `marginalia validate`)",
                self.conflicts
            ));
        }
        lines
    }
}
