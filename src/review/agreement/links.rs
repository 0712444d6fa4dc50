//! Link agreement: which `attributed_to` links two annotators share.
//!
//! A link is identified by its document, its two ends and its kind; an end by its exact
//! pieces (every fragment of a split span, or its one span) and its label. Two annotators'
//! links agree when these keys are equal, so a split quote that matches the other's on its
//! extent but not on its pieces is a disagreement. Counted like exact span F1: over the
//! documents every compared annotator marked done, duplicates once, pooled over documents.
use std::collections::HashMap;

use crate::model::{DocId, Document, Project};
use crate::review::units::{CodedSpan, LabelCodes, Shapes, coded, is_countable};

/// (document index, content end, source end, kind). Ends are coded with the span table's
/// label codes and shapes, so equal keys mean equal pieces and labels.
type LinkKey<'p> = (usize, CodedSpan, CodedSpan, &'p str);

/// Each compared annotator's links in the counted documents, sorted and without repeats.
pub struct LinkTable<'p> {
    links: Vec<Vec<LinkKey<'p>>>,
}

impl<'p> LinkTable<'p> {
    /// `codes` and `shapes` must be those the span table built for the same documents and
    /// annotators, so every countable end has a code and a shape.
    pub fn build(
        project: &'p Project,
        docs: &[&Document],
        annotators: &[String],
        codes: &LabelCodes,
        shapes: &Shapes,
    ) -> Self {
        let mut links: Vec<Vec<LinkKey<'p>>> = vec![Vec::new(); annotators.len()];
        if project.link_count() > 0 {
            let index: HashMap<DocId, usize> =
                docs.iter().enumerate().map(|(i, d)| (d.id, i)).collect();
            for link in project.links() {
                let (Some(content), Some(source)) =
                    (project.annotation(link.from), project.annotation(link.to))
                else {
                    continue;
                };
                let Some(k) = annotators.iter().position(|n| *n == content.annotator) else {
                    continue;
                };
                let Some(&i) = index.get(&content.document) else {
                    continue;
                };
                let len = project.document_len(content.document).unwrap_or(0);
                if source.annotator != content.annotator
                    || source.document != content.document
                    || !is_countable(content, len)
                    || !is_countable(source, len)
                {
                    continue;
                }
                if let (Some(from), Some(to)) =
                    (coded(content, codes, shapes), coded(source, codes, shapes))
                {
                    links[k].push((i, from, to, link.kind.as_str()));
                }
            }
        }
        for l in &mut links {
            l.sort_unstable();
            l.dedup();
        }
        LinkTable { links }
    }

    /// Number of links of annotator `k`.
    pub fn count(&self, k: usize) -> u64 {
        self.links[k].len() as u64
    }

    /// Number of links annotators `a` and `b` share.
    pub fn common(&self, a: usize, b: usize) -> u64 {
        let (x, y) = (&self.links[a], &self.links[b]);
        let (mut i, mut j, mut n) = (0, 0, 0);
        while i < x.len() && j < y.len() {
            match x[i].cmp(&y[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    n += 1;
                    i += 1;
                    j += 1;
                }
            }
        }
        n
    }
}
