//! Character units for agreement: every code point that is not white space gets, for each
//! annotator, the label of the span covering it that starts first (the longer one on a tie,
//! then the label listed first), or `O` when no span covers it. A split span covers only
//! its pieces, not the gap between them; its start and length are those of its extent.
//!
//! Labels are mapped to small integers once so that the per-unit loops touch only arrays,
//! and the pieces of split spans are numbered once ([`Shapes`]) so spans stay small tuples.
use std::cmp::Reverse;
use std::collections::HashMap;

use crate::model::{Annotation, DocId, Document, Project, Span};

/// The code of "no label" (`O`).
pub const OUTSIDE: u16 = 0;

/// Label ids ↔ small integers: 0 is `O`, then the project's labels in order, then label ids
/// found in annotations but missing from the label set (kept, so no span is ignored).
#[derive(Clone, Debug)]
pub struct LabelCodes {
    names: Vec<String>,
    map: HashMap<String, u16>,
}

impl LabelCodes {
    pub fn new(project: &Project) -> Self {
        let mut codes = LabelCodes {
            names: vec!["O".to_owned()],
            map: HashMap::new(),
        };
        for label in project.labels() {
            codes.code(&label.id);
        }
        codes
    }

    /// The code of a registered label.
    pub fn get(&self, label: &str) -> Option<u16> {
        // A short scan beats hashing the string for the usual handful of labels.
        if self.names.len() <= 16 {
            let i = self.names[1..].iter().position(|n| same(n, label))?;
            return Some(i as u16 + 1);
        }
        self.map.get(label).copied()
    }

    /// The code of `label`, registering it if it is new.
    pub fn code(&mut self, label: &str) -> u16 {
        if let Some(&c) = self.map.get(label) {
            return c;
        }
        let c = u16::try_from(self.names.len()).unwrap_or(u16::MAX);
        self.names.push(label.to_owned());
        self.map.insert(label.to_owned(), c);
        c
    }

    /// Number of codes, `O` included.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// Label id of each code; `names()[0]` is `"O"`.
    pub fn names(&self) -> &[String] {
        &self.names
    }
}

/// A span reduced to what agreement needs: `(start, end, label code, shape)`, where
/// `start` and `end` are its whole extent and `shape` is [`SINGLE`] for an ordinary span,
/// or the number [`Shapes`] gave its list of pieces. Equal lists get equal numbers, so two
/// spans are the same (every piece and the label) exactly when their tuples are equal.
pub type CodedSpan = (usize, usize, u16, u32);

/// The shape of an ordinary span: one piece, `[start, end)`.
pub const SINGLE: u32 = 0;

/// The pieces of split spans, each distinct list numbered once (from 1).
#[derive(Clone, Debug, Default)]
pub struct Shapes {
    lists: Vec<Vec<Span>>,
    numbers: HashMap<Vec<Span>, u32>,
}

impl Shapes {
    /// The shape of a span with these fragments ([`SINGLE`] for none), numbering it if new.
    pub fn intern(&mut self, fragments: &[Span]) -> u32 {
        if fragments.is_empty() {
            return SINGLE;
        }
        if let Some(&n) = self.numbers.get(fragments) {
            return n;
        }
        self.lists.push(fragments.to_vec());
        let n = u32::try_from(self.lists.len()).unwrap_or(u32::MAX);
        self.numbers.insert(fragments.to_vec(), n);
        n
    }

    /// The shape of a span with these fragments, if it was interned.
    pub fn get(&self, fragments: &[Span]) -> Option<u32> {
        if fragments.is_empty() {
            return Some(SINGLE);
        }
        self.numbers.get(fragments).copied()
    }

    /// The `(start, end)` of each piece of a span: its fragments, or its one extent.
    pub fn pieces(&self, span: &CodedSpan) -> impl Iterator<Item = (usize, usize)> + '_ {
        let &(start, end, _, shape) = span;
        let list: &[Span] = match shape {
            SINGLE => &[],
            n => self.lists.get(n as usize - 1).map_or(&[], Vec::as_slice),
        };
        let single = (shape == SINGLE).then_some((start, end));
        single
            .into_iter()
            .chain(list.iter().map(|s| (s.start, s.end)))
    }
}

