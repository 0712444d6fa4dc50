//! The side panel's lists of the current document's annotations, in text order. Built when
//! the document or the filters change and patched by each edit (from the project's record
//! of what changed), so tagging in an article with 20,000 spans does not walk them all.
use std::sync::Arc;

use crate::model::{Annotation, AnnotationId, DocId, Project, Stamp};

/// Which annotations a list holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListKind {
    /// Every annotation the filters show.
    Visible,
    /// Shown contents linked to a shown source.
    Linked,
}

/// What a list can be patched from: the same document under the same filters (and, by
/// its stamp, of the same project).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ListKey {
    pub doc: DocId,
    pub filter: u64,
}

/// (start, end, id): the order of a document's annotations in the project.
pub type Entry = (usize, usize, AnnotationId);

pub struct DocList {
    kind: ListKind,
    key: ListKey,
    /// The project and revision the list shows.
    stamp: Stamp,
    entries: Arc<Vec<Entry>>,
}

impl DocList {
    pub fn build(
        kind: ListKind,
        key: ListKey,
        project: &Project,
        visible: &dyn Fn(&Annotation) -> bool,
    ) -> Self {
        let entries: Vec<Entry> = (project.annotations_in(key.doc))
            .filter(|a| keeps(kind, project, a, visible))
            .map(entry)
            .collect();
        Self {
            kind,
            key,
            stamp: project.stamp(),
            entries: Arc::new(entries),
        }
    }

    /// The list for `key` at the project's revision: patched if it can be, else rebuilt.
    pub fn refresh(
        slot: &mut Option<DocList>,
        kind: ListKind,
        key: ListKey,
        project: &Project,
        visible: &dyn Fn(&Annotation) -> bool,
    ) -> Arc<Vec<Entry>> {
        match slot {
            Some(list) if list.kind == kind && list.key == key => {
                if list.stamp != project.stamp() && !list.update(project, visible) {
                    *list = Self::build(kind, key, project, visible);
                }
            }
            _ => *slot = Some(Self::build(kind, key, project, visible)),
        }
        Arc::clone(&slot.as_ref().expect("just set").entries)
    }

    /// Re-checks only the annotations changed since the list was made; false when the
    /// project cannot say which those are.
    fn update(&mut self, project: &Project, visible: &dyn Fn(&Annotation) -> bool) -> bool {
        let Some(mut changed) = project.changed_since(self.stamp) else {
            return false;
        };
        if self.kind == ListKind::Linked {
            // A source that changed (or was hidden) changes whether its contents are listed.
            let contents: Vec<AnnotationId> = (changed.iter())
                .flat_map(|&id| project.contents_of(id))
                .collect();
            changed.extend(contents);
            changed.sort_unstable();
            changed.dedup();
        }
        let entries = Arc::make_mut(&mut self.entries);
        entries.retain(|e| changed.binary_search(&e.2).is_err());
        for &id in &changed {
            if let Some(a) = project.annotation(id)
                && a.document == self.key.doc
                && keeps(self.kind, project, a, visible)
            {
                let e = entry(a);
                let at = entries.partition_point(|x| *x < e);
                entries.insert(at, e);
            }
        }
        self.stamp = project.stamp();
        true
    }
}

fn entry(a: &Annotation) -> Entry {
    (a.start, a.end, a.id)
}

fn keeps(
    kind: ListKind,
    project: &Project,
    a: &Annotation,
    visible: &dyn Fn(&Annotation) -> bool,
) -> bool {
    visible(a)
        && match kind {
            ListKind::Visible => true,
            ListKind::Linked => (project.source_link(a.id))
                .and_then(|l| project.annotation(l.to))
                .is_some_and(visible),
        }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Document, Edit, Link, Span};

    const DOC: DocId = DocId(1);

    fn ann(id: u64, start: usize, label: &str, who: &str) -> Annotation {
        Annotation::new(
            AnnotationId(id),
            DOC,
            Span::new(start, start + 3),
            label,
            who,
        )
    }

    #[test]
    fn patched_lists_equal_rebuilt_ones_through_tags_links_deletes_and_undo() {
        let mut p = Project::new("t");
        p.apply(&Edit::AddDocument(Document::new(
            DOC,
            "t",
            "t",
            "x".repeat(200),
        )))
        .unwrap();
        let hide_ben = |a: &Annotation| a.annotator != "ben";
        let key = ListKey {
            doc: DOC,
            filter: 1,
        };
        let mut slots = [None, None];
        let kinds = [ListKind::Visible, ListKind::Linked];
        let source = ann(1, 50, "attribution", "ada");
        let edits = vec![
            Edit::AddAnnotation(ann(2, 10, "quote", "ada")),
            Edit::AddAnnotation(source.clone()),
            Edit::AddAnnotation(ann(3, 90, "claim", "ben")),
            Edit::AddAnnotation(ann(4, 5, "quote", "ada")),
            Edit::AddLink(Link::attributed_to(AnnotationId(2), AnnotationId(1))),
            Edit::AddLink(Link::attributed_to(AnnotationId(4), AnnotationId(1))),
        ];
        let mut check = |p: &Project, expect: [&[u64]; 2]| {
            for ((slot, kind), want) in slots.iter_mut().zip(kinds).zip(expect) {
                let got = DocList::refresh(slot, kind, key, p, &hide_ben);
                let fresh = DocList::build(kind, key, p, &hide_ben).entries;
                assert_eq!(got, fresh, "{kind:?}");
                let ids: Vec<u64> = got.iter().map(|e| e.2.0).collect();
                assert_eq!(ids, want, "{kind:?}");
            }
        };
        check(&p, [&[], &[]]);
        for e in edits {
            p.apply(&e).unwrap();
        }
        check(&p, [&[4, 2, 1], &[4, 2]]);
        let delete = p.delete_edit(&source);
        p.apply(&delete).unwrap();
        check(&p, [&[4, 2], &[]]);
        p.apply(&delete.inverse()).unwrap();
        check(&p, [&[4, 2, 1], &[4, 2]]);
        let unlink = Edit::RemoveLink(Link::attributed_to(AnnotationId(4), AnnotationId(1)));
        p.apply(&unlink).unwrap();
        check(&p, [&[4, 2, 1], &[2]]);
    }
}
