//! Painting the visible part of the reader: span fills and the selection under the text,
//! the text, then span bars, outlines, stand-ins for missing glyphs, the caret and link
//! arcs over it. Every box comes from [`DocLayout::boxes`] and every point from
//! [`DocLayout::caret`]: the one mapping that hit-testing uses too.
use std::ops::Range;

use eframe::egui::{self, Color32, Painter, Pos2, Rect, Stroke, Ui, pos2, vec2};

use super::Reader;
use super::highlights::{SpanItem, SpanLayout};
use super::layout::{DocLayout, LANE_STEP, Style};
use crate::model::{AnnotationId, Document, label_colors};
use crate::ui::selection::ReaderState;

/// What painting one frame needs besides the caches.
struct Brush<'a> {
    painter: &'a Painter,
    origin: Pos2,
    style: Style,
    state: &'a ReaderState,
    fill_alpha: f32,
    selection_fill: Color32,
    caret: Color32,
    weak: Color32,
}

impl Brush<'_> {
    /// A box of the layout (document coordinates, full row) as drawn on screen: the band of
    /// the glyphs.
    fn band(&self, r: Rect) -> Rect {
        band(r, self.origin, &self.style)
    }
}

/// Document-coordinate row box `r` on screen, narrowed to the glyphs' band.
pub(super) fn band(r: Rect, origin: Pos2, style: &Style) -> Rect {
    Rect::from_min_size(
        origin + vec2(r.min.x, r.min.y + style.glyph_top()),
        vec2(r.width(), style.natural_row),
    )
}

impl Reader {
    /// Paints the pieces between document heights `ys`, then the links that end in them.
    pub(super) fn paint(
        &mut self,
        ui: &Ui,
        ys: Range<f32>,
        origin: Pos2,
        doc: &Document,
        state: &ReaderState,
        style: Style,
    ) {
        let painter = ui.painter();
        let visuals = ui.visuals();
        let dark = visuals.dark_mode;
        let brush = Brush {
            painter,
            origin,
            style,
            state,
            fill_alpha: if dark { 0.30 } else { 0.22 },
            selection_fill: {
                let [r, g, b] = label_colors::SELECTION[usize::from(dark)];
                Color32::from_rgb(r, g, b)
            },
            caret: visuals.text_cursor.stroke.color,
            weak: visuals.weak_text_color(),
        };
        let layout = self.layout.as_mut().expect("layout");
        let spans = self.spans.as_ref().expect("spans");
        if layout.pieces.is_empty() {
            painter.text(
                origin,
                egui::Align2::LEFT_TOP,
                "(empty document)",
                egui::FontId::proportional(14.0),
                brush.weak,
            );
            return;
        }
        let first = layout.piece_at_y(ys.start.max(0.0));
        let mut i = first;
        while i < layout.pieces.len() && layout.top(i) < ys.end {
            let lines = layout.lines(ui, &doc.text, i);
            fills(&brush, layout, spans, i);
            find_hits(&brush, layout, i);
            selection(&brush, layout, i);
            let top = layout.top(i);
            painter.galley(
                origin + vec2(0.0, top),
                lines.galley.clone(),
                style.text_color,
            );
            for p in &lines.placeholders {
                let r = p.rect.translate(vec2(0.0, top));
                painter.rect_stroke(
                    brush.band(r).shrink2(vec2(1.0, 0.0)),
                    2.0,
                    Stroke::new(1.0, brush.weak),
                    egui::StrokeKind::Inside,
                );
            }
            bars(&brush, layout, spans, i);
            caret(&brush, layout, ui, doc, i);
            i += 1;
        }
        self.paint_links(ui, first..i, origin, doc, state, style);
    }

    /// Links as arcs from the start of the content to the start of its source, with an
    /// arrowhead at the source; those of the hovered or selected span stand out. Only links
    /// with an end in a visible piece are drawn.
    fn paint_links(
        &mut self,
        ui: &Ui,
        pieces: Range<usize>,
        origin: Pos2,
        doc: &Document,
        state: &ReaderState,
        style: Style,
    ) {
        let (Some(layout), Some(spans)) = (self.layout.as_mut(), self.spans.as_ref()) else {
            return;
        };
        let focus = |id: AnnotationId| {
            state.selected == Some(id) || state.linking == Some(id) || self.hovered.contains(&id)
        };
        let painter = ui.painter();
        for l in spans.links_in(pieces) {
            let (Some(a), Some(b)) = (
                anchor(layout, ui, doc, origin, l.from_at, &style),
                anchor(layout, ui, doc, origin, l.to_at, &style),
            ) else {
                continue;
            };
            let (width, alpha) = if focus(l.from) || focus(l.to) {
                (2.5, 1.0)
            } else {
                (1.2, 0.55)
            };
            let gutter = origin.x - GUTTER;
            draw_route(
                painter,
                a,
                b,
                gutter,
                Stroke::new(width, l.color.gamma_multiply(alpha)),
            );
        }
        // Link mode: a rubber band from the waiting span to the pointer.
        if let (Some(id), Some(p)) = (state.linking, ui.ctx().pointer_hover_pos())
            && let Some(start) = spans.first(id).map(|s| s.start)
            && let Some(a) = anchor(layout, ui, doc, origin, start, &style)
        {
            let color = ui.visuals().selection.stroke.color;
            draw_arc(painter, a, p, Stroke::new(2.0, color));
        }
    }
}

