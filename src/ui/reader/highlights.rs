//! Where spans are drawn: a lane for each span so overlapping spans stack instead of
//! hiding each other, and for each piece the spans that touch it. Built when a document is
//! opened or the filters change, patched by each edit, never rebuilt per frame.
use eframe::egui::Color32;

use rustc_hash::FxHashMap;

use super::pieces::Piece;
use crate::model::{Annotation, AnnotationId, DocId, Project, Stamp};

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
    /// A suggestion (annotator `suggested`): drawn as a dashed outline, not filled.
    pub suggested: bool,
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

/// Identifies what a [`SpanLayout`] can be brought up to date from: the same document
/// under the same filters (and, by its stamp, of the same project). Within one key, edits
/// are patched in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SpanKey {
    pub doc: DocId,
    pub filter: u64,
}

/// What a layout is drawn from: the project, the document's pieces, the filters and the
/// label colours.
pub struct Sources<'a> {
    pub project: &'a Project,
    pub pieces: &'a [Piece],
    pub visible: &'a dyn Fn(&Annotation) -> bool,
    pub color: &'a dyn Fn(&str) -> Color32,
}

/// The drawn spans and links of one document, indexed by piece. Built once per document
/// and filter; an edit patches only the annotations it touched, so tagging in a long
/// article costs the same as in a short one.
pub struct SpanLayout {
    pub key: SpanKey,
    /// The project and revision this layout shows.
    pub stamp: Stamp,
    /// Slots of drawn stretches; `None` where an annotation was removed (reused later).
    items: Vec<Option<SpanItem>>,
    free_items: Vec<u32>,
    /// For each piece, indexes into `items` of the stretches that overlap it.
    by_piece: Vec<Vec<u32>>,
    /// Each drawn annotation's stretches, in text order.
    by_id: FxHashMap<AnnotationId, Vec<u32>>,
    links: Vec<Option<LinkItem>>,
    free_links: Vec<u32>,
    /// For each piece, indexes into `links` of the links with an end in it.
    links_by_piece: Vec<Vec<u32>>,
    /// The links at each drawn annotation, whichever end it is.
    links_by_id: FxHashMap<AnnotationId, Vec<u32>>,
}

