//! Turns records into edits. Each record is first resolved without touching any state
//! (every check that can fail happens there), then committed, so a skipped record leaves
//! no trace in the batch.
use std::collections::{BTreeSet, HashMap, HashSet};

use super::{DEFAULT_ANNOTATOR, DatasetImport, ImportOptions, Record};
use crate::export::OffsetUnit;
use crate::model::{Annotation, AnnotationId, DocId, Document, Edit, Project, Span, text_hash};
use crate::text::{TextIndex, slice_chars};

pub(super) struct Builder<'p> {
    project: &'p Project,
    source_name: &'p str,
    opts: &'p ImportOptions,
    edits: Vec<Edit>,
    /// Documents added by this import, by text hash.
    added: HashMap<String, DocId>,
    doc_ids: HashSet<DocId>,
    ann_ids: HashSet<AnnotationId>,
    /// (document, start, end, label, annotator) of every span added by this import.
    seen: HashSet<(DocId, usize, usize, String, String)>,
    done: BTreeSet<(String, DocId)>,
    pub(super) out: DatasetImport,
}

/// A record that passed every check.
pub(super) struct Resolved {
    doc: DocChoice,
    spans: Vec<SpanOut>,
}

enum DocChoice {
    Existing(DocId),
    New { hash: String },
}

struct SpanOut {
    id: Option<u64>,
    span: Span,
    label: String,
    annotator: String,
    note: Option<String>,
}

impl<'p> Builder<'p> {
    pub(super) fn new(project: &'p Project, source_name: &'p str, opts: &'p ImportOptions) -> Self {
        Self {
            project,
            source_name,
            opts,
            edits: Vec::new(),
            added: HashMap::new(),
            doc_ids: HashSet::new(),
            ann_ids: HashSet::new(),
            seen: HashSet::new(),
            done: BTreeSet::new(),
            out: DatasetImport {
                edit: Edit::Batch(Vec::new()),
                documents_added: 0,
                documents_matched: 0,
                spans: 0,
                duplicates: 0,
                skipped: Vec::new(),
                ignored_results: 0,
            },
        }
    }

    /// Checks a record: its labels, its offsets and the span texts it quotes.
    pub(super) fn resolve(&self, r: &Record) -> Result<Resolved, String> {
        let hash = text_hash(&r.text);
        let doc = match self.project.document_with_hash(&hash) {
            Some(d) => DocChoice::Existing(d.id),
            None => match self.added.get(&hash) {
                Some(&id) => DocChoice::Existing(id),
                None => DocChoice::New { hash },
            },
        };
        let index = TextIndex::new(&r.text);
        let mut spans = Vec::with_capacity(r.spans.len());
        for s in &r.spans {
            let what = format!("span [{}, {}) “{}”", s.start, s.end, s.label);
            let start = to_char(&r.text, &index, s.start, r.unit)
                .map_err(|e| format!("{what}: start {e}"))?;
            let end =
                to_char(&r.text, &index, s.end, r.unit).map_err(|e| format!("{what}: end {e}"))?;
            if start > end {
                return Err(format!("{what}: reversed (start after end)"));
            }
            if start == end {
                return Err(format!("{what}: empty"));
            }
            let label = self
                .label_id(&s.label)
                .map_err(|e| format!("{what}: {e}"))?;
            if let Some(quoted) = &s.text {
                let actual = index.slice(&r.text, start, end).unwrap_or_default();
                if quoted != actual {
                    return Err(format!(
                        "{what}: its text “{quoted}” differs from the document's text at those \
                         offsets, “{actual}”; the offsets are probably not in {} (set the \
                         \"offsets\" field to codepoints, utf16 or utf8)",
                        r.unit.name()
                    ));
                }
            }
            let annotator = self
                .opts
                .annotator
                .clone()
                .or_else(|| s.annotator.clone().filter(|a| !a.is_empty()))
                .unwrap_or_else(|| DEFAULT_ANNOTATOR.into());
            spans.push(SpanOut {
                id: s.id,
                span: Span::new(start, end),
                label,
                annotator,
                note: s.note.clone().filter(|n| !n.is_empty()),
            });
        }
        Ok(Resolved { doc, spans })
    }