/// Sort key giving each span its priority: starts first, then longer, then label order
/// (then the shape, so that spans differing only in their pieces stay apart).
fn priority(&(start, end, code, shape): &CodedSpan) -> (usize, Reverse<usize>, u16, u32) {
    (start, Reverse(end), code, shape)
}

/// The spans of the compared annotators in the counted documents, grouped by document.
/// Built in one sequential pass over the project's annotations: looking them up document
/// by document costs a cache miss per annotation, which dominated large projects.
pub struct SpanTable {
    /// Entries of document `i` are `entries[first[i]..first[i + 1]]`.
    first: Vec<usize>,
    /// (annotator index, span).
    entries: Vec<(u16, CodedSpan)>,
    /// The pieces of the split spans among them.
    pub shapes: Shapes,
}

impl SpanTable {
    /// Spans of `annotators` in `docs`; empty spans and spans outside their text are left
    /// out. Label ids missing from the label set are added to `codes` (in alphabetical
    /// order, so codes never depend on hash order).
    pub fn build(
        project: &Project,
        docs: &[&Document],
        annotators: &[String],
        codes: &mut LabelCodes,
    ) -> Self {
        let index: HashMap<DocId, usize> =
            docs.iter().enumerate().map(|(i, d)| (d.id, i)).collect();
        let lens: Vec<usize> = (docs.iter())
            .map(|d| project.document_len(d.id).unwrap_or(0))
            .collect();
        let mut found: Vec<(usize, u16, CodedSpan)> = Vec::new();
        let mut unknown: Vec<(usize, &str)> = Vec::new();
        let mut shapes = Shapes::default();
        for a in project.annotations() {
            let Some(k) = annotators.iter().position(|n| same(n, &a.annotator)) else {
                continue;
            };
            let Some(&i) = index.get(&a.document) else {
                continue;
            };
            if !is_countable(a, lens[i]) {
                continue;
            }
            let code = codes.get(&a.label).unwrap_or_else(|| {
                unknown.push((found.len(), &a.label));
                OUTSIDE
            });
            let shape = shapes.intern(&a.fragments);
            found.push((i, k as u16, (a.start, a.end, code, shape)));
        }
        let mut labels: Vec<&str> = unknown.iter().map(|u| u.1).collect();
        labels.sort_unstable();
        for label in labels {
            codes.code(label);
        }
        for (at, label) in unknown {
            found[at].2.2 = codes.get(label).unwrap_or(OUTSIDE);
        }
        // Counting sort by document.
        let mut first = vec![0usize; docs.len() + 1];
        for &(i, _, _) in &found {
            first[i + 1] += 1;
        }
        for i in 0..docs.len() {
            first[i + 1] += first[i];
        }
        let mut next = first.clone();
        let mut entries = vec![(0u16, (0, 0, 0, SINGLE)); found.len()];
        for (i, k, span) in found {
            entries[next[i]] = (k, span);
            next[i] += 1;
        }
        SpanTable {
            first,
            entries,
            shapes,
        }
    }

    /// Fills `out[k]` with annotator `k`'s spans in document `i`, sorted by priority and
    /// without duplicates.
    pub fn fill(&self, i: usize, out: &mut [Vec<CodedSpan>]) {
        for v in out.iter_mut() {
            v.clear();
        }
        for &(k, span) in &self.entries[self.first[i]..self.first[i + 1]] {
            out[k as usize].push(span);
        }
        for v in out.iter_mut() {
            sort_spans(v);
        }
    }
}

/// Whether agreement counts this annotation of a text of `len` code points: not empty, and
/// inside its text (others exist only in hand-edited files, reported on opening).
pub fn is_countable(a: &Annotation, len: usize) -> bool {
    a.start < a.end && a.end <= len
}

/// The coded form of an annotation whose label and pieces the table already numbered.
pub fn coded(a: &Annotation, codes: &LabelCodes, shapes: &Shapes) -> Option<CodedSpan> {
    Some((
        a.start,
        a.end,
        codes.get(&a.label)?,
        shapes.get(&a.fragments)?,
    ))
}

