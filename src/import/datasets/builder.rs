//! Turns records into edits. Each record is first resolved without touching any state
//! (every check that can fail happens there), then committed, so a skipped record leaves
//! no trace in the batch.
use std::collections::BTreeSet;

// Fx, not SipHash: ids and span keys of tens of thousands of spans, none chosen by an attacker
// who could gain from collisions.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::{DEFAULT_ANNOTATOR, DatasetImport, ImportOptions, PieceIn, Record};
use crate::export::OffsetUnit;
use crate::model::{
    ATTRIBUTED_TO, Annotation, AnnotationId, DocId, Document, Edit, Label, Link, Project, Span,
    merge_spans, text_hash,
};
use crate::text::{TextIndex, slice_chars};

/// The links of a record, as (content, source) indices in its spans, and the relations
/// left out.
#[derive(Default)]
struct LinksIn {
    links: Vec<(usize, usize)>,
    /// Relations of other types than `attributed_to`.
    ignored: usize,
    /// Links that would give a content a second source.
    conflicting: usize,
}

/// What makes two spans the same: document, extent, pieces, label and annotator.
type SpanKey = (DocId, usize, usize, Vec<Span>, String, String);

pub(super) struct Builder<'p> {
    project: &'p Project,
    source_name: &'p str,
    opts: &'p ImportOptions,
    edits: Vec<Edit>,
    /// Documents added by this import, by text hash.
    added: HashMap<String, DocId>,
    doc_ids: HashSet<DocId>,
    ann_ids: HashSet<AnnotationId>,
    /// Every span added by this import, with its id.
    seen: HashMap<SpanKey, AnnotationId>,
    /// Links added by this import: content → source.
    linked: HashMap<AnnotationId, AnnotationId>,
    done: BTreeSet<(String, DocId)>,
    /// Label id for each string a file may name a label by ([`Builder::label_id`]).
    label_ids: HashMap<String, String>,
    pub(super) out: DatasetImport,
}

/// A record that passed every check.
pub(super) struct Resolved {
    doc: DocChoice,
    spans: Vec<SpanOut>,
    /// Links to add, by index in `spans` (content, source).
    links: Vec<(usize, usize)>,
    ignored_relations: usize,
    conflicting_links: usize,
}

enum DocChoice {
    Existing(DocId),
    New { hash: String },
}

struct SpanOut {
    id: Option<u64>,
    span: Span,
    /// The pieces of a split span; empty for an ordinary one.
    fragments: Vec<Span>,
    label: String,
    annotator: String,
    note: Option<String>,
    /// The annotation this span duplicates: already in the project, added by an earlier
    /// record, or (`Local`) an earlier span of this record.
    same_as: SameAs,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum SameAs {
    New,
    Existing(AnnotationId),
    Local(usize),
}

impl<'p> Builder<'p> {
    pub(super) fn new(project: &'p Project, source_name: &'p str, opts: &'p ImportOptions) -> Self {
        Self {
            project,
            source_name,
            opts,
            edits: Vec::new(),
            added: HashMap::default(),
            doc_ids: HashSet::default(),
            ann_ids: HashSet::default(),
            seen: HashMap::default(),
            linked: HashMap::default(),
            done: BTreeSet::new(),
            label_ids: label_lookup(project.labels()),
            out: DatasetImport {
                edit: Edit::Batch(Vec::new()),
                documents_added: 0,
                documents_matched: 0,
                spans: 0,
                duplicates: 0,
                links: 0,
                ignored_relations: 0,
                conflicting_links: 0,
                skipped: Vec::new(),
                ignored_results: 0,
            },
        }
    }

