//! Inter-annotator agreement over the documents every compared annotator has marked done.
//! Definitions (and how undefined values appear) are in `docs/agreement.md`.
use std::collections::HashMap;

use super::adjudicate::GOLD;
use super::coefficients::{
    UnitTotals, cohen_kappa, f1_exact, f1_overlap, fleiss_kappa, krippendorff_alpha,
};
pub use super::report::{
    AgreementReport, ConfusionMatrix, LabelAgreement, LinkF1, OverlapF1, PairAgreement,
};
use super::units::{
    CodedSpan, LabelCodes, MatchScratch, SpanTable, count_exact, count_matched, is_unit, paint,
};
use crate::model::{DocId, Document, Project};

mod links;
use links::LinkTable;

/// Everyone who annotated, except the adjudicated `gold` layer and the machine's
/// `suggested` layer (both can still be named explicitly).
pub fn default_annotators(project: &Project) -> Vec<String> {
    let mut names = project.annotators();
    names.retain(|n| n != GOLD && n != crate::suggest::SUGGESTED);
    names
}

/// Agreement between `annotators` (duplicates ignored) over the documents they all marked done.
pub fn agreement(project: &Project, annotators: &[String]) -> AgreementReport {
    let mut names: Vec<String> = Vec::new();
    for n in annotators {
        if !names.contains(n) {
            names.push(n.clone());
        }
    }
    let mut codes = LabelCodes::new(project);
    let docs = done_by_all(project, &names);
    let table = SpanTable::build(project, &docs, &names, &mut codes);
    let links = LinkTable::build(project, &docs, &names, &codes, &table.shapes);
    let tally = tally_parallel(project, &docs, &table, names.len(), codes.len());
    let mut report = tally.report(&names, &codes, &links);
    report.documents_not_done = project.documents().len() - docs.len();
    report
}

/// The documents every one of `names` marked done, in project order.
fn done_by_all<'p>(project: &'p Project, names: &[String]) -> Vec<&'p Document> {
    // One pass over the marks rather than a lookup per document and annotator.
    let mut marks: HashMap<DocId, usize> = HashMap::new();
    for m in project.done_marks() {
        if names.contains(&m.annotator) {
            *marks.entry(m.document).or_default() += 1;
        }
    }
    (project.documents().iter())
        .filter(|d| !names.is_empty() && marks.get(&d.id) == Some(&names.len()))
        .map(|d| d.as_ref())
        .collect()
}

/// Splits the documents over the available cores; each thread tallies its share.
fn tally_parallel(
    project: &Project,
    docs: &[&Document],
    table: &SpanTable,
    annotators: usize,
    k: usize,
) -> Tally {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    // Small projects are not worth a thread.
    let threads = cores.min(docs.len() / 64).max(1);
    let chunk = docs.len().div_ceil(threads).max(1);
    let tally_range = |range: std::ops::Range<usize>| {
        let mut t = Tally::new(annotators, k);
        let mut buf = Buffers::new(annotators);
        for i in range {
            t.add_document(project, docs[i], table, i, &mut buf);
        }
        t
    };
    let mut total = if threads == 1 {
        tally_range(0..docs.len())
    } else {
        std::thread::scope(|s| {
            let handles: Vec<_> = (0..docs.len())
                .step_by(chunk)
                .map(|start| {
                    let range = start..(start + chunk).min(docs.len());
                    s.spawn(|| tally_range(range))
                })
                .collect();
            let mut total = Tally::new(annotators, k);
            for h in handles {
                total.merge(&h.join().expect("agreement worker does not panic"));
            }
            total
        })
    };
    total.fold_joint();
    total
}

/// Per-document buffers, reused so the per-unit work allocates nothing.
struct Buffers {
    spans: Vec<Vec<CodedSpan>>,
    /// Unit labels, annotator after annotator, each the length of the document.
    labels: Vec<u16>,
    scratch: MatchScratch,
}

impl Buffers {
    fn new(annotators: usize) -> Self {
        Self {
            spans: vec![Vec::new(); annotators],
            labels: Vec::new(),
            scratch: MatchScratch::default(),
        }
    }
}

/// Counts for one pair of annotators, indexed by label code.
#[derive(Clone)]
struct PairTally {
    a: usize,
    b: usize,
    /// `confusion[code_a * k + code_b]`.
    confusion: Vec<u64>,
    exact: Vec<u64>,
    matched_a: Vec<u64>,
    matched_b: Vec<u64>,
}

/// Largest joint histogram (labels^annotators cells) used instead of per-pair counting.
const MAX_JOINT_CELLS: usize = 1 << 16;

/// Additive counts: a document at a time, and one tally per thread summed at the end.
struct Tally {
    k: usize,
    /// Units counted by the labels of all annotators at once (`joint[x1·k^(m−1) + … + xm]`):
    /// one increment per unit instead of one per pair. Folded into the pairs' confusion
    /// matrices at the end; empty when it would be too large (many annotators or labels).
    joint: Vec<u64>,
    documents: usize,
    units: u64,
    /// `spans[annotator][code]`.
    spans: Vec<Vec<u64>>,
    pairs: Vec<PairTally>,
}

