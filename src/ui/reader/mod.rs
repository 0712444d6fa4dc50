//! The article reader: a custom widget that lays out the text once per width, draws only
//! the visible pieces, paints spans as shapes over the cached layout, and maps the mouse
//! to exact code-point offsets, in every script: all positions go through the one mapping
//! of [`lines::PieceLines`] (bidi order, line breaks, graphemes).
pub mod glyphs;
pub mod highlights;
pub mod layout;
pub mod lines;
mod paint;
pub mod pieces;
mod pointer;

use std::ops::Range;
use std::time::Duration;

use eframe::egui::{self, Color32, Pos2, Rect, Sense, Ui, pos2, vec2};

use self::highlights::{Sources, SpanKey, SpanLayout};
use self::layout::{DocLayout, Style};
use super::selection::ReaderState;
use crate::model::{Annotation, AnnotationId, DocId, Document, Project};
use crate::text::TextIndex;
use crate::text::bidi::Direction;

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
    /// Top-left of the text column in screen space, last frame (for tests and keyboard moves).
    origin: Option<Pos2>,
    /// Spans under the pointer last frame: their links are drawn highlighted.
    hovered: Vec<AnnotationId>,
}

impl Reader {
    /// Screen position of the caret before code point `c` (the reading-start edge of its
    /// glyphs: left in left-to-right text, right in right-to-left text), at the middle of
    /// its row, from the last frame's layout (`None` if that part is not laid out). For
    /// tests and tooling.
    pub fn screen_pos_of(&mut self, doc: DocId, c: usize) -> Option<Pos2> {
        let origin = self.origin?;
        let layout = self.layout.as_mut().filter(|l| l.doc == doc)?;
        let style = layout.style()?;
        let p = layout.cached_caret(c)?;
        Some(origin + vec2(p.x, p.y + style.glyph_top() + style.natural_row / 2.0))
    }

    /// Screen boxes covering code points `[a, b)` from the last frame's layout, as the
    /// highlight of a selection over them is drawn. For tests and tooling.
    pub fn screen_boxes(&mut self, doc: DocId, a: usize, b: usize) -> Vec<Rect> {
        let (Some(origin), Some(layout)) = (self.origin, self.layout.as_mut()) else {
            return Vec::new();
        };
        if layout.doc != doc || layout.pieces.is_empty() {
            return Vec::new();
        }
        let Some(style) = layout.style() else {
            return Vec::new();
        };
        let pieces = layout.piece_of_char(a)..layout.piece_of_char(b.saturating_sub(1)) + 1;
        pieces
            .flat_map(|i| layout.boxes(i, a, b))
            .map(|r| paint::band(r, origin, &style))
            .collect()
    }

    /// Whether code point `c` is drawn in a right-to-left run, from the last frame's
    /// layout. For tests and tooling.
    pub fn is_rtl_at(&self, doc: DocId, c: usize) -> bool {
        (self.layout.as_ref()).is_some_and(|l| l.doc == doc && l.is_rtl_at(c))
    }

