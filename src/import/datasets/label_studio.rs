//! Label Studio JSON exports: a list of tasks, each with `data.text` and `annotations`
//! whose `labels` results are spans. Other result types (choices, relations) are counted
//! and ignored; cancelled annotations are ignored.
use serde::Deserialize;
use serde_json::Value;

use super::{Parsed, Record, SpanIn, json_error};
use crate::export::OffsetUnit;

#[derive(Deserialize)]
struct Task {
    data: Data,
    #[serde(default)]
    meta: Option<Meta>,
    /// Label Studio before 1.0 called annotations "completions".
    #[serde(default, alias = "completions")]
    annotations: Vec<LsAnnotation>,
}

#[derive(Deserialize)]
struct Data {
    text: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    doc_id: Option<u64>,
}

#[derive(Deserialize)]
struct Meta {
    #[serde(default)]
    offsets: OffsetUnit,
}

#[derive(Deserialize)]
struct LsAnnotation {
    /// Written by Marginalia's export.
    #[serde(default)]
    annotator: Option<String>,
    /// Label Studio's user: a number, or an object with an email in some exports.
    #[serde(default)]
    completed_by: Option<Value>,
    #[serde(default)]
    was_cancelled: bool,
    #[serde(default)]
    result: Vec<Region>,
}

#[derive(Deserialize)]
struct Region {
    #[serde(default)]
    id: Option<Value>,
    #[serde(rename = "type")]
    kind: String,
    value: Value,
    #[serde(default)]
    meta: Option<RegionMeta>,
}

#[derive(Deserialize)]
struct LabelsValue {
    start: i64,
    end: i64,
    #[serde(default)]
    text: Option<String>,
    labels: Vec<String>,
}

#[derive(Deserialize)]
struct RegionMeta {
    #[serde(default)]
    text: Vec<String>,
}

/// Splits the export into tasks ("task 1", "task 2"...), or says why it is not one.
pub(super) fn label_studio_records(text: &str) -> Result<Vec<(String, Parsed)>, String> {
    let tasks: Vec<Value> = serde_json::from_str(text).map_err(|e| {
        format!(
            "not a Label Studio JSON export (a list of tasks): {e} at line {}, column {}",
            e.line(),
            e.column()
        )
    })?;
    Ok(tasks
        .into_iter()
        .enumerate()
        .map(|(i, t)| (format!("task {}", i + 1), parse_task(t)))
        .collect())
}

fn parse_task(value: Value) -> Parsed {
    let task: Task = serde_json::from_value(value).map_err(json_error)?;
    let text = task
        .data
        .text
        .ok_or("no data.text: Marginalia reads the article from the task's \"text\" field")?;
    let mut record = Record {
        text,
        title: task.data.title,
        source: task.data.source,
        doc_id: task.data.doc_id,
        unit: task.meta.map(|m| m.offsets).unwrap_or_default(),
        ..Record::default()
    };
    for ann in task.annotations.into_iter().filter(|a| !a.was_cancelled) {
        let annotator = ann
            .annotator
            .or_else(|| ann.completed_by.as_ref().and_then(user_name));
        for region in ann.result {
            if region.kind != "labels" {
                record.ignored_results += 1;
                continue;
            }
            let v: LabelsValue = serde_json::from_value(region.value).map_err(json_error)?;
            let id = region.id.as_ref().and_then(numeric_id);
            let note = region.meta.and_then(|m| m.text.into_iter().next());
            for label in v.labels {
                record.spans.push(SpanIn {
                    id,
                    start: v.start,
                    end: v.end,
                    label,
                    text: v.text.clone(),
                    annotator: annotator.clone(),
                    note: note.clone(),
                });
            }
        }
    }
    Ok(record)
}

/// A name for Label Studio's `completed_by`.
fn user_name(user: &Value) -> Option<String> {
    match user {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(format!("label-studio-user-{n}")),
        Value::Object(o) => ["email", "username", "first_name"]
            .iter()
            .find_map(|k| o.get(*k).and_then(Value::as_str))
            .filter(|s| !s.is_empty())
            .map(String::from)
            .or_else(|| o.get("id").and_then(user_name)),
        _ => None,
    }
}

/// Marginalia writes annotation ids as decimal strings; Label Studio's own are random text.
fn numeric_id(id: &Value) -> Option<u64> {
    match id {
        Value::String(s) => s.parse().ok(),
        Value::Number(n) => n.as_u64(),
        _ => None,
    }
}
