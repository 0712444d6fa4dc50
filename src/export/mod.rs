//! Dataset exports: one file per format, all driven by [`export`].
//!
//! Every format counts offsets in Unicode code points unless `--offsets` asks for UTF-16
//! units or UTF-8 bytes; conversions go through [`TextIndex`]. Every file is written with
//! [`write_atomic_with`], streaming one document at a time, so a failed export never
//! leaves a half-written file and a big project never needs a second copy in memory.
//! The formats are described in `docs/exports.md`.
mod brat;
mod conll;
mod csv;
mod doccano;
mod jsonl;
mod label_studio;
mod segments;
mod spacy;

use std::collections::BTreeSet;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::model::{Annotation, Document, Project};
use crate::store::write_atomic_with;
use crate::text::TextIndex;

/// A dataset format Marginalia writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One JSON object per document, with every annotation (Marginalia's own format).
    Jsonl,
    /// doccano sequence-labeling JSONL (`text`, `label` triples).
    Doccano,
    /// A JSON list of Label Studio tasks, plus the labeling config beside it.
    LabelStudio,
    /// spaCy-ready JSONL (`text`, `spans`), for `Doc.char_span`.
    Spacy,
    /// CoNLL IOB2, one token per line.
    Conll,
    /// A brat standoff folder (`.txt` + `.ann` per document, `annotation.conf`).
    Brat,
    /// One row per annotation, UTF-8 with BOM for spreadsheets.
    Csv,
}

impl Format {
    /// The name used on the command line and in messages.
    pub fn name(self) -> &'static str {
        match self {
            Format::Jsonl => "jsonl",
            Format::Doccano => "doccano",
            Format::LabelStudio => "label-studio",
            Format::Spacy => "spacy",
            Format::Conll => "conll",
            Format::Brat => "brat",
            Format::Csv => "csv",
        }
    }

    /// Whether the output is a folder rather than a file.
    pub fn writes_folder(self) -> bool {
        self == Format::Brat
    }
}

/// The unit offsets are counted in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum OffsetUnit {
    /// Unicode code points: Python's `text[start:end]` (the default).
    #[default]
    Codepoints,
    /// UTF-16 code units: JavaScript's `text.slice(start, end)`.
    Utf16,
    /// UTF-8 bytes: Rust's `&text[start..end]`.
    Utf8,
}

impl OffsetUnit {
    pub fn name(self) -> &'static str {
        match self {
            OffsetUnit::Codepoints => "codepoints",
            OffsetUnit::Utf16 => "utf16",
            OffsetUnit::Utf8 => "utf8",
        }
    }
}

/// What to export and how.
#[derive(Clone, Debug)]
pub struct ExportOptions {
    pub format: Format,
    /// Annotators whose spans are exported; empty means everyone.
    pub annotators: Vec<String>,
    pub offsets: OffsetUnit,
    /// Replace an existing output (for brat: write into a non-empty folder).
    pub force: bool,
}

impl ExportOptions {
    pub fn new(format: Format) -> Self {
        Self {
            format,
            annotators: Vec::new(),
            offsets: OffsetUnit::Codepoints,
            force: false,
        }
    }
}

/// What an export wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExportReport {
    pub documents: usize,
    pub spans: usize,
    /// Things the user should know: spans a format could not hold, options it ignores.
    pub warnings: Vec<String>,
    /// Every file written, in order.
    pub files: Vec<PathBuf>,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{} already exists; choose another output or use --force to replace it", path.display())]
    Exists { path: PathBuf },
    #[error("the folder {} is not empty; choose an empty or new folder, or use --force to write into it", path.display())]
    FolderNotEmpty { path: PathBuf },
    #[error("no annotations by “{name}” in this project; annotators are: {known}")]
    UnknownAnnotator { name: String, known: String },
    #[error("could not write {}: {source}. Nothing was replaced; check the path and free space", path.display())]
    Io { path: PathBuf, source: io::Error },
}

impl ExportError {
    fn io(path: &Path) -> impl FnOnce(io::Error) -> ExportError + '_ {
        move |source| ExportError::Io {
            path: path.to_owned(),
            source,
        }
    }
}

/// Writes `project` to `out` in `opts.format`. `progress(done, total)` is called after
/// each document.
pub fn export(
    project: &Project,
    opts: &ExportOptions,
    out: &Path,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ExportReport, ExportError> {
    let job = Job::new(project, opts)?;
    let mut report = ExportReport::default();
    match opts.format {
        Format::Jsonl => jsonl::write(&job, out, progress, &mut report)?,
        Format::Doccano => doccano::write(&job, out, progress, &mut report)?,
        Format::LabelStudio => label_studio::write(&job, out, progress, &mut report)?,
        Format::Spacy => spacy::write(&job, out, progress, &mut report)?,
        Format::Conll => conll::write(&job, out, progress, &mut report)?,
        Format::Brat => brat::write(&job, out, progress, &mut report)?,
        Format::Csv => csv::write(&job, out, progress, &mut report)?,
    }
    Ok(report)
}

/// The files an export to `out` would write besides `out` itself (Label Studio's config).
pub fn companion_files(format: Format, out: &Path) -> Vec<PathBuf> {
    match format {
        Format::LabelStudio => vec![label_studio::config_path(out)],
        _ => Vec::new(),
    }
}

/// One export in progress: the project, the options and the selected annotators.
pub(crate) struct Job<'p> {
    project: &'p Project,
    opts: &'p ExportOptions,
    annotators: BTreeSet<&'p str>,
}

