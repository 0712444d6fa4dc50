//! What review mode draws: one document's spans from several annotators, grouped into
//! items (clusters of overlapping spans) each with a verdict. A span is compared on its
//! pieces (every fragment of a split span) and label, and a content on its source too.
use crate::model::{Annotation, AnnotationId, DocId, Project, Span};

use super::adjudicate::GOLD;

/// How the compared annotators' spans in one item relate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Every annotator has the same spans (pieces and label), linked to the same sources.
    Agreed,
    /// The same spans, but some content is attributed to different sources (or to none).
    LinkConflict,
    /// Same extents, different labels.
    LabelConflict,
    /// Same labels, different extents.
    BoundaryConflict,
    /// Both the labels and the extents differ.
    LabelAndBoundaryConflict,
    /// Some annotators have nothing here.
    Missing { missing_for: Vec<String> },
}

impl Verdict {
    pub fn is_disagreement(&self) -> bool {
        *self != Verdict::Agreed
    }

    /// A short phrase for the window and reports.
    pub fn describe(&self) -> String {
        match self {
            Verdict::Agreed => "agreed".into(),
            Verdict::LinkConflict => "link conflict".into(),
            Verdict::LabelConflict => "label conflict".into(),
            Verdict::BoundaryConflict => "boundary conflict".into(),
            Verdict::LabelAndBoundaryConflict => "label and boundary conflict".into(),
            Verdict::Missing { missing_for } => format!("missing for {}", missing_for.join(", ")),
        }
    }
}

/// One annotation as review mode shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemSpan {
    pub id: AnnotationId,
    /// The whole extent.
    pub span: Span,
    /// The pieces of a split span; empty for an ordinary span.
    pub fragments: Vec<Span>,
    pub label: String,
    /// For a content linked to a source: that source (it may lie outside the item).
    pub source: Option<SourceSpan>,
}

/// The source a content is attributed to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceSpan {
    pub id: AnnotationId,
    pub span: Span,
    pub fragments: Vec<Span>,
    pub label: String,
}

/// The pieces of a span: its fragments, or its one extent.
fn pieces<'a>(span: &'a Span, fragments: &'a [Span]) -> &'a [Span] {
    if fragments.is_empty() {
        std::slice::from_ref(span)
    } else {
        fragments
    }
}

impl ItemSpan {
    fn new(project: &Project, a: &Annotation) -> Self {
        let source = (project.source_link(a.id))
            .and_then(|l| project.annotation(l.to))
            .map(|s| SourceSpan {
                id: s.id,
                span: s.span(),
                fragments: s.fragments.clone(),
                label: s.label.clone(),
            });
        Self {
            id: a.id,
            span: a.span(),
            fragments: a.fragments.clone(),
            label: a.label.clone(),
            source,
        }
    }

    /// The characters it covers: its fragments, or its one span.
    pub fn pieces(&self) -> &[Span] {
        pieces(&self.span, &self.fragments)
    }
}

impl SourceSpan {
    pub fn pieces(&self) -> &[Span] {
        pieces(&self.span, &self.fragments)
    }
}

/// What "the same span" means: its pieces and its label.
type SpanKey<'a> = (&'a [Span], &'a str);

/// One annotator's spans within an item (empty when the annotator has nothing there).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Version {
    pub annotator: String,
    /// By start, end, id.
    pub spans: Vec<ItemSpan>,
}

impl Version {
    pub fn ids(&self) -> Vec<AnnotationId> {
        self.spans.iter().map(|s| s.id).collect()
    }

    /// Each span with the source it is linked to, sorted: what "the same version" means.
    fn key(&self) -> Vec<(SpanKey<'_>, Option<SpanKey<'_>>)> {
        let mut k: Vec<_> = (self.spans.iter())
            .map(|s| {
                let source = (s.source.as_ref()).map(|o| (o.pieces(), o.label.as_str()));
                ((s.pieces(), s.label.as_str()), source)
            })
            .collect();
        k.sort_unstable();
        k.dedup();
        k
    }
}

/// A cluster of spans that overlap, directly or through each other.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewItem {
    /// From the first start to the last end of the item's spans.
    pub span: Span,
    pub verdict: Verdict,
    /// One per compared annotator, in the order they were given.
    pub versions: Vec<Version>,
    /// Whether the `gold` layer already has a span overlapping this item.
    pub decided: bool,
    /// Those gold annotations.
    pub gold: Vec<AnnotationId>,
}

impl ReviewItem {
    pub fn version(&self, annotator: &str) -> Option<&Version> {
        self.versions.iter().find(|v| v.annotator == annotator)
    }
}

