//! A project: label set, documents and annotations, with the indexes the window needs
//! and the rules every edit must satisfy.
use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::FxHashMap as HashMap;
use std::ops::Bound;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::changes::ChangeLog;
use super::{
    Annotation, AnnotationId, DocId, Document, Edit, Label, Link, MergeConflict, Problem, Span,
    default_labels,
};
use crate::text::char_len;

/// Version of the project file schema written by this build.
/// 1: spans, notes, review layer. 2: links (`links`), split spans (`fragments`) and source
/// labels (`is_source`). Older versions are read and migrated in [`Project::from_file`].
pub const FORMAT_VERSION: u32 = 2;

/// The project file as stored on disk (RON). Fields added in later versions carry
/// `#[serde(default)]` so older files keep opening.
#[derive(Debug, Deserialize)]
pub struct ProjectFile {
    pub format_version: u32,
    #[serde(default)]
    pub name: String,
    #[serde(default = "default_labels")]
    pub labels: Vec<Label>,
    #[serde(default)]
    pub documents: Vec<Document>,
    #[serde(default)]
    pub annotations: Vec<Annotation>,
    #[serde(default)]
    pub done: Vec<DoneMark>,
    #[serde(default)]
    pub links: Vec<Link>,
    /// Conflicts a three-way merge resolved by rule and nobody has cleared yet. Since
    /// format 2 (absent when empty, so older readers are unaffected).
    #[serde(default)]
    pub merge_conflicts: Vec<MergeConflict>,
    /// Suggestions the analysts rejected (since the suggester; absent in older files).
    #[serde(default)]
    pub rejected: Vec<Rejection>,
}

/// The same schema, borrowed from a [`Project`] for saving without a copy.
#[derive(Serialize)]
pub struct ProjectFileRef<'a> {
    pub format_version: u32,
    pub name: &'a str,
    pub labels: &'a [Label],
    pub documents: Vec<&'a Document>,
    /// Sorted by document order, then start, end and id: a stable, diff-friendly order.
    pub annotations: Vec<&'a Annotation>,
    pub done: Vec<DoneMark>,
    /// In the order of their content annotations.
    pub links: Vec<&'a Link>,
    #[serde(skip_serializing_if = "<[MergeConflict]>::is_empty")]
    pub merge_conflicts: &'a [MergeConflict],
    /// Left out when empty, so files without rejections stay as they were.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rejected: Vec<Rejection>,
}