impl<'p> Job<'p> {
    fn new(project: &'p Project, opts: &'p ExportOptions) -> Result<Self, ExportError> {
        let known = project.annotators();
        for name in &opts.annotators {
            if !known.iter().any(|k| k == name) {
                return Err(ExportError::UnknownAnnotator {
                    name: name.clone(),
                    known: if known.is_empty() {
                        "(none)".into()
                    } else {
                        known.join(", ")
                    },
                });
            }
        }
        Ok(Self {
            project,
            opts,
            annotators: opts.annotators.iter().map(String::as_str).collect(),
        })
    }

    fn unit(&self) -> OffsetUnit {
        self.opts.offsets
    }

    fn selected(&self, a: &Annotation) -> bool {
        self.annotators.is_empty() || self.annotators.contains(a.annotator.as_str())
    }

    /// Annotators whose spans end up in the export, sorted.
    fn exported_annotators(&self) -> Vec<String> {
        self.project
            .annotators()
            .into_iter()
            .filter(|a| self.annotators.is_empty() || self.annotators.contains(a.as_str()))
            .collect()
    }

    /// Calls `each` for every document in project order, with its selected spans, and
    /// reports progress. Spans that do not fit their text (kept by a damaged project file)
    /// are skipped with a warning rather than written wrong.
    fn for_each_doc(
        &self,
        progress: &mut dyn FnMut(usize, usize),
        report: &mut ExportReport,
        mut each: impl FnMut(&DocView<'p>, &mut ExportReport) -> io::Result<()>,
    ) -> io::Result<()> {
        let docs = self.project.documents();
        let total = docs.len();
        for (i, doc) in docs.iter().enumerate() {
            let view = DocView::new(self, doc, report);
            report.documents += 1;
            report.spans += view.spans.len();
            each(&view, report)?;
            progress(i + 1, total);
        }
        Ok(())
    }
}

/// One document ready to export: its text index and its selected, valid spans.
pub(crate) struct DocView<'p> {
    doc: &'p Document,
    index: TextIndex,
    /// Sorted by (start, end, id).
    spans: Vec<&'p Annotation>,
    unit: OffsetUnit,
}

impl<'p> DocView<'p> {
    fn new(job: &Job<'p>, doc: &'p Document, report: &mut ExportReport) -> Self {
        let index = TextIndex::new(&doc.text);
        let len = index.char_len();
        let mut spans = Vec::new();
        for a in job
            .project
            .annotations_in(doc.id)
            .filter(|a| job.selected(a))
        {
            if a.start < a.end && a.end <= len {
                spans.push(a);
            } else {
                report.warnings.push(format!(
                    "{}: skipped {} [{}, {}) by {}: outside the text's {len} characters",
                    describe_doc(doc),
                    a.label,
                    a.start,
                    a.end,
                    a.annotator
                ));
            }
        }
        Self {
            doc,
            index,
            spans,
            unit: job.unit(),
        }
    }

    fn text(&self) -> &'p str {
        &self.doc.text
    }

    /// The span's text, `text[start:end]`.
    fn span_text(&self, a: &Annotation) -> &'p str {
        self.index
            .slice(&self.doc.text, a.start, a.end)
            .expect("spans were checked against the text")
    }

    /// A code-point offset in the export's unit.
    fn offset(&self, c: usize) -> usize {
        let converted = match self.unit {
            OffsetUnit::Codepoints => Some(c),
            OffsetUnit::Utf16 => self.index.utf16_of(&self.doc.text, c),
            OffsetUnit::Utf8 => self.index.byte_of(&self.doc.text, c),
        };
        converted.expect("spans were checked against the text")
    }
}

/// "document 12 “Title”", for warnings.
pub(crate) fn describe_doc(doc: &Document) -> String {
    format!("document {} “{}”", doc.id, doc.title)
}

/// Refuses to replace an existing file unless forced.
fn check_target(path: &Path, force: bool) -> Result<(), ExportError> {
    if !force && path.exists() {
        return Err(ExportError::Exists {
            path: path.to_owned(),
        });
    }
    Ok(())
}

/// Writes one file atomically, recording it in the report.
fn write_file(
    path: &Path,
    report: &mut ExportReport,
    write: impl FnOnce(&mut dyn Write, &mut ExportReport) -> io::Result<()>,
) -> Result<(), ExportError> {
    write_atomic_with(path, |w| write(w, report)).map_err(ExportError::io(path))?;
    report.files.push(path.to_owned());
    Ok(())
}

/// Writes one JSON value and a newline (one JSONL record).
fn write_json_line(w: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer(&mut *w, value).map_err(io::Error::other)?;
    w.write_all(b"\n")
}

#[cfg(test)]
mod tests;
