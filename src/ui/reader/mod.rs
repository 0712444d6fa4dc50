//! The article reader: a custom widget that lays out the text once per width, draws only
//! the visible pieces, paints spans as shapes over the cached layout, and maps the mouse
//! to exact code-point offsets.
pub mod highlights;
pub mod layout;
pub mod pieces;

use std::sync::Arc;
use std::time::Duration;

use eframe::egui::{self, Color32, Pos2, Rect, Sense, Stroke, Ui, pos2, vec2};

use self::highlights::{Sources, SpanKey, SpanLayout, range_rects};
use self::layout::{DocLayout, LANE_STEP, Style};
use super::selection::{ReaderRequest, ReaderState, TextSelection};
use crate::model::{Annotation, AnnotationId, DocId, Document, Project};
use crate::text::{TextIndex, boundaries};

/// Widest text column, for comfortable line lengths.
const MAX_COLUMN: f32 = 760.0;
const MARGIN: f32 = 24.0;
/// Time per frame spent laying out pieces that are not visible yet.
const LAYOUT_BUDGET: Duration = Duration::from_millis(3);

/// What the reader shows beyond the text.
pub struct ReaderOptions<'a> {
    pub font_size: f32,
    /// Which annotations to draw, and a hash of that choice (to rebuild caches when it changes).
    pub visible: &'a dyn Fn(&Annotation) -> bool,
    pub filter_hash: u64,
    pub label_color: &'a dyn Fn(&str) -> Color32,
}

/// Per-document caches of the reader. Survives across frames; rebuilt on change only.
#[derive(Default)]
pub struct Reader {
    layout: Option<DocLayout>,
    spans: Option<SpanLayout>,
    index: Option<(DocId, Arc<TextIndex>)>,
    /// Top-left of the text column in screen space, last frame (for tests and keyboard moves).
    origin: Option<Pos2>,
    /// Spans under the pointer last frame: their links are drawn highlighted.
    hovered: Vec<AnnotationId>,
}

impl Reader {
    /// The code-point index of the shown document, built once per document.
    pub fn text_index(&mut self, doc: &Document) -> Arc<TextIndex> {
        if self.index.as_ref().is_none_or(|(id, _)| *id != doc.id) {
            self.index = Some((doc.id, Arc::new(TextIndex::new(&doc.text))));
        }
        Arc::clone(&self.index.as_ref().expect("just set").1)
    }

    /// Screen position of the left edge of code point `c`, at the middle of its glyphs, from
    /// the last frame's layout (`None` if that part is not laid out). For tests and tooling.
    pub fn screen_pos_of(&mut self, doc: DocId, c: usize) -> Option<Pos2> {
        let origin = self.origin?;
        let layout = self.layout.as_mut().filter(|l| l.doc == doc)?;
        let style = layout.style()?;
        let i = layout.piece_of_char(c);
        let top = layout.top(i);
        let g = layout.cached_galley(i)?;
        let local = c.saturating_sub(layout.pieces[i].chars.start);
        let r = g.pos_from_cursor(start_cursor(local));
        Some(
            origin
                + vec2(
                    r.min.x,
                    top + r.min.y + style.glyph_top() + style.natural_row / 2.0,
                ),
        )
    }

