//! One piece of text laid out in lines, in every script, and the one mapping between its
//! code points and the screen that everything in the reader goes through: hit-testing,
//! selection, the caret, span boxes, link anchors and scrolling.
//!
//! The piece is cut into atoms ([`crate::text::bidi`]); egui shapes them all in one layout
//! job, one row each; then the rows are moved into lines: broken per UAX #14, ordered per
//! UAX #9, right-to-left paragraphs aligned right. Coordinates are relative to the piece's
//! top-left corner.
use std::ops::Range;
use std::sync::Arc;

use eframe::egui::{self, Color32, FontId, Galley, Pos2, Rect, Ui, pos2, text::LayoutJob, vec2};

use super::glyphs;
use crate::text::bidi::{self, Atom, AtomKind, Direction};

/// Where an atom sits.
#[derive(Clone, Copy, Debug)]
struct Placed {
    x: f32,
    width: f32,
    line: u32,
    /// Drawn right to left (its reading start is its right edge).
    rtl: bool,
}

/// One line: a logical range of atoms and the order they are drawn in.
#[derive(Clone, Debug)]
pub struct Line {
    pub atoms: Range<usize>,
    /// Atom indexes, left to right.
    pub visual: Vec<usize>,
    /// Piece-local code points.
    pub chars: Range<usize>,
}

/// A grapheme boundary inside an atom: the piece-local code point and its distance from
/// the atom's reading start (the left edge of a left-to-right atom, the right edge of a
/// right-to-left one).
#[derive(Clone, Copy, Debug)]
struct Stop {
    char: usize,
    dist: f32,
}

/// A character no installed font draws (or an emoji sequence no font draws as one glyph),
/// drawn as a framed stand-in.
#[derive(Clone, Debug)]
pub struct Placeholder {
    pub chars: Range<usize>,
    pub rect: Rect,
    /// What the tooltip says: the code points.
    pub what: String,
}

/// What a piece's lines depend on.
pub struct LineStyle {
    pub width: f32,
    pub font: FontId,
    pub color: Color32,
    pub row_height: f32,
    pub pixels_per_point: f32,
    pub direction: Direction,
}

pub struct PieceLines {
    pub galley: Arc<Galley>,
    atoms: Vec<Atom>,
    placed: Vec<Placed>,
    stops: Vec<Stop>,
    /// Atom `k`'s stops are `stops[stop_at[k]..stop_at[k + 1]]`.
    stop_at: Vec<usize>,
    pub lines: Vec<Line>,
    pub placeholders: Vec<Placeholder>,
    row_height: f32,
    char_len: usize,
    pub direction: Direction,
}

impl PieceLines {
    pub fn lay_out(ui: &Ui, text: &str, style: &LineStyle) -> Self {
        let missing = glyphs::missing_chars(ui, &style.font, text);
        let alone = |g: &str| glyphs::is_sequence(g) || glyphs::is_missing(g, &missing);
        let atoms = bidi::atoms(text, style.direction, alone);
        let mut stand_ins = glyphs::missing_atoms(text, &atoms, &missing);
        let mut galley = shape(ui, text, &atoms, &stand_ins, style);
        // Emoji sequences no font joins into one glyph are drawn as a stand-in too: only
        // shaping tells.
        let unjoined = glyphs::unjoined_sequences(text, &atoms, &galley, &stand_ins);
        if !unjoined.is_empty() {
            stand_ins.extend(unjoined);
            galley = shape(ui, text, &atoms, &stand_ins, style);
        }
        Self::place(text, atoms, &galley, &stand_ins, style)
    }