/// Span fills, under the text: one box per visually contiguous stretch.
fn fills(brush: &Brush, layout: &mut DocLayout, spans: &SpanLayout, i: usize) {
    for s in spans.in_piece(i).filter(|s| !s.gap) {
        if s.suggested {
            let width = if brush.state.selected == Some(s.id) {
                2.0
            } else {
                1.2
            };
            for r in layout.boxes(i, s.start, s.end) {
                dashed_box(
                    brush.painter,
                    brush.band(r).expand(1.0),
                    Stroke::new(width, s.color),
                );
            }
            continue;
        }
        let alpha = if brush.state.selected == Some(s.id) {
            brush.fill_alpha * 2.0
        } else {
            brush.fill_alpha
        };
        for r in layout.boxes(i, s.start, s.end) {
            (brush.painter).rect_filled(brush.band(r), 2.0, s.color.gamma_multiply(alpha));
        }
    }
}

/// Find's hits, under the text: an amber box each, found by binary search so a frame
/// touches only the hits of the visible pieces.
fn find_hits(brush: &Brush, layout: &mut DocLayout, i: usize) {
    let piece = layout.pieces[i].chars.clone();
    let hits = &brush.state.hits;
    let first = hits.partition_point(|h| h.end <= piece.start);
    for h in hits[first..].iter().take_while(|h| h.start < piece.end) {
        for r in layout.boxes(i, h.start, h.end) {
            let band = brush.band(r).expand(1.0);
            (brush.painter).rect_filled(band, 2.0, FIND_FILL);
            let edge = Stroke::new(1.0, FIND_EDGE);
            (brush.painter).rect_stroke(band, 2.0, edge, egui::StrokeKind::Outside);
        }
    }
}

/// Amber, as find marks are in browsers; far from every label colour and the selection.
const FIND_FILL: Color32 = Color32::from_rgba_premultiplied(120, 90, 0, 110);
const FIND_EDGE: Color32 = Color32::from_rgb(230, 160, 0);

/// A suggestion's outline: dashed, so it never looks like anyone's annotation.
fn dashed_box(painter: &Painter, r: Rect, stroke: Stroke) {
    let corners = [
        r.left_top(),
        r.right_top(),
        r.right_bottom(),
        r.left_bottom(),
        r.left_top(),
    ];
    painter.extend(egui::Shape::dashed_line(&corners, stroke, 4.0, 3.0));
}

/// The text selection, under the text.
fn selection(brush: &Brush, layout: &mut DocLayout, i: usize) {
    let piece = layout.pieces[i].chars.clone();
    let Some(sel) = (brush.state.selection.map(|s| s.span()))
        .filter(|s| !s.is_empty() && s.start < piece.end && s.end > piece.start)
    else {
        return;
    };
    for r in layout.boxes(i, sel.start, sel.end) {
        (brush.painter).rect_filled(brush.band(r), 0.0, brush.selection_fill);
    }
}

/// Span bars in their lanes under the text, the outline of the selected span, and the
/// thin line joining the fragments of a split span.
fn bars(brush: &Brush, layout: &mut DocLayout, spans: &SpanLayout, i: usize) {
    for s in spans.in_piece(i) {
        for r in layout.boxes(i, s.start, s.end) {
            bar(brush, s, r);
        }
    }
}

fn bar(brush: &Brush, s: &SpanItem, r: Rect) {
    let (o, style) = (brush.origin, &brush.style);
    let y = o.y + r.min.y + style.bar_top(s.lane);
    let (x0, x1) = (o.x + r.min.x, o.x + r.max.x);
    if s.gap {
        let mid = y + (LANE_STEP - 1.0) / 2.0;
        (brush.painter).line_segment([pos2(x0, mid), pos2(x1, mid)], Stroke::new(1.0, s.color));
        return;
    }
    let bar = Rect::from_min_max(pos2(x0, y), pos2(x1, y + LANE_STEP - 1.0));
    brush.painter.rect_filled(bar, 0.0, s.color);
    if brush.state.selected == Some(s.id) {
        // In the text's colour: a label's own colour would vanish on its fill (a selected
        // Claim among Claims in review).
        brush.painter.rect_stroke(
            brush.band(r).expand(1.0),
            2.0,
            Stroke::new(1.5, brush.style.text_color),
            egui::StrokeKind::Outside,
        );
    }
}

