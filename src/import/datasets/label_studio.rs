//! Label Studio JSON exports: a list of tasks, each with `data.text` and `annotations`
//! whose `labels` results are spans and whose `relation` results join them. Other result
//! types (choices...) are counted and ignored; cancelled annotations are ignored.
//!
//! Regions named `<id>-<n>` with the same labels are the pieces of one split span (our
//! export names them so, and Label Studio keeps region ids); a relation from or to any of
//! them is a link of the whole span.
use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;
use serde_json::Value;
use serde_json::value::RawValue;

use super::{ATTRIBUTED_TO, Parsed, PieceIn, Record, RelationIn, SpanIn, json_error};
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
    /// Kept as text, read as [`LabelsValue`] only for `labels` results.
    #[serde(default)]
    value: Option<Box<RawValue>>,
    #[serde(default)]
    meta: Option<RegionMeta>,
    /// For `relation` results: the two regions, the direction and the labels.
    #[serde(default)]
    from_id: Option<Value>,
    #[serde(default)]
    to_id: Option<Value>,
    #[serde(default)]
    direction: Option<String>,
    #[serde(default)]
    labels: Vec<String>,
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
    // Each task cut out as text and parsed once into `Task`, not into a `Value` tree first.
    let tasks: Vec<&RawValue> = serde_json::from_str(text).map_err(|e| {
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

fn parse_task(raw: &RawValue) -> Parsed {
    let task: Task = serde_json::from_str(raw.get()).map_err(json_error)?;
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
        let mut regions = Vec::new();
        let mut relations = Vec::new();
        for result in ann.result {
            match result.kind.as_str() {
                "labels" => {
                    let v: LabelsValue =
                        labels_value(result.value.as_deref()).map_err(json_error)?;
                    let id = result.id.as_ref().map(id_text).unwrap_or_default();
                    let note = result.meta.and_then(|m| m.text.into_iter().next());
                    regions.push((id, v, note));
                }
                "relation" => relations.push(result),
                _ => record.ignored_results += 1,
            }
        }
        // Region id → the index in `record.spans` of its (first) span.
        let mut span_of: HashMap<String, usize> = HashMap::new();
        for group in group_pieces(regions)
            .into_iter()
            .filter(|g| !g.labels.is_empty())
        {
            let first = record.spans.len();
            for (region_id, _) in group.pieces.iter().filter(|(id, _)| !id.is_empty()) {
                span_of.entry(region_id.clone()).or_insert(first);
            }
            for label in &group.labels {
                record
                    .spans
                    .push(group.span(label.clone(), annotator.clone()));
            }
        }
        for r in relations {
            let end = |id: &Option<Value>| {
                let id = id.as_ref().map(id_text).unwrap_or_default();
                span_of.get(&id).copied().ok_or_else(|| {
                    format!("a relation refers to region “{id}”, which this annotation lacks")
                })
            };
            let (mut from, mut to) = (end(&r.from_id)?, end(&r.to_id)?);
            if r.direction.as_deref() == Some("left") {
                std::mem::swap(&mut from, &mut to);
            }
            // Drawn without a label, a relation is the only kind Marginalia makes.
            let kind = if r.labels.is_empty() || r.labels.iter().any(|l| l == ATTRIBUTED_TO) {
                ATTRIBUTED_TO.to_owned()
            } else {
                r.labels[0].clone()
            };
            record.relations.push(RelationIn { from, to, kind });
        }
    }
    Ok(record)
}

/// A `labels` result's value; absent, it fails as `null` does.
fn labels_value(raw: Option<&RawValue>) -> Result<LabelsValue, serde_json::Error> {
    serde_json::from_str(raw.map_or("null", RawValue::get))
}

/// Regions that make one span: a lone region, or the pieces of a split span.
struct Group {
    /// (region id, value) by position in the text.
    pieces: Vec<(String, LabelsValue)>,
    labels: Vec<String>,
    note: Option<String>,
}

impl Group {
    fn span(&self, label: String, annotator: Option<String>) -> SpanIn {
        let first = &self.pieces[0];
        let last = &self.pieces[self.pieces.len() - 1];
        let mut span = SpanIn {
            id: numeric_id(&first.0),
            start: first.1.start,
            end: last.1.end,
            label,
            text: None,
            annotator,
            note: self.note.clone(),
            fragments: Vec::new(),
        };
        if self.pieces.len() == 1 {
            span.text = first.1.text.clone();
            // A lone piece of a split span (its others deleted) keeps the span's id.
            span.id = span.id.or(split_region_id(&first.0).map(|(id, _)| id));
        } else {
            span.id = split_region_id(&first.0).map(|(id, _)| id);
            span.fragments = (self.pieces.iter())
                .map(|(_, v)| PieceIn {
                    start: v.start,
                    end: v.end,
                    text: v.text.clone(),
                })
                .collect();
        }
        span
    }
}

/// Groups the regions named `<id>-<n>` that share their labels into split spans; every
/// other region is a group of its own. Groups keep the order of their first region.
fn group_pieces(regions: Vec<(String, LabelsValue, Option<String>)>) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    let mut by_base: BTreeMap<(u64, Vec<String>), usize> = BTreeMap::new();
    for (id, value, note) in regions {
        let key = split_region_id(&id).map(|(base, _)| (base, value.labels.clone()));
        if let Some(&g) = key.as_ref().and_then(|k| by_base.get(k)) {
            let group: &mut Group = &mut groups[g];
            group.note = group.note.take().or(note);
            group.pieces.push((id, value));
            group.pieces.sort_by_key(|(_, v)| (v.start, v.end));
            continue;
        }
        if let Some(k) = key {
            by_base.insert(k, groups.len());
        }
        groups.push(Group {
            labels: value.labels.clone(),
            pieces: vec![(id, value)],
            note,
        });
    }
    groups
}

/// `12-2` → (12, 2): a piece of a split span as our export names it.
fn split_region_id(id: &str) -> Option<(u64, u64)> {
    let (base, n) = id.split_once('-')?;
    Some((base.parse().ok()?, n.parse().ok()?))
}

/// A region id as text, whether the file wrote it as a string or a number.
fn id_text(id: &Value) -> String {
    match id {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
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
fn numeric_id(id: &str) -> Option<u64> {
    id.parse().ok()
}
