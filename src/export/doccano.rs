//! doccano JSONL, readable by both of doccano's JSONL importers:
//!
//! - `label`: `[[start, end, label]]` triples, read by the "JSONL" import of a
//!   sequence-labeling project (its default "Column Label");
//! - `entities` (`id`, `label`, `start_offset`, `end_offset`) and `relations` (`id`,
//!   `from_id`, `to_id`, `type`), read by the "JSONL(Relation)" import of a project with
//!   relation labeling (doccano's `RelationExtractionDataset`).
//!
//! Each importer keeps the keys it does not read as document metadata, so one file loads in
//! either kind of project, as do `title` and `source`. doccano has no split spans: each
//! piece is an entity (and a triple) of its own, and a link from a split content starts at
//! its first piece. Entity and relation ids count from 0 in each line; doccano matches
//! `from_id`/`to_id` to the entity ids of the same line.
use std::collections::HashMap;
use std::path::Path;

use serde::Serialize;

use super::{
    DocView, ExportError, ExportReport, Job, OffsetUnit, check_target, describe_doc, write_file,
    write_json_line_bmp,
};

#[derive(Serialize)]
struct Record<'a> {
    text: &'a str,
    label: Vec<(usize, usize, &'a str)>,
    entities: Vec<Entity<'a>>,
    relations: Vec<Relation<'a>>,
    title: &'a str,
    source: &'a str,
}

#[derive(Serialize)]
struct Entity<'a> {
    id: usize,
    label: &'a str,
    start_offset: usize,
    end_offset: usize,
}

#[derive(Serialize)]
struct Relation<'a> {
    id: usize,
    from_id: usize,
    to_id: usize,
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
    if job.unit() != OffsetUnit::Codepoints {
        report.warnings.push(format!(
            "doccano files have no field for the offset unit: offsets are in {} as asked, \
             but doccano itself expects code points",
            job.unit().name()
        ));
    }
    let mut overlapping_with_links = Vec::new();
    write_file(out, report, |w, report| {
        job.for_each_doc(progress, report, |view, _| {
            if !view.links.is_empty() && has_overlap(view) {
                overlapping_with_links.push(describe_doc(view.doc));
            }
            write_json_line_bmp(w, &record(view))
        })
    })?;
    if !overlapping_with_links.is_empty() {
        report.warnings.push(format!(
            "doccano: {} has overlapping spans and links; a doccano project without \
             “Allow overlapping entity” drops overlapping spans on import and then fails on \
             the links that pointed at them: tick that option before importing (or export \
             one --annotator)",
            overlapping_with_links.join(", ")
        ));
    }
    Ok(())
}

fn record<'a>(view: &DocView<'a>) -> Record<'a> {
    let mut label = Vec::with_capacity(view.spans.len());
    let mut entities = Vec::with_capacity(view.spans.len());
    // Annotation id → the entity id of its first piece.
    let mut first_entity = HashMap::with_capacity(view.spans.len());
    for (a, piece) in view.pieces() {
        // Pieces come in text order, so the first seen is the first piece.
        first_entity.entry(a.id.0).or_insert(entities.len());
        let (start, end) = view.piece_offsets(piece);
        label.push((start, end, view.label(a)));
        entities.push(Entity {
            id: entities.len(),
            label: view.label(a),
            start_offset: start,
            end_offset: end,
        });
    }
    let relations = (view.links.iter().enumerate())
        .map(|(id, l)| Relation {
            id,
            from_id: first_entity[&l.content.id.0],
            to_id: first_entity[&l.source.id.0],
            kind: l.kind,
        })
        .collect();
    Record {
        text: view.text(),
        label,
        entities,
        relations,
        title: &view.doc.title,
        source: &view.doc.source,
    }
}

/// Whether two spans of the document share a character (doccano's own test: a span must
/// start at or after the end of the one before it).
fn has_overlap(view: &DocView<'_>) -> bool {
    let pieces = view.pieces();
    pieces.windows(2).any(|w| w[1].1.start < w[0].1.end)
}
