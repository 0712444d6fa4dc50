//! Dataset import: Marginalia's JSONL, doccano JSONL and Label Studio JSON exports become
//! one [`Edit::Batch`] for a project (documents matched by text hash or added, spans
//! added under their annotator, links between them added, each (annotator, document)
//! marked done).
//!
//! Links come from our `relations`, doccano's `relations` and Label Studio's `relation`
//! results of type `attributed_to` (a Label Studio relation without a label counts as one);
//! relations of other types are counted and left out. Split spans come back whole from our
//! JSONL (`fragments`) and from Label Studio regions named `<id>-<n>` (as our export writes
//! them); doccano renumbers entities, so a split span exported to doccano comes back as one
//! span per piece.
//!
//! Nothing is half-imported: a bad record (malformed JSON, a span outside its text or
//! reversed, an unknown label, offsets that do not match the span's text, bad fragments, a
//! relation naming a span the record lacks or breaking the link rules) stops the import
//! with its line or task number, unless `skip_bad` is set, in which case the whole record
//! is skipped and listed. A link that would give a span a second source is not an error
//! (formats without annotators merge layers): the first source stays, the rest are counted.
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::export::OffsetUnit;
use crate::input_file::{InputFileError, read_regular, size_limit};
use crate::model::{ATTRIBUTED_TO, Edit, Project};

/// A dataset format Marginalia reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DatasetFormat {
    /// Marginalia's own JSONL export.
    Jsonl,
    /// doccano JSONL (`label` triples or `entities` objects).
    Doccano,
    /// A Label Studio JSON export (a list of tasks with `annotations`).
    LabelStudio,
}

impl DatasetFormat {
    pub const ALL: &'static [DatasetFormat] = &[
        DatasetFormat::Jsonl,
        DatasetFormat::Doccano,
        DatasetFormat::LabelStudio,
    ];

    /// The name used on the command line and in messages.
    pub fn name(self) -> &'static str {
        match self {
            DatasetFormat::Jsonl => "jsonl",
            DatasetFormat::Doccano => "doccano",
            DatasetFormat::LabelStudio => "label-studio",
        }
    }
}

/// How to import.
#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    /// Put every span under this annotator instead of the one in the file.
    pub annotator: Option<String>,
    /// Import the good records and list the bad ones, instead of importing nothing.
    pub skip_bad: bool,
    /// Read the file even if it is larger than [`crate::input_file::SIZE_LIMIT`].
    pub force: bool,
}

/// Annotator used when the file names none and no `--annotator` was given.
pub const DEFAULT_ANNOTATOR: &str = "imported";

/// A record that could not be imported, and why.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{location}: {reason}")]
pub struct BadRecord {
    /// "line 3" (JSONL) or "task 2" (Label Studio), counted from 1.
    pub location: String,
    pub reason: String,
}

/// The import, ready to apply with `Project::apply` or `Session::apply`.
#[derive(Clone, Debug)]
pub struct DatasetImport {
    /// One batch: apply all of it or nothing.
    pub edit: Edit,
    pub documents_added: usize,
    pub documents_matched: usize,
    pub spans: usize,
    /// Spans already in the project (same document, offsets, label and annotator).
    pub duplicates: usize,
    /// Links (content → source) added.
    pub links: usize,
    /// Relations of other types than `attributed_to`, left out.
    pub ignored_relations: usize,
    /// Links left out because their content already has another source (in the file, or
    /// in the project): a content has one source at most, and the first one stays.
    pub conflicting_links: usize,
    /// Records skipped with `skip_bad`.
    pub skipped: Vec<BadRecord>,
    /// Label Studio results that are not text labels (choices, relations...), ignored.
    pub ignored_results: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum DatasetError {
    /// Not a regular file, too large, or unreadable: said by the one reader of user files.
    #[error(transparent)]
    Input(#[from] InputFileError),
    #[error("{} is not UTF-8 text (invalid byte at {at}); convert it to UTF-8 first", path.display())]
    NotUtf8 { path: PathBuf, at: usize },
    #[error(
        "{source_name}: {bad}. Nothing was imported; fix the record, or use --skip-bad to import the others"
    )]
    Bad { source_name: String, bad: BadRecord },
    #[error("{source_name}: {message}. Nothing was imported")]
    NotAnExport {
        source_name: String,
        message: String,
    },
}

