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
    /// Link mode: the span waiting for a click on the other end of its link.
    pub linking: Option<AnnotationId>,
    /// Where the button went down for the drag under way: the drag selects whole words
    /// from there.
    pub(crate) drag_from: Option<usize>,
    /// An Alt-drag that adds a fragment to this span is under way.
    pub(crate) fragment_of: Option<AnnotationId>,
    /// Find's hits in this document, sorted, marked in the text (set by the find bar each
    /// frame; empty while it is closed).
    pub hits: std::sync::Arc<Vec<Span>>,
    /// What the reader asks the window to do once the frame is drawn.
    pub(crate) requests: Vec<ReaderRequest>,
}

/// Edits the reader cannot make itself (it only reads the project).
#[derive(Clone, Debug, PartialEq)]
pub enum ReaderRequest {
    /// In link mode, a click landed on these spans (innermost first).
    LinkTo(Vec<AnnotationId>),
    /// Alt-drag over `span` with annotation `id` selected: add it as a fragment.
    AddFragment { id: AnnotationId, span: Span },
    /// Alt-click at `at` inside a fragment of split annotation `id`: remove that fragment.
    RemoveFragment { id: AnnotationId, at: usize },
}

impl ReaderState {
    /// The index in `ids` one `step` on from the selected annotation, wrapping around;
    /// `None` when the selection is not among them.
    pub fn step_in(&self, ids: &[AnnotationId], step: isize) -> Option<usize> {
        let k = ids.iter().position(|&i| Some(i) == self.selected)?;
        Some((k as isize + step).rem_euclid(ids.len() as isize) as usize)
    }

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
        self.linking = None;
        self.fragment_of = None;
        self.drag_from = None;
    }
}
