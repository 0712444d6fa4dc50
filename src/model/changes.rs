//! A short record of what the last edits touched, so views can patch what they derived
//! from a project instead of rebuilding it from every annotation of a document.
//!
//! Every applied edit bumps the project's revision by one and records the annotations whose
//! value or links it changed. A view that was built at revision `r` asks for the changes
//! since `r`; when the record no longer reaches back that far (or an edit touched too many
//! annotations to list) the answer is "rebuild", never a partial list.
use std::collections::VecDeque;

use super::{AnnotationId, Edit};

/// Edits remembered. A view more than this many edits behind rebuilds.
const KEEP: usize = 64;
/// An edit touching more annotations than this (an import, a merge) is not itemised.
const MAX_IDS: usize = 4096;

#[derive(Clone, Debug, Default)]
pub struct ChangeLog {
    /// (revision after the edit, annotations it touched; `None`: too many to list).
    entries: VecDeque<(u64, Option<Vec<AnnotationId>>)>,
}

impl ChangeLog {
    /// Records that the edit which produced `revision` touched what `edit` names.
    pub fn record(&mut self, revision: u64, edit: &Edit) {
        let mut ids = Vec::new();
        let listed = touched(edit, &mut ids);
        if self.entries.len() == KEEP {
            self.entries.pop_front();
        }
        self.entries.push_back((revision, listed.then_some(ids)));
    }

    /// Annotations whose value or links changed after revision `since`, up to `now`, each
    /// once; `None` when the log cannot tell (too old, or an edit too big to itemise).
    pub fn since(&self, since: u64, now: u64) -> Option<Vec<AnnotationId>> {
        if since == now {
            return Some(Vec::new());
        }
        // The record must hold every revision in (since, now].
        let first = self.entries.iter().position(|(r, _)| *r == since + 1)?;
        let mut out = Vec::new();
        for (_, ids) in self.entries.iter().skip(first) {
            out.extend_from_slice(ids.as_deref()?);
        }
        out.sort_unstable();
        out.dedup();
        Some(out)
    }
}

/// Adds the annotations `edit` touches to `ids`; false if there are too many to list.
fn touched(edit: &Edit, ids: &mut Vec<AnnotationId>) -> bool {
    match edit {
        Edit::AddAnnotation(a) | Edit::RemoveAnnotation(a) => ids.push(a.id),
        Edit::ReplaceAnnotation { before, after } => ids.extend([before.id, after.id]),
        Edit::AddLink(l) | Edit::RemoveLink(l) => ids.extend([l.from, l.to]),
        // A label's name or colour shows on every span that has it: views rebuild.
        Edit::Label(_) => return false,
        Edit::AddDocument(_)
        | Edit::RemoveDocument(_)
        | Edit::SetDone { .. }
        | Edit::SetRejected { .. }
        | Edit::SetMergeConflicts { .. }
        | Edit::SetAlias { .. }
        | Edit::SetDirection { .. } => {}
        Edit::Batch(edits) => {
            for e in edits {
                if !touched(e, ids) {
                    return false;
                }
            }
        }
    }
    ids.len() <= MAX_IDS
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Annotation, DocId, Link, Span};

    fn ann(id: u64) -> Annotation {
        Annotation::new(AnnotationId(id), DocId(1), Span::new(0, 1), "quote", "ada")
    }

    #[test]
    fn lists_each_touched_annotation_once_since_a_revision() {
        let mut log = ChangeLog::default();
        log.record(1, &Edit::AddAnnotation(ann(5)));
        log.record(
            2,
            &Edit::Batch(vec![
                Edit::AddLink(Link::attributed_to(AnnotationId(5), AnnotationId(7))),
                Edit::RemoveAnnotation(ann(9)),
            ]),
        );
        log.record(3, &Edit::AddAnnotation(ann(5)));
        let ids = |v: &[u64]| v.iter().copied().map(AnnotationId).collect::<Vec<_>>();
        assert_eq!(log.since(0, 3), Some(ids(&[5, 7, 9])));
        assert_eq!(log.since(2, 3), Some(ids(&[5])));
        assert_eq!(log.since(3, 3), Some(vec![]));
    }

    #[test]
    fn says_rebuild_when_it_cannot_tell() {
        let mut log = ChangeLog::default();
        for r in 1..=(KEEP as u64 + 5) {
            log.record(r, &Edit::AddAnnotation(ann(r)));
        }
        let now = KEEP as u64 + 5;
        assert_eq!(log.since(0, now), None, "older than the record");
        assert!(log.since(now - 3, now).is_some());
        let big = Edit::Batch(
            (0..MAX_IDS as u64 + 1)
                .map(|i| Edit::AddAnnotation(ann(i)))
                .collect(),
        );
        log.record(now + 1, &big);
        assert_eq!(log.since(now, now + 1), None, "too big to itemise");
        assert_eq!(log.since(now + 1, now + 1), Some(vec![]));
    }
}