    pub fn show(
        &mut self,
        ui: &mut Ui,
        project: &Project,
        doc: &Document,
        state: &mut ReaderState,
        opts: &ReaderOptions,
    ) {
        self.text_index(doc);
        if self.layout.as_ref().is_none_or(|l| l.doc != doc.id) {
            self.layout = Some(DocLayout::new(doc.id, &doc.text));
            self.spans = None;
        }
        let style = self.style(ui, opts);
        let layout = self.layout.as_mut().expect("just set");
        layout.set_style(style);
        let key = SpanKey {
            doc: doc.id,
            lineage: project.lineage(),
            filter: opts.filter_hash,
        };
        let src = Sources {
            project,
            pieces: &layout.pieces,
            visible: opts.visible,
            color: opts.label_color,
        };
        match &mut self.spans {
            Some(spans) if spans.key == key => {
                if spans.revision != project.revision() && !spans.update(&src) {
                    *spans = SpanLayout::build(key, &src);
                }
            }
            _ => self.spans = Some(SpanLayout::build(key, &src)),
        }

        let mut area = egui::ScrollArea::vertical()
            .id_salt(("reader", doc.id.0))
            .auto_shrink(false);
        if let Some(c) = state.scroll_to.take() {
            let i = layout.piece_of_char(c);
            let y = layout.top(i);
            let g = layout.galley(ui, &doc.text, i);
            let local = c.saturating_sub(layout.pieces.get(i).map_or(0, |p| p.chars.start));
            let row_y = g.pos_from_cursor(start_cursor(local)).min.y;
            area = area.vertical_scroll_offset((y + row_y - ui.available_height() / 3.0).max(0.0));
        }
        area.show_viewport(ui, |ui, viewport| {
            self.show_viewport(ui, viewport, project, doc, state, style)
        });
        if !self
            .layout
            .as_ref()
            .is_some_and(DocLayout::is_fully_laid_out)
        {
            let layout = self.layout.as_mut().expect("set above");
            if !layout.lay_out_more(ui, &doc.text, LAYOUT_BUDGET) {
                ui.ctx().request_repaint();
            }
        }
    }

    fn style(&self, ui: &Ui, opts: &ReaderOptions) -> Style {
        let font = egui::FontId::proportional(opts.font_size);
        let avail = ui.available_width() - 2.0 * MARGIN - 12.0;
        Style {
            width: avail.clamp(120.0, MAX_COLUMN).round(),
            font_size: opts.font_size,
            text_color: ui.visuals().text_color(),
            pixels_per_point: ui.ctx().pixels_per_point(),
            natural_row: ui.fonts_mut(|f| f.row_height(&font)),
        }
    }

    fn show_viewport(
        &mut self,
        ui: &mut Ui,
        viewport: Rect,
        project: &Project,
        doc: &Document,
        state: &mut ReaderState,
        style: Style,
    ) {
        let layout = self.layout.as_mut().expect("layout set before show");
        let total = layout.total_height() + MARGIN;
        let (content, response) =
            ui.allocate_exact_size(vec2(ui.available_width(), total), Sense::click_and_drag());
        let x = content.left() + ((content.width() - style.width) / 2.0).max(MARGIN);
        let origin = pos2(x, content.top() + MARGIN / 2.0);
        self.origin = Some(origin);
        self.handle_pointer(ui, &response, origin, doc, state);
        self.paint(ui, viewport, content, origin, doc, state, style);
        self.hover_tooltip(ui, &response, origin, project, doc);
    }

    fn char_at_screen(&mut self, ui: &Ui, origin: Pos2, doc: &Document, p: Pos2) -> usize {
        let layout = self.layout.as_mut().expect("layout");
        layout.char_at(ui, &doc.text, (p - origin).to_pos2())
    }

    fn handle_pointer(
        &mut self,
        ui: &Ui,
        response: &egui::Response,
        origin: Pos2,
        doc: &Document,
        state: &mut ReaderState,
    ) {
        let Some(p) = response.interact_pointer_pos() else {
            return;
        };
        let (pressed, press_origin, shift, alt) = ui.input(|i| {
            (
                i.pointer.primary_pressed(),
                i.pointer.press_origin(),
                i.modifiers.shift,
                i.modifiers.alt,
            )
        });
        // A slow frame can hold the press and the first moves of a drag: the selection is
        // anchored where the button went down, not where the pointer is by the frame's end.
        let c = match press_origin.filter(|_| pressed) {
            Some(at) => self.char_at_screen(ui, origin, doc, at),
            None => self.char_at_screen(ui, origin, doc, p),
        };
        if self.fragment_pointer(response, c, pressed, alt, state) {
            if response.dragged() {
                autoscroll(ui, p);
            }
            return;
        }
        if response.clicked() && state.linking.is_some() {
            let hits = self.spans_at(c);
            state.requests.push(ReaderRequest::LinkTo(hits));
            return;
        }
        if response.double_clicked() {
            let idx = self.text_index(doc);
            let (s, e) = boundaries::word_at(&doc.text, &idx, c);
            state.selection = Some(TextSelection { anchor: s, head: e });
            state.selected = None;
            return;
        }
        if pressed && response.is_pointer_button_down_on() {
            match (shift, state.selection) {
                (true, Some(sel)) => {
                    state.selection = Some(TextSelection {
                        anchor: sel.anchor,
                        head: c,
                    })
                }
                _ => state.selection = Some(TextSelection::caret(c)),
            }
        } else if response.dragged() || response.drag_stopped() {
            // The release's frame can hold the last moves too: the head goes where the
            // button came up.
            if let Some(sel) = &mut state.selection {
                sel.head = c;
            }
            state.selected = None;
            if response.dragged() {
                autoscroll(ui, p);
            }
        }
        if response.clicked() && !shift {
            self.click_spans(c, state);
        }
    }

