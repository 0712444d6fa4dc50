//! spaCy-ready JSONL: `{"text", "spans": [{"start", "end", "label"}]}`, offsets for
//! `Doc.char_span` (code points). `docs/exports.md` shows how to turn it into a DocBin.
//! spaCy spans are contiguous: each piece of a split span is a span of its own, and links
//! are left out (the report says how many of each).
use std::path::Path;

use serde::Serialize;

use super::{
    ExportError, ExportReport, Job, OffsetUnit, check_target, write_file, write_json_line,
};

#[derive(Serialize)]
struct Record<'a> {
    text: &'a str,
    spans: Vec<SpanRecord<'a>>,
    meta: Meta<'a>,
}

#[derive(Serialize)]
struct SpanRecord<'a> {
    start: usize,
    end: usize,
    label: &'a str,
}

/// Where the document came from, kept out of spaCy's way (`Doc.user_data` material).
#[derive(Serialize)]
struct Meta<'a> {
    id: u64,
    title: &'a str,
}

pub(super) fn write(
    job: &Job<'_>,
    out: &Path,
    progress: &mut dyn FnMut(usize, usize),
    report: &mut ExportReport,
) -> Result<(), ExportError> {
    check_target(out, job.opts.force)?;
    if job.unit() != OffsetUnit::Codepoints {
        report.warnings.push(format!(
            "spaCy's Doc.char_span counts code points; these offsets are in {} as asked",
            job.unit().name()
        ));
    }
    write_file(out, report, |w, report| {
        job.for_each_doc(progress, report, |view, _| {
            let spans = (view.pieces().into_iter())
                .map(|(a, piece)| {
                    let (start, end) = view.piece_offsets(piece);
                    SpanRecord {
                        start,
                        end,
                        label: view.label(a),
                    }
                })
                .collect();
            write_json_line(
                w,
                &Record {
                    text: view.text(),
                    spans,
                    meta: Meta {
                        id: view.doc.id.0,
                        title: &view.doc.title,
                    },
                },
            )
        })
    })
}