    fn place(
        text: &str,
        atoms: Vec<Atom>,
        galley: &Galley,
        stand_ins: &glyphs::StandIns,
        style: &LineStyle,
    ) -> Self {
        let (widths, stops, stop_at) = measure(text, &atoms, galley, stand_ins);
        let (placed, lines) = break_lines(&atoms, &widths, style);
        let galley = line_rows(galley, &placed, &lines, stand_ins, style);
        let placeholders = (stand_ins.iter())
            .map(|(&k, what)| {
                let p = placed[k];
                let top = p.line as f32 * style.row_height;
                Placeholder {
                    chars: atoms[k].chars.clone(),
                    rect: Rect::from_min_size(pos2(p.x, top), vec2(p.width, style.row_height)),
                    what: what.clone(),
                }
            })
            .collect();
        Self {
            galley: Arc::new(galley),
            char_len: atoms.last().map_or(0, |a| a.chars.end),
            atoms,
            placed,
            stops,
            stop_at,
            lines,
            placeholders,
            row_height: style.row_height,
            direction: style.direction,
        }
    }

    pub fn height(&self) -> f32 {
        self.lines.len().max(1) as f32 * self.row_height
    }

    /// The atom holding piece-local code point `c` (the last one for the end).
    fn atom_of(&self, c: usize) -> usize {
        self.atoms
            .partition_point(|a| a.chars.end <= c)
            .min(self.atoms.len().saturating_sub(1))
    }

    fn stops(&self, k: usize) -> &[Stop] {
        &self.stops[self.stop_at[k]..self.stop_at[k + 1]]
    }

    /// Screen x (piece-local) of the grapheme boundary at `c` inside atom `k`.
    fn x_in(&self, k: usize, c: usize) -> f32 {
        let p = self.placed[k];
        let stops = self.stops(k);
        let i = stops.partition_point(|s| s.char < c).min(stops.len() - 1);
        let d = stops[i].dist;
        if p.rtl { p.x + p.width - d } else { p.x + d }
    }

    /// The line holding code point `c`; a code point at a line break is on the next line,
    /// where it is drawn.
    pub fn line_of(&self, c: usize) -> usize {
        if self.atoms.is_empty() {
            return 0;
        }
        self.placed[self.atom_of(c)].line as usize
    }

    /// Whether piece-local code point `c` is drawn right to left.
    pub fn is_rtl_at(&self, c: usize) -> bool {
        !self.atoms.is_empty() && self.placed[self.atom_of(c)].rtl
    }

    /// Where the caret before `c` stands: x and the top of its line (piece-local). At the
    /// end of the piece, after its last character.
    pub fn caret(&self, c: usize) -> Pos2 {
        if self.atoms.is_empty() {
            return Pos2::ZERO;
        }
        let k = self.atom_of(c);
        let p = self.placed[k];
        pos2(
            self.x_in(k, c.min(self.char_len)),
            p.line as f32 * self.row_height,
        )
    }

    /// The boxes that cover code points `[a, b)` (piece-local): one per visually
    /// contiguous stretch of each line, so a span that crosses a change of direction is
    /// drawn as several boxes. Full row height; callers narrow them.
    pub fn boxes(&self, a: usize, b: usize) -> Vec<Rect> {
        let mut out: Vec<Rect> = Vec::new();
        if a >= b || self.atoms.is_empty() {
            return out;
        }
        let first = self.line_of(a);
        for (n, line) in self.lines.iter().enumerate().skip(first) {
            if line.chars.start >= b {
                break;
            }
            let top = n as f32 * self.row_height;
            let mut prev: Option<Rect> = None;
            for &k in &line.visual {
                let chars = &self.atoms[k].chars;
                let (s, e) = (a.max(chars.start), b.min(chars.end));
                if s >= e {
                    continue;
                }
                let (x0, x1) = (self.x_in(k, s), self.x_in(k, e));
                let r = Rect::from_min_max(
                    pos2(x0.min(x1), top),
                    pos2(x0.max(x1), top + self.row_height),
                );
                match &mut prev {
                    Some(p) if (p.max.x - r.min.x).abs() < 0.5 => p.max.x = r.max.x,
                    _ => {
                        out.extend(prev.take());
                        prev = Some(r);
                    }
                }
            }
            out.extend(prev);
        }
        out
    }

