//! Laid-out pieces of one document, cached per width and style.
//!
//! Pieces are laid out lazily (what is visible first, then a few more each frame within a
//! time budget), so a million-character article shows at once; until a piece is laid out
//! its height is estimated. Tagging never touches this cache: highlights are painted as
//! shapes from the cached lines. Bidi, line breaking and shaping all happen here, once per
//! piece and width, never per frame.
use std::sync::Arc;
use std::time::{Duration, Instant};

use eframe::egui::{Color32, FontId, Pos2, Rect, Ui, pos2};

use super::lines::{LineStyle, PieceLines};
use super::pieces::{self, Piece};
use crate::model::DocId;
use crate::text::bidi::{self, Direction};

/// Room under each text row for span bars (see `highlights`).
pub const LANES: usize = 4;
pub const LANE_STEP: f32 = 3.0;

/// What a galley depends on; any change invalidates the cache.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Style {
    pub width: f32,
    pub font_size: f32,
    pub text_color: Color32,
    pub pixels_per_point: f32,
    /// The font's own row height; each text row adds room below it for span bars.
    pub natural_row: f32,
}

impl Style {
    /// Rows are centred in their line height, so the space for bars is split between the
    /// bottom of one row and the top of the next: both halves together hold the lanes.
    pub fn row_height(&self) -> f32 {
        (self.natural_row + LANES as f32 * LANE_STEP + 4.0).round()
    }
    /// Top of the glyphs, relative to the top of a row.
    pub fn glyph_top(&self) -> f32 {
        (self.row_height() - self.natural_row) / 2.0
    }
    /// Top of span bar lane `lane`, relative to the top of a row.
    pub fn bar_top(&self, lane: usize) -> f32 {
        self.glyph_top() + self.natural_row + 1.0 + lane.min(LANES - 1) as f32 * LANE_STEP
    }
    pub fn paragraph_gap(&self) -> f32 {
        (self.font_size * 0.7).round()
    }
    fn font(&self) -> FontId {
        FontId::proportional(self.font_size)
    }
}

pub struct DocLayout {
    pub doc: DocId,
    /// The direction chosen for the document, or `None` for each paragraph's own.
    pub direction: Option<Direction>,
    pub pieces: Vec<Piece>,
    /// Each piece's paragraph direction.
    directions: Vec<Direction>,
    style: Option<Style>,
    lines: Vec<Option<Arc<PieceLines>>>,
    heights: Vec<f32>,
    /// `tops[i]` is the y of piece `i` relative to the top of the document; one extra
    /// entry holds the total height.
    tops: Vec<f32>,
    tops_stale: bool,
    /// Everything before this index is laid out.
    laid_out_prefix: usize,
}

impl DocLayout {
    pub fn new(doc: DocId, text: &str, direction: Option<Direction>) -> Self {
        let pieces = pieces::cut(text);
        let n = pieces.len();
        // A paragraph cut into pieces keeps the direction of its start; finding it stops at
        // the first strong character.
        let mut directions = Vec::with_capacity(n);
        let mut current = Direction::Ltr;
        for (i, p) in pieces.iter().enumerate() {
            if i == 0 || pieces[i - 1].paragraph_end {
                current =
                    direction.unwrap_or_else(|| bidi::paragraph_direction(&text[p.bytes.start..]));
            }
            directions.push(current);
        }
        Self {
            doc,
            direction,
            pieces,
            directions,
            style: None,
            lines: vec![None; n],
            heights: vec![0.0; n],
            tops: vec![0.0; n + 1],
            tops_stale: true,
            laid_out_prefix: 0,
        }
    }

    /// Drops the lines if the style changed and re-estimates heights.
    pub fn set_style(&mut self, style: Style) {
        if self.style == Some(style) {
            return;
        }
        self.style = Some(style);
        self.lines.iter_mut().for_each(|g| *g = None);
        self.laid_out_prefix = 0;
        for i in 0..self.pieces.len() {
            self.heights[i] = self.estimate(i, &style);
        }
        self.tops_stale = true;
    }

    fn estimate(&self, i: usize, style: &Style) -> f32 {
        let p = &self.pieces[i];
        let per_row = (style.width / (style.font_size * 0.5)).max(1.0);
        let rows = (p.chars.len() as f32 / per_row).ceil().max(1.0);
        rows * style.row_height() + self.gap_after(i, style)
    }

    fn gap_after(&self, i: usize, style: &Style) -> f32 {
        if self.pieces[i].paragraph_end {
            style.paragraph_gap()
        } else {
            0.0
        }
    }

    pub fn style(&self) -> Option<Style> {
        self.style
    }

    pub fn total_height(&mut self) -> f32 {
        self.refresh_tops();
        *self.tops.last().unwrap_or(&0.0)
    }

    pub fn top(&mut self, i: usize) -> f32 {
        self.refresh_tops();
        self.tops[i]
    }

    fn refresh_tops(&mut self) {
        if self.tops_stale {
            let mut y = 0.0;
            for (i, h) in self.heights.iter().enumerate() {
                self.tops[i] = y;
                y += h;
            }
            self.tops[self.heights.len()] = y;
            self.tops_stale = false;
        }
    }

    /// Index of the piece at document y (clamped).
    pub fn piece_at_y(&mut self, y: f32) -> usize {
        self.refresh_tops();
        let n = self.pieces.len();
        self.tops[..n]
            .partition_point(|&t| t <= y)
            .saturating_sub(1)
    }

    /// Index of the piece holding code point `c` (or the next one after it).
    pub fn piece_of_char(&self, c: usize) -> usize {
        self.pieces
            .partition_point(|p| p.chars.end <= c)
            .min(self.pieces.len().saturating_sub(1))
    }