/// The caret of an empty selection in piece `i`.
fn caret(brush: &Brush, layout: &mut DocLayout, ui: &Ui, doc: &Document, i: usize) {
    let Some(sel) =
        (brush.state.selection).filter(|s| s.is_empty() && layout.caret_piece(s.head) == i)
    else {
        return;
    };
    let Some(p) = layout.caret(ui, &doc.text, sel.head) else {
        return;
    };
    let top = brush.origin + vec2(p.x, p.y + brush.style.glyph_top());
    brush.painter.line_segment(
        [top, top + vec2(0.0, brush.style.natural_row)],
        Stroke::new(1.5, brush.caret),
    );
}

/// Screen point just above the glyphs of code point `c`, where an arc attaches: next to its
/// reading-start edge.
fn anchor(
    layout: &mut DocLayout,
    ui: &Ui,
    doc: &Document,
    origin: Pos2,
    c: usize,
    style: &Style,
) -> Option<Pos2> {
    let p = layout.caret(ui, &doc.text, c)?;
    let inward = if layout.is_rtl_at(c) { -4.0 } else { 4.0 };
    Some(origin + vec2(p.x + inward, p.y + style.glyph_top()))
}

/// How far left of the text a link between two lines runs (inside the reader's margin).
const GUTTER: f32 = 10.0;
/// How far above the glyphs a link's horizontal runs go: under the previous line's span
/// bars, above this line's ascenders.
const LIFT: f32 = 2.0;

/// A link from `a` to `b` (points at the top of their glyphs) that never crosses text: up
/// into the gap above `a`'s line, along it, and when `b` is on another line, down the
/// margin at `gutter` and along the gap above `b`'s line; an arrowhead at `b`.
fn draw_route(painter: &egui::Painter, a: Pos2, b: Pos2, gutter: f32, stroke: Stroke) {
    let yb = b.y - LIFT;
    painter.add(egui::Shape::line(route(a, b, gutter), stroke));
    let head = 3.0 + stroke.width;
    painter.add(egui::Shape::convex_polygon(
        vec![
            b,
            pos2(b.x + head * 0.7, yb - head * 0.3),
            pos2(b.x - head * 0.7, yb - head * 0.3),
        ],
        stroke.color,
        Stroke::NONE,
    ));
    painter.circle_filled(a, 1.0 + stroke.width * 0.5, stroke.color);
}

/// The corners of a link's path (see [`draw_route`]).
fn route(a: Pos2, b: Pos2, gutter: f32) -> Vec<Pos2> {
    let (ya, yb) = (a.y - LIFT, b.y - LIFT);
    if (a.y - b.y).abs() < 1.0 {
        vec![a, pos2(a.x, ya), pos2(b.x, ya), b]
    } else {
        vec![
            a,
            pos2(a.x, ya),
            pos2(gutter, ya),
            pos2(gutter, yb),
            pos2(b.x, yb),
            b,
        ]
    }
}

/// An arc from `a` to `b` bowing upwards, with an arrowhead at `b`: the rubber band of link
/// mode, which follows the pointer wherever it is.
fn draw_arc(painter: &egui::Painter, a: Pos2, b: Pos2, stroke: Stroke) {
    let rise = (8.0 + 0.2 * a.distance(b)).min(60.0);
    let top = a.y.min(b.y) - rise;
    let points = [a, pos2(a.x, top), pos2(b.x, top), b];
    painter.add(egui::epaint::CubicBezierShape::from_points_stroke(
        points,
        false,
        Color32::TRANSPARENT,
        stroke,
    ));
    let head = 5.0 + stroke.width;
    painter.add(egui::Shape::convex_polygon(
        vec![
            b,
            pos2(b.x - head * 0.6, b.y - head),
            pos2(b.x + head * 0.6, b.y - head),
        ],
        stroke.color,
        Stroke::NONE,
    ));
    painter.circle_filled(a, 1.5 + stroke.width * 0.6, stroke.color);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every segment of a route either stays within `LIFT` above one of its two lines'
    /// glyph tops (the gap between lines) or runs down the margin left of the text.
    fn stays_out_of_the_text(points: &[Pos2], a: Pos2, b: Pos2, gutter: f32) -> bool {
        let in_gap = |p: Pos2, line: Pos2| p.y <= line.y && p.y >= line.y - LIFT;
        points.windows(2).all(|w| {
            let (p, q) = (w[0], w[1]);
            let both = |line| in_gap(p, line) && in_gap(q, line);
            both(a) || both(b) || (p.x == gutter && q.x == gutter)
        })
    }

    #[test]
    fn links_run_between_lines_and_in_the_margin_never_through_text() {
        let gutter = 90.0;
        let cases = [
            (pos2(300.0, 400.0), pos2(150.0, 400.0)), // same line, source before
            (pos2(500.0, 430.0), pos2(200.0, 400.0)), // source on the line above
            (pos2(120.0, 310.0), pos2(640.0, 520.0)), // source several lines below
        ];
        for (a, b) in cases {
            let points = route(a, b, gutter);
            assert_eq!((points[0], *points.last().unwrap()), (a, b));
            assert!(stays_out_of_the_text(&points, a, b, gutter), "{points:?}");
        }
    }
}
