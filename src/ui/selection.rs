//! The reader's selection: plain data, in code points, testable without a window.
use crate::model::{AnnotationId, Span};

/// A text selection from `anchor` (where it started) to `head` (where it ends now);
/// `head` may be before `anchor`. Empty when they are equal (a caret).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TextSelection {
    pub anchor: usize,
    pub head: usize,
}

impl TextSelection {
    pub fn caret(at: usize) -> Self {
        Self {
            anchor: at,
            head: at,
        }
    }
    pub fn span(&self) -> Span {
        Span::new(self.anchor.min(self.head), self.anchor.max(self.head))
    }
    pub fn is_empty(&self) -> bool {
        self.anchor == self.head
    }
}

/// What is selected in the reader: some text, an annotation, or both nothing.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReaderState {
    pub selection: Option<TextSelection>,
    pub selected: Option<AnnotationId>,
    /// A code point to bring into view on the next frame.
    pub scroll_to: Option<usize>,
    /// Annotations under the last click, to cycle through overlapping spans.
    pub(crate) click_stack: Vec<AnnotationId>,
}

impl ReaderState {
    /// Selects an annotation (clearing any text selection) and scrolls to it.
    pub fn select_annotation(&mut self, id: AnnotationId, start: usize) {
        self.selected = Some(id);
        self.selection = None;
        self.scroll_to = Some(start);
    }

    pub fn clear(&mut self) {
        self.selection = None;
        self.selected = None;
        self.click_stack.clear();
    }
}