impl Tally {
    fn new(annotators: usize, k: usize) -> Self {
        let pairs = (0..annotators)
            .flat_map(|a| (a + 1..annotators).map(move |b| (a, b)))
            .map(|(a, b)| PairTally {
                a,
                b,
                confusion: vec![0; k * k],
                exact: vec![0; k],
                matched_a: vec![0; k],
                matched_b: vec![0; k],
            })
            .collect();
        let cells = (0..annotators).try_fold(1usize, |n, _| {
            n.checked_mul(k).filter(|&n| n <= MAX_JOINT_CELLS)
        });
        let joint = match cells {
            Some(n) if annotators >= 2 => vec![0; n],
            _ => Vec::new(),
        };
        Self {
            k,
            joint,
            documents: 0,
            units: 0,
            spans: vec![vec![0; k]; annotators],
            pairs,
        }
    }

    fn add_document(
        &mut self,
        project: &Project,
        doc: &Document,
        table: &SpanTable,
        i: usize,
        buf: &mut Buffers,
    ) {
        self.documents += 1;
        table.fill(i, &mut buf.spans);
        let len = project.document_len(doc.id).unwrap_or(0);
        buf.labels.resize(len * buf.spans.len(), 0);
        for (spans, (labels, counts)) in buf
            .spans
            .iter()
            .zip((buf.labels.chunks_exact_mut(len.max(1))).zip(self.spans.iter_mut()))
        {
            paint(spans, &table.shapes, labels);
            for s in spans {
                counts[s.2 as usize] += 1;
            }
        }
        self.add_units(&doc.text, len, &buf.labels);
        for p in &mut self.pairs {
            let (a, b) = (&buf.spans[p.a], &buf.spans[p.b]);
            count_exact(a, b, &mut p.exact);
            count_matched(a, b, &table.shapes, &mut buf.scratch, &mut p.matched_a);
            count_matched(b, a, &table.shapes, &mut buf.scratch, &mut p.matched_b);
        }
    }

    /// The per-unit loop: one confusion cell per pair per non-white-space code point.
    fn add_units(&mut self, text: &str, len: usize, labels: &[u16]) {
        let k = self.k;
        if !self.joint.is_empty() {
            let m = self.spans.len();
            for (i, c) in text.chars().enumerate() {
                if !is_unit(c) {
                    continue;
                }
                self.units += 1;
                let cell = (0..m).fold(0, |cell, a| cell * k + labels[a * len + i] as usize);
                self.joint[cell] += 1;
            }
            return;
        }
        for (i, c) in text.chars().enumerate() {
            if !is_unit(c) {
                continue;
            }
            self.units += 1;
            for p in &mut self.pairs {
                let x = labels[p.a * len + i] as usize;
                let y = labels[p.b * len + i] as usize;
                p.confusion[x * k + y] += 1;
            }
        }
    }

    /// Moves the joint histogram's counts into the pairs' confusion matrices.
    fn fold_joint(&mut self) {
        let (k, m) = (self.k, self.spans.len());
        let mut labels = vec![0; m];
        for (cell, count) in self.joint.iter_mut().enumerate() {
            if *count == 0 {
                continue;
            }
            let mut rest = cell;
            for a in (0..m).rev() {
                labels[a] = rest % k;
                rest /= k;
            }
            for p in &mut self.pairs {
                p.confusion[labels[p.a] * k + labels[p.b]] += *count;
            }
            *count = 0;
        }
    }

    fn merge(&mut self, other: &Tally) {
        self.documents += other.documents;
        add(&mut self.joint, &other.joint);
        self.units += other.units;
        for (mine, theirs) in self.spans.iter_mut().zip(&other.spans) {
            add(mine, theirs);
        }
        for (mine, theirs) in self.pairs.iter_mut().zip(&other.pairs) {
            add(&mut mine.confusion, &theirs.confusion);
            add(&mut mine.exact, &theirs.exact);
            add(&mut mine.matched_a, &theirs.matched_a);
            add(&mut mine.matched_b, &theirs.matched_b);
        }
    }

