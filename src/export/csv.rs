//! CSV: one row per annotation with the sentence it sits in. UTF-8 with a byte-order mark
//! so spreadsheets detect the encoding; quoting by the csv crate. The offset unit is part
//! of the `start_…`/`end_…` column names.
//!
//! A split span is one row: `text` joins its pieces' texts with " … " and `fragments` lists
//! the pieces as `start-end;start-end` (empty for an ordinary span). A linked content row
//! names its source: `source_id` and `source_text` (empty when unlinked). The columns added
//! for links and fragments come last, so readers of the older layout keep working.
use std::path::Path;

use super::segments::{self, Piece, piece_at};
use super::{DocView, ExportError, ExportReport, Job, check_target, write_file};
use crate::model::Annotation;

pub(super) fn write(
    job: &Job<'_>,
    out: &Path,
    progress: &mut dyn FnMut(usize, usize),
    report: &mut ExportReport,
) -> Result<(), ExportError> {
    check_target(out, job.opts.force)?;
    let unit = job.unit().name();
    write_file(out, report, |w, report| {
        w.write_all("\u{FEFF}".as_bytes())?;
        let mut table = ::csv::Writer::from_writer(w);
        table.write_record([
            "document_id",
            "title",
            "annotator",
            "label",
            &format!("start_{unit}"),
            &format!("end_{unit}"),
            "text",
            "note",
            "sentence",
            "id",
            "fragments",
            "source_id",
            "source_text",
        ])?;
        job.for_each_doc(progress, report, |view, _| {
            if view.spans.is_empty() {
                return Ok(());
            }
            let sentences = segments::sentences(view.text(), &view.index);
            for a in &view.spans {
                let source = view.source_of(a);
                table.write_record([
                    view.doc.id.to_string().as_str(),
                    &view.doc.title,
                    &a.annotator,
                    &a.label,
                    &view.offset(a.start).to_string(),
                    &view.offset(a.end).to_string(),
                    &view.covered_text(a),
                    a.note.as_deref().unwrap_or(""),
                    sentence_of(view, &sentences, a),
                    &a.id.to_string(),
                    &fragments(view, a),
                    &source.map(|s| s.id.to_string()).unwrap_or_default(),
                    &source.map(|s| view.covered_text(s)).unwrap_or_default(),
                ])?;
            }
            Ok(())
        })?;
        table.flush()
    })
}

/// `start-end;start-end` for a split span, in the export's unit; empty otherwise.
fn fragments(view: &DocView<'_>, a: &Annotation) -> String {
    if !a.is_split() {
        return String::new();
    }
    let pieces: Vec<String> = (a.spans())
        .map(|p| {
            let (s, e) = view.piece_offsets(p);
            format!("{s}-{e}")
        })
        .collect();
    pieces.join(";")
}

/// The sentence(s) covering the span, trimmed.
fn sentence_of<'a>(view: &DocView<'a>, sentences: &[Piece], a: &Annotation) -> &'a str {
    let first = piece_at(sentences, a.start).unwrap_or(0);
    let last = piece_at(sentences, a.end - 1).unwrap_or(first);
    let bytes = sentences[first].bytes.start..sentences[last].bytes.end;
    view.text()[bytes].trim()
}
