//! The agreement report: what the dashboard draws and `marginalia agree` prints.
//! `None` means undefined, shown as "n/a" (JSON `null`).
use serde::Serialize;

/// Everything the dashboard and `marginalia agree` show. `None` means undefined ("n/a").
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AgreementReport {
    pub annotators: Vec<String>,
    /// Documents every compared annotator marked done: the only ones counted.
    pub documents: usize,
    /// Documents left out because some compared annotator has not marked them done.
    pub documents_not_done: usize,
    /// Character units counted (non-white-space code points of the counted documents).
    pub units: u64,
    /// Spans of each annotator in the counted documents (after removing exact duplicates).
    pub spans: Vec<u64>,
    /// Links of each annotator in the counted documents (after removing exact duplicates).
    pub links: Vec<u64>,
    pub fleiss_kappa: Option<f64>,
    pub krippendorff_alpha: Option<f64>,
    /// Span F1 (exact), pooled over every pair and document.
    pub span_f1_exact: Option<f64>,
    /// Span F1 (overlap), from matched counts pooled over every pair and document.
    pub span_f1_overlap: OverlapF1,
    /// Link F1 (exact), pooled over every pair and document like exact span F1.
    pub link_f1: LinkF1,
    /// Per label, pooled over every pair (`spans_a`/`spans_b` are sums over pairs).
    pub per_label: Vec<LabelAgreement>,
    /// One entry per pair of annotators (a before b in `annotators` order).
    pub pairs: Vec<PairAgreement>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PairAgreement {
    pub a: String,
    pub b: String,
    pub cohen_kappa: Option<f64>,
    pub span_f1_exact: Option<f64>,
    pub span_f1_overlap: OverlapF1,
    pub link_f1: LinkF1,
    pub per_label: Vec<LabelAgreement>,
    /// Unit labels of `a` (rows) against `b` (columns), `O` included.
    pub confusion: ConfusionMatrix,
}

/// Overlap matching with the first annotator as reference: precision = matched spans of b
/// / spans of b, recall = matched spans of a / spans of a.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct OverlapF1 {
    pub precision: Option<f64>,
    pub recall: Option<f64>,
    pub f1: Option<f64>,
}

/// Links compared exactly: a link of `a` agrees with one of `b` when the document, both
/// ends (every piece and the label of each) and the kind are equal. With `a` as reference:
/// precision = agreed / links of b, recall = agreed / links of a,
/// F1 = 2·agreed / (links of a + links of b). Pooled figures sum the counts of every pair.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct LinkF1 {
    pub links_a: u64,
    pub links_b: u64,
    /// Links both have.
    pub agreed: u64,
    pub precision: Option<f64>,
    pub recall: Option<f64>,
    pub f1: Option<f64>,
}

impl LinkF1 {
    pub fn new(agreed: u64, links_a: u64, links_b: u64) -> Self {
        let ratio = |n: u64, d: u64| (d != 0).then(|| n as f64 / d as f64);
        Self {
            links_a,
            links_b,
            agreed,
            precision: ratio(agreed, links_b),
            recall: ratio(agreed, links_a),
            f1: super::coefficients::f1_exact(agreed, links_a, links_b),
        }
    }

    /// The same numbers with `b` as the reference.
    pub fn swapped(&self) -> Self {
        Self::new(self.agreed, self.links_b, self.links_a)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LabelAgreement {
    pub label: String,
    pub spans_a: u64,
    pub spans_b: u64,
    pub span_f1_exact: Option<f64>,
    pub span_f1_overlap: OverlapF1,
}

/// Unit counts for the label-by-label heatmap: `counts[row][col]`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ConfusionMatrix {
    /// `"O"` then the label ids; rows and columns follow this order.
    pub categories: Vec<String>,
    pub counts: Vec<Vec<u64>>,
}

impl AgreementReport {
    /// The entry for a pair, in either order (the confusion matrix is then transposed).
    pub fn pair(&self, a: &str, b: &str) -> Option<PairAgreement> {
        self.pairs.iter().find_map(|p| {
            if p.a == a && p.b == b {
                Some(p.clone())
            } else if p.a == b && p.b == a {
                Some(p.swapped())
            } else {
                None
            }
        })
    }
}

impl PairAgreement {
    /// The same numbers with `b` as the reference: precision and recall swap.
    fn swapped(&self) -> PairAgreement {
        let swap = |o: &OverlapF1| OverlapF1 {
            precision: o.recall,
            recall: o.precision,
            f1: o.f1,
        };
        let n = self.confusion.counts.len();
        PairAgreement {
            a: self.b.clone(),
            b: self.a.clone(),
            cohen_kappa: self.cohen_kappa,
            span_f1_exact: self.span_f1_exact,
            span_f1_overlap: swap(&self.span_f1_overlap),
            link_f1: self.link_f1.swapped(),
            per_label: (self.per_label.iter())
                .map(|l| LabelAgreement {
                    label: l.label.clone(),
                    spans_a: l.spans_b,
                    spans_b: l.spans_a,
                    span_f1_exact: l.span_f1_exact,
                    span_f1_overlap: swap(&l.span_f1_overlap),
                })
                .collect(),
            confusion: ConfusionMatrix {
                categories: self.confusion.categories.clone(),
                counts: (0..n)
                    .map(|i| (0..n).map(|j| self.confusion.counts[j][i]).collect())
                    .collect(),
            },
        }
    }
}
