//! Label Studio: a JSON list of tasks, one annotation per annotator, and the labeling
//! config (`<out stem>.config.xml`) to paste into the project's Labeling Interface.
//!
//! Each span is a `labels` region whose id is the annotation id. Label Studio has no split
//! spans: each piece of one is a region of its own, with the id `<annotation id>-<n>`
//! (n from 1), which Label Studio keeps and `import-dataset` joins back. Each link is a
//! `relation` result (as Label Studio's editor writes them: `from_id`, `to_id`,
//! `direction`, `labels`) from the content's region (its first piece) to the source's.
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{
    DocView, ExportError, ExportReport, Job, OffsetUnit, check_target, link_kinds, write_file,
};
use crate::model::Annotation;

#[derive(Serialize)]
struct Task<'a> {
    data: Data<'a>,
    meta: Meta,
    annotations: Vec<LsAnnotation<'a>>,
}

#[derive(Serialize)]
struct Data<'a> {
    text: &'a str,
    title: &'a str,
    source: &'a str,
    doc_id: u64,
}

#[derive(Serialize)]
struct Meta {
    offsets: OffsetUnit,
}

#[derive(Serialize)]
struct LsAnnotation<'a> {
    /// Label Studio's own `completed_by` is a user number of the server that made the
    /// export; the annotator's name is kept here instead.
    annotator: &'a str,
    result: Vec<Item<'a>>,
    was_cancelled: bool,
    ground_truth: bool,
}

/// One item of an annotation's `result`: a region, or a relation between two regions.
#[derive(Serialize)]
#[serde(untagged)]
enum Item<'a> {
    Region(Region<'a>),
    Relation(RelationResult<'a>),
}

/// A relation as Label Studio's editor serializes it (no id of its own).
#[derive(Serialize)]
struct RelationResult<'a> {
    from_id: String,
    to_id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    /// `right`: from `from_id` to `to_id`.
    direction: &'static str,
    labels: [&'a str; 1],
}

#[derive(Serialize)]
struct Region<'a> {
    id: String,
    from_name: &'static str,
    to_name: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    value: Value<'a>,
    /// Label Studio's per-region "meta info" holds the note.
    #[serde(skip_serializing_if = "Option::is_none")]
    meta: Option<RegionMeta<'a>>,
}

#[derive(Serialize)]
struct Value<'a> {
    start: usize,
    end: usize,
    text: &'a str,
    labels: [&'a str; 1],
}

#[derive(Serialize)]
struct RegionMeta<'a> {
    text: [&'a str; 1],
}

/// Where the labeling config goes: `tasks.json` → `tasks.config.xml`.
pub fn config_path(out: &Path) -> PathBuf {
    out.with_extension("config.xml")
}

pub(super) fn write(
    job: &Job<'_>,
    out: &Path,
    progress: &mut dyn FnMut(usize, usize),
    report: &mut ExportReport,
) -> Result<(), ExportError> {
    let config = config_path(out);
    check_target(out, job.opts.force)?;
    check_target(&config, job.opts.force)?;
    write_file(out, report, |w, report| {
        w.write_all(b"[")?;
        let mut first = true;
        job.for_each_doc(progress, report, |view, _| {
            w.write_all(if first { b"\n" } else { b",\n" })?;
            first = false;
            serde_json::to_writer(&mut *w, &task(view)).map_err(std::io::Error::other)
        })?;
        w.write_all(b"\n]\n")
    })?;
    let kinds: Vec<&str> = link_kinds(job.project).into_iter().collect();
    let xml = labeling_config(job, &kinds);
    write_file(&config, report, |w, _| w.write_all(xml.as_bytes()))
}

fn task<'a>(view: &DocView<'a>) -> Task<'a> {
    let mut by_annotator: BTreeMap<&str, Vec<&Annotation>> = BTreeMap::new();
    for a in &view.spans {
        by_annotator.entry(&a.annotator).or_default().push(a);
    }
    let annotations = by_annotator
        .into_iter()
        .map(|(annotator, spans)| {
            let mut result: Vec<Item> = Vec::with_capacity(spans.len());
            for a in spans {
                result.extend(regions(view, a).map(Item::Region));
            }
            // Links join spans of one annotator, so both ends are regions of this result.
            for l in view
                .links
                .iter()
                .filter(|l| l.content.annotator == annotator)
            {
                result.push(Item::Relation(RelationResult {
                    from_id: region_id(l.content, 0),
                    to_id: region_id(l.source, 0),
                    kind: "relation",
                    direction: "right",
                    labels: [l.kind],
                }));
            }
            LsAnnotation {
                annotator,
                result,
                was_cancelled: false,
                ground_truth: annotator == "gold",
            }
        })
        .collect();
    Task {
        data: Data {
            text: view.text(),
            title: &view.doc.title,
            source: &view.doc.source,
            doc_id: view.doc.id.0,
        },
        meta: Meta { offsets: view.unit },
        annotations,
    }
}

/// The regions of a span: one, or one per piece of a split span (each with the note).
fn regions<'a, 'v>(
    view: &'v DocView<'a>,
    a: &'a Annotation,
) -> impl Iterator<Item = Region<'a>> + 'v {
    a.spans().enumerate().map(move |(i, piece)| {
        let (start, end) = view.piece_offsets(piece);
        Region {
            id: region_id(a, i),
            from_name: "label",
            to_name: "text",
            kind: "labels",
            value: Value {
                start,
                end,
                text: view.piece_text(piece),
                labels: [view.label(a)],
            },
            meta: a.note.as_deref().map(|n| RegionMeta { text: [n] }),
        }
    })
}

/// The region id of piece `i` (from 0) of a span: the annotation id, or for a split span
/// `<id>-<i + 1>`. Label Studio allows `A-Za-z0-9_-` in ids.
fn region_id(a: &Annotation, i: usize) -> String {
    if a.is_split() {
        format!("{}-{}", a.id, i + 1)
    } else {
        a.id.to_string()
    }
}

/// The `<View>` config: one `<Label>` per project label, with its colour and hotkey, and
/// one `<Relation>` per link type.
pub(super) fn labeling_config(job: &Job<'_>, link_kinds: &[&str]) -> String {
    let mut xml = String::from("<View>\n  <Labels name=\"label\" toName=\"text\">\n");
    for l in job.project.labels() {
        xml.push_str(&format!(
            "    <Label value=\"{}\" background=\"{}\"",
            xml_escape(job.label(&l.id)),
            xml_escape(&l.color)
        ));
        if let Some(key) = l.hotkey {
            xml.push_str(&format!(" hotkey=\"{}\"", xml_escape(&key.to_string())));
        }
        if !l.description.is_empty() {
            xml.push_str(&format!(" hint=\"{}\"", xml_escape(&l.description)));
        }
        xml.push_str("/>\n");
    }
    xml.push_str("  </Labels>\n");
    if !link_kinds.is_empty() {
        xml.push_str("  <Relations>\n");
        for kind in link_kinds {
            xml.push_str(&format!("    <Relation value=\"{}\"/>\n", xml_escape(kind)));
        }
        xml.push_str("  </Relations>\n");
    }
    xml.push_str("  <Text name=\"text\" value=\"$text\"/>\n</View>\n");
    xml
}

pub(super) fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            c => out.push(c),
        }
    }
    out
}