/// Reads a dataset file and prepares its import into `project`.
pub fn read_dataset(
    project: &Project,
    path: &Path,
    format: DatasetFormat,
    opts: &ImportOptions,
) -> Result<DatasetImport, DatasetError> {
    let bytes = read_regular(path, size_limit(opts.force))?;
    let text = std::str::from_utf8(&bytes).map_err(|e| DatasetError::NotUtf8 {
        path: path.to_owned(),
        at: e.valid_up_to(),
    })?;
    import_dataset(project, &path.display().to_string(), text, format, opts)
}

/// Prepares the import of a dataset's text into `project`; `source_name` names the file
/// in messages and becomes the `source` of new documents that have none.
pub fn import_dataset(
    project: &Project,
    source_name: &str,
    text: &str,
    format: DatasetFormat,
    opts: &ImportOptions,
) -> Result<DatasetImport, DatasetError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let records = match format {
        DatasetFormat::Jsonl => jsonl_records(text, parse_ours),
        DatasetFormat::Doccano => jsonl_records(text, parse_doccano),
        DatasetFormat::LabelStudio => {
            label_studio_records(text).map_err(|message| DatasetError::NotAnExport {
                source_name: source_name.into(),
                message,
            })?
        }
    };
    let mut builder = Builder::new(project, source_name, opts);
    for (location, record) in records {
        let outcome = record.and_then(|r| {
            let resolved = builder.resolve(&r)?;
            builder.commit(r, resolved);
            Ok(())
        });
        if let Err(reason) = outcome {
            let bad = BadRecord { location, reason };
            if !opts.skip_bad {
                return Err(DatasetError::Bad {
                    source_name: source_name.into(),
                    bad,
                });
            }
            builder.out.skipped.push(bad);
        }
    }
    Ok(builder.finish())
}

/// One document of a dataset with its spans, as read from the file.
#[derive(Debug, Default)]
struct Record {
    text: String,
    title: Option<String>,
    source: Option<String>,
    doc_id: Option<u64>,
    unit: OffsetUnit,
    spans: Vec<SpanIn>,
    /// Relations between the spans above.
    relations: Vec<RelationIn>,
    ignored_results: usize,
}

#[derive(Debug, Default)]
struct SpanIn {
    id: Option<u64>,
    start: i64,
    end: i64,
    label: String,
    /// The span's text as the file gives it: checked against the offsets.
    text: Option<String>,
    annotator: Option<String>,
    note: Option<String>,
    /// The pieces of a split span (two or more), spanning exactly `[start, end)`; empty
    /// for an ordinary span.
    fragments: Vec<PieceIn>,
}

#[derive(Debug, Default)]
struct PieceIn {
    start: i64,
    end: i64,
    /// The piece's text as the file gives it: checked against the offsets.
    text: Option<String>,
}

/// A relation between two spans of a record, by their index in `Record::spans`.
#[derive(Debug)]
struct RelationIn {
    from: usize,
    to: usize,
    kind: String,
}

/// Relations given by the ids a file uses for its spans, resolved to span indices.
fn relations_by_id<K: std::hash::Hash + Eq + std::fmt::Display>(
    ids: &std::collections::HashMap<K, usize>,
    relations: impl IntoIterator<Item = (K, K, String)>,
) -> Result<Vec<RelationIn>, String> {
    relations
        .into_iter()
        .map(|(from, to, kind)| {
            let find = |id: &K| {
                ids.get(id).copied().ok_or_else(|| {
                    format!("relation {from} → {to}: there is no span with id {id} in this record")
                })
            };
            Ok(RelationIn {
                from: find(&from)?,
                to: find(&to)?,
                kind,
            })
        })
        .collect()
}

fn attributed_to() -> String {
    ATTRIBUTED_TO.into()
}

type Parsed = Result<Record, String>;

/// Splits JSONL into records, numbering lines from 1 and skipping blank ones.
fn jsonl_records(text: &str, parse: fn(&str) -> Parsed) -> Vec<(String, Parsed)> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| (format!("line {}", i + 1), parse(line)))
        .collect()
}

fn json_error(e: serde_json::Error) -> String {
    format!("not a valid record ({e})")
}

#[derive(Deserialize)]
struct OurLine {
    #[serde(default)]
    id: Option<u64>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    source: Option<String>,
    text: String,
    #[serde(default)]
    offsets: OffsetUnit,
    #[serde(default)]
    label: Vec<(i64, i64, String)>,
    #[serde(default)]
    annotations: Option<Vec<OurAnnotation>>,
    #[serde(default)]
    relations: Vec<OurRelation>,
}

#[derive(Deserialize)]
struct OurRelation {
    from_id: u64,
    to_id: u64,
    #[serde(rename = "type", default = "attributed_to")]
    kind: String,
}

