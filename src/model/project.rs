//! A project: label set, documents and annotations, with the indexes the window needs
//! and the rules every edit must satisfy.
use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::FxHashMap as HashMap;
use std::ops::Bound;
use std::sync::Arc;

use super::changes::ChangeLog;
use super::{
    Annotation, AnnotationId, DocId, Document, Edit, Label, Link, MergeConflict, Span,
    default_labels,
};
use crate::text::char_len;

/// Why an edit was refused. The project is unchanged when an edit fails.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum EditError {
    #[error("there is no document {0} in this project")]
    NoSuchDocument(DocId),
    #[error("there is no annotation {0} in this project")]
    NoSuchAnnotation(AnnotationId),
    #[error("annotation {0} already exists")]
    DuplicateAnnotation(AnnotationId),
    #[error("document {0} already exists")]
    DuplicateDocument(DocId),
    #[error("span [{start}, {end}) is not inside the document's {len} characters")]
    SpanOutOfText {
        start: usize,
        end: usize,
        len: usize,
    },
    #[error("span [{start}, {end}) is empty or reversed; select at least one character")]
    EmptySpan { start: usize, end: usize },
    #[error("“{0}” is not a label of this project")]
    UnknownLabel(String),
    #[error("the document still has {0} annotations; delete them first")]
    DocumentHasAnnotations(usize),
    #[error("the annotation changed since this edit was made (id {0})")]
    Stale(AnnotationId),
    #[error("the span has {0} link(s); remove them first (deleting from the window does)")]
    HasLinks(usize),
    #[error("this span is already linked to a source; unlink it first")]
    AlreadyLinked(AnnotationId),
    #[error("there is no such link in this project")]
    NoSuchLink,
    #[error("cannot link: {0}")]
    BadLink(String),
    #[error("bad split span: {0}")]
    BadFragments(String),
    #[error("{0}")]
    BadLabel(String),
    #[error("the recorded merge conflicts changed since this edit was made")]
    StaleConflicts,
    #[error(
        "{count} annotation(s) are labelled “{label}”; say where they go (another label, or deleted)"
    )]
    LabelInUse { label: String, count: usize },
    #[error("{0}")]
    BadAlias(String),
}

/// A project's identity and revision: see [`Project::stamp`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Stamp {
    /// Tells projects apart (revisions of two projects say nothing about each other).
    /// Shared by clones: a snapshot is the same project at an earlier revision.
    pub lineage: u64,
    /// Bumped by one for every applied edit.
    pub revision: u64,
}

/// Key of the per-document span index: sorted by start, then end, then id.
type SpanKey = (usize, usize, AnnotationId);

#[derive(Clone, Debug)]
pub struct Project {
    pub name: String,
    labels: Vec<Label>,
    documents: Vec<Arc<Document>>,
    /// Code-point length of each document, cached because span checks need it often.
    doc_len: HashMap<DocId, usize>,
    doc_pos: HashMap<DocId, usize>,
    /// Boxed: a map of half a million 200-byte values is sized in powers of two and touched
    /// all over (~440 bytes of fresh memory per annotation); boxes pack them densely.
    annotations: HashMap<AnnotationId, Box<Annotation>>,
    by_doc: HashMap<DocId, BTreeSet<SpanKey>>,
    done: BTreeSet<DoneMark>,
    /// Annotations per annotator, kept up to date so listing annotators costs nothing.
    per_annotator: BTreeMap<String, usize>,
    /// Annotations per label id, likewise (`stats` and the label editor count them).
    per_label: BTreeMap<String, usize>,
    /// Links by their content (`from`) annotation: a content has at most one source.
    /// Hashed, not ordered: the reader looks a link up for every span it draws.
    links: HashMap<AnnotationId, Link>,
    /// Source annotation → the contents linked to it.
    by_source: HashMap<AnnotationId, BTreeSet<AnnotationId>>,
    /// Rejected suggestions (see `rejections.rs`).
    rejected: BTreeSet<Rejection>,
    /// Speaker aliases, form → person form (see `aliases.rs`).
    aliases: BTreeMap<String, String>,
    /// Bumped by one for every applied edit, so views can cache what they derive from the
    /// project; `changes` says what the last edits touched, so they can patch instead.
    revision: u64,
    changes: ChangeLog,
    /// Tells projects apart (revisions of two projects say nothing about each other).
    /// Shared by clones: a snapshot is the same project at an earlier revision.
    lineage: u64,
    /// Conflicts resolved by the last merges, saved with the project until cleared.
    merge_conflicts: Vec<MergeConflict>,
}

