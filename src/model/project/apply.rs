//! How each kind of edit changes a project: checked against the current state first, so a
//! refused edit changes nothing, and answered with the edit that undoes it.
use std::sync::Arc;

use super::{DoneMark, EditError, Project};
use crate::model::{Annotation, DocId, Edit, MergeConflict};
use crate::text::bidi::Direction;

impl Project {
    pub(super) fn apply_one(&mut self, edit: &Edit) -> Result<Edit, EditError> {
        match edit {
            Edit::Batch(edits) => return self.apply_batch(edits),
            Edit::AddAnnotation(a) => {
                self.validate_annotation(a)?;
                if self.annotations.contains_key(&a.id) {
                    return Err(EditError::DuplicateAnnotation(a.id));
                }
                self.insert_annotation(a.clone());
            }
            Edit::RemoveAnnotation(a) => {
                self.expect_current(a)?;
                let n = self.links_of(a.id).count();
                if n > 0 {
                    return Err(EditError::HasLinks(n));
                }
                self.remove_annotation(a.id);
            }
            Edit::ReplaceAnnotation { before, after } => self.replace_annotation(before, after)?,
            Edit::AddLink(link) => {
                self.validate_link(link)?;
                self.insert_link(link.clone());
            }
            Edit::RemoveLink(link) => {
                if self.links.get(&link.from) != Some(link) {
                    return Err(EditError::NoSuchLink);
                }
                self.remove_link(link.from);
            }
            Edit::AddDocument(d) => {
                if self.doc_pos.contains_key(&d.id) {
                    return Err(EditError::DuplicateDocument(d.id));
                }
                self.insert_document(d.clone());
            }
            Edit::RemoveDocument(d) => self.remove_document(d.id)?,
            Edit::Label(label_edit) => return self.apply_label_edit(label_edit),
            Edit::SetRejected {
                rejection,
                rejected,
            } => return self.set_rejected(rejection, *rejected),
            Edit::SetMergeConflicts { before, after } => {
                self.replace_merge_conflicts(before, after)?
            }
            Edit::SetAlias { form, person, .. } => return self.set_alias(form, person.as_deref()),
            Edit::SetDirection {
                document,
                direction,
                ..
            } => self.set_direction(*document, *direction)?,
            Edit::SetDone {
                annotator,
                document,
                done,
            } => return self.set_done(annotator, *document, *done),
        }
        Ok(edit.inverse())
    }

    /// All the edits or none: what was applied is rolled back when one is refused.
    fn apply_batch(&mut self, edits: &[Edit]) -> Result<Edit, EditError> {
        let mut undo = Vec::with_capacity(edits.len());
        for e in edits {
            match self.apply_one(e) {
                Ok(inverse) => undo.push(inverse),
                Err(err) => {
                    for inverse in undo.iter().rev() {
                        self.apply_one(inverse)
                            .expect("the inverse of an applied edit applies");
                    }
                    return Err(err);
                }
            }
        }
        undo.reverse();
        Ok(Edit::Batch(undo))
    }

    /// The same annotation (id, document, annotator) changed; a source that has links
    /// cannot stop being a source, nor content with a source become one.
    fn replace_annotation(
        &mut self,
        before: &Annotation,
        after: &Annotation,
    ) -> Result<(), EditError> {
        self.expect_current(before)?;
        if before.id != after.id
            || before.document != after.document
            || before.annotator != after.annotator
        {
            return Err(EditError::Stale(before.id));
        }
        self.validate_annotation(after)?;
        let role = |a: &Annotation| self.label(&a.label).map(|l| l.is_source);
        if role(before) != role(after) && self.links_of(before.id).next().is_some() {
            return Err(EditError::HasLinks(self.links_of(before.id).count()));
        }
        self.remove_annotation(before.id);
        self.insert_annotation(after.clone());
        Ok(())
    }

    /// Only a document without annotations goes; its done marks and rejections go with it.
    fn remove_document(&mut self, id: DocId) -> Result<(), EditError> {
        let &pos = (self.doc_pos.get(&id)).ok_or(EditError::NoSuchDocument(id))?;
        let n = self.count_in(id);
        if n > 0 {
            return Err(EditError::DocumentHasAnnotations(n));
        }
        self.documents.remove(pos);
        self.doc_len.remove(&id);
        self.by_doc.remove(&id);
        self.done.retain(|m| m.document != id);
        self.rejected.retain(|r| r.document != id);
        self.reindex_documents();
        Ok(())
    }

    /// Only over the conflicts the edit was made against.
    fn replace_merge_conflicts(
        &mut self,
        before: &[MergeConflict],
        after: &[MergeConflict],
    ) -> Result<(), EditError> {
        if self.merge_conflicts() != before {
            return Err(EditError::StaleConflicts);
        }
        self.set_merge_conflicts(after.to_vec());
        Ok(())
    }

    fn set_direction(
        &mut self,
        document: DocId,
        direction: Option<Direction>,
    ) -> Result<(), EditError> {
        let &i = (self.doc_pos.get(&document)).ok_or(EditError::NoSuchDocument(document))?;
        // Copies the text once if the window holds the document too: a rare action.
        Arc::make_mut(&mut self.documents[i]).direction = direction;
        Ok(())
    }

    /// Undone by restoring what the mark was, not by flipping it: marking done a document
    /// that was done already is undone by leaving it done.
    fn set_done(
        &mut self,
        annotator: &str,
        document: DocId,
        done: bool,
    ) -> Result<Edit, EditError> {
        if !self.doc_pos.contains_key(&document) {
            return Err(EditError::NoSuchDocument(document));
        }
        let mark = DoneMark {
            annotator: annotator.to_owned(),
            document,
        };
        let was = if done {
            !self.done.insert(mark)
        } else {
            self.done.remove(&mark)
        };
        Ok(Edit::SetDone {
            annotator: annotator.to_owned(),
            document,
            done: was,
        })
    }
}
