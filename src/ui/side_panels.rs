//! Which side panels are shown. On a narrow window the reader keeps the width (a readable
//! measure matters more than lists) and the panels wait behind toggles; on a wide one
//! they are shown. The user's choice is kept per width class, so making the window wide
//! again brings the wide layout back.
use eframe::egui;

/// Below this window width (points) the side panels start hidden.
pub const NARROW_BELOW: f32 = 1100.0;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SidePanels {
    /// Documents list (left) when narrow, when wide.
    documents: [bool; 2],
    /// Annotations or review panel (right) when narrow, when wide.
    annotations: [bool; 2],
}

impl Default for SidePanels {
    fn default() -> Self {
        Self {
            documents: [false, true],
            annotations: [false, true],
        }
    }
}

/// 0 for a narrow window, 1 for a wide one.
fn class(ctx: &egui::Context) -> usize {
    usize::from(ctx.content_rect().width() >= NARROW_BELOW)
}

impl SidePanels {
    pub fn documents(&self, ctx: &egui::Context) -> bool {
        self.documents[class(ctx)]
    }

    pub fn annotations(&self, ctx: &egui::Context) -> bool {
        self.annotations[class(ctx)]
    }

    pub fn toggle_documents(&mut self, ctx: &egui::Context) {
        let c = class(ctx);
        self.documents[c] = !self.documents[c];
    }

    pub fn toggle_annotations(&mut self, ctx: &egui::Context) {
        let c = class(ctx);
        self.annotations[c] = !self.annotations[c];
    }
}
