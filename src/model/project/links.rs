//! Links between annotations (content → source) and the edits that keep them consistent
//! when their ends are deleted or change role.
use std::collections::BTreeSet;

use super::{EditError, Project};
use crate::model::{Annotation, AnnotationId, Edit, Link};

impl Project {
    /// The rules of a link: both ends exist, in one document, by one annotator; the content
    /// is not a source, the target is; a content has one source at most.
    pub(super) fn validate_link(&self, link: &Link) -> Result<(), EditError> {
        self.validate_link_ends(link)?;
        if self.links.contains_key(&link.from) {
            return Err(EditError::AlreadyLinked(link.from));
        }
        Ok(())
    }

    pub(super) fn validate_link_ends(&self, link: &Link) -> Result<(), EditError> {
        let content = (self.annotations.get(&link.from)).ok_or(EditError::BadLink(format!(
            "its content annotation {} does not exist",
            link.from
        )))?;
        let source = (self.annotations.get(&link.to)).ok_or(EditError::BadLink(format!(
            "its source annotation {} does not exist",
            link.to
        )))?;
        let bad = |why: String| Err(EditError::BadLink(why));
        if link.kind.trim().is_empty() {
            return bad("the link has no type".into());
        }
        if content.document != source.document {
            return bad("the two spans are in different documents".into());
        }
        if content.annotator != source.annotator {
            return bad(format!(
                "the spans belong to different annotators ({} and {})",
                content.annotator, source.annotator
            ));
        }
        if self.label(&source.label).is_none_or(|l| !l.is_source) {
            return bad(format!(
                "the target is a “{}” span, not a source (attribution) span",
                source.label
            ));
        }
        if self.label(&content.label).is_some_and(|l| l.is_source) {
            return bad("a source cannot be linked to another source".into());
        }
        Ok(())
    }

    pub(super) fn insert_link(&mut self, link: Link) {
        self.by_source.entry(link.to).or_default().insert(link.from);
        self.links.insert(link.from, link);
    }

    pub(super) fn remove_link(&mut self, from: AnnotationId) {
        if let Some(link) = self.links.remove(&from)
            && let Some(set) = self.by_source.get_mut(&link.to)
        {
            set.remove(&from);
            if set.is_empty() {
                self.by_source.remove(&link.to);
            }
        }
    }

    /// All links, by content annotation id (a stable order for reports and files).
    pub fn links(&self) -> impl Iterator<Item = &Link> {
        let mut all: Vec<&Link> = self.links.values().collect();
        all.sort_unstable_by_key(|l| l.from);
        all.into_iter()
    }

    pub fn link_count(&self) -> usize {
        self.links.len()
    }

    /// The link from a content annotation to its source, if it has one.
    pub fn source_link(&self, content: AnnotationId) -> Option<&Link> {
        self.links.get(&content)
    }

    /// The content annotations linked to a source, by id.
    pub fn contents_of(&self, source: AnnotationId) -> impl Iterator<Item = AnnotationId> + '_ {
        self.by_source.get(&source).into_iter().flatten().copied()
    }

    /// Every link that has this annotation at either end.
    pub fn links_of(&self, id: AnnotationId) -> impl Iterator<Item = &Link> + '_ {
        let own = self.links.get(&id);
        let incoming = self.contents_of(id).filter_map(|c| self.links.get(&c));
        own.into_iter().chain(incoming)
    }

    /// Deleting an annotation: its links go with it, in one undoable step.
    pub fn delete_edit(&self, a: &Annotation) -> Edit {
        let links: Vec<Edit> = self.links_of(a.id).cloned().map(Edit::RemoveLink).collect();
        if links.is_empty() {
            return Edit::RemoveAnnotation(a.clone());
        }
        let mut edits = links;
        edits.push(Edit::RemoveAnnotation(a.clone()));
        Edit::Batch(edits)
    }

    /// Deleting several annotations at once: every link touching any of them is removed
    /// first, each once, then the annotations. Apply as (part of) one `Batch`.
    pub fn delete_many_edits<'a>(
        &self,
        annotations: impl IntoIterator<Item = &'a Annotation>,
    ) -> Vec<Edit> {
        let annotations: Vec<&Annotation> = annotations.into_iter().collect();
        let links: BTreeSet<&Link> = (annotations.iter())
            .flat_map(|a| self.links_of(a.id))
            .collect();
        (links.into_iter().cloned().map(Edit::RemoveLink))
            .chain(annotations.into_iter().cloned().map(Edit::RemoveAnnotation))
            .collect()
    }

    /// Changing an annotation: links it can no longer have (a source relabelled as a quote,
    /// say) are removed in the same step.
    pub fn replace_edit(&self, before: &Annotation, after: Annotation) -> Edit {
        let role = |a: &Annotation| self.label(&a.label).map(|l| l.is_source);
        let replace = Edit::ReplaceAnnotation {
            before: before.clone(),
            after: after.clone(),
        };
        if role(before) == role(&after) {
            return replace;
        }
        let mut edits: Vec<Edit> = (self.links_of(before.id).cloned())
            .map(Edit::RemoveLink)
            .collect();
        if edits.is_empty() {
            return replace;
        }
        edits.push(replace);
        Edit::Batch(edits)
    }

    /// Linking a content to a source, replacing the source it had: one undoable step.
    pub fn link_edit(
        &self,
        content: AnnotationId,
        source: AnnotationId,
    ) -> Result<Edit, EditError> {
        let link = Link::attributed_to(content, source);
        if self.links.get(&content) == Some(&link) {
            return Err(EditError::BadLink("they are already linked".into()));
        }
        self.validate_link_ends(&link)?;
        Ok(match self.links.get(&content) {
            Some(old) => Edit::Batch(vec![Edit::RemoveLink(old.clone()), Edit::AddLink(link)]),
            None => Edit::AddLink(link),
        })
    }
}