    /// The lines of piece `i`, laying it out if needed.
    pub fn lines(&mut self, ui: &Ui, text: &str, i: usize) -> Arc<PieceLines> {
        if let Some(g) = &self.lines[i] {
            return Arc::clone(g);
        }
        let style = self.style.expect("set_style before lines");
        let line_style = LineStyle {
            width: style.width,
            font: style.font(),
            color: style.text_color,
            row_height: style.row_height(),
            pixels_per_point: style.pixels_per_point,
            direction: self.directions[i],
        };
        let g = Arc::new(PieceLines::lay_out(
            ui,
            &text[self.pieces[i].bytes.clone()],
            &line_style,
        ));
        let h = g.height() + self.gap_after(i, &style);
        if (h - self.heights[i]).abs() > 0.01 {
            self.heights[i] = h;
            self.tops_stale = true;
        }
        self.lines[i] = Some(Arc::clone(&g));
        g
    }

    /// The lines of piece `i` if it is already laid out.
    pub fn cached_lines(&self, i: usize) -> Option<&Arc<PieceLines>> {
        self.lines.get(i)?.as_ref()
    }

    /// Lays out pieces not yet laid out, for at most `budget`. Returns whether all are done.
    pub fn lay_out_more(&mut self, ui: &Ui, text: &str, budget: Duration) -> bool {
        let start = Instant::now();
        while self.laid_out_prefix < self.pieces.len() {
            if self.lines[self.laid_out_prefix].is_none() {
                self.lines(ui, text, self.laid_out_prefix);
                if start.elapsed() > budget {
                    return false;
                }
            }
            self.laid_out_prefix += 1;
        }
        true
    }

    pub fn is_fully_laid_out(&self) -> bool {
        self.laid_out_prefix >= self.pieces.len()
    }

    /// The grapheme boundary nearest to document-relative position `pos` (x relative to the
    /// text column): where a caret or a selection end goes.
    pub fn char_at(&mut self, ui: &Ui, text: &str, pos: Pos2) -> usize {
        self.at_point(ui, text, pos, PieceLines::hit)
    }

    /// The first code point of the grapheme drawn under document-relative `pos`.
    pub fn grapheme_at(&mut self, ui: &Ui, text: &str, pos: Pos2) -> usize {
        self.at_point(ui, text, pos, PieceLines::grapheme_at)
    }

    /// `find` on the piece at `pos`, in that piece's coordinates, as a document offset.
    fn at_point(
        &mut self,
        ui: &Ui,
        text: &str,
        pos: Pos2,
        find: fn(&PieceLines, Pos2) -> usize,
    ) -> usize {
        if self.pieces.is_empty() {
            return 0;
        }
        let i = self.piece_at_y(pos.y);
        let top = self.top(i);
        let lines = self.lines(ui, text, i);
        self.pieces[i].chars.start + find(&lines, pos2(pos.x, pos.y - top))
    }

    /// What the tooltip of the stand-in drawn for code point `c` says, if one is.
    pub fn placeholder_at(&self, c: usize) -> Option<String> {
        let i = self.piece_of_char(c);
        let start = self.pieces.get(i)?.chars.start;
        let lines = self.cached_lines(i)?;
        Some(lines.placeholder_at(c.checked_sub(start)?)?.what.clone())
    }

    /// The piece a caret before code point `c` is drawn in: the one holding `c`, or for the
    /// line break after a paragraph, the paragraph's last piece (the caret ends its text).
    pub fn caret_piece(&self, c: usize) -> usize {
        let i = self.piece_of_char(c);
        match self.pieces.get(i) {
            Some(p) if c < p.chars.start && i > 0 => i - 1,
            _ => i,
        }
    }

    /// Where the caret before code point `c` stands: x and the top of its line, in document
    /// coordinates.
    pub fn caret(&mut self, ui: &Ui, text: &str, c: usize) -> Option<Pos2> {
        if self.pieces.is_empty() {
            return None;
        }
        let i = self.caret_piece(c);
        let top = self.top(i);
        let start = self.pieces[i].chars.start;
        let lines = self.lines(ui, text, i);
        Some(lines.caret(c.saturating_sub(start)) + eframe::egui::vec2(0.0, top))
    }

    /// The same from the cache only, for tests and tooling that must not lay out.
    pub fn cached_caret(&mut self, c: usize) -> Option<Pos2> {
        let i = self.caret_piece(c);
        let top = self.top(i);
        let start = self.pieces.get(i)?.chars.start;
        let lines = self.cached_lines(i)?;
        Some(lines.caret(c.saturating_sub(start)) + eframe::egui::vec2(0.0, top))
    }

    /// Whether code point `c` is drawn in a right-to-left run (from the cache; false if
    /// its piece is not laid out).
    pub fn is_rtl_at(&self, c: usize) -> bool {
        let i = self.piece_of_char(c);
        let Some(start) = self.pieces.get(i).map(|p| p.chars.start) else {
            return false;
        };
        self.cached_lines(i)
            .is_some_and(|l| l.is_rtl_at(c.saturating_sub(start)))
    }

    /// Boxes covering code points `[a, b)` within laid-out piece `i`, in document
    /// coordinates (full row height).
    pub fn boxes(&mut self, i: usize, a: usize, b: usize) -> Vec<Rect> {
        let top = self.top(i);
        let start = self.pieces[i].chars.start;
        let Some(lines) = self.cached_lines(i) else {
            return Vec::new();
        };
        (lines
            .boxes(a.saturating_sub(start), b.saturating_sub(start))
            .into_iter())
        .map(|r| r.translate(eframe::egui::vec2(0.0, top)))
        .collect()
    }
}
