//! What the who-said-what window does besides drawing: the keys of its Find field (Down,
//! Up and Enter reach every row, so merging and splitting need no mouse), and running what
//! a row asked for; merges and splits become alias edits sent through the app's one
//! action path, so they are undoable and journaled.
use eframe::egui;

use super::super::{Action, MarginaliaApp};
use super::{Clicked, Row, Rows, SourcesView};
use crate::sources::{SourceGroup, merge_edit, split_edit};

/// What the keys of the Find field asked for this frame.
#[derive(Default)]
pub(super) struct Keys {
    pub moved: bool,
    pub enter: bool,
    pub escape: bool,
}

impl SourcesView {
    /// The source being merged into another, if any (its key).
    pub fn merging(&self) -> Option<&str> {
        self.merging.as_ref().map(|(key, _)| key.as_str())
    }

    /// The keys of the Find field: ↓ ↑ move over the rows, Enter does what a click on the
    /// row does, Escape cancels a merge. Read before the field is drawn, so it does not see
    /// them (a single-line field would give up the keyboard on Enter).
    pub(super) fn read_keys(&mut self, ui: &egui::Ui, n: usize) -> Keys {
        self.cursor = self.cursor.filter(|_| n > 0).map(|c| c.min(n - 1));
        if !self.find_focused || n == 0 {
            return Keys::default();
        }
        let none = egui::Modifiers::NONE;
        let merging = self.merging.is_some();
        let (down, up, enter, escape) = ui.input_mut(|i| {
            (
                i.consume_key(none, egui::Key::ArrowDown),
                i.consume_key(none, egui::Key::ArrowUp),
                i.consume_key(none, egui::Key::Enter),
                merging && i.consume_key(none, egui::Key::Escape),
            )
        });
        if down {
            self.cursor = Some(self.cursor.map_or(0, |c| (c + 1).min(n - 1)));
        }
        if up {
            self.cursor = Some(self.cursor.map_or(0, |c| c.saturating_sub(1)));
        }
        Keys {
            moved: down || up,
            enter: enter && self.cursor.is_some(),
            escape,
        }
    }

    /// What a click on `row` does, for Enter.
    pub(super) fn activate(&self, groups: &[SourceGroup], rows: &Rows, row: Row) -> Clicked {
        match row {
            Row::Group(i) => match &self.merging {
                Some((from, _)) if *from != groups[i].key => Clicked::Join(i),
                _ => Clicked::Toggle(i),
            },
            Row::Tools(i) => Clicked::StartMerge(i),
            Row::Variant(i, v) => Clicked::Split(i, v),
            Row::Content(i, c) => {
                let c = &groups[i].contents[c];
                Clicked::Open((c.document, c.id, c.start))
            }
            Row::Document(i, line) => {
                let m = &groups[i].mentions[rows.documents[line].mention];
                Clicked::Open((m.document, m.id, m.start))
            }
        }
    }
}

/// Runs what a row asked for: opening and toggling here, merges and splits as edits
/// through the app's one action path (so they are undoable and journaled).
pub(super) fn handle_click(app: &mut MarginaliaApp, groups: &[SourceGroup], clicked: Clicked) {
    let edit = match clicked {
        Clicked::Open((doc, id, _)) => {
            app.send(Action::ShowAnnotation(doc, id));
            return;
        }
        Clicked::Toggle(g) => {
            app.sources.toggle(&groups[g]);
            return;
        }
        Clicked::StartMerge(g) => {
            app.sources.merging = Some((groups[g].key.clone(), groups[g].name.clone()));
            return;
        }
        Clicked::CancelMerge => {
            app.sources.merging = None;
            return;
        }
        Clicked::Join(into) => {
            let Some((from, _)) = app.sources.merging.take() else {
                return;
            };
            let Some(from) = groups.iter().find(|g| g.key == from) else {
                return;
            };
            let Some(project) = app.state.project() else {
                return;
            };
            merge_edit(project, from, &groups[into])
        }
        Clicked::Split(g, v) => {
            let Some(project) = app.state.project() else {
                return;
            };
            split_edit(project, &groups[g], &groups[g].variants[v].form)
        }
    };
    match edit {
        Ok(edit) => app.send(Action::Apply(Box::new(edit))),
        Err(e) => app.state.error(format!("Who said what: {e}")),
    }
}