    /// Alt+drag with a span selected selects text to add to that span as a fragment;
    /// Alt+click on one of its fragments removes it. Returns whether it handled the pointer.
    fn fragment_pointer(
        &mut self,
        response: &egui::Response,
        c: usize,
        pressed: bool,
        alt: bool,
        state: &mut ReaderState,
    ) -> bool {
        if pressed && alt && response.is_pointer_button_down_on() && state.fragment_of.is_none() {
            let Some(id) = state.selected else {
                return false;
            };
            state.fragment_of = Some(id);
            state.selection = Some(TextSelection::caret(c));
            return true;
        }
        let Some(id) = state.fragment_of else {
            return false;
        };
        if (response.dragged() || response.drag_stopped())
            && let Some(sel) = &mut state.selection
        {
            sel.head = c; // on release too: its frame can hold the last moves
        }
        if response.drag_stopped() {
            state.fragment_of = None;
            if let Some(sel) = state.selection.take().filter(|s| !s.is_empty()) {
                state.requests.push(ReaderRequest::AddFragment {
                    id,
                    span: sel.span(),
                });
            }
        } else if response.clicked() {
            state.fragment_of = None;
            state.selection = None;
            state
                .requests
                .push(ReaderRequest::RemoveFragment { id, at: c });
        }
        true
    }

    /// Ids of the drawn spans that contain code point `c`, shortest first.
    fn spans_at(&self, c: usize) -> Vec<AnnotationId> {
        let (Some(layout), Some(spans)) = (&self.layout, &self.spans) else {
            return Vec::new();
        };
        spans
            .at(layout.piece_of_char(c), c)
            .iter()
            .map(|s| s.id)
            .collect()
    }

    /// A click on spans selects the innermost; clicking again at the same place cycles
    /// through the ones stacked there.
    fn click_spans(&mut self, c: usize, state: &mut ReaderState) {
        let hits = self.spans_at(c);
        if hits.is_empty() {
            state.selected = None;
            state.click_stack.clear();
            return;
        }
        let next = match state.selected {
            Some(cur) if hits == state.click_stack => {
                let k = hits
                    .iter()
                    .position(|&h| h == cur)
                    .map_or(0, |k| (k + 1) % hits.len());
                hits[k]
            }
            _ => hits[0],
        };
        state.selected = Some(next);
        state.selection = None;
        state.click_stack = hits;
    }

