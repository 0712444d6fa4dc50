//! Marginalia's JSONL: one object per document with `label` triples (doccano-style, for
//! quick use), the full `annotations` list (for round trips and analysis) and the
//! `relations` between them (content → source, by annotation id).
use std::path::Path;

use serde::Serialize;

use super::{
    DocView, ExportError, ExportReport, Job, OffsetUnit, check_target, write_file, write_json_line,
};

#[derive(Serialize)]
struct Record<'a> {
    id: u64,
    title: &'a str,
    source: &'a str,
    text: &'a str,
    /// The unit of every offset in this record.
    offsets: OffsetUnit,
    label: Vec<(usize, usize, &'a str)>,
    annotations: Vec<AnnotationRecord<'a>>,
    relations: Vec<RelationRecord<'a>>,
}

#[derive(Serialize)]
struct AnnotationRecord<'a> {
    id: u64,
    start: usize,
    end: usize,
    label: &'a str,
    /// `text[start:end]`: for a split span, the whole extent, interruption included.
    text: &'a str,
    annotator: &'a str,
    note: Option<&'a str>,
    /// The pieces the span covers, `[start, end]` each: `[[start, end]]` for an ordinary
    /// span, two or more for a split one. Always present, so readers need no special case.
    fragments: Vec<[usize; 2]>,
}

#[derive(Serialize)]
struct RelationRecord<'a> {
    /// The content annotation (quote, claim, figure).
    from_id: u64,
    /// The source annotation it is attributed to.
    to_id: u64,
    #[serde(rename = "type")]
    kind: &'a str,
}

pub(super) fn write(
    job: &Job<'_>,
    out: &Path,
    progress: &mut dyn FnMut(usize, usize),
    report: &mut ExportReport,
) -> Result<(), ExportError> {
    check_target(out, job.opts.force)?;
    write_file(out, report, |w, report| {
        job.for_each_doc(progress, report, |view, _| {
            write_json_line(w, &record(view))
        })
    })
}

fn record<'a>(view: &DocView<'a>) -> Record<'a> {
    let doc = view.doc;
    let mut label = Vec::with_capacity(view.spans.len());
    let mut annotations = Vec::with_capacity(view.spans.len());
    for a in &view.spans {
        let (start, end) = (view.offset(a.start), view.offset(a.end));
        label.push((start, end, view.label(a)));
        annotations.push(AnnotationRecord {
            id: a.id.0,
            start,
            end,
            label: view.label(a),
            text: view.span_text(a),
            annotator: &a.annotator,
            note: a.note.as_deref(),
            fragments: a
                .spans()
                .map(|p| {
                    let (s, e) = view.piece_offsets(p);
                    [s, e]
                })
                .collect(),
        });
    }
    let relations = view
        .links
        .iter()
        .map(|l| RelationRecord {
            from_id: l.content.id.0,
            to_id: l.source.id.0,
            kind: l.kind,
        })
        .collect();
    Record {
        id: doc.id.0,
        title: &doc.title,
        source: &doc.source,
        text: view.text(),
        offsets: view.unit,
        label,
        annotations,
        relations,
    }
}