/// All items of one document, by position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comparison {
    pub document: DocId,
    /// The compared annotators (`gold` never among them).
    pub annotators: Vec<String>,
    pub items: Vec<ReviewItem>,
}

impl Comparison {
    /// Index of the first disagreement starting after `from_offset`.
    pub fn next_disagreement(&self, from_offset: usize) -> Option<usize> {
        (self.items.iter()).position(|i| i.verdict.is_disagreement() && i.span.start > from_offset)
    }

    /// Index of the last disagreement starting before `from_offset`.
    pub fn prev_disagreement(&self, from_offset: usize) -> Option<usize> {
        (self.items.iter()).rposition(|i| i.verdict.is_disagreement() && i.span.start < from_offset)
    }

    /// Index of the item covering `offset`, if any.
    pub fn item_at(&self, offset: usize) -> Option<usize> {
        self.items.iter().position(|i| i.span.contains(offset))
    }

    pub fn disagreements(&self) -> usize {
        (self.items.iter())
            .filter(|i| i.verdict.is_disagreement())
            .count()
    }
}

/// Groups the spans of `annotators` (minus `gold`, duplicates ignored) in `doc` into items.
pub fn compare(project: &Project, doc: DocId, annotators: &[String]) -> Comparison {
    let mut names: Vec<String> = Vec::new();
    for n in annotators {
        if n != GOLD && !names.contains(n) {
            names.push(n.clone());
        }
    }
    let mut items = Vec::new();
    let mut cluster: Vec<(usize, ItemSpan)> = Vec::new();
    let mut hull = Span::new(0, 0);
    for a in project.annotations_in(doc) {
        let Some(k) = names.iter().position(|n| *n == a.annotator) else {
            continue;
        };
        if a.start >= a.end {
            continue;
        }
        if !cluster.is_empty() && a.start >= hull.end {
            items.push(make_item(
                project,
                doc,
                &names,
                hull,
                std::mem::take(&mut cluster),
            ));
        }
        if cluster.is_empty() {
            hull = a.span();
        }
        hull.end = hull.end.max(a.end);
        cluster.push((k, ItemSpan::new(project, a)));
    }
    if !cluster.is_empty() {
        items.push(make_item(project, doc, &names, hull, cluster));
    }
    Comparison {
        document: doc,
        annotators: names,
        items,
    }
}

fn make_item(
    project: &Project,
    doc: DocId,
    names: &[String],
    hull: Span,
    spans: Vec<(usize, ItemSpan)>,
) -> ReviewItem {
    let mut versions: Vec<Version> = (names.iter())
        .map(|n| Version {
            annotator: n.clone(),
            spans: Vec::new(),
        })
        .collect();
    for (k, s) in spans {
        versions[k].spans.push(s);
    }
    let gold: Vec<AnnotationId> = (project.annotations_overlapping(doc, hull))
        .filter(|a| a.annotator == GOLD)
        .map(|a| a.id)
        .collect();
    ReviewItem {
        span: hull,
        verdict: verdict(&versions),
        versions,
        decided: !gold.is_empty(),
        gold,
    }
}

fn verdict(versions: &[Version]) -> Verdict {
    let missing_for: Vec<String> = (versions.iter())
        .filter(|v| v.spans.is_empty())
        .map(|v| v.annotator.clone())
        .collect();
    if !missing_for.is_empty() {
        return Verdict::Missing { missing_for };
    }
    let keys: Vec<_> = versions.iter().map(Version::key).collect();
    let spans: Vec<Vec<SpanKey>> = (keys.iter())
        .map(|k| sorted(k.iter().map(|s| s.0)))
        .collect();
    let extents: Vec<Vec<&[Span]>> = (spans.iter())
        .map(|k| sorted(k.iter().map(|s| s.0)))
        .collect();
    let labels: Vec<Vec<&str>> = (spans.iter())
        .map(|k| sorted(k.iter().map(|s| s.1)))
        .collect();
    if all_equal(&keys) {
        Verdict::Agreed
    } else if all_equal(&spans) {
        Verdict::LinkConflict
    } else if all_equal(&extents) {
        Verdict::LabelConflict
    } else if all_equal(&labels) {
        Verdict::BoundaryConflict
    } else {
        Verdict::LabelAndBoundaryConflict
    }
}

fn all_equal<T: PartialEq>(items: &[T]) -> bool {
    items.windows(2).all(|w| w[0] == w[1])
}

fn sorted<T: Ord>(items: impl Iterator<Item = T>) -> Vec<T> {
    let mut v: Vec<T> = items.collect();
    v.sort_unstable();
    v.dedup();
    v
}

#[cfg(test)]
mod tests;
