//! Dataset exports: one file per format, all driven by [`export`].
//!
//! Every format counts offsets in Unicode code points unless `--offsets` asks for UTF-16
//! units or UTF-8 bytes; conversions go through [`TextIndex`]. Every file is written with
//! [`write_atomic_with`], streaming one document at a time, so a failed export never
//! leaves a half-written file and a big project never needs a second copy in memory.
//! The formats are described in `docs/exports.md`.
//!
//! Links (content → source) and split spans (fragments) are written wherever the format can
//! hold them; a format that cannot writes each fragment as a span of its own, leaves links
//! out, and says so in the report.
mod brat;
mod conll;
mod csv;
mod doccano;
mod json_lines;
mod jsonl;
mod label_names;
mod label_studio;
mod project_files;
mod segments;
mod spacy;

pub use csv::spreadsheet_safe;
use json_lines::{write_json_line, write_json_line_bmp};
pub(crate) use label_names::LabelNames;
pub use project_files::{
    PROJECT_FILE_SUFFIXES, project_file_role, project_files, refuse_project_files,
};

use std::collections::{BTreeSet, HashMap};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::model::{ATTRIBUTED_TO, Annotation, Document, Project, Span};
use crate::store::write_atomic_with;
use crate::text::TextIndex;

/// A dataset format Marginalia writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// One JSON object per document, with every annotation (Marginalia's own format).
    Jsonl,
    /// doccano JSONL: `label` triples and the relation format's `entities` and `relations`.
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
    pub const ALL: &'static [Format] = &[
        Format::Jsonl,
        Format::Doccano,
        Format::LabelStudio,
        Format::Spacy,
        Format::Conll,
        Format::Brat,
        Format::Csv,
    ];

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

    /// Whether the format holds links between spans (content → source).
    pub fn holds_links(self) -> bool {
        !matches!(self, Format::Spacy | Format::Conll)
    }

    /// Whether the format holds a split span as one span of several pieces; the others
    /// write each piece as a span of its own.
    pub fn holds_fragments(self) -> bool {
        matches!(self, Format::Jsonl | Format::Brat | Format::Csv)
    }
}

/// The unit offsets are counted in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
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
    pub const ALL: &'static [OffsetUnit] =
        &[OffsetUnit::Codepoints, OffsetUnit::Utf16, OffsetUnit::Utf8];

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
    /// The project's file, whose own files (itself, journal, backups, lock) the export
    /// refuses to write, even with `force`. Every caller with a project on disk sets it.
    pub project_file: Option<PathBuf>,
    /// Write label ids rather than export names ([`crate::model::Label::export_key`]), for pipelines
    /// built on ids: ids never change when a label is renamed.
    pub label_ids: bool,
}

impl ExportOptions {
    pub fn new(format: Format) -> Self {
        Self {
            format,
            annotators: Vec::new(),
            offsets: OffsetUnit::Codepoints,
            force: false,
            project_file: None,
            label_ids: false,
        }
    }
}

/// What an export wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExportReport {
    pub documents: usize,
    pub spans: usize,
    /// Links whose two ends are among the exported spans (written where the format can).
    pub links: usize,
    /// Split spans among the exported spans, and the pieces they have in all.
    pub split_spans: usize,
    pub fragments: usize,
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
    #[error(
        "{} belongs to the project {} ({role}); an export never writes over the project's \
         own files, even when told to replace what is there. Choose another output",
        path.display(), project.display()
    )]
    ProjectFile {
        path: PathBuf,
        project: PathBuf,
        role: &'static str,
    },
    #[error(
        "{} is {kind}, not a regular file; an export replaces only regular files, even with \
         --force. Choose another output",
        path.display()
    )]
    NotAFile { path: PathBuf, kind: &'static str },
    #[error(
        "{} is a folder; choose a file name for the {format} export",
        path.display()
    )]
    FolderGiven { path: PathBuf, format: &'static str },
    #[error(
        "{} is a file; a {format} export is a folder of files: choose a new or empty folder",
        path.display()
    )]
    FileGiven { path: PathBuf, format: &'static str },
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
    let names = LabelNames::new(project, opts.label_ids);
    let job = Job::new(project, opts, &names)?;
    check_job_outputs(&job, out)?;
    let mut report = ExportReport::default();
    report.warnings.extend(names.warning.clone());
    match opts.format {
        Format::Jsonl => jsonl::write(&job, out, progress, &mut report)?,
        Format::Doccano => doccano::write(&job, out, progress, &mut report)?,
        Format::LabelStudio => label_studio::write(&job, out, progress, &mut report)?,
        Format::Spacy => spacy::write(&job, out, progress, &mut report)?,
        Format::Conll => conll::write(&job, out, progress, &mut report)?,
        Format::Brat => brat::write(&job, out, progress, &mut report)?,
        Format::Csv => csv::write(&job, out, progress, &mut report)?,
    }
    note_what_the_format_cannot_hold(opts.format, &mut report);
    Ok(report)
}