    #[allow(clippy::too_many_arguments)]
    fn paint(
        &mut self,
        ui: &Ui,
        viewport: Rect,
        content: Rect,
        origin: Pos2,
        doc: &Document,
        state: &ReaderState,
        style: Style,
    ) {
        let painter = ui.painter();
        let layout = self.layout.as_mut().expect("layout");
        let spans = self.spans.as_ref().expect("spans");
        if layout.pieces.is_empty() {
            painter.text(
                origin,
                egui::Align2::LEFT_TOP,
                "(empty document)",
                egui::FontId::proportional(14.0),
                ui.visuals().weak_text_color(),
            );
            return;
        }
        let top_y = viewport.min.y + content.top() - origin.y;
        let bottom_y = viewport.max.y + content.top() - origin.y;
        let dark = ui.visuals().dark_mode;
        let fill_alpha = if dark { 0.30 } else { 0.22 };
        let selection_fill =
            ui.visuals()
                .selection
                .bg_fill
                .gamma_multiply(if dark { 0.7 } else { 0.55 });
        let sel_span = state.selection.map(|s| s.span());
        let mut i = layout.piece_at_y(top_y.max(0.0));
        while i < layout.pieces.len() && layout.top(i) < bottom_y {
            let g = layout.galley(ui, &doc.text, i);
            let piece = layout.pieces[i].clone();
            let p0 = origin + vec2(0.0, layout.top(i));
            let local = |a: usize, b: usize| {
                (
                    a.saturating_sub(piece.chars.start),
                    b.min(piece.chars.end) - piece.chars.start,
                )
            };
            let band = |r: Rect| {
                Rect::from_min_size(
                    p0 + vec2(r.min.x, r.min.y + style.glyph_top()),
                    vec2(r.width(), style.natural_row),
                )
            };
            // Fills go under the text...
            for s in spans.in_piece(i) {
                if s.gap {
                    continue;
                }
                let (a, b) = local(s.start, s.end);
                let selected = state.selected == Some(s.id);
                for r in range_rects(&g, a, b) {
                    let alpha = if selected {
                        fill_alpha * 2.0
                    } else {
                        fill_alpha
                    };
                    painter.rect_filled(band(r), 2.0, s.color.gamma_multiply(alpha));
                }
            }
            if let Some(sel) = sel_span
                .filter(|s| !s.is_empty() && s.start < piece.chars.end && s.end > piece.chars.start)
            {
                let (a, b) = local(sel.start, sel.end);
                for r in range_rects(&g, a, b) {
                    painter.rect_filled(band(r), 0.0, selection_fill);
                }
            }
            painter.galley(p0, g.clone(), style.text_color);
            // ...bars and outlines over it.
            for s in spans.in_piece(i) {
                let (a, b) = local(s.start, s.end);
                let selected = state.selected == Some(s.id);
                for r in range_rects(&g, a, b) {
                    let y = p0.y + r.min.y + style.bar_top(s.lane);
                    if s.gap {
                        // The pieces of a split span are joined by a thin line in their lane.
                        let mid = y + (LANE_STEP - 1.0) / 2.0;
                        painter.line_segment(
                            [pos2(p0.x + r.min.x, mid), pos2(p0.x + r.max.x, mid)],
                            Stroke::new(1.0, s.color),
                        );
                        continue;
                    }
                    let bar = Rect::from_min_max(
                        pos2(p0.x + r.min.x, y),
                        pos2(p0.x + r.max.x, y + LANE_STEP - 1.0),
                    );
                    painter.rect_filled(bar, 0.0, s.color);
                    if selected {
                        painter.rect_stroke(
                            band(r).expand(1.0),
                            2.0,
                            Stroke::new(1.5, s.color),
                            egui::StrokeKind::Outside,
                        );
                    }
                }
            }
            if let Some(sel) = state.selection.filter(|s| {
                s.is_empty() && piece.chars.contains(&s.head)
                    || s.head == piece.chars.end && s.is_empty()
            }) {
                let r = g.pos_from_cursor(egui::text::CCursor::new(sel.head - piece.chars.start));
                let x = p0.x + r.min.x;
                let y0 = p0.y + r.min.y + style.glyph_top();
                painter.line_segment(
                    [pos2(x, y0), pos2(x, y0 + style.natural_row)],
                    Stroke::new(1.5, ui.visuals().text_cursor.stroke.color),
                );
            }
            i += 1;
        }
        let visible_pieces = layout.piece_at_y(top_y.max(0.0))..i;
        self.paint_links(ui, visible_pieces, origin, doc, state, style);
    }