/// String equality without a call into libc's `memcmp`: names and label ids are short and
/// compared once per annotation.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| x == y)
}

/// Sorts by priority and removes duplicates.
pub fn sort_spans(spans: &mut Vec<CodedSpan>) {
    spans.sort_unstable_by_key(priority);
    spans.dedup();
}

/// Writes the unit label of every code point of a text of `out.len()` code points.
/// `spans` must be sorted by priority ([`sort_spans`]): painting them in reverse lets the
/// span with the highest priority have the last word. A split span paints only its pieces.
pub fn paint(spans: &[CodedSpan], shapes: &Shapes, out: &mut [u16]) {
    out.fill(OUTSIDE);
    for span in spans.iter().rev() {
        let code = span.2;
        for (start, end) in shapes.pieces(span) {
            let end = end.min(out.len());
            if start < end {
                out[start..end].fill(code);
            }
        }
    }
}

/// Whether a code point counts as a unit: anything but Unicode `White_Space`
/// (Rust's `char::is_whitespace`).
pub fn is_unit(c: char) -> bool {
    !c.is_whitespace()
}

/// Number of spans of `a` and `b` that are identical, per label code (`counts[code] += 1`).
/// Both lists sorted by priority and deduplicated.
pub fn count_exact(a: &[CodedSpan], b: &[CodedSpan], counts: &mut [u64]) {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match priority(&a[i]).cmp(&priority(&b[j])) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                counts[a[i].2 as usize] += 1;
                i += 1;
                j += 1;
            }
        }
    }
}

/// Reusable buffers for [`count_matched`].
#[derive(Default)]
pub struct MatchScratch {
    /// The other side's pieces as (label, start, end), sorted.
    by_label: Vec<(u16, usize, usize)>,
    /// Largest end among `by_label[..=i]` within the same label.
    max_end: Vec<usize>,
}

