//! The project file as stored on disk, and the conversions between it and a [`Project`].
use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::super::{
    Annotation, DocId, Document, Label, Link, MERGE_CONFLICT_AT, MergeConflict, Problem,
    default_labels, export_key_problems, parse_hex_color,
};
use super::{Alias, HashMap, Project, Rejection, SpanKey, alias_problem};

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
    /// Speaker aliases of who said what (since speaker grouping; absent in older files).
    #[serde(default)]
    pub aliases: Vec<Alias>,
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
    /// Left out when empty, so files without aliases stay as they were.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<Alias>,
}

/// "This annotator has finished this document."
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct DoneMark {
    pub annotator: String,
    pub document: DocId,
}

impl Project {
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
        project.load_documents(file.documents, &mut problems);
        project.load_annotations(file.annotations, &mut problems);
        for link in file.links {
            if let Err(e) = project.validate_link(&link) {
                problems.push(Problem::refused(
                    format!("link {} -> {}", link.from, link.to),
                    format!("refused: {e}. It was not loaded and will not be saved"),
                ));
                continue;
            }
            project.insert_link(link);
        }
        let known = |doc: &DocId| project.doc_pos.contains_key(doc);
        let rejected: Vec<_> = (file.rejected.into_iter())
            .filter(|r| known(&r.document))
            .collect();
        let done: Vec<_> = (file.done.into_iter())
            .filter(|m| known(&m.document))
            .collect();
        project.rejected.extend(rejected);
        project.done.extend(done);
        project.load_aliases(file.aliases, &mut problems);
        project.merge_conflicts = file.merge_conflicts;
        // Listed with the problems, so the window and `validate` show them until someone
        // clears them, whichever way the file was read (text or snapshot).
        problems.extend(project.merge_conflicts.iter().map(conflict_problem));
        (project, problems)
    }

    fn load_documents(&mut self, documents: Vec<Document>, problems: &mut Vec<Problem>) {
        self.doc_pos.reserve(documents.len());
        self.doc_len.reserve(documents.len());
        self.by_doc.reserve(documents.len());
        for doc in documents {
            problems.extend(doc.hash_problem());
            if self.doc_pos.contains_key(&doc.id) {
                problems.push(Problem::new(
                    format!("document {} “{}”", doc.id, doc.title),
                    "duplicate document id; this copy was skipped",
                ));
                continue;
            }
            self.insert_document(doc);
        }
    }

    fn load_annotations(&mut self, annotations: Vec<Annotation>, problems: &mut Vec<Problem>) {
        // Sized once: growing a map of half a million annotations rehashes it many times.
        self.annotations.reserve(annotations.len());
        let mut keys: HashMap<DocId, Vec<SpanKey>> = HashMap::default();
        for ann in annotations {
            if !self.check_loaded_annotation(&ann, problems) {
                continue;
            }
            (keys.entry(ann.document).or_default()).push((ann.start, ann.end, ann.id));
            self.insert_unindexed(ann);
        }
        // Keys come mostly sorted (the file's order), which the bulk build sorts in one pass.
        (self.by_doc).extend(
            keys.into_iter()
                .map(|(doc, k)| (doc, k.into_iter().collect())),
        );
    }

    /// Whether an annotation read from a file is loaded; what is wrong with it goes to
    /// `problems` (a span out of its document is kept, to be fixed; a bad split is not).
    fn check_loaded_annotation(&self, ann: &Annotation, problems: &mut Vec<Problem>) -> bool {
        // Built only when there is a problem: a big project has half a million of these.
        let at = || format!("annotation {} ({} “{}”)", ann.id, ann.annotator, ann.label);
        let Some(&len) = self.doc_len.get(&ann.document) else {
            problems.push(Problem::new(
                at(),
                format!("refers to missing document {}; skipped", ann.document),
            ));
            return false;
        };
        if self.annotations.contains_key(&ann.id) {
            problems.push(Problem::new(
                at(),
                "duplicate annotation id; this copy was skipped",
            ));
            return false;
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
                    ron_of(ann)
                ),
            ));
            return false;
        }
        if self.label(&ann.label).is_none() {
            problems.push(Problem::new(at(), format!("unknown label “{}”", ann.label)));
        }
        true
    }

    fn load_aliases(&mut self, aliases: Vec<Alias>, problems: &mut Vec<Problem>) {
        for alias in aliases {
            match alias_problem(&alias.form).or_else(|| alias_problem(&alias.person)) {
                Some(why) => problems.push(Problem::refused(
                    format!("speaker alias “{}”", alias.form),
                    format!("refused: {why}. It was not loaded and will not be saved"),
                )),
                None => {
                    self.aliases.insert(alias.form, alias.person);
                }
            }
        }
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
            if parse_hex_color(&l.color).is_none() {
                problems.push(Problem::new(
                    format!("label “{}”", l.id),
                    format!("colour “{}” is not #RRGGBB; grey is used", l.color),
                ));
            }
        }
        for (id, why) in export_key_problems(&self.labels) {
            problems.push(Problem::new(
                format!("label “{id}”"),
                format!("{why}; exports write label ids until it is renamed"),
            ));
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
            aliases: self.aliases().collect(),
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

/// A recorded merge conflict as a problem, with what to do about it.
fn conflict_problem(c: &MergeConflict) -> Problem {
    Problem::new(
        format!("{MERGE_CONFLICT_AT}{}", c.location),
        format!(
            "{}. Check it, then clear the recorded conflicts: View > Problems > Clear, or \
             `marginalia conflicts PROJECT --clear` (docs/team.md)",
            c.message
        ),
    )
}