    /// The grapheme under piece-local `p` (the nearest one on its line): its start and end
    /// stops, and the distance of `p` from the reading start of its atom.
    fn locate(&self, p: Pos2) -> (Stop, Stop, f32) {
        let n = ((p.y / self.row_height).floor().max(0.0) as usize).min(self.lines.len() - 1);
        let line = &self.lines[n];
        let k = (line.visual.iter().copied())
            .find(|&k| p.x < self.placed[k].x + self.placed[k].width)
            .unwrap_or(*line.visual.last().expect("lines are not empty"));
        let at = self.placed[k];
        let dist = if at.rtl {
            at.x + at.width - p.x
        } else {
            p.x - at.x
        }
        .clamp(0.0, at.width);
        let stops = self.stops(k);
        let i = (stops.partition_point(|s| s.dist <= dist)).clamp(1, stops.len() - 1);
        (stops[i - 1], stops[i], dist)
    }

    /// The grapheme boundary nearest to piece-local `p`: where a caret or a selection end
    /// goes.
    pub fn hit(&self, p: Pos2) -> usize {
        if self.atoms.is_empty() {
            return 0;
        }
        let (before, after, dist) = self.locate(p);
        if dist - before.dist < after.dist - dist {
            before.char
        } else {
            after.char
        }
    }

    /// The first code point of the grapheme drawn under piece-local `p` (the nearest one on
    /// its line): what a click or a double-click is on.
    pub fn grapheme_at(&self, p: Pos2) -> usize {
        if self.atoms.is_empty() {
            return 0;
        }
        self.locate(p).0.char
    }

    /// The code points of each line in the order they are drawn, left to right (for the
    /// tests that compare the layout with a reference implementation of UAX #9).
    pub fn visual_chars(&self) -> Vec<(Range<usize>, Vec<usize>)> {
        self.lines
            .iter()
            .map(|l| {
                let mut chars = Vec::new();
                for &k in &l.visual {
                    let r = self.atoms[k].chars.clone();
                    if self.placed[k].rtl {
                        chars.extend(r.rev());
                    } else {
                        chars.extend(r);
                    }
                }
                (l.chars.clone(), chars)
            })
            .collect()
    }

    /// The placeholder drawn for code point `c`, if any.
    pub fn placeholder_at(&self, c: usize) -> Option<&Placeholder> {
        self.placeholders.iter().find(|p| p.chars.contains(&c))
    }
}

/// Lays out every atom as its own row of one job: mirrored brackets in right-to-left
/// atoms, stand-ins for what no font draws.
fn shape(
    ui: &Ui,
    text: &str,
    atoms: &[Atom],
    stand_ins: &glyphs::StandIns,
    style: &LineStyle,
) -> Arc<Galley> {
    let format = egui::TextFormat {
        font_id: style.font.clone(),
        color: style.color,
        line_height: Some(style.row_height),
        ..Default::default()
    };
    let small = egui::TextFormat {
        font_id: FontId::proportional((style.font.size * 0.55).round()),
        ..format.clone()
    };
    let mut job = LayoutJob::default();
    let mut buf = String::new();
    for (k, atom) in atoms.iter().enumerate() {
        buf.clear();
        let s = &text[atom.bytes.clone()];
        let fmt = match stand_ins.get(&k) {
            Some(_) => {
                buf.push_str(&glyphs::stand_in_label(s));
                &small
            }
            None if atom.is_rtl() && atom.kind == AtomKind::Alone => {
                buf.extend(s.chars().map(bidi::mirrored));
                &format
            }
            None => {
                buf.push_str(s);
                &format
            }
        };
        if k + 1 < atoms.len() {
            buf.push('\n');
        }
        job.append(&buf, 0.0, fmt.clone());
    }
    job.wrap.max_width = f32::INFINITY;
    ui.fonts_mut(|f| f.layout_job(job))
}