impl SpanLayout {
    /// Lays out every span and link of the document.
    pub fn build(key: SpanKey, src: &Sources) -> Self {
        // Sized once: growing maps of 20,000 spans rehashes them many times.
        let n = src.project.count_in(key.doc);
        let mut layout = Self {
            key,
            stamp: src.project.stamp(),
            items: Vec::with_capacity(n),
            free_items: Vec::new(),
            by_piece: vec![Vec::new(); src.pieces.len()],
            by_id: FxHashMap::with_capacity_and_hasher(n, Default::default()),
            links: Vec::new(),
            free_links: Vec::new(),
            links_by_piece: vec![Vec::new(); src.pieces.len()],
            links_by_id: FxHashMap::default(),
        };
        // Greedy interval colouring in start order: the lowest lane free at the span's start.
        let mut lane_ends: Vec<usize> = Vec::new();
        // Contents waiting for their source: links are resolved against this pass's own
        // spans, not the project's big maps.
        let mut pending: Vec<(AnnotationId, AnnotationId)> = Vec::new();
        let has_links = src.project.link_count() > 0;
        for a in src.project.annotations_in(key.doc) {
            if !layout.drawable(a, src) {
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
            layout.insert(a, lane, src);
            if has_links && let Some(link) = src.project.source_link(a.id) {
                pending.push((a.id, link.to));
            }
        }
        layout.links.reserve(pending.len());
        layout.links_by_id.reserve(2 * pending.len());
        for (content, source) in pending {
            layout.link(content, source, src.pieces);
        }
        layout
    }

    /// Brings the layout up to the project's revision by redrawing only the annotations
    /// that changed since. Returns false when the project cannot say what changed: then
    /// [`build`](Self::build) anew.
    pub fn update(&mut self, src: &Sources) -> bool {
        let Some(changed) = src.project.changed_since(self.stamp) else {
            return false;
        };
        for &id in &changed {
            self.unlink_all(id, src.pieces);
            self.remove(id, src.pieces);
        }
        for &id in &changed {
            if let Some(a) = src.project.annotation(id)
                && self.drawable(a, src)
            {
                let lane = self.free_lane(a, src.pieces);
                self.insert(a, lane, src);
            }
        }
        for &id in &changed {
            if !self.by_id.contains_key(&id) {
                continue;
            }
            if let Some(link) = src.project.source_link(id) {
                self.link(id, link.to, src.pieces);
            }
            for content in src.project.contents_of(id) {
                self.link(content, id, src.pieces);
            }
        }
        self.stamp = src.project.stamp();
        true
    }

    /// Whether `a` is drawn: in this document, inside its text (spans outside are listed
    /// as problems when the file is opened) and not filtered out.
    fn drawable(&self, a: &Annotation, src: &Sources) -> bool {
        let len = src.project.document_len(self.key.doc).unwrap_or(0);
        a.document == self.key.doc && a.start < a.end && a.end <= len && (src.visible)(a)
    }

    /// The lowest lane no drawn span overlapping `a` uses: found among the spans of the
    /// pieces `a` covers, so the cost is local to the edit.
    fn free_lane(&self, a: &Annotation, pieces: &[Piece]) -> usize {
        let mut used: Vec<usize> = piece_range(pieces, a.start, a.end)
            .flat_map(|p| &self.by_piece[p])
            .filter_map(|&k| self.items[k as usize].as_ref())
            .filter(|s| s.id != a.id && s.start < a.end && a.start < s.end)
            .map(|s| s.lane)
            .collect();
        used.sort_unstable();
        used.dedup();
        used.iter()
            .enumerate()
            .find(|(i, l)| i != *l)
            .map_or(used.len(), |(i, _)| i)
    }

    /// Adds `a`'s stretches: one per fragment and one per gap between fragments.
    fn insert(&mut self, a: &Annotation, lane: usize, src: &Sources) {
        let color = (src.color)(&a.label);
        let mut prev_end = None;
        let mut stretches = Vec::with_capacity(2 * a.fragments.len().max(1));
        for f in a.spans() {
            if let Some(gap_start) = prev_end {
                stretches.push((gap_start, f.start, true));
            }
            stretches.push((f.start, f.end, false));
            prev_end = Some(f.end);
        }
        let ks: Vec<u32> = (stretches.into_iter())
            .map(|(start, end, gap)| {
                let item = SpanItem {
                    id: a.id,
                    start,
                    end,
                    color,
                    lane,
                    gap,
                    suggested: a.annotator == crate::suggest::SUGGESTED,
                };
                let k = put(&mut self.items, &mut self.free_items, item);
                for p in piece_range(src.pieces, start, end) {
                    self.by_piece[p].push(k);
                }
                k
            })
            .collect();
        self.by_id.insert(a.id, ks);
    }

    fn remove(&mut self, id: AnnotationId, pieces: &[Piece]) {
        for k in self.by_id.remove(&id).unwrap_or_default() {
            let Some(item) = self.items[k as usize].take() else {
                continue;
            };
            for p in piece_range(pieces, item.start, item.end) {
                self.by_piece[p].retain(|&x| x != k);
            }
            self.free_items.push(k);
        }
    }

    /// Draws the link content → source if both are drawn and it is not drawn yet.
    fn link(&mut self, from: AnnotationId, to: AnnotationId, pieces: &[Piece]) {
        let (Some(from_at), Some((to_at, color))) = (
            self.first(from).map(|s| s.start),
            self.first(to).map(|s| (s.start, s.color)),
        ) else {
            return;
        };
        let item = LinkItem {
            from,
            to,
            from_at,
            to_at,
            color,
        };
        let existing = self.links_by_id.get(&from).into_iter().flatten();
        if existing
            .filter_map(|&k| self.links[k as usize].as_ref())
            .any(|l| l.from == from && l.to == to)
        {
            return;
        }
        let k = put(&mut self.links, &mut self.free_links, item);
        for at in [from_at, to_at] {
            let p = piece_of(pieces, at);
            if let Some(list) = self.links_by_piece.get_mut(p)
                && list.last() != Some(&k)
            {
                list.push(k);
            }
        }
        for end in [from, to] {
            self.links_by_id.entry(end).or_default().push(k);
        }
    }

    /// Removes every drawn link at `id`.
    fn unlink_all(&mut self, id: AnnotationId, pieces: &[Piece]) {
        for k in self.links_by_id.remove(&id).unwrap_or_default() {
            let Some(link) = self.links[k as usize].take() else {
                continue;
            };
            let other = if link.from == id { link.to } else { link.from };
            if let Some(list) = self.links_by_id.get_mut(&other) {
                list.retain(|&x| x != k);
            }
            for at in [link.from_at, link.to_at] {
                if let Some(list) = self.links_by_piece.get_mut(piece_of(pieces, at)) {
                    list.retain(|&x| x != k);
                }
            }
            self.free_links.push(k);
        }
    }

    /// The first stretch of a drawn annotation (where its links attach).
    pub fn first(&self, id: AnnotationId) -> Option<&SpanItem> {
        let &k = self.by_id.get(&id)?.first()?;
        self.items[k as usize].as_ref()
    }

    /// The stretches drawn in piece `piece`.
    pub fn in_piece(&self, piece: usize) -> impl Iterator<Item = &SpanItem> {
        (self.by_piece.get(piece).into_iter().flatten())
            .filter_map(|&k| self.items[k as usize].as_ref())
    }

    /// Links with an end in pieces `range`, each once.
    pub fn links_in(&self, range: std::ops::Range<usize>) -> Vec<&LinkItem> {
        let mut ks: Vec<u32> = (self.links_by_piece.get(range).into_iter().flatten())
            .flatten()
            .copied()
            .collect();
        ks.sort_unstable();
        ks.dedup();
        (ks.into_iter())
            .filter_map(|k| self.links[k as usize].as_ref())
            .collect()
    }

    /// Spans of piece `piece` that contain code point `c`, shortest first.
    pub fn at(&self, piece: usize, c: usize) -> Vec<&SpanItem> {
        let mut hits: Vec<&SpanItem> = self
            .in_piece(piece)
            .filter(|s| !s.gap && s.start <= c && c < s.end)
            .collect();
        hits.sort_by_key(|s| (s.end - s.start, s.start));
        hits
    }
}

/// Stores `value` in a free slot, or a new one; returns its index.
fn put<T>(slots: &mut Vec<Option<T>>, free: &mut Vec<u32>, value: T) -> u32 {
    match free.pop() {
        Some(k) => {
            slots[k as usize] = Some(value);
            k
        }
        None => {
            slots.push(Some(value));
            (slots.len() - 1) as u32
        }
    }
}

/// The pieces that share a code point with `[start, end)`.
fn piece_range(pieces: &[Piece], start: usize, end: usize) -> std::ops::Range<usize> {
    let first = pieces.partition_point(|p| p.chars.end <= start);
    let last = first + pieces[first..].partition_point(|p| p.chars.start < end);
    first..last
}

/// The piece holding code point `c` (or the next one, for a newline between pieces).
fn piece_of(pieces: &[Piece], c: usize) -> usize {
    pieces.partition_point(|p| p.chars.end <= c)
}

#[cfg(test)]
mod tests;
