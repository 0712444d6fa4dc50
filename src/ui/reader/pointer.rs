//! The mouse in the reader: click, double-click, drag and Shift+click select text; Ctrl
//! (⌘ on macOS) while dragging keeps exact characters instead of whole words; Alt+drag adds
//! a fragment to the selected span; clicks select spans and finish links. Every position
//! comes from the one mapping of [`super::lines::PieceLines`].
use eframe::egui::{self, Pos2, Ui, vec2};

use super::Reader;
use crate::model::Document;
use crate::text::{TextIndex, boundaries};
use crate::ui::selection::{ReaderRequest, ReaderState, TextSelection};

/// The modifiers held during this frame's pointer events.
#[derive(Clone, Copy)]
struct Held {
    shift: bool,
    alt: bool,
    /// Ctrl, or ⌘ on macOS: a drag selects exact characters.
    exact: bool,
}

impl Reader {
    pub(super) fn handle_pointer(
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
        let (pressed, press_origin, held) = ui.input(|i| {
            let held = Held {
                shift: i.modifiers.shift,
                alt: i.modifiers.alt,
                exact: i.modifiers.command,
            };
            (i.pointer.primary_pressed(), i.pointer.press_origin(), held)
        });
        // A slow frame can hold the press and the first moves of a drag: the selection is
        // anchored where the button went down, not where the pointer is by the frame's end.
        let at = press_origin.filter(|_| pressed).unwrap_or(p);
        let c = self.boundary_at(ui, origin, doc, at);
        let under = self.grapheme_at(ui, origin, doc, at);
        if self.fragment_pointer(response, c, under, pressed, held.alt, state) {
            if response.dragged() {
                autoscroll(ui, p);
            }
            return;
        }
        if response.clicked() && state.linking.is_some() {
            let hits = self.spans_at(under);
            state.requests.push(ReaderRequest::LinkTo(hits));
            return;
        }
        if response.double_clicked() {
            let idx = doc.index();
            let (s, e) = boundaries::word_at(&doc.text, idx, under);
            state.selection = Some(TextSelection { anchor: s, head: e });
            state.drag_from = None;
            state.selected = None;
            return;
        }
        if pressed && response.is_pointer_button_down_on() {
            match (held.shift, state.selection) {
                (true, Some(sel)) => {
                    state.selection = Some(TextSelection {
                        anchor: sel.anchor,
                        head: c,
                    })
                }
                _ => {
                    state.selection = Some(TextSelection::caret(c));
                    state.drag_from = Some(c);
                }
            }
        } else if response.dragged() || response.drag_stopped() {
            // The release's frame can hold the last moves too: the head goes where the
            // button came up.
            let idx = doc.index();
            if let Some(sel) = &mut state.selection {
                *sel = match state.drag_from {
                    Some(from) if !held.exact => snap_to_words(&doc.text, idx, from, c),
                    _ => TextSelection {
                        anchor: sel.anchor,
                        head: c,
                    },
                };
            }
            state.selected = None;
            if response.dragged() {
                autoscroll(ui, p);
            }
        }
        if response.drag_stopped() {
            state.drag_from = None;
        }
        if response.clicked() && !held.shift {
            self.click_spans(under, state);
        }
    }

    /// Alt+drag with a span selected selects text to add to that span as a fragment;
    /// Alt+click on one of its fragments removes it. Returns whether it handled the pointer.
    fn fragment_pointer(
        &mut self,
        response: &egui::Response,
        c: usize,
        under: usize,
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
                .push(ReaderRequest::RemoveFragment { id, at: under });
        }
        true
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
}

/// A drag from boundary `from` to boundary `to`, widened to whole words at both ends, as
/// brat and INCEpTION do: the word the drag starts in and the word it ends in are taken
/// whole. White space and punctuation at an end are not widened.
pub fn snap_to_words(text: &str, idx: &TextIndex, from: usize, to: usize) -> TextSelection {
    let wordish = |c: usize| {
        idx.slice(text, c, c + 1)
            .and_then(|s| s.chars().next())
            .is_some_and(char::is_alphanumeric)
    };
    let start_of = |c: usize| {
        if wordish(c) {
            boundaries::word_at(text, idx, c).0
        } else {
            c
        }
    };
    let end_of = |c: usize| {
        if c > 0 && wordish(c - 1) {
            boundaries::word_at(text, idx, c - 1).1
        } else {
            c
        }
    };
    if from == to {
        return TextSelection::caret(from);
    }
    if from < to {
        TextSelection {
            anchor: start_of(from),
            head: end_of(to),
        }
    } else {
        TextSelection {
            anchor: end_of(from),
            head: start_of(to),
        }
    }
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
    use super::*;

    #[test]
    fn drags_snap_to_whole_words_in_both_directions() {
        let text = "Talks in Afghanistan, ۴۸ افراد ہلاک";
        let idx = TextIndex::new(text);
        let sel = |a, b| {
            let s = snap_to_words(text, &idx, a, b).span();
            idx.slice(text, s.start, s.end).unwrap().to_owned()
        };
        // From inside "Talks" to inside "Afghanistan" ("Afghanist").
        assert_eq!(sel(2, 18), "Talks in Afghanistan");
        assert_eq!(sel(18, 2), "Talks in Afghanistan");
        // Ending on the comma keeps the comma out.
        assert_eq!(sel(9, 20), "Afghanistan");
        // Urdu words and digits too.
        assert_eq!(sel(23, 27), "۴۸ افراد");
        assert_eq!(snap_to_words(text, &idx, 5, 5), TextSelection::caret(5));
    }
}