    /// Every laid-out line of the document: its code points and the order they are drawn
    /// in, left to right. For the tests that compare with a reference UAX #9.
    pub fn visual_lines(&self, doc: DocId) -> Vec<(Range<usize>, Direction, Vec<usize>)> {
        let Some(layout) = self.layout.as_ref().filter(|l| l.doc == doc) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, piece) in layout.pieces.iter().enumerate() {
            let Some(lines) = layout.cached_lines(i) else {
                continue;
            };
            let s = piece.chars.start;
            for (range, order) in lines.visual_chars() {
                out.push((
                    range.start + s..range.end + s,
                    lines.direction,
                    order.into_iter().map(|c| c + s).collect(),
                ));
            }
        }
        out
    }

    pub fn show(
        &mut self,
        ui: &mut Ui,
        project: &Project,
        doc: &Document,
        state: &mut ReaderState,
        opts: &ReaderOptions,
    ) {
        doc.index();
        let direction = doc.direction;
        if (self.layout.as_ref()).is_none_or(|l| l.doc != doc.id || l.direction != direction) {
            self.layout = Some(DocLayout::new(doc.id, &doc.text, direction));
            self.spans = None;
        }
        let style = self.style(ui, opts);
        let layout = self.layout.as_mut().expect("just set");
        layout.set_style(style);
        let key = SpanKey {
            doc: doc.id,
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
                if spans.stamp != project.stamp() && !spans.update(&src) {
                    *spans = SpanLayout::build(key, &src);
                }
            }
            _ => self.spans = Some(SpanLayout::build(key, &src)),
        }

        let mut area = egui::ScrollArea::vertical()
            .id_salt(("reader", doc.id.0))
            .auto_shrink(false);
        if let Some(c) = state.scroll_to.take()
            && let Some(p) = layout.caret(ui, &doc.text, c)
        {
            area = area.vertical_scroll_offset((p.y - ui.available_height() / 3.0).max(0.0));
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
        let top_y = viewport.min.y + content.top() - origin.y;
        let bottom_y = viewport.max.y + content.top() - origin.y;
        self.paint(ui, top_y..bottom_y, origin, doc, state, style);
        self.hover_tooltip(ui, &response, origin, project, doc);
    }

    /// The caret position under screen point `p`: the grapheme boundary nearest to it.
    fn boundary_at(&mut self, ui: &Ui, origin: Pos2, doc: &Document, p: Pos2) -> usize {
        let layout = self.layout.as_mut().expect("layout");
        layout.char_at(ui, &doc.text, (p - origin).to_pos2())
    }

    /// The first code point of the grapheme drawn under screen point `p`.
    fn grapheme_at(&mut self, ui: &Ui, origin: Pos2, doc: &Document, p: Pos2) -> usize {
        let layout = self.layout.as_mut().expect("layout");
        layout.grapheme_at(ui, &doc.text, (p - origin).to_pos2())
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

    /// Hovering a span shows, for each span stacked there, its label, annotator and note;
    /// hovering a stand-in for a missing glyph names its code points.
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
        let c = self.grapheme_at(ui, origin, doc, p);
        let hits = self.spans_at(c);
        if hits != self.hovered {
            // Links of the hovered span are highlighted: draw the next frame too.
            ui.ctx().request_repaint();
            self.hovered = hits.clone();
        }
        let missing = self.layout.as_ref().and_then(|l| l.placeholder_at(c));
        let idx = doc.index();
        let Some(spans) = &self.spans else { return };
        if hits.is_empty() && missing.is_none() {
            return;
        }
        response.clone().on_hover_ui_at_pointer(|ui| {
            if let Some(what) = missing {
                ui.label(what);
            }
            for id in hits {
                span_tooltip(ui, project, doc, idx, spans, id);
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
        let Some(p) = layout.caret(ui, &doc.text, at) else {
            return at;
        };
        let dy = if down {
            style.row_height() + 2.0
        } else {
            -style.row_height() - 2.0
        };
        let target = pos2(p.x, p.y + style.row_height() / 2.0 + dy);
        if target.y < 0.0 {
            return 0;
        }
        layout.char_at(ui, &doc.text, target)
    }
}

/// The current document's direction goes automatic → right to left → left to right, as one
/// undoable edit saved with the project.
pub(crate) fn cycle_direction(st: &mut super::state::AppState) {
    let Some(doc) = st.current.and_then(|d| st.project()?.document(d).cloned()) else {
        return;
    };
    let next = match doc.direction {
        None => Some(Direction::Rtl),
        Some(Direction::Rtl) => Some(Direction::Ltr),
        Some(Direction::Ltr) => None,
    };
    let edit = crate::model::Edit::SetDirection {
        document: doc.id,
        direction: next,
        previous: doc.direction,
    };
    if st.apply(edit) {
        st.info(match next {
            None => "Text direction: automatic (each paragraph from its first letter)",
            Some(Direction::Rtl) => "Text direction: right to left",
            Some(Direction::Ltr) => "Text direction: left to right",
        });
    }
}

/// One span's part of the hover tooltip: label, annotator, note, source and contents.
fn span_tooltip(
    ui: &mut Ui,
    project: &Project,
    doc: &Document,
    idx: &TextIndex,
    spans: &SpanLayout,
    id: AnnotationId,
) {
    let Some(a) = project.annotation(id) else {
        return;
    };
    let name = project.label_name(&a.label);
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
            in_quotes(&quoted(idx, doc, source, 60))
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