    /// Checks a record: its labels, its offsets, the span texts it quotes and its links.
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
        let mut spans: Vec<SpanOut> = Vec::with_capacity(r.spans.len());
        let mut local: HashMap<SpanKey, usize> = HashMap::default();
        for s in &r.spans {
            let what = format!("span [{}, {}) “{}”", s.start, s.end, s.label);
            let span = to_span(&r.text, &index, s.start, s.end, s.text.as_deref(), r.unit)
                .map_err(|e| format!("{what}: {e}"))?;
            let fragments = self.fragments(r, &index, span, &s.fragments)?;
            let label = self
                .label_id(&s.label)
                .map_err(|e| format!("{what}: {e}"))?;
            let annotator = self
                .opts
                .annotator
                .clone()
                .or_else(|| s.annotator.clone().filter(|a| !a.is_empty()))
                .unwrap_or_else(|| DEFAULT_ANNOTATOR.into());
            let doc_id = match doc {
                DocChoice::Existing(id) => id,
                DocChoice::New { .. } => DocId(0),
            };
            let key = (
                doc_id,
                span.start,
                span.end,
                fragments.clone(),
                label.clone(),
                annotator.clone(),
            );
            let same_as = if let Some(&i) = local.get(&key) {
                SameAs::Local(i)
            } else {
                local.insert(key.clone(), spans.len());
                match doc {
                    DocChoice::Existing(_) => {
                        self.existing(&key).map_or(SameAs::New, SameAs::Existing)
                    }
                    DocChoice::New { .. } => SameAs::New,
                }
            };
            spans.push(SpanOut {
                id: s.id,
                span,
                fragments,
                label,
                annotator,
                note: s.note.clone().filter(|n| !n.is_empty()),
                same_as,
            });
        }
        let links = self.links(r, &spans)?;
        Ok(Resolved {
            doc,
            spans,
            links: links.links,
            ignored_relations: links.ignored,
            conflicting_links: links.conflicting,
        })
    }

    /// The pieces of a split span in code points, checked: inside the text, non-empty, in
    /// order, apart, and spanning exactly the span.
    fn fragments(
        &self,
        r: &Record,
        index: &TextIndex,
        span: Span,
        pieces: &[PieceIn],
    ) -> Result<Vec<Span>, String> {
        if pieces.is_empty() {
            return Ok(Vec::new());
        }
        let mut out = Vec::with_capacity(pieces.len());
        for p in pieces {
            let what = format!("fragment [{}, {})", p.start, p.end);
            out.push(
                to_span(&r.text, index, p.start, p.end, p.text.as_deref(), r.unit)
                    .map_err(|e| format!("{what}: {e}"))?,
            );
        }
        let described = || {
            let list: Vec<String> = (pieces.iter())
                .map(|p| format!("[{}, {})", p.start, p.end))
                .collect();
            list.join(", ")
        };
        if merge_spans(out.iter().copied()) != out {
            return Err(format!(
                "fragments {} overlap, touch or are out of order",
                described()
            ));
        }
        if (out[0].start, out[out.len() - 1].end) != (span.start, span.end) {
            return Err(format!(
                "fragments {} do not run from the span's start to its end",
                described()
            ));
        }
        Ok(out)
    }

    /// The links a record asks for, checked against Marginalia's rules and the project's
    /// links. A link that would give a content a second source (two relations in the file,
    /// or one already in the project) is left out and counted: the first one stays.
    fn links(&self, r: &Record, spans: &[SpanOut]) -> Result<LinksIn, String> {
        let canonical = |i: usize| match spans[i].same_as {
            SameAs::Local(j) => j,
            _ => i,
        };
        let is_source = |i: usize| {
            self.project
                .label(&spans[i].label)
                .is_some_and(|l| l.is_source)
        };
        let describe = |i: usize| {
            let s = &spans[i];
            format!(
                "{} [{}, {}) by {}",
                s.label, s.span.start, s.span.end, s.annotator
            )
        };
        let mut out = LinksIn::default();
        let mut source_of: HashMap<usize, usize> = HashMap::default();
        for rel in &r.relations {
            if rel.kind != ATTRIBUTED_TO {
                out.ignored += 1;
                continue;
            }
            let (mut from, mut to) = (canonical(rel.from), canonical(rel.to));
            // The source end is the one with the source label, whichever way it was drawn.
            if is_source(from) && !is_source(to) {
                std::mem::swap(&mut from, &mut to);
            }
            let bad =
                |why: String| Err(format!("link {} → {}: {why}", describe(from), describe(to)));
            if from == to {
                return bad("a span cannot be its own source".into());
            }
            if !is_source(to) {
                return bad("neither end is a source (attribution) span".into());
            }
            if is_source(from) {
                return bad("a source cannot be attributed to another source".into());
            }
            if spans[from].annotator != spans[to].annotator {
                return bad("links join spans of one annotator".into());
            }
            match source_of.get(&from) {
                Some(&other) if other == to => continue,
                Some(_) => {
                    out.conflicting += 1;
                    continue;
                }
                None => {}
            }
            if let SameAs::Existing(content) = spans[from].same_as {
                let current = (self.project.source_link(content).map(|l| l.to))
                    .or_else(|| self.linked.get(&content).copied());
                if let Some(current) = current {
                    if spans[to].same_as != SameAs::Existing(current) {
                        out.conflicting += 1;
                    }
                    continue; // the project has this link, or another source, already
                }
            }
            source_of.insert(from, to);
            out.links.push((from, to));
        }
        Ok(out)
    }

