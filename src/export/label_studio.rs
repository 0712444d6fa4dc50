//! Label Studio: a JSON list of tasks, one annotation per annotator, and the labeling
//! config (`<out stem>.config.xml`) to paste into the project's Labeling Interface.
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{DocView, ExportError, ExportReport, Job, OffsetUnit, check_target, write_file};
use crate::model::{Annotation, Label};

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
    result: Vec<Region<'a>>,
    was_cancelled: bool,
    ground_truth: bool,
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
    let xml = labeling_config(job.project.labels());
    write_file(&config, report, |w, _| w.write_all(xml.as_bytes()))
}

fn task<'a>(view: &DocView<'a>) -> Task<'a> {
    let mut by_annotator: BTreeMap<&str, Vec<&Annotation>> = BTreeMap::new();
    for a in &view.spans {
        by_annotator.entry(&a.annotator).or_default().push(a);
    }
    let annotations = by_annotator
        .into_iter()
        .map(|(annotator, spans)| LsAnnotation {
            annotator,
            result: spans.into_iter().map(|a| region(view, a)).collect(),
            was_cancelled: false,
            ground_truth: annotator == "gold",
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

fn region<'a>(view: &DocView<'a>, a: &'a Annotation) -> Region<'a> {
    Region {
        id: a.id.to_string(),
        from_name: "label",
        to_name: "text",
        kind: "labels",
        value: Value {
            start: view.offset(a.start),
            end: view.offset(a.end),
            text: view.span_text(a),
            labels: [&a.label],
        },
        meta: a.note.as_deref().map(|n| RegionMeta { text: [n] }),
    }
}

/// The `<View>` config: one `<Label>` per project label, with its colour and hotkey.
pub(super) fn labeling_config(labels: &[Label]) -> String {
    let mut xml = String::from("<View>\n  <Labels name=\"label\" toName=\"text\">\n");
    for l in labels {
        xml.push_str(&format!(
            "    <Label value=\"{}\" background=\"{}\"",
            xml_escape(&l.id),
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
    xml.push_str("  </Labels>\n  <Text name=\"text\" value=\"$text\"/>\n</View>\n");
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