    /// Links as arcs from the start of the content to the start of its source, with an
    /// arrowhead at the source; those of the hovered or selected span stand out. Only links
    /// with an end in a visible piece are drawn.
    fn paint_links(
        &mut self,
        ui: &Ui,
        pieces: std::ops::Range<usize>,
        origin: Pos2,
        doc: &Document,
        state: &ReaderState,
        style: Style,
    ) {
        let spans = self.spans.as_ref().expect("spans");
        let links: Vec<(AnnotationId, AnnotationId, usize, usize, Color32)> = spans
            .links_in(pieces)
            .into_iter()
            .map(|l| (l.from, l.to, l.from_at, l.to_at, l.color))
            .collect();
        let focus = |id: AnnotationId| {
            state.selected == Some(id) || state.linking == Some(id) || self.hovered.contains(&id)
        };
        let focused: Vec<bool> = links.iter().map(|l| focus(l.0) || focus(l.1)).collect();
        let painter = ui.painter();
        for (k, &(_, _, from_at, to_at, color)) in links.iter().enumerate() {
            let (Some(a), Some(b)) = (
                self.anchor(ui, origin, doc, from_at, style),
                self.anchor(ui, origin, doc, to_at, style),
            ) else {
                continue;
            };
            let (width, alpha) = if focused[k] { (2.5, 1.0) } else { (1.2, 0.55) };
            draw_arc(
                painter,
                a,
                b,
                Stroke::new(width, color.gamma_multiply(alpha)),
            );
        }
        // Link mode: a rubber band from the waiting span to the pointer.
        if let (Some(id), Some(p)) = (state.linking, ui.ctx().pointer_hover_pos())
            && let Some(start) = self
                .spans
                .as_ref()
                .and_then(|s| s.first(id))
                .map(|s| s.start)
            && let Some(a) = self.anchor(ui, origin, doc, start, style)
        {
            let color = ui.visuals().selection.stroke.color;
            draw_arc(ui.painter(), a, p, Stroke::new(2.0, color));
        }
    }

    /// Screen point just above the first glyph of code point `c`, where an arc attaches.
    fn anchor(
        &mut self,
        ui: &Ui,
        origin: Pos2,
        doc: &Document,
        c: usize,
        style: Style,
    ) -> Option<Pos2> {
        let layout = self.layout.as_mut()?;
        if layout.pieces.is_empty() {
            return None;
        }
        let i = layout.piece_of_char(c);
        let top = layout.top(i);
        let g = layout.galley(ui, &doc.text, i);
        let local = c.saturating_sub(layout.pieces[i].chars.start);
        let r = g.pos_from_cursor(start_cursor(local));
        Some(origin + vec2(r.min.x + 4.0, top + r.min.y + style.glyph_top()))
    }

    /// Hovering a span shows, for each span stacked there, its label, annotator and note.
    fn hover_tooltip(
        &mut self,
        ui: &Ui,
        response: &egui::Response,
        origin: Pos2,
        project: &Project,
        doc: &Document,
    ) {
        let Some(p) = response.hover_pos() else {
            return;
        };
        if response.dragged() {
            return;
        }
        let c = self.char_at_screen(ui, origin, doc, p);
        let hits = self.spans_at(c);
        if hits != self.hovered {
            // Links of the hovered span are highlighted: draw the next frame too.
            ui.ctx().request_repaint();
            self.hovered = hits.clone();
        }
        let idx = self.text_index(doc);
        let Some(spans) = &self.spans else { return };
        if hits.is_empty() {
            return;
        }
        response.clone().on_hover_ui_at_pointer(|ui| {
            for id in hits {
                let Some(a) = project.annotation(id) else {
                    continue;
                };
                let name = project
                    .label(&a.label)
                    .map_or(a.label.as_str(), |l| l.name.as_str());
                let color = spans.first(id).map_or(Color32::GRAY, |s| s.color);
                ui.horizontal(|ui| {
                    super::panels::color_chip(ui, color);
                    ui.strong(name);
                    ui.weak(format!("by {}", a.annotator));
                });
                if let Some(note) = &a.note {
                    ui.label(format!("“{note}”"));
                }
                if let Some(source) = project
                    .source_link(id)
                    .and_then(|l| project.annotation(l.to))
                {
                    ui.weak(format!(
                        "said by {}",
                        in_quotes(&quoted(&idx, doc, source, 60))
                    ));
                }
                let contents = project.contents_of(id).count();
                if contents > 0 {
                    ui.weak(format!(
                        "source of {contents} span{}",
                        if contents == 1 { "" } else { "s" }
                    ));
                }
            }
        });
    }