/// Refuses an output that [`export`] would refuse before writing anything: one of the
/// project's own files ([`ExportOptions::project_file`]), a folder given for a file format,
/// an unknown annotator. The window asks this before offering to replace a file.
pub fn check_outputs(
    project: &Project,
    opts: &ExportOptions,
    out: &Path,
) -> Result<(), ExportError> {
    let names = LabelNames::new(project, opts.label_ids);
    check_job_outputs(&Job::new(project, opts, &names)?, out)
}

fn check_job_outputs(job: &Job<'_>, out: &Path) -> Result<(), ExportError> {
    let format = job.opts.format;
    let outputs = planned_files(job, out);
    if let Some(project_file) = &job.opts.project_file {
        refuse_project_files(project_file, &outputs)?;
    }
    if !format.writes_folder() && out.is_dir() {
        return Err(ExportError::FolderGiven {
            path: out.to_owned(),
            format: format.name(),
        });
    }
    refuse_special_file(out)?;
    outputs
        .iter()
        .try_for_each(|path| refuse_special_file(path))
}

/// Refuses to replace what is not a regular file: renaming an export over `/dev/null`, a
/// named pipe or a socket (or a link to one) would destroy it, and as root that breaks
/// the whole machine.
pub fn refuse_special_file(path: &Path) -> Result<(), ExportError> {
    match std::fs::metadata(path) {
        Ok(meta) if !meta.is_file() && !meta.is_dir() => Err(ExportError::NotAFile {
            path: path.to_owned(),
            kind: crate::input_file::kind_of(&meta),
        }),
        _ => Ok(()),
    }
}

/// Warnings for the split spans and links a format could not write as such.
fn note_what_the_format_cannot_hold(format: Format, report: &mut ExportReport) {
    let name = format.name();
    if report.split_spans > 0 && !format.holds_fragments() {
        report.warnings.push(format!(
            "{name} has no split spans: {} split span(s) were written as {} separate spans, \
             one per piece",
            report.split_spans, report.fragments
        ));
    }
    if report.links > 0 && !format.holds_links() {
        report.warnings.push(format!(
            "{name} cannot hold links: {} link(s) from content to source were left out; \
             use jsonl, doccano, label-studio, brat or csv to keep them",
            report.links
        ));
    }
}

/// The files an export to `out` would write besides `out` itself (Label Studio's config).
pub fn companion_files(format: Format, out: &Path) -> Vec<PathBuf> {
    match format {
        Format::LabelStudio => vec![label_studio::config_path(out)],
        _ => Vec::new(),
    }
}

/// Every file the export will write (for brat, the files inside the folder `out`).
fn planned_files(job: &Job<'_>, out: &Path) -> Vec<PathBuf> {
    if job.opts.format == Format::Brat {
        return brat::planned_files(job, out);
    }
    let mut files = vec![out.to_owned()];
    files.extend(companion_files(job.opts.format, out));
    files
}

/// One export in progress: the project, the options, the selected annotators and the
/// names of the labels.
pub(crate) struct Job<'p> {
    project: &'p Project,
    opts: &'p ExportOptions,
    annotators: BTreeSet<&'p str>,
    names: &'p LabelNames,
}

