//! Annotations: labeled spans of a document's text.
use serde::{Deserialize, Serialize};

use super::ids::{AnnotationId, DocId};

/// A half-open range `[start, end)` of Unicode code points: Python's `text[start:end]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }
    /// Whether the two spans share at least one code point.
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }
    pub fn contains(&self, offset: usize) -> bool {
        self.start <= offset && offset < self.end
    }
}

/// One labeled span, owned by the annotator who made it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Annotation {
    pub id: AnnotationId,
    pub document: DocId,
    /// First code point of the span.
    pub start: usize,
    /// One past the last code point of the span.
    pub end: usize,
    /// A label id of the project's label set.
    pub label: String,
    pub annotator: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// RFC 3339, UTC, millisecond precision: sorts as text in time order.
    #[serde(default)]
    pub created: String,
    #[serde(default)]
    pub modified: String,
    /// For adjudicated (`gold`) annotations: the annotations this decision came from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub derived_from: Vec<AnnotationId>,
}

impl Annotation {
    /// A new annotation stamped with the current time.
    pub fn new(
        id: AnnotationId,
        document: DocId,
        span: Span,
        label: &str,
        annotator: &str,
    ) -> Self {
        let now = now_timestamp();
        Self {
            id,
            document,
            start: span.start,
            end: span.end,
            label: label.to_owned(),
            annotator: annotator.to_owned(),
            note: None,
            created: now.clone(),
            modified: now,
            derived_from: Vec::new(),
        }
    }

    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

/// The current time as stored in `created` / `modified`.
pub fn now_timestamp() -> String {
    humantime::format_rfc3339_millis(std::time::SystemTime::now()).to_string()
}