    /// Moves the selection head one row up or down, like a text editor.
    pub fn row_step(&mut self, ui: &Ui, doc: &Document, at: usize, down: bool) -> usize {
        let Some(layout) = self.layout.as_mut().filter(|l| l.doc == doc.id) else {
            return at;
        };
        let Some(style) = layout.style() else {
            return at;
        };
        if layout.pieces.is_empty() {
            return at;
        }
        let i = layout.piece_of_char(at);
        let top = layout.top(i);
        let g = layout.galley(ui, &doc.text, i);
        let local = at.saturating_sub(layout.pieces[i].chars.start);
        let r = g.pos_from_cursor(egui::text::CCursor::new(local));
        let dy = if down {
            style.row_height()
        } else {
            -style.row_height()
        } + if down { 2.0 } else { -2.0 };
        let target = pos2(r.min.x, top + r.center().y + dy);
        if target.y < 0.0 {
            return 0;
        }
        layout.char_at(ui, &doc.text, target)
    }
}

/// An annotation's text for display: its fragments joined by " … ", cut at `max` chars.
/// Through the document's index, so the cost does not grow with the document.
pub fn quoted(idx: &TextIndex, doc: &Document, a: &Annotation, max: usize) -> String {
    let parts: Vec<&str> = a
        .spans()
        .filter_map(|s| idx.slice(&doc.text, s.start, s.end.min(s.start + max + 1)))
        .collect();
    let joined = parts.join(" … ").replace('\n', " ");
    let mut chars = joined.chars();
    let mut out: String = chars.by_ref().take(max).collect();
    if chars.next().is_some() {
        out.push('…');
    }
    out
}

/// `text` between curly quotes, unless it already opens with a quotation mark (a quote
/// tagged with its marks would otherwise read ““…””).
pub fn in_quotes(text: &str) -> String {
    const OPENING: &[char] = &['“', '"', '‘', '\'', '«', '„', '「', '『', '‹'];
    if text.starts_with(OPENING) {
        text.to_owned()
    } else {
        format!("“{text}”")
    }
}

/// A cursor before the code point at `local`: at a wrapped row break, on the next row,
/// where that character is drawn (not at the end of the row before).
fn start_cursor(local: usize) -> egui::text::CCursor {
    egui::text::CCursor {
        prefer_next_row: true,
        ..egui::text::CCursor::new(local)
    }
}

/// An arc from `a` to `b` bowing upwards, with an arrowhead at `b`.
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

/// Dragging a selection past the top or bottom of the reader scrolls it, faster the
/// further the pointer goes, so a selection can run over several screens.
fn autoscroll(ui: &Ui, pointer: Pos2) {
    let clip = ui.clip_rect();
    let edge = 24.0;
    let dy = if pointer.y > clip.bottom() - edge {
        pointer.y - (clip.bottom() - edge)
    } else if pointer.y < clip.top() + edge {
        pointer.y - (clip.top() + edge)
    } else {
        return;
    };
    ui.scroll_with_delta(vec2(0.0, -dy.clamp(-60.0, 60.0) / 3.0));
    ui.ctx().request_repaint();
}

#[cfg(test)]
mod tests {
    #[test]
    fn texts_are_quoted_once() {
        assert_eq!(super::in_quotes("No deal"), "“No deal”");
        assert_eq!(super::in_quotes("“No deal,”"), "“No deal,”");
        assert_eq!(super::in_quotes("「和平」"), "「和平」");
        assert_eq!(super::in_quotes(""), "“”");
    }
}