impl<'p> Job<'p> {
    fn new(
        project: &'p Project,
        opts: &'p ExportOptions,
        names: &'p LabelNames,
    ) -> Result<Self, ExportError> {
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
            names,
        })
    }

    /// The name to write for the label `id` (its export name, or the id with `--label-ids`).
    fn label(&self, id: &'p str) -> &'p str {
        self.names.get(id)
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
            report.links += view.links.len();
            for a in view.spans.iter().filter(|a| a.is_split()) {
                report.split_spans += 1;
                report.fragments += a.fragments.len();
            }
            each(&view, report)?;
            progress(i + 1, total);
        }
        Ok(())
    }
}

/// One document ready to export: its text index, its selected, valid spans and the links
/// between them.
pub(crate) struct DocView<'p> {
    doc: &'p Document,
    index: TextIndex,
    /// Sorted by (start, end, id).
    spans: Vec<&'p Annotation>,
    /// Links whose two ends are in `spans`, in the order of their content spans.
    links: Vec<LinkView<'p>>,
    /// Content annotation id → its link in `links`.
    link_of: HashMap<u64, usize>,
    unit: OffsetUnit,
    names: &'p LabelNames,
}

/// A link to write: a content span and the source span it is attributed to.
pub(crate) struct LinkView<'p> {
    content: &'p Annotation,
    source: &'p Annotation,
    /// The relation type, `attributed_to`.
    kind: &'p str,
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
        let exported: BTreeSet<u64> = spans.iter().map(|a| a.id.0).collect();
        let mut links = Vec::new();
        let mut link_of = HashMap::new();
        for &content in &spans {
            let Some(link) = job.project.source_link(content.id) else {
                continue;
            };
            let source = job.project.annotation(link.to);
            if let Some(source) = source.filter(|s| exported.contains(&s.id.0)) {
                link_of.insert(content.id.0, links.len());
                links.push(LinkView {
                    content,
                    source,
                    kind: &link.kind,
                });
            }
        }
        Self {
            doc,
            index,
            spans,
            links,
            link_of,
            unit: job.unit(),
            names: job.names,
        }
    }

    /// The name to write for an annotation's label.
    fn label(&self, a: &'p Annotation) -> &'p str {
        self.names.get(&a.label)
    }

    /// The source span this content span is attributed to, if it is exported too.
    fn source_of(&self, content: &Annotation) -> Option<&'p Annotation> {
        (self.link_of.get(&content.id.0)).map(|&i| self.links[i].source)
    }

    fn text(&self) -> &'p str {
        &self.doc.text
    }

    /// The span's text, `text[start:end]` (for a split span, the whole extent).
    fn span_text(&self, a: &Annotation) -> &'p str {
        self.piece_text(a.span())
    }

    /// The text of one piece of a span.
    fn piece_text(&self, piece: Span) -> &'p str {
        self.index
            .slice(&self.doc.text, piece.start, piece.end)
            .expect("spans were checked against the text")
    }

    /// The words the span covers: its text, or for a split span its pieces' texts joined
    /// with " … " (what a reader would quote).
    fn covered_text(&self, a: &Annotation) -> String {
        let pieces: Vec<&str> = a.spans().map(|p| self.piece_text(p)).collect();
        pieces.join(" … ")
    }

    /// Every piece to write for a format without split spans: each ordinary span, and each
    /// piece of a split one, sorted by (start, end, annotation id).
    fn pieces(&self) -> Vec<(&'p Annotation, Span)> {
        let mut pieces: Vec<(&'p Annotation, Span)> = (self.spans.iter())
            .flat_map(|&a| a.spans().map(move |p| (a, p)))
            .collect();
        pieces.sort_by_key(|(a, p)| (p.start, p.end, a.id));
        pieces
    }

    /// A piece's start and end in the export's unit.
    fn piece_offsets(&self, piece: Span) -> (usize, usize) {
        (self.offset(piece.start), self.offset(piece.end))
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

/// The relation types an export declares: `attributed_to` when the label set has a source
/// label, and the type of every link in the project.
pub(crate) fn link_kinds(project: &Project) -> BTreeSet<&str> {
    let mut kinds: BTreeSet<&str> = project.links().map(|l| l.kind.as_str()).collect();
    if project.labels().iter().any(|l| l.is_source) {
        kinds.insert(ATTRIBUTED_TO);
    }
    kinds
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

#[cfg(test)]
mod tests;