impl Default for Project {
    fn default() -> Self {
        Self::new("Untitled")
    }
}

impl Project {
    /// An empty project with the default label set.
    pub fn new(name: impl Into<String>) -> Self {
        Self::with_labels(name, default_labels())
    }

    pub fn with_labels(name: impl Into<String>, labels: Vec<Label>) -> Self {
        Self {
            name: name.into(),
            labels,
            documents: Vec::new(),
            doc_len: HashMap::default(),
            doc_pos: HashMap::default(),
            annotations: HashMap::default(),
            by_doc: HashMap::default(),
            done: BTreeSet::new(),
            per_annotator: Default::default(),
            per_label: Default::default(),
            links: HashMap::default(),
            by_source: HashMap::default(),
            rejected: BTreeSet::new(),
            aliases: BTreeMap::new(),
            revision: 0,
            changes: ChangeLog::default(),
            lineage: next_lineage(),
            merge_conflicts: Vec::new(),
        }
    }

    /// Conflicts that merges resolved by rule, for the user to check (see docs/team.md).
    pub fn merge_conflicts(&self) -> &[MergeConflict] {
        &self.merge_conflicts
    }

    /// The edit that clears the recorded merge conflicts, if there are any.
    pub fn clear_merge_conflicts_edit(&self) -> Option<Edit> {
        (!self.merge_conflicts.is_empty()).then(|| Edit::SetMergeConflicts {
            before: self.merge_conflicts.clone(),
            after: Vec::new(),
        })
    }

    /// Replaces the recorded merge conflicts: only the merge itself sets them.
    pub(crate) fn set_merge_conflicts(&mut self, conflicts: Vec<MergeConflict>) {
        self.merge_conflicts = conflicts;
    }

    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Which project this is, at which revision: what every view derived from it is keyed
    /// by. Two projects at the same revision have different stamps.
    pub fn stamp(&self) -> Stamp {
        Stamp {
            lineage: self.lineage,
            revision: self.revision,
        }
    }

    /// Annotations whose value or links changed since `since`, each once, or `None` when
    /// that is not known (another project, or too long ago): then rebuild from scratch.
    pub fn changed_since(&self, since: Stamp) -> Option<Vec<AnnotationId>> {
        if since.lineage != self.lineage {
            return None;
        }
        self.changes.since(since.revision, self.revision)
    }

    pub fn labels(&self) -> &[Label] {
        &self.labels
    }

    pub fn label(&self, id: &str) -> Option<&Label> {
        self.labels.iter().find(|l| l.id == id)
    }