#[derive(Deserialize)]
struct OurAnnotation {
    #[serde(default)]
    id: Option<u64>,
    start: i64,
    end: i64,
    label: String,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    annotator: Option<String>,
    #[serde(default)]
    note: Option<String>,
    /// `[[start, end], ...]`: one pair for an ordinary span, several for a split one.
    #[serde(default)]
    fragments: Vec<(i64, i64)>,
}

/// Marginalia JSONL: the `annotations` list when present, else the `label` triples; the
/// `relations` between annotations by id.
fn parse_ours(line: &str) -> Parsed {
    let l: OurLine = serde_json::from_str(line).map_err(json_error)?;
    let spans = match l.annotations {
        Some(list) => (list.into_iter())
            .map(|a| {
                let fragments = match a.fragments[..] {
                    [] => Vec::new(),
                    [(s, e)] if (s, e) == (a.start, a.end) => Vec::new(),
                    [(s, e)] => {
                        return Err(format!(
                            "span [{}, {}) “{}”: its one fragment [{s}, {e}) is not the span",
                            a.start, a.end, a.label
                        ));
                    }
                    _ => (a.fragments.iter())
                        .map(|&(start, end)| PieceIn {
                            start,
                            end,
                            text: None,
                        })
                        .collect(),
                };
                Ok(SpanIn {
                    id: a.id,
                    start: a.start,
                    end: a.end,
                    label: a.label,
                    text: a.text,
                    annotator: a.annotator,
                    note: a.note,
                    fragments,
                })
            })
            .collect::<Result<Vec<_>, String>>()?,
        None => triples(l.label),
    };
    let mut ids = std::collections::HashMap::new();
    for (i, s) in spans.iter().enumerate() {
        if let Some(id) = s.id {
            ids.entry(id).or_insert(i);
        }
    }
    let relations = relations_by_id(
        &ids,
        (l.relations.into_iter()).map(|r| (r.from_id, r.to_id, r.kind)),
    )?;
    Ok(Record {
        text: l.text,
        title: l.title,
        source: l.source,
        doc_id: l.id,
        unit: l.offsets,
        spans,
        relations,
        ignored_results: 0,
    })
}

fn triples(label: Vec<(i64, i64, String)>) -> Vec<SpanIn> {
    label
        .into_iter()
        .map(|(start, end, label)| SpanIn {
            start,
            end,
            label,
            ..SpanIn::default()
        })
        .collect()
}

#[derive(Deserialize)]
struct DoccanoLine {
    text: String,
    #[serde(default)]
    label: Vec<(i64, i64, String)>,
    /// doccano's relation format (and doccano 1.x exports) write spans as objects.
    #[serde(default)]
    entities: Option<Vec<DoccanoEntity>>,
    #[serde(default)]
    relations: Vec<DoccanoRelation>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    source: Option<String>,
}

#[derive(Deserialize)]
struct DoccanoEntity {
    #[serde(default)]
    id: Option<i64>,
    start_offset: i64,
    end_offset: i64,
    label: String,
}

#[derive(Deserialize)]
struct DoccanoRelation {
    from_id: i64,
    to_id: i64,
    #[serde(rename = "type")]
    kind: String,
}

/// doccano: the `entities` objects when the line has them (the relation format; our export
/// writes the same spans as `label` triples too, which are then not read twice), else the
/// `label` triples; `relations` by entity id.
fn parse_doccano(line: &str) -> Parsed {
    let l: DoccanoLine = serde_json::from_str(line).map_err(json_error)?;
    let Some(entities) = l.entities else {
        if !l.relations.is_empty() {
            return Err("relations but no entities for them to join".into());
        }
        return Ok(Record {
            text: l.text,
            title: l.title,
            source: l.source,
            spans: triples(l.label),
            ..Record::default()
        });
    };
    let mut ids = std::collections::HashMap::new();
    for (i, e) in entities.iter().enumerate() {
        if let Some(id) = e.id
            && ids.insert(id, i).is_some()
        {
            return Err(format!("entity id {id} appears twice"));
        }
    }
    let relations = relations_by_id(
        &ids,
        (l.relations.into_iter()).map(|r| (r.from_id, r.to_id, r.kind)),
    )?;
    let spans = (entities.into_iter())
        .map(|e| SpanIn {
            start: e.start_offset,
            end: e.end_offset,
            label: e.label,
            ..SpanIn::default()
        })
        .collect();
    Ok(Record {
        text: l.text,
        title: l.title,
        source: l.source,
        spans,
        relations,
        ..Record::default()
    })
}

mod label_studio;
use label_studio::label_studio_records;

mod builder;
use builder::Builder;

#[cfg(test)]
mod tests;