    /// Adds a resolved record's edits. Cannot fail.
    pub(super) fn commit(&mut self, r: Record, resolved: Resolved) {
        self.out.ignored_results += r.ignored_results;
        self.out.ignored_relations += resolved.ignored_relations;
        self.out.conflicting_links += resolved.conflicting_links;
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
        let mut ids = Vec::with_capacity(resolved.spans.len());
        for s in resolved.spans {
            let existing = match s.same_as {
                SameAs::Existing(id) => Some(id),
                SameAs::Local(i) => Some(ids[i]),
                SameAs::New => None,
            };
            if let Some(id) = existing {
                self.out.duplicates += 1;
                ids.push(id);
                continue;
            }
            let id = self.fresh_ann_id(s.id);
            let mut a = Annotation::new(id, doc_id, s.span, &s.label, &s.annotator);
            a.note = s.note;
            a.fragments = s.fragments.clone();
            self.done.insert((s.annotator.clone(), doc_id));
            let key = (
                doc_id,
                s.span.start,
                s.span.end,
                s.fragments,
                s.label,
                s.annotator,
            );
            self.seen.insert(key, id);
            self.edits.push(Edit::AddAnnotation(a));
            self.out.spans += 1;
            ids.push(id);
        }
        for (content, source) in resolved.links {
            let (content, source) = (ids[content], ids[source]);
            self.linked.insert(content, source);
            self.edits
                .push(Edit::AddLink(Link::attributed_to(content, source)));
            self.out.links += 1;
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
    /// export name (what our exports write, so a renamed label comes back to itself), else
    /// its name, else any of them ignoring case. The label rules keep ids and export names
    /// from standing for two labels.
    fn label_id(&self, label: &str) -> Result<String, String> {
        (self.label_ids.get(label))
            .or_else(|| self.label_ids.get(&label.to_lowercase()))
            .cloned()
            .ok_or_else(|| {
                let labels = self.project.labels();
                let known: Vec<&str> = labels.iter().map(|l| l.id.as_str()).collect();
                format!(
                    "unknown label “{label}”; this project's labels are {} (add the label to the \
                     project, or rename it in the file)",
                    known.join(", ")
                )
            })
    }

    /// The annotation already in the project, or added by this import, that a span
    /// duplicates.
    fn existing(&self, key: &SpanKey) -> Option<AnnotationId> {
        if let Some(&id) = self.seen.get(key) {
            return Some(id);
        }
        let (doc, start, end, fragments, label, annotator) = key;
        (self.project.annotations_in(*doc))
            .find(|a| {
                (a.start, a.end, &a.fragments, &a.label, &a.annotator)
                    == (*start, *end, fragments, label, annotator)
            })
            .map(|a| a.id)
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

/// The label id for each way a file may name a label: ids first, then export names, then
/// names, then ids and names in lower case (a string is looked up as is, then lowered). An
/// earlier way wins over a later one.
fn label_lookup(labels: &[Label]) -> HashMap<String, String> {
    let mut ids = HashMap::default();
    let ways: [&dyn Fn(&Label) -> String; 4] = [
        &|l| l.id.clone(),
        &|l| l.export_key(),
        &|l| l.name.clone(),
        &|l| l.name.to_lowercase(),
    ];
    for way in ways {
        for l in labels {
            ids.entry(way(l)).or_insert_with(|| l.id.clone());
        }
    }
    ids
}

/// A span in code points from offsets in `unit`, checked: inside the text, not reversed,
/// not empty, and matching the text the file quotes for it.
fn to_span(
    text: &str,
    index: &TextIndex,
    start: i64,
    end: i64,
    quoted: Option<&str>,
    unit: OffsetUnit,
) -> Result<Span, String> {
    let s = to_char(text, index, start, unit).map_err(|e| format!("start {e}"))?;
    let e = to_char(text, index, end, unit).map_err(|e| format!("end {e}"))?;
    if s > e {
        return Err("reversed (start after end)".into());
    }
    if s == e {
        return Err("empty".into());
    }
    if let Some(quoted) = quoted {
        let actual = index.slice(text, s, e).unwrap_or_default();
        if quoted != actual {
            return Err(format!(
                "its text “{quoted}” differs from the document's text at those offsets, \
                 “{actual}”; the offsets are probably not in {} (set the \"offsets\" field \
                 to codepoints, utf16 or utf8)",
                unit.name()
            ));
        }
    }
    Ok(Span::new(s, e))
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