/// For each span of `a`, whether `b` has a span of the same label sharing at least one
/// code point (of their pieces: the gap of a split span shares nothing); matched spans are
/// counted per label code. O((|a| + |b|) log |b|) for spans of a few pieces.
pub fn count_matched(
    a: &[CodedSpan],
    b: &[CodedSpan],
    shapes: &Shapes,
    s: &mut MatchScratch,
    counts: &mut [u64],
) {
    s.by_label.clear();
    for span in b {
        (s.by_label).extend(shapes.pieces(span).map(|(start, end)| (span.2, start, end)));
    }
    s.by_label.sort_unstable();
    s.max_end.clear();
    for (i, &(code, _, end)) in s.by_label.iter().enumerate() {
        let prev = (i > 0 && s.by_label[i - 1].0 == code).then(|| s.max_end[i - 1]);
        s.max_end.push(prev.map_or(end, |p| p.max(end)));
    }
    for span in a {
        let code = span.2;
        let lo = s.by_label.partition_point(|x| x.0 < code);
        let matched = shapes.pieces(span).any(|(start, end)| {
            // Pieces of this label that start before `end`: those are by_label[lo..hi].
            let hi = s.by_label.partition_point(|x| (x.0, x.1) < (code, end));
            hi > lo && s.max_end[hi - 1] > start
        });
        if matched {
            counts[code as usize] += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_starting_then_longer_span_wins_each_unit() {
        let mut spans = vec![
            (2, 4, 2, SINGLE),
            (0, 3, 1, SINGLE),
            (2, 6, 3, SINGLE),
            (2, 6, 1, SINGLE),
            (0, 3, 1, SINGLE),
        ];
        sort_spans(&mut spans);
        assert_eq!(
            spans,
            [
                (0, 3, 1, SINGLE),
                (2, 6, 1, SINGLE),
                (2, 6, 3, SINGLE),
                (2, 4, 2, SINGLE)
            ]
        );
        let mut out = vec![9; 8];
        paint(&spans, &Shapes::default(), &mut out);
        assert_eq!(out, [1, 1, 1, 1, 1, 1, 0, 0]);
    }

    fn single(spans: &[(usize, usize, u16)]) -> Vec<CodedSpan> {
        let mut v: Vec<CodedSpan> = spans.iter().map(|&(s, e, c)| (s, e, c, SINGLE)).collect();
        sort_spans(&mut v);
        v
    }

    #[test]
    fn exact_and_overlap_matches_count_per_label() {
        let a = single(&[(0, 5, 1), (10, 12, 2), (20, 30, 1)]);
        let b = single(&[(0, 5, 1), (11, 15, 1), (29, 31, 1), (40, 41, 2)]);
        let mut exact = vec![0; 3];
        count_exact(&a, &b, &mut exact);
        assert_eq!(exact, [0, 1, 0]);
        let (shapes, mut s) = (Shapes::default(), MatchScratch::default());
        let mut ma = vec![0; 3];
        count_matched(&a, &b, &shapes, &mut s, &mut ma);
        // (10,12,2) overlaps only a span of another label.
        assert_eq!(ma, [0, 2, 0]);
        let mut mb = vec![0; 3];
        count_matched(&b, &a, &shapes, &mut s, &mut mb);
        // (11,15,1) touches nothing of label 1 (a's [10,12) is label 2); [29,31) touches [20,30).
        assert_eq!(mb, [0, 2, 0]);
    }

    #[test]
    fn adjacent_spans_do_not_overlap() {
        let a = single(&[(0, 5, 1)]);
        let b = single(&[(5, 9, 1)]);
        let mut s = MatchScratch::default();
        let mut m = vec![0; 2];
        count_matched(&a, &b, &Shapes::default(), &mut s, &mut m);
        assert_eq!(m, [0, 0]);
    }

    #[test]
    fn a_split_span_covers_its_pieces_not_the_gap() {
        let mut shapes = Shapes::default();
        let pieces = [Span::new(0, 3), Span::new(6, 9)];
        let split = shapes.intern(&pieces);
        assert_eq!(shapes.intern(&pieces), split, "equal lists share a number");
        assert_ne!(split, SINGLE);
        // A split quote [0,3)+[6,9) and a claim [2,8): the quote starts first, but leaves
        // its gap [3,6) to the claim.
        let mut spans = vec![(0, 9, 1, split), (2, 8, 2, SINGLE)];
        sort_spans(&mut spans);
        let mut out = vec![9; 10];
        paint(&spans, &shapes, &mut out);
        assert_eq!(out, [1, 1, 1, 2, 2, 2, 1, 1, 1, 0]);

        // Same extent and label, unsplit: not an exact match.
        let hull = vec![(0, 9, 1, SINGLE)];
        let mut exact = vec![0; 3];
        count_exact(&spans[..1], &hull, &mut exact);
        assert_eq!(exact, [0, 0, 0]);
        count_exact(&spans[..1], &[(0, 9, 1, split)], &mut exact);
        assert_eq!(exact, [0, 1, 0]);

        // Overlap: a quote inside the gap touches no piece; one over a piece does.
        let mut s = MatchScratch::default();
        let mut m = vec![0; 3];
        count_matched(&[(4, 5, 1, SINGLE)], &spans, &shapes, &mut s, &mut m);
        assert_eq!(m, [0, 0, 0]);
        count_matched(&[(4, 7, 1, SINGLE)], &spans, &shapes, &mut s, &mut m);
        assert_eq!(m, [0, 1, 0]);
        count_matched(&spans[..1], &[(4, 5, 1, SINGLE)], &shapes, &mut s, &mut m);
        assert_eq!(m, [0, 1, 0], "the split span's pieces miss [4,5)");
    }

    #[test]
    fn white_space_is_not_a_unit() {
        for c in [' ', '\n', '\u{a0}', '\u{3000}', '\u{2009}'] {
            assert!(!is_unit(c), "{c:?}");
        }
        for c in ['“', '—', '【', '👍', '\u{1f3fd}', '\u{301}', 'e'] {
            assert!(is_unit(c), "{c:?}");
        }
    }
}
