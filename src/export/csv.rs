//! CSV: one row per annotation with the sentence it sits in. UTF-8 with a byte-order mark
//! so spreadsheets detect the encoding; quoting by the csv crate. The offset unit is part
//! of the `start_…`/`end_…` column names.
//!
//! A split span is one row: `text` joins its pieces' texts with " … " and `fragments` lists
//! the pieces as `start-end;start-end` (empty for an ordinary span). A linked content row
//! names its source: `source_id` and `source_text` (empty when unlinked). The columns added
//! for links and fragments come last, so readers of the older layout keep working.
//!
//! Every text cell goes through [`spreadsheet_safe`], so that a span, title or name that
//! starts like a formula is shown as text and never run by a spreadsheet.
use std::borrow::Cow;
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
            let sentences = segments::sentences(view.text());
            for a in &view.spans {
                let source = view.source_of(a);
                table.write_record([
                    view.doc.id.to_string().as_str(),
                    &spreadsheet_safe(&view.doc.title),
                    &spreadsheet_safe(&a.annotator),
                    &spreadsheet_safe(view.label(a)),
                    &view.offset(a.start).to_string(),
                    &view.offset(a.end).to_string(),
                    &spreadsheet_safe(&view.covered_text(a)),
                    &spreadsheet_safe(a.note.as_deref().unwrap_or("")),
                    &spreadsheet_safe(sentence_of(view, &sentences, a)),
                    &a.id.to_string(),
                    &fragments(view, a),
                    &source.map(|s| s.id.to_string()).unwrap_or_default(),
                    &spreadsheet_safe(&source.map(|s| view.covered_text(s)).unwrap_or_default()),
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

/// The first characters that make a spreadsheet (Excel, LibreOffice, Google Sheets) read a
/// cell as a formula, or that it strips before looking: OWASP's list for CSV injection.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A text cell made safe to open in a spreadsheet (OWASP's rule against CSV injection): a
/// cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`,
/// so `=HYPERLINK(...)` in an article is shown, not run. So that the change can be undone
/// exactly, a cell that already starts with `'`s followed by one of those characters gets
/// one more `'`. To get the text back, remove the first character of every cell that
/// matches `^'+[=+\-@\t\r]`. Numbers written by Marginalia (ids, offsets) never need it.
pub fn spreadsheet_safe(cell: &str) -> Cow<'_, str> {
    if cell.trim_start_matches('\'').starts_with(FORMULA_STARTS) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

#[cfg(test)]
mod tests {
    use super::spreadsheet_safe;

    /// The documented way back: drop the first `'` of cells matching `^'+[=+\-@\t\r]`.
    fn undo(cell: &str) -> &str {
        let rest = cell.trim_start_matches('\'');
        if rest.len() < cell.len() && rest.starts_with(super::FORMULA_STARTS) {
            &cell[1..]
        } else {
            cell
        }
    }

    #[test]
    fn formula_starts_get_a_quote_and_the_rest_is_untouched() {
        for (cell, safe) in [
            (
                "=HYPERLINK(\"http://x\",\"y\")",
                "'=HYPERLINK(\"http://x\",\"y\")",
            ),
            ("+1 555", "'+1 555"),
            ("-3% in March", "'-3% in March"),
            ("@ada", "'@ada"),
            ("\tindented", "'\tindented"),
            ("\rcarriage", "'\rcarriage"),
            ("'=already quoted", "''=already quoted"),
            ("''-two", "'''-two"),
            ("it's", "it's"),
            ("'quoted'", "'quoted'"),
            ("a = b", "a = b"),
            ("", ""),
            ("“Peace” — 👍🏽", "“Peace” — 👍🏽"),
        ] {
            assert_eq!(spreadsheet_safe(cell), safe, "{cell:?}");
            assert_eq!(undo(&spreadsheet_safe(cell)), cell, "{cell:?} comes back");
        }
    }
}
