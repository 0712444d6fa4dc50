//! Dataset import: Marginalia's JSONL, doccano JSONL and Label Studio JSON exports become
//! one [`Edit::Batch`] for a project (documents matched by text hash or added, spans
//! added under their annotator, each (annotator, document) marked done).
//!
//! Nothing is half-imported: a bad record (malformed JSON, a span outside its text or
//! reversed, an unknown label, offsets that do not match the span's text) stops the import
//! with its line or task number, unless `skip_bad` is set, in which case the whole record
//! is skipped and listed.
use std::io;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::export::OffsetUnit;
use crate::model::{Edit, Project};

/// A dataset format Marginalia reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum DatasetFormat {
    /// Marginalia's own JSONL export.
    Jsonl,
    /// doccano JSONL (`label` triples or `entities` objects).
    Doccano,
    /// A Label Studio JSON export (a list of tasks with `annotations`).
    LabelStudio,
}

/// How to import.
#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    /// Put every span under this annotator instead of the one in the file.
    pub annotator: Option<String>,
    /// Import the good records and list the bad ones, instead of importing nothing.
    pub skip_bad: bool,
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
    /// Records skipped with `skip_bad`.
    pub skipped: Vec<BadRecord>,
    /// Label Studio results that are not text labels (choices, relations...), ignored.
    pub ignored_results: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum DatasetError {
    #[error("cannot read {}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
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
    let bytes = std::fs::read(path).map_err(|source| DatasetError::Io {
        path: path.to_owned(),
        source,
    })?;
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
}

/// Marginalia JSONL: the `annotations` list when present, else the `label` triples.
fn parse_ours(line: &str) -> Parsed {
    let l: OurLine = serde_json::from_str(line).map_err(json_error)?;
    let spans = match l.annotations {
        Some(list) => list
            .into_iter()
            .map(|a| SpanIn {
                id: a.id,
                start: a.start,
                end: a.end,
                label: a.label,
                text: a.text,
                annotator: a.annotator,
                note: a.note,
            })
            .collect(),
        None => triples(l.label),
    };
    Ok(Record {
        text: l.text,
        title: l.title,
        source: l.source,
        doc_id: l.id,
        unit: l.offsets,
        spans,
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
    /// doccano 1.x exports with relations write spans as objects.
    #[serde(default)]
    entities: Vec<DoccanoEntity>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    source: Option<String>,
}

#[derive(Deserialize)]
struct DoccanoEntity {
    start_offset: i64,
    end_offset: i64,
    label: String,
}

fn parse_doccano(line: &str) -> Parsed {
    let l: DoccanoLine = serde_json::from_str(line).map_err(json_error)?;
    let mut spans = triples(l.label);
    spans.extend(l.entities.into_iter().map(|e| SpanIn {
        start: e.start_offset,
        end: e.end_offset,
        label: e.label,
        ..SpanIn::default()
    }));
    Ok(Record {
        text: l.text,
        title: l.title,
        source: l.source,
        spans,
        ..Record::default()
    })
}

mod label_studio;
use label_studio::label_studio_records;

mod builder;
use builder::Builder;

#[cfg(test)]
mod tests;