    fn report(&self, names: &[String], codes: &LabelCodes, links: &LinkTable) -> AgreementReport {
        let categories = codes.names().to_vec();
        let pairs: Vec<PairAgreement> = (self.pairs.iter())
            .map(|p| self.pair_report(p, names, &categories, links))
            .collect();
        let pooled_links = (self.pairs.iter()).fold((0, 0, 0), |(n, a, b), p| {
            (
                n + links.common(p.a, p.b),
                a + links.count(p.a),
                b + links.count(p.b),
            )
        });
        let mut pooled = PairTally {
            a: 0,
            b: 0,
            confusion: Vec::new(),
            exact: vec![0; self.k],
            matched_a: vec![0; self.k],
            matched_b: vec![0; self.k],
        };
        let (mut spans_a, mut spans_b) = (vec![0; self.k], vec![0; self.k]);
        for p in &self.pairs {
            add(&mut pooled.exact, &p.exact);
            add(&mut pooled.matched_a, &p.matched_a);
            add(&mut pooled.matched_b, &p.matched_b);
            add(&mut spans_a, &self.spans[p.a]);
            add(&mut spans_b, &self.spans[p.b]);
        }
        let per_label = label_rows(&pooled, &spans_a, &spans_b, &categories);
        let (exact, overlap) = totals(&pooled, &spans_a, &spans_b);
        let unit_totals = self.unit_totals();
        AgreementReport {
            annotators: names.to_vec(),
            documents: self.documents,
            documents_not_done: 0,
            units: self.units,
            spans: self.spans.iter().map(|s| s[1..].iter().sum()).collect(),
            links: (0..names.len()).map(|k| links.count(k)).collect(),
            fleiss_kappa: fleiss_kappa(&unit_totals),
            krippendorff_alpha: krippendorff_alpha(&unit_totals),
            span_f1_exact: exact,
            span_f1_overlap: overlap,
            link_f1: LinkF1::new(pooled_links.0, pooled_links.1, pooled_links.2),
            per_label,
            pairs,
        }
    }

    fn pair_report(
        &self,
        p: &PairTally,
        names: &[String],
        categories: &[String],
        links: &LinkTable,
    ) -> PairAgreement {
        let (sa, sb) = (&self.spans[p.a], &self.spans[p.b]);
        let (exact, overlap) = totals(p, sa, sb);
        PairAgreement {
            a: names[p.a].clone(),
            b: names[p.b].clone(),
            cohen_kappa: cohen_kappa(&p.confusion, self.k),
            span_f1_exact: exact,
            span_f1_overlap: overlap,
            link_f1: LinkF1::new(links.common(p.a, p.b), links.count(p.a), links.count(p.b)),
            per_label: label_rows(p, sa, sb, categories),
            confusion: ConfusionMatrix {
                categories: categories.to_vec(),
                counts: p.confusion.chunks(self.k).map(<[u64]>::to_vec).collect(),
            },
        }
    }

    /// Totals for Fleiss and Krippendorff, derived from the pairwise confusion matrices:
    /// agreeing pairs are their diagonals, and each annotator's label counts are the row
    /// (or column) sums of a pair it belongs to.
    fn unit_totals(&self) -> UnitTotals {
        let k = self.k;
        let raters = self.spans.len();
        let agreeing: u64 = (self.pairs.iter())
            .map(|p| (0..k).map(|i| p.confusion[i * k + i]).sum::<u64>())
            .sum();
        let mut label_totals = vec![0u64; k];
        for r in 0..raters {
            let Some(p) = self.pairs.iter().find(|p| p.a == r || p.b == r) else {
                continue;
            };
            for (c, total) in label_totals.iter_mut().enumerate() {
                *total += (0..k)
                    .map(|o| {
                        if p.a == r {
                            p.confusion[c * k + o]
                        } else {
                            p.confusion[o * k + c]
                        }
                    })
                    .sum::<u64>();
            }
        }
        UnitTotals::new(self.units, raters as u64, agreeing, &label_totals)
    }
}

fn add(into: &mut [u64], from: &[u64]) {
    for (x, y) in into.iter_mut().zip(from) {
        *x += y;
    }
}

/// Exact and overlap F1 over all labels (code 0, `O`, holds no spans).
fn totals(p: &PairTally, spans_a: &[u64], spans_b: &[u64]) -> (Option<f64>, OverlapF1) {
    let sum = |v: &[u64]| v.iter().sum::<u64>();
    let (a, b) = (sum(spans_a), sum(spans_b));
    let exact = f1_exact(sum(&p.exact), a, b);
    (exact, overlap(sum(&p.matched_a), a, sum(&p.matched_b), b))
}

fn overlap(matched_a: u64, a: u64, matched_b: u64, b: u64) -> OverlapF1 {
    let (precision, recall, f1) = f1_overlap(matched_a, a, matched_b, b);
    OverlapF1 {
        precision,
        recall,
        f1,
    }
}

/// One row per label (not `O`), in label-set order.
fn label_rows(
    p: &PairTally,
    spans_a: &[u64],
    spans_b: &[u64],
    categories: &[String],
) -> Vec<LabelAgreement> {
    (1..categories.len())
        .map(|c| LabelAgreement {
            label: categories[c].clone(),
            spans_a: spans_a[c],
            spans_b: spans_b[c],
            span_f1_exact: f1_exact(p.exact[c], spans_a[c], spans_b[c]),
            span_f1_overlap: overlap(p.matched_a[c], spans_a[c], p.matched_b[c], spans_b[c]),
        })
        .collect()
}

#[cfg(test)]
mod tests;