/// The galley drawn: one row per line, joining the rows of its atoms where they were
/// placed. (One row per atom would draw the same, but the tessellator then walks and culls
/// hundreds of rows per piece every frame.)
fn line_rows(
    measured: &Galley,
    placed: &[Placed],
    lines: &[Line],
    stand_ins: &glyphs::StandIns,
    style: &LineStyle,
) -> Galley {
    use eframe::egui::epaint::text::{PlacedRow, RowVisuals};
    let snap = |v: f32| (v * style.pixels_per_point).round() / style.pixels_per_point;
    let mut galley = measured.clone();
    galley.rows.clear();
    let (mut bounds, mut vertices, mut indices) = (Rect::NOTHING, 0, 0);
    for (n, line) in lines.iter().enumerate() {
        // A clone of an atom's row keeps what egui does not let us set.
        let mut row = (*measured.rows[line.atoms.start].row).clone();
        row.glyphs.clear();
        let mut visuals = RowVisuals::default();
        for &k in &line.visual {
            let src = &measured.rows[k].row;
            let pad = if stand_ins.contains_key(&k) { 3.0 } else { 0.0 };
            let dx = snap(placed[k].x + pad);
            let first = visuals.mesh.vertices.len() as u32;
            row.glyphs.extend(src.glyphs.iter().map(|g| {
                let mut g = *g;
                g.pos.x += dx;
                g.first_vertex += first;
                g
            }));
            let mut mesh = src.visuals.mesh.clone();
            mesh.translate(vec2(dx, 0.0));
            visuals.mesh.append(mesh);
            visuals.mesh_bounds =
                (visuals.mesh_bounds).union(src.visuals.mesh_bounds.translate(vec2(dx, 0.0)));
        }
        visuals.glyph_vertex_range = 0..visuals.mesh.vertices.len();
        vertices += visuals.mesh.vertices.len();
        indices += visuals.mesh.indices.len();
        row.size = vec2(style.width, style.row_height);
        row.visuals = visuals;
        let pos = pos2(0.0, n as f32 * style.row_height);
        bounds = bounds.union(row.visuals.mesh_bounds.translate(pos.to_vec2()));
        galley.rows.push(PlacedRow {
            pos,
            row: Arc::new(row),
            ends_with_newline: n + 1 < lines.len(),
        });
    }
    galley.rect = Rect::from_min_size(
        Pos2::ZERO,
        vec2(style.width, lines.len().max(1) as f32 * style.row_height),
    );
    galley.mesh_bounds = bounds;
    galley.num_vertices = vertices;
    galley.num_indices = indices;
    galley
}

/// Each atom's width (a stand-in box gets room around its label), and the caret stops
/// inside it: every grapheme boundary, at its distance from the atom's start.
fn measure(
    text: &str,
    atoms: &[Atom],
    galley: &Galley,
    stand_ins: &glyphs::StandIns,
) -> (Vec<f32>, Vec<Stop>, Vec<usize>) {
    let mut stops = Vec::new();
    let mut stop_at = Vec::with_capacity(atoms.len() + 1);
    let mut widths = Vec::with_capacity(atoms.len());
    for (k, atom) in atoms.iter().enumerate() {
        let row = &galley.rows[k].row;
        let pad = if stand_ins.contains_key(&k) { 6.0 } else { 0.0 };
        let width = row.size.x + pad;
        widths.push(width);
        stop_at.push(stops.len());
        if pad > 0.0 {
            stops.extend([
                Stop {
                    char: atom.chars.start,
                    dist: 0.0,
                },
                Stop {
                    char: atom.chars.end,
                    dist: width,
                },
            ]);
        } else {
            grapheme_stops(&text[atom.bytes.clone()], atom, row, &mut stops);
        }
    }
    stop_at.push(stops.len());
    (widths, stops, stop_at)
}