    /// The name of the label `id`, or the id itself for a label no longer in the set.
    pub fn label_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.label(id).map_or(id, |l| l.name.as_str())
    }

    pub fn label_for_key(&self, key: char) -> Option<&Label> {
        self.labels.iter().find(|l| l.hotkey == Some(key))
    }

    pub fn documents(&self) -> &[Arc<Document>] {
        &self.documents
    }

    pub fn document(&self, id: DocId) -> Option<&Arc<Document>> {
        self.doc_pos.get(&id).map(|&i| &self.documents[i])
    }

    pub fn document_index(&self, id: DocId) -> Option<usize> {
        self.doc_pos.get(&id).copied()
    }

    /// Code-point length of a document's text.
    pub fn document_len(&self, id: DocId) -> Option<usize> {
        self.doc_len.get(&id).copied()
    }

    pub fn annotation(&self, id: AnnotationId) -> Option<&Annotation> {
        self.annotations.get(&id).map(|a| &**a)
    }

    pub fn annotation_count(&self) -> usize {
        self.annotations.len()
    }

    /// All annotations, in no particular order.
    pub fn annotations(&self) -> impl Iterator<Item = &Annotation> {
        self.annotations.values().map(|a| &**a)
    }

    /// Annotations of one document, by start, end, id.
    pub fn annotations_in(&self, doc: DocId) -> impl DoubleEndedIterator<Item = &Annotation> + '_ {
        self.by_doc
            .get(&doc)
            .into_iter()
            .flatten()
            .map(|(_, _, id)| &*self.annotations[id])
    }

    pub fn count_in(&self, doc: DocId) -> usize {
        self.by_doc.get(&doc).map_or(0, BTreeSet::len)
    }

    /// Annotations of `doc` that share at least one code point with `range`, by start.
    /// Cost: O(log n + spans starting before `range.end`); the reader calls it once per
    /// change, not per frame.
    pub fn annotations_overlapping(
        &self,
        doc: DocId,
        range: Span,
    ) -> impl Iterator<Item = &Annotation> + '_ {
        let upper = (range.end, 0, AnnotationId(0));
        self.by_doc
            .get(&doc)
            .into_iter()
            .flat_map(move |set| set.range((Bound::Unbounded, Bound::Excluded(upper))))
            .filter(move |(_, end, _)| *end > range.start)
            .map(|(_, _, id)| &*self.annotations[id])
    }

    /// Names of everyone who has annotated in this project, sorted.
    pub fn annotators(&self) -> Vec<String> {
        self.per_annotator.keys().cloned().collect()
    }

    /// How many annotations `annotator` has: kept up to date, so free.
    pub fn annotation_count_of(&self, annotator: &str) -> usize {
        self.per_annotator.get(annotator).copied().unwrap_or(0)
    }

    /// How many annotations each annotator has, by name: kept up to date, so free.
    pub fn annotations_per_annotator(&self) -> impl Iterator<Item = (&str, usize)> {
        self.per_annotator
            .iter()
            .map(|(name, &n)| (name.as_str(), n))
    }

    /// How many annotations carry each label id used, by id: kept up to date, so free.
    pub fn annotations_per_label(&self) -> impl Iterator<Item = (&str, usize)> {
        self.per_label.iter().map(|(id, &n)| (id.as_str(), n))
    }

    pub fn is_done(&self, annotator: &str, doc: DocId) -> bool {
        self.done.contains(&DoneMark {
            annotator: annotator.into(),
            document: doc,
        })
    }

    pub fn done_marks(&self) -> impl Iterator<Item = &DoneMark> {
        self.done.iter()
    }

    /// Applies an edit, or refuses it and leaves the project unchanged.
    pub fn apply(&mut self, edit: &Edit) -> Result<(), EditError> {
        self.apply_undoable(edit).map(drop)
    }

    /// Applies an edit and returns the edit that undoes it exactly, worked out against the
    /// state it was applied to: marking done a document that was done already is undone
    /// by leaving it done, not by clearing the mark.
    pub fn apply_undoable(&mut self, edit: &Edit) -> Result<Edit, EditError> {
        let inverse = self.apply_one(edit)?;
        self.revision += 1;
        self.changes.record(self.revision, edit);
        Ok(inverse)
    }

    fn validate_annotation(&self, a: &Annotation) -> Result<(), EditError> {
        let len = *self
            .doc_len
            .get(&a.document)
            .ok_or(EditError::NoSuchDocument(a.document))?;
        if a.start >= a.end {
            return Err(EditError::EmptySpan {
                start: a.start,
                end: a.end,
            });
        }
        if a.end > len {
            return Err(EditError::SpanOutOfText {
                start: a.start,
                end: a.end,
                len,
            });
        }
        if self.label(&a.label).is_none() {
            return Err(EditError::UnknownLabel(a.label.clone()));
        }
        if let Some(why) = a.fragment_problem(len) {
            return Err(EditError::BadFragments(why));
        }
        Ok(())
    }

    /// An edit that removes or replaces an annotation must carry its current value, so a
    /// replayed or merged edit never clobbers a newer change.
    fn expect_current(&self, a: &Annotation) -> Result<(), EditError> {
        match self.annotations.get(&a.id) {
            None => Err(EditError::NoSuchAnnotation(a.id)),
            Some(current) if **current != *a => Err(EditError::Stale(a.id)),
            Some(_) => Ok(()),
        }
    }

    fn insert_document(&mut self, doc: Document) {
        self.doc_pos.insert(doc.id, self.documents.len());
        self.doc_len.insert(doc.id, char_len(&doc.text));
        self.documents.push(Arc::new(doc));
    }

    fn reindex_documents(&mut self) {
        self.doc_pos = self
            .documents
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id, i))
            .collect();
    }

    fn insert_annotation(&mut self, a: Annotation) {
        self.by_doc
            .entry(a.document)
            .or_default()
            .insert((a.start, a.end, a.id));
        self.insert_unindexed(a);
    }

    /// [`Self::insert_annotation`] without the span index: opening a file builds that index
    /// at once from all the keys (a sorted bulk build, not 500,000 B-tree inserts).
    fn insert_unindexed(&mut self, a: Annotation) {
        add_one(&mut self.per_annotator, &a.annotator);
        add_one(&mut self.per_label, &a.label);
        self.annotations.insert(a.id, Box::new(a));
    }

    fn remove_annotation(&mut self, id: AnnotationId) {
        let Some(a) = self.annotations.remove(&id) else {
            return;
        };
        if let Some(set) = self.by_doc.get_mut(&a.document) {
            set.remove(&(a.start, a.end, a.id));
        }
        remove_one(&mut self.per_annotator, &a.annotator);
        remove_one(&mut self.per_label, &a.label);
    }

    /// A fresh annotation id not used in this project.
    pub fn fresh_annotation_id(&self) -> AnnotationId {
        loop {
            let id = AnnotationId::random();
            if !self.annotations.contains_key(&id) {
                return id;
            }
        }
    }

    /// A fresh document id not used in this project.
    pub fn fresh_document_id(&self) -> DocId {
        loop {
            let id = DocId::random();
            if !self.doc_pos.contains_key(&id) {
                return id;
            }
        }
    }

    /// Whether a document with this exact text (by hash) is already in the project.
    pub fn document_with_hash(&self, hash: &str) -> Option<&Arc<Document>> {
        self.documents.iter().find(|d| d.hash == hash)
    }
}

fn next_lineage() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

mod aliases;
mod apply;
mod file;
mod labels;
mod links;
mod rejections;
pub use aliases::{Alias, alias_problem, normal_form};
pub use file::{DoneMark, FORMAT_VERSION, ProjectFile, ProjectFileRef};
pub use labels::{LabelEdit, LabelFate};
pub use rejections::Rejection;
#[cfg(test)]
mod tests;

/// One more annotation under `key`.
fn add_one(counts: &mut BTreeMap<String, usize>, key: &str) {
    match counts.get_mut(key) {
        Some(n) => *n += 1,
        None => {
            counts.insert(key.to_owned(), 1);
        }
    }
}

/// One annotation less under `key`; a key with none left goes.
fn remove_one(counts: &mut BTreeMap<String, usize>, key: &str) {
    if let Some(n) = counts.get_mut(key) {
        *n -= 1;
        if *n == 0 {
            counts.remove(key);
        }
    }
}