    /// Adds a resolved record's edits. Cannot fail.
    pub(super) fn commit(&mut self, r: Record, resolved: Resolved) {
        self.out.ignored_results += r.ignored_results;
        let doc_id = match resolved.doc {
            DocChoice::Existing(id) => {
                self.out.documents_matched += 1;
                id
            }
            DocChoice::New { hash } => {
                let id = self.fresh_doc_id(r.doc_id);
                let title = r
                    .title
                    .filter(|t| !t.is_empty())
                    .unwrap_or_else(|| title_from(&r.text));
                let source = r
                    .source
                    .filter(|s| !s.is_empty())
                    .unwrap_or_else(|| self.source_name.into());
                self.added.insert(hash, id);
                self.edits
                    .push(Edit::AddDocument(Document::new(id, title, source, r.text)));
                self.out.documents_added += 1;
                id
            }
        };
        for s in resolved.spans {
            let key = (
                doc_id,
                s.span.start,
                s.span.end,
                s.label.clone(),
                s.annotator.clone(),
            );
            if self.seen.contains(&key) || self.in_project(&key) {
                self.out.duplicates += 1;
                continue;
            }
            let id = self.fresh_ann_id(s.id);
            let mut a = Annotation::new(id, doc_id, s.span, &s.label, &s.annotator);
            a.note = s.note;
            self.done.insert((s.annotator, doc_id));
            self.seen.insert(key);
            self.edits.push(Edit::AddAnnotation(a));
            self.out.spans += 1;
        }
    }

    pub(super) fn finish(mut self) -> DatasetImport {
        for (annotator, document) in std::mem::take(&mut self.done) {
            if !self.project.is_done(&annotator, document) {
                self.edits.push(Edit::SetDone {
                    annotator,
                    document,
                    done: true,
                });
            }
        }
        self.out.edit = Edit::Batch(self.edits);
        self.out
    }

    /// A label id of the project for a label as written in the file: its id, else its
    /// name, else either ignoring case.
    fn label_id(&self, label: &str) -> Result<String, String> {
        let labels = self.project.labels();
        labels
            .iter()
            .find(|l| l.id == label)
            .or_else(|| labels.iter().find(|l| l.name == label))
            .or_else(|| {
                labels.iter().find(|l| {
                    l.id.eq_ignore_ascii_case(label)
                        || l.name.to_lowercase() == label.to_lowercase()
                })
            })
            .map(|l| l.id.clone())
            .ok_or_else(|| {
                let known: Vec<&str> = labels.iter().map(|l| l.id.as_str()).collect();
                format!(
                    "unknown label “{label}”; this project's labels are {} (add the label to the \
                     project, or rename it in the file)",
                    known.join(", ")
                )
            })
    }

    fn in_project(&self, key: &(DocId, usize, usize, String, String)) -> bool {
        self.project
            .annotations_in(key.0)
            .any(|a| (a.start, a.end, &a.label, &a.annotator) == (key.1, key.2, &key.3, &key.4))
    }

    fn fresh_doc_id(&mut self, wanted: Option<u64>) -> DocId {
        let free = |id: DocId, b: &Self| {
            id.0 != 0 && b.project.document(id).is_none() && !b.doc_ids.contains(&id)
        };
        let mut id = wanted
            .map(DocId)
            .filter(|&id| free(id, self))
            .unwrap_or(DocId(0));
        while !free(id, self) {
            id = self.project.fresh_document_id();
        }
        self.doc_ids.insert(id);
        id
    }

    fn fresh_ann_id(&mut self, wanted: Option<u64>) -> AnnotationId {
        let free = |id: AnnotationId, b: &Self| {
            id.0 != 0 && b.project.annotation(id).is_none() && !b.ann_ids.contains(&id)
        };
        let mut id = wanted
            .map(AnnotationId)
            .filter(|&id| free(id, self))
            .unwrap_or(AnnotationId(0));
        while !free(id, self) {
            id = self.project.fresh_annotation_id();
        }
        self.ann_ids.insert(id);
        id
    }
}

/// A code-point offset from one in `unit`, or why it does not fit the text.
fn to_char(text: &str, index: &TextIndex, offset: i64, unit: OffsetUnit) -> Result<usize, String> {
    let len = index.char_len();
    let outside = || format!("{offset} falls outside the text ({len} code points)");
    let o = usize::try_from(offset).map_err(|_| outside())?;
    match unit {
        OffsetUnit::Codepoints => (o <= len).then_some(o).ok_or_else(outside),
        OffsetUnit::Utf8 => {
            if o > text.len() {
                return Err(outside());
            }
            index
                .char_of(text, o)
                .ok_or_else(|| format!("{offset} (UTF-8 bytes) falls inside a character"))
        }
        OffsetUnit::Utf16 => utf16_to_char(text, index, o).ok_or_else(|| {
            format!("{offset} (UTF-16 units) falls inside a character or outside the text")
        }),
    }
}

/// Binary search over code points for the one at UTF-16 offset `u` (UTF-16 offsets grow
/// with code points, so the search is exact).
fn utf16_to_char(text: &str, index: &TextIndex, u: usize) -> Option<usize> {
    let (mut lo, mut hi) = (0, index.char_len());
    while lo < hi {
        let mid = (lo + hi) / 2;
        if index.utf16_of(text, mid)? < u {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    (index.utf16_of(text, lo)? == u).then_some(lo)
}

/// A title for a document that came without one: its first line, shortened.
fn title_from(text: &str) -> String {
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("Untitled");
    match slice_chars(line, 0, 60) {
        Some(short) if short.len() < line.len() => format!("{short}…"),
        _ => line.to_string(),
    }
}
