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
    /// A split span (a quote interrupted by "he said"): its pieces, sorted and disjoint,
    /// spanning exactly `[start, end)`. Empty for the usual single span. Since format 2.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fragments: Vec<Span>,
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
            fragments: Vec::new(),
        }
    }

    /// The whole extent, from the first character of the first fragment to the end of the last.
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }

    /// The characters this annotation covers: its fragments, or its one span.
    pub fn spans(&self) -> impl Iterator<Item = Span> + '_ {
        let single = self.fragments.is_empty().then(|| self.span());
        single.into_iter().chain(self.fragments.iter().copied())
    }

    pub fn is_split(&self) -> bool {
        !self.fragments.is_empty()
    }

    /// Whether the annotation covers this character (not just its extent).
    pub fn covers(&self, offset: usize) -> bool {
        self.spans().any(|s| s.contains(offset))
    }

    /// Sets the pieces of this annotation: sorted, touching or overlapping pieces merged,
    /// empty ones dropped. One piece left makes it an ordinary span again.
    pub fn set_spans(&mut self, spans: impl IntoIterator<Item = Span>) {
        let merged = merge_spans(spans);
        if let (Some(first), Some(last)) = (merged.first(), merged.last()) {
            self.start = first.start;
            self.end = last.end;
        }
        self.fragments = if merged.len() > 1 { merged } else { Vec::new() };
    }

    /// Why the fragments are not a valid split of `[start, end)` within `len` characters.
    pub fn fragment_problem(&self, len: usize) -> Option<String> {
        if self.fragments.is_empty() {
            return None;
        }
        if self.fragments.len() == 1 {
            return Some("has a single fragment; a split span needs at least two".into());
        }
        for f in &self.fragments {
            if f.start >= f.end {
                return Some(format!(
                    "fragment [{}, {}) is empty or reversed",
                    f.start, f.end
                ));
            }
            if f.end > len {
                return Some(format!(
                    "fragment [{}, {}) falls outside the document's {len} characters",
                    f.start, f.end
                ));
            }
        }
        for pair in self.fragments.windows(2) {
            if pair[1].start < pair[0].end {
                return Some(format!(
                    "fragments [{}, {}) and [{}, {}) overlap or are out of order",
                    pair[0].start, pair[0].end, pair[1].start, pair[1].end
                ));
            }
        }
        let (first, last) = (self.fragments[0], self.fragments[self.fragments.len() - 1]);
        if first.start != self.start || last.end != self.end {
            return Some(format!(
                "fragments run from {} to {} but the span is [{}, {})",
                first.start, last.end, self.start, self.end
            ));
        }
        None
    }
}

/// Sorts spans and merges those that touch or overlap; drops empty ones.
pub fn merge_spans(spans: impl IntoIterator<Item = Span>) -> Vec<Span> {
    let mut all: Vec<Span> = spans.into_iter().filter(|s| !s.is_empty()).collect();
    all.sort();
    let mut out: Vec<Span> = Vec::with_capacity(all.len());
    for s in all {
        match out.last_mut() {
            Some(last) if s.start <= last.end => last.end = last.end.max(s.end),
            _ => out.push(s),
        }
    }
    out
}

/// The current time as stored in `created` / `modified`.
pub fn now_timestamp() -> String {
    humantime::format_rfc3339_millis(std::time::SystemTime::now()).to_string()
}