/// Breaks the atoms into lines of at most the style's width and places each line's atoms
/// in visual order (UAX #9), right-aligned in a right-to-left paragraph; spaces at a line's
/// end hang past the margin.
fn break_lines(atoms: &[Atom], widths: &[f32], style: &LineStyle) -> (Vec<Placed>, Vec<Line>) {
    let unplaced = Placed {
        x: 0.0,
        width: 0.0,
        line: 0,
        rtl: false,
    };
    let mut placed = vec![unplaced; atoms.len()];
    let mut lines = Vec::new();
    let ranges = bidi::break_lines(atoms, widths, style.width);
    for (n, range) in ranges.into_iter().enumerate() {
        let order = bidi::visual_order(atoms, range.clone(), style.direction);
        let content: f32 = (range.clone().rev())
            .skip_while(|&k| atoms[k].hangs())
            .map(|k| widths[k])
            .sum();
        let hanging: f32 = range.clone().map(|k| widths[k]).sum::<f32>() - content;
        let mut x = if style.direction.is_rtl() {
            style.width - content - hanging
        } else {
            0.0
        };
        for &(k, rtl) in &order {
            placed[k] = Placed {
                x,
                width: widths[k],
                line: n as u32,
                rtl,
            };
            x += widths[k];
        }
        lines.push(Line {
            chars: atoms[range.start].chars.start..atoms[range.end - 1].chars.end,
            atoms: range,
            visual: order.into_iter().map(|(k, _)| k).collect(),
        });
    }
    (placed, lines)
}

/// The grapheme boundaries of an atom and their distance from its reading start, from the
/// positions of its glyphs. A left-to-right row has one glyph per code point. A row that
/// harfrust shaped right to left lists its glyphs left to right, each named by the first
/// character of its cluster, followed by zero-width fillers: the graphemes are matched
/// from the last one back, and a ligature's width is shared by the graphemes it joins.
fn grapheme_stops(s: &str, atom: &Atom, row: &egui::epaint::text::Row, out: &mut Vec<Stop>) {
    use unicode_segmentation::UnicodeSegmentation;
    let x_of = |c: usize| row.glyphs.get(c).map_or(row.size.x, |g| g.pos.x);
    if !atom.shaped_rtl() {
        let x0 = x_of(0);
        let mut c = 0;
        if s.is_ascii() {
            for c in 0..s.len() {
                out.push(Stop {
                    char: atom.chars.start + c,
                    dist: x_of(c) - x0,
                });
            }
        } else {
            for g in s.graphemes(true) {
                out.push(Stop {
                    char: atom.chars.start + c,
                    dist: x_of(c) - x0,
                });
                c += g.chars().count();
            }
        }
        out.push(Stop {
            char: atom.chars.end,
            dist: row.size.x - x0,
        });
        return;
    }
    let mut starts = Vec::new(); // (atom-local char, first char)
    let mut c = 0;
    for g in s.graphemes(true) {
        starts.push((c, g.chars().next().unwrap_or(' ')));
        c += g.chars().count();
    }
    let n = starts.len();
    let mut widths = vec![0.0f32; n];
    let mut next = n as isize - 1;
    for glyph in row.glyphs.iter().filter(|g| g.advance_width > 0.0) {
        let lo = (next - 3).max(0);
        let found = (lo..=next)
            .rev()
            .find(|&j| starts[j as usize].1 == glyph.chr);
        match found {
            Some(j) => {
                let share = glyph.advance_width / (next - j + 1) as f32;
                for w in &mut widths[j as usize..=next as usize] {
                    *w += share;
                }
                next = j - 1;
            }
            None => {
                let last = ((next + 1) as usize).min(n - 1);
                widths[last] += glyph.advance_width;
            }
        }
    }
    let mut dist = 0.0;
    for (j, &(c0, _)) in starts.iter().enumerate() {
        out.push(Stop {
            char: atom.chars.start + c0,
            dist,
        });
        dist += widths[j];
    }
    out.push(Stop {
        char: atom.chars.end,
        dist,
    });
}

#[cfg(test)]
mod tests;