/// "This annotator has finished this document."
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct DoneMark {
    pub annotator: String,
    pub document: DocId,
}

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
    #[error(
        "{count} annotation(s) are labelled “{label}”; say where they go (another label, or deleted)"
    )]
    LabelInUse { label: String, count: usize },
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
    annotations: HashMap<AnnotationId, Annotation>,
    by_doc: HashMap<DocId, BTreeSet<SpanKey>>,
    done: BTreeSet<DoneMark>,
    /// Annotations per annotator, kept up to date so listing annotators costs nothing.
    per_annotator: BTreeMap<String, usize>,
    /// Links by their content (`from`) annotation: a content has at most one source.
    /// Hashed, not ordered: the reader looks a link up for every span it draws.
    links: HashMap<AnnotationId, Link>,
    /// Source annotation → the contents linked to it.
    by_source: HashMap<AnnotationId, BTreeSet<AnnotationId>>,
    /// Rejected suggestions (see `rejections.rs`).
    rejected: BTreeSet<Rejection>,
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
            links: HashMap::default(),
            by_source: HashMap::default(),
            rejected: BTreeSet::new(),
            revision: 0,
            changes: ChangeLog::default(),
            lineage: next_lineage(),
            merge_conflicts: Vec::new(),
        }
    }

    /// Builds a project from its file, keeping everything it can and listing what is wrong:
    /// spans outside their text, texts that no longer match their hash, duplicates.
    /// Suspect annotations are kept (never silently dropped) unless they cannot be indexed.
    pub fn from_file(file: ProjectFile) -> (Project, Vec<Problem>) {
        let mut problems = Vec::new();
        let mut labels = file.labels;
        if file.format_version < 2 {
            migrate_labels_v1(&mut labels);
        }
        let mut project = Project::with_labels(file.name, labels);
        project.check_labels(&mut problems);
        // Sized once: growing a map of half a million annotations rehashes it many times.
        project.annotations.reserve(file.annotations.len());
        project.doc_pos.reserve(file.documents.len());
        project.doc_len.reserve(file.documents.len());
        project.by_doc.reserve(file.documents.len());
        for doc in file.documents {
            let at = format!("document {} “{}”", doc.id, doc.title);
            problems.extend(doc.hash_problem());
            if project.doc_pos.contains_key(&doc.id) {
                problems.push(Problem::new(
                    &at,
                    "duplicate document id; this copy was skipped",
                ));
                continue;
            }
            project.insert_document(doc);
        }
        for ann in file.annotations {
            // Built only when there is a problem: a big project has half a million of these.
            let at = || format!("annotation {} ({} “{}”)", ann.id, ann.annotator, ann.label);
            let Some(&len) = project.doc_len.get(&ann.document) else {
                problems.push(Problem::new(
                    at(),
                    format!("refers to missing document {}; skipped", ann.document),
                ));
                continue;
            };
            if project.annotations.contains_key(&ann.id) {
                problems.push(Problem::new(
                    at(),
                    "duplicate annotation id; this copy was skipped",
                ));
                continue;
            }
            if ann.start >= ann.end || ann.end > len {
                problems.push(Problem::new(
                    at(),
                    format!(
                        "span [{}, {}) falls outside the document's {} characters or is empty; \
                         it is kept but not drawn — delete or fix it",
                        ann.start, ann.end, len
                    ),
                ));
            }
            if let Some(why) = ann.fragment_problem(len) {
                problems.push(Problem::refused(
                    at(),
                    format!(
                        "refused: {why}. It was not loaded and will not be saved; {}",
                        ron_of(&ann)
                    ),
                ));
                continue;
            }
            if project.label(&ann.label).is_none() {
                problems.push(Problem::new(at(), format!("unknown label “{}”", ann.label)));
            }
            project.insert_annotation(ann);
        }
        for link in file.links {
            if let Err(e) = project.validate_link(&link) {
                problems.push(Problem::refused(
                    format!("link {} → {}", link.from, link.to),
                    format!("refused: {e}. It was not loaded and will not be saved"),
                ));
                continue;
            }
            project.insert_link(link);
        }
        for r in file.rejected {
            if project.doc_pos.contains_key(&r.document) {
                project.rejected.insert(r);
            }
        }
        for mark in file.done {
            if project.doc_pos.contains_key(&mark.document) {
                project.done.insert(mark);
            }
        }
        project.merge_conflicts = file.merge_conflicts;
        (project, problems)
    }

    fn check_labels(&self, problems: &mut Vec<Problem>) {
        let mut seen = BTreeSet::new();
        let mut keys = BTreeSet::new();
        for l in &self.labels {
            if !seen.insert(&l.id) {
                problems.push(Problem::new(
                    format!("label “{}”", l.id),
                    "duplicate label id",
                ));
            }
            if let Some(k) = l.hotkey
                && !keys.insert(k)
            {
                problems.push(Problem::new(
                    format!("label “{}”", l.id),
                    format!("hotkey {k} is used twice"),
                ));
            }
            if super::parse_hex_color(&l.color).is_none() {
                problems.push(Problem::new(
                    format!("label “{}”", l.id),
                    format!("colour “{}” is not #RRGGBB; grey is used", l.color),
                ));
            }
        }
    }

    /// The file form of this project, in a stable order.
    pub fn to_file(&self) -> ProjectFileRef<'_> {
        let mut annotations: Vec<&Annotation> = Vec::with_capacity(self.annotations.len());
        for doc in &self.documents {
            annotations.extend(self.annotations_in(doc.id));
        }
        ProjectFileRef {
            format_version: FORMAT_VERSION,
            name: &self.name,
            labels: &self.labels,
            documents: self.documents.iter().map(|d| d.as_ref()).collect(),
            done: self.done.iter().cloned().collect(),
            rejected: self.rejected.iter().cloned().collect(),
            links: if self.links.is_empty() {
                Vec::new()
            } else {
                (annotations.iter())
                    .filter_map(|a| self.links.get(&a.id))
                    .collect()
            },
            annotations,
            merge_conflicts: &self.merge_conflicts,
        }
    }

    /// Conflicts that merges resolved by rule, for the user to check (see docs/team.md).
    pub fn merge_conflicts(&self) -> &[MergeConflict] {
        &self.merge_conflicts
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
        self.annotations.get(&id)
    }

    pub fn annotation_count(&self) -> usize {
        self.annotations.len()
    }

    /// All annotations, in no particular order.
    pub fn annotations(&self) -> impl Iterator<Item = &Annotation> {
        self.annotations.values()
    }

    /// Annotations of one document, by start, end, id.
    pub fn annotations_in(&self, doc: DocId) -> impl DoubleEndedIterator<Item = &Annotation> + '_ {
        self.by_doc
            .get(&doc)
            .into_iter()
            .flatten()
            .map(|(_, _, id)| &self.annotations[id])
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
            .map(|(_, _, id)| &self.annotations[id])
    }

    /// Names of everyone who has annotated in this project, sorted.
    pub fn annotators(&self) -> Vec<String> {
        self.per_annotator.keys().cloned().collect()
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

    fn apply_one(&mut self, edit: &Edit) -> Result<Edit, EditError> {
        match edit {
            Edit::Batch(edits) => {
                let mut undo = Vec::with_capacity(edits.len());
                for e in edits {
                    match self.apply_one(e) {
                        Ok(inverse) => undo.push(inverse),
                        Err(err) => {
                            // Roll back what was applied so a batch is all-or-nothing.
                            for inverse in undo.iter().rev() {
                                self.apply_one(inverse)
                                    .expect("the inverse of an applied edit applies");
                            }
                            return Err(err);
                        }
                    }
                }
                undo.reverse();
                return Ok(Edit::Batch(undo));
            }
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
            Edit::ReplaceAnnotation { before, after } => {
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
            }
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
            Edit::RemoveDocument(d) => {
                let pos = *self
                    .doc_pos
                    .get(&d.id)
                    .ok_or(EditError::NoSuchDocument(d.id))?;
                let n = self.count_in(d.id);
                if n > 0 {
                    return Err(EditError::DocumentHasAnnotations(n));
                }
                self.documents.remove(pos);
                self.doc_len.remove(&d.id);
                self.by_doc.remove(&d.id);
                self.done.retain(|m| m.document != d.id);
                self.rejected.retain(|r| r.document != d.id);
                self.reindex_documents();
            }
            Edit::Label(label_edit) => return self.apply_label_edit(label_edit),
            Edit::SetRejected {
                rejection,
                rejected,
            } => return self.set_rejected(rejection, *rejected),
            Edit::SetDirection {
                document,
                direction,
                ..
            } => {
                let &i =
                    (self.doc_pos.get(document)).ok_or(EditError::NoSuchDocument(*document))?;
                // Copies the text once if the window holds the document too: a rare action.
                Arc::make_mut(&mut self.documents[i]).direction = *direction;
            }
            Edit::SetDone {
                annotator,
                document,
                done,
            } => {
                if !self.doc_pos.contains_key(document) {
                    return Err(EditError::NoSuchDocument(*document));
                }
                let mark = DoneMark {
                    annotator: annotator.clone(),
                    document: *document,
                };
                let was = if *done {
                    !self.done.insert(mark)
                } else {
                    self.done.remove(&mark)
                };
                return Ok(Edit::SetDone {
                    annotator: annotator.clone(),
                    document: *document,
                    done: was,
                });
            }
        }
        Ok(edit.inverse())
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
            Some(current) if current != a => Err(EditError::Stale(a.id)),
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
        match self.per_annotator.get_mut(&a.annotator) {
            Some(n) => *n += 1,
            None => {
                self.per_annotator.insert(a.annotator.clone(), 1);
            }
        }
        self.by_doc
            .entry(a.document)
            .or_default()
            .insert((a.start, a.end, a.id));
        self.annotations.insert(a.id, a);
    }

    fn remove_annotation(&mut self, id: AnnotationId) {
        let Some(a) = self.annotations.remove(&id) else {
            return;
        };
        if let Some(set) = self.by_doc.get_mut(&a.document) {
            set.remove(&(a.start, a.end, a.id));
        }
        if let Some(n) = self.per_annotator.get_mut(&a.annotator) {
            *n -= 1;
            if *n == 0 {
                self.per_annotator.remove(&a.annotator);
            }
        }
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

/// Format 1 had no notion of sources: its `attribution` label becomes the source label, so
/// an older file means the same once links exist.
fn migrate_labels_v1(labels: &mut [Label]) {
    if labels.iter().any(|l| l.is_source) {
        return;
    }
    for l in labels.iter_mut().filter(|l| l.id == "attribution") {
        l.is_source = true;
    }
}

/// An annotation as RON, quoted in a problem so the user can restore it by hand.
fn ron_of(a: &Annotation) -> String {
    match ron::to_string(a) {
        Ok(text) => format!("it was: {text}"),
        Err(_) => String::new(),
    }
}

mod labels;
mod links;
mod rejections;
pub use labels::{LabelEdit, LabelFate};
pub use rejections::Rejection;
#[cfg(test)]
mod tests;
