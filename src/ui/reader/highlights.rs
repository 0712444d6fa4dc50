//! Where spans are drawn: a lane for each span so overlapping spans stack instead of
//! hiding each other, and for each piece the spans that touch it. Rebuilt only when the
//! project or the filters change, never per frame.
use eframe::egui::{Color32, Galley, Rect, pos2};

use super::pieces::Piece;
use crate::model::{Annotation, AnnotationId, DocId, Project};

/// One drawn stretch of an annotation: the whole span, one fragment of a split span, or
/// the gap between two fragments (drawn as a thin line in the lane, so the pieces read as
/// one annotation).
#[derive(Clone, Debug)]
pub struct SpanItem {
    pub id: AnnotationId,
    pub start: usize,
    pub end: usize,
    pub color: Color32,
    /// Bar row under the text: spans that overlap get different lanes.
    pub lane: usize,
    pub gap: bool,
}

/// A link to draw: from the start of the content to the start of its source.
#[derive(Clone, Debug)]
pub struct LinkItem {
    pub from: AnnotationId,
    pub to: AnnotationId,
    /// Code points where the arc leaves and arrives.
    pub from_at: usize,
    pub to_at: usize,
    pub color: Color32,
}

/// Identifies what a [`SpanLayout`] was built from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SpanKey {
    pub doc: DocId,
    pub revision: u64,
    pub filter: u64,
}

pub struct SpanLayout {
    pub key: SpanKey,
    pub items: Vec<SpanItem>,
    /// For each piece, indexes into `items` of the spans that overlap it.
    pub by_piece: Vec<Vec<u32>>,
    pub links: Vec<LinkItem>,
    /// For each piece, indexes into `links` of the links with an end in it.
    pub links_by_piece: Vec<Vec<u32>>,
}

impl SpanLayout {
    pub fn build(
        key: SpanKey,
        project: &Project,
        pieces: &[Piece],
        visible: impl Fn(&Annotation) -> bool,
        color: impl Fn(&str) -> Color32,
    ) -> Self {
        let len = project.document_len(key.doc).unwrap_or(0);
        let mut items = Vec::new();
        // Greedy interval colouring in start order: the lowest lane free at the span's start.
        let mut lane_ends: Vec<usize> = Vec::new();
        let has_links = project.link_count() > 0;
        let source_labels: Vec<&str> = (project.labels().iter())
            .filter(|l| l.is_source)
            .map(|l| l.id.as_str())
            .collect();
        // Drawn sources by id (start, colour), and contents waiting for theirs: links are
        // resolved against this pass's own spans, not the project's big maps.
        let mut sources: rustc_hash::FxHashMap<AnnotationId, (usize, Color32)> = Default::default();
        let mut pending: Vec<(AnnotationId, usize, AnnotationId)> = Vec::new();
        for a in project.annotations_in(key.doc) {
            // Spans outside the text are listed as problems when the file is opened; skip here.
            if a.start >= a.end || a.end > len || !visible(a) {
                continue;
            }
            let lane = match lane_ends.iter().position(|&e| e <= a.start) {
                Some(l) => l,
                None => {
                    lane_ends.push(0);
                    lane_ends.len() - 1
                }
            };
            lane_ends[lane] = a.end;
            let color = color(&a.label);
            // Links are found in the same pass: one walk over the document's spans per change.
            if has_links {
                if source_labels.contains(&a.label.as_str()) {
                    sources.insert(a.id, (a.start, color));
                } else if let Some(link) = project.source_link(a.id) {
                    pending.push((a.id, a.start, link.to));
                }
            }
            let mut prev_end = None;
            for f in a.spans() {
                if let Some(gap_start) = prev_end {
                    items.push(SpanItem {
                        id: a.id,
                        start: gap_start,
                        end: f.start,
                        color,
                        lane,
                        gap: true,
                    });
                }
                items.push(SpanItem {
                    id: a.id,
                    start: f.start,
                    end: f.end,
                    color,
                    lane,
                    gap: false,
                });
                prev_end = Some(f.end);
            }
        }

        let links: Vec<LinkItem> = (pending.into_iter())
            .filter_map(|(from, from_at, to)| {
                let &(to_at, color) = sources.get(&to)?;
                Some(LinkItem {
                    from,
                    to,
                    from_at,
                    to_at,
                    color,
                })
            })
            .collect();
        let mut by_piece = vec![Vec::new(); pieces.len()];
        for (k, item) in items.iter().enumerate() {
            let mut p = pieces.partition_point(|p| p.chars.end <= item.start);
            while p < pieces.len() && pieces[p].chars.start < item.end {
                by_piece[p].push(k as u32);
                p += 1;
            }
        }
        let mut links_by_piece = vec![Vec::new(); pieces.len()];
        for (k, link) in links.iter().enumerate() {
            for at in [link.from_at, link.to_at] {
                let p = pieces.partition_point(|p| p.chars.end <= at);
                if let Some(list) = links_by_piece.get_mut(p)
                    && list.last() != Some(&(k as u32))
                {
                    list.push(k as u32);
                }
            }
        }
        Self {
            key,
            items,
            by_piece,
            links,
            links_by_piece,
        }
    }

    /// Links with an end in pieces `range`, each once.
    pub fn links_in(&self, range: std::ops::Range<usize>) -> Vec<&LinkItem> {
        let mut ks: Vec<u32> = (self.links_by_piece.get(range).into_iter().flatten())
            .flatten()
            .copied()
            .collect();
        ks.sort_unstable();
        ks.dedup();
        ks.into_iter().map(|k| &self.links[k as usize]).collect()
    }

    /// Spans of piece `piece` that contain code point `c`, shortest first.
    pub fn at(&self, piece: usize, c: usize) -> Vec<&SpanItem> {
        let mut hits: Vec<&SpanItem> = self
            .by_piece
            .get(piece)
            .into_iter()
            .flatten()
            .map(|&k| &self.items[k as usize])
            .filter(|s| !s.gap && s.start <= c && c < s.end)
            .collect();
        hits.sort_by_key(|s| (s.end - s.start, s.start));
        hits
    }
}

/// One rectangle per galley row covered by the galley-local char range `[a, b)`, spanning
/// the row's full height (callers narrow it vertically).
pub fn range_rects(galley: &Galley, a: usize, b: usize) -> Vec<Rect> {
    let mut out = Vec::new();
    let mut row_start = 0;
    for row in &galley.rows {
        let n = row.char_count_excluding_newline().0;
        let (s, e) = (a.max(row_start), b.min(row_start + n));
        if s < e {
            let x0 = row.pos.x + row.x_offset((s - row_start).into());
            let x1 = row.pos.x + row.x_offset((e - row_start).into());
            out.push(Rect::from_min_max(
                pos2(x0, row.min_y()),
                pos2(x1, row.max_y()),
            ));
        }
        row_start += row.char_count_including_newline().0;
        if row_start >= b {
            break;
        }
    }
    out
}
