//! Where spans are drawn: a lane for each span so overlapping spans stack instead of
//! hiding each other, and for each piece the spans that touch it. Rebuilt only when the
//! project or the filters change, never per frame.
use eframe::egui::{Color32, Galley, Rect, pos2};

use super::pieces::Piece;
use crate::model::{Annotation, AnnotationId, DocId, Project};

#[derive(Clone, Debug)]
pub struct SpanItem {
    pub id: AnnotationId,
    pub start: usize,
    pub end: usize,
    pub color: Color32,
    /// Bar row under the text: spans that overlap get different lanes.
    pub lane: usize,
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
            items.push(SpanItem {
                id: a.id,
                start: a.start,
                end: a.end,
                color: color(&a.label),
                lane,
            });
        }
        let mut by_piece = vec![Vec::new(); pieces.len()];
        for (k, item) in items.iter().enumerate() {
            let mut p = pieces.partition_point(|p| p.chars.end <= item.start);
            while p < pieces.len() && pieces[p].chars.start < item.end {
                by_piece[p].push(k as u32);
                p += 1;
            }
        }
        Self {
            key,
            items,
            by_piece,
        }
    }

    /// Spans of piece `piece` that contain code point `c`, shortest first.
    pub fn at(&self, piece: usize, c: usize) -> Vec<&SpanItem> {
        let mut hits: Vec<&SpanItem> = self
            .by_piece
            .get(piece)
            .into_iter()
            .flatten()
            .map(|&k| &self.items[k as usize])
            .filter(|s| s.start <= c && c < s.end)
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
