//! The documents list: each document with its span count and done marks (yours as ✔,
//! others' counted), "n / N done" for you, and a filter to the ones you have not done.
use std::collections::HashMap;
use std::sync::Arc;

use eframe::egui::{self, RichText, Ui};

use super::memo::Memo;
use super::{Action, Command, MarginaliaApp};
use crate::model::{DocId, Project, Stamp};

#[derive(Default)]
pub struct DocumentsPanel {
    /// Only the documents the current annotator has not marked done.
    pub only_not_done: bool,
    progress: Memo<(Stamp, String), Arc<Progress>>,
}

/// Who marked what done, counted once per project change, not per frame.
#[derive(Default)]
pub struct Progress {
    /// Annotators who marked each document done.
    pub done_by: HashMap<DocId, Vec<String>>,
    /// Documents the current annotator marked done.
    pub mine: usize,
    /// Indices of the documents the current annotator has not marked done.
    pub not_done: Vec<usize>,
}

impl Progress {
    pub fn of(project: &Project, me: &str) -> Self {
        let mut done_by: HashMap<DocId, Vec<String>> = HashMap::new();
        for m in project.done_marks() {
            done_by
                .entry(m.document)
                .or_default()
                .push(m.annotator.clone());
        }
        let mine_done = |d: DocId| done_by.get(&d).is_some_and(|w| w.iter().any(|a| a == me));
        let not_done: Vec<usize> = (project.documents().iter().enumerate())
            .filter(|(_, d)| !mine_done(d.id))
            .map(|(i, _)| i)
            .collect();
        Self {
            mine: project.documents().len() - not_done.len(),
            not_done,
            done_by,
        }
    }
}

impl DocumentsPanel {
    pub fn progress(&mut self, project: &Project, me: &str) -> Arc<Progress> {
        (self.progress).get((project.stamp(), me.to_owned()), || {
            Arc::new(Progress::of(project, me))
        })
    }
}

pub fn documents(app: &mut MarginaliaApp, ui: &mut Ui) {
    let Some(project) = app.state.project() else {
        return;
    };
    let me = app.state.annotator().to_owned();
    let progress = app.documents.progress(project, &me);
    let current = app.state.current;
    let only_not_done = app.documents.only_not_done;
    let mut clicked = None;
    let mut toggle = false;
    super::panels::side_panel(ui, "documents", true, 0.18).show(ui, |ui| {
        let docs = project.documents();
        ui.horizontal(|ui| {
            ui.heading("Documents");
            ui.label(format!("{} / {} done", progress.mine, docs.len()))
                .on_hover_text(format!(
                    "Documents {me} marked done ({})",
                    Command::MarkDone.key_text().unwrap_or_default()
                ));
        });
        toggle = ui
            .checkbox(&mut only_not_done.clone(), "Not done only")
            .clicked();
        // Row k is a document index, looked up only for the visible rows: nothing per
        // document is built each frame.
        let (rows, doc_at) = if only_not_done {
            (progress.not_done.len(), &progress.not_done[..])
        } else {
            (docs.len(), &[][..])
        };
        let row_h = ui.text_style_height(&egui::TextStyle::Body) + 8.0;
        egui::ScrollArea::vertical()
            .auto_shrink(false)
            .show_rows(ui, row_h, rows, |ui, range| {
                for k in range {
                    let i = if only_not_done { doc_at[k] } else { k };
                    let d = &docs[i];
                    let who = progress.done_by.get(&d.id).map_or(&[][..], Vec::as_slice);
                    let mine = who.contains(&me);
                    let others = who.len() - usize::from(mine);
                    let mark = if mine { "✔" } else { "  " };
                    let count = project.count_in(d.id);
                    let suffix = if others > 0 {
                        format!("{count} · ✔{others}")
                    } else {
                        count.to_string()
                    };
                    // One line per row (titles truncated, whole in the tooltip): the list
                    // draws only the visible rows, which needs rows of one height.
                    let size = egui::vec2(ui.available_width(), row_h - 4.0);
                    let r = ui
                        .allocate_ui_with_layout(
                            size,
                            egui::Layout::right_to_left(egui::Align::Center),
                            |ui| {
                                ui.weak(suffix);
                                let text = RichText::new(format!("{mark} {}", d.title));
                                let button = egui::Button::selectable(current == Some(d.id), text)
                                    .truncate();
                                ui.with_layout(
                                    egui::Layout::left_to_right(egui::Align::Center),
                                    |ui| ui.add(button),
                                )
                                .inner
                            },
                        )
                        .inner;
                    let done = if who.is_empty() {
                        String::new()
                    } else {
                        format!("\nDone: {}", who.join(", "))
                    };
                    let r = r.on_hover_text(format!("{}\n{count} spans{done}", d.title));
                    if r.clicked() {
                        clicked = Some(d.id);
                    }
                }
            });
    });
    if toggle {
        app.request(Command::FilterNotDone);
    }
    if let Some(id) = clicked {
        app.send(Action::ShowDocument(id));
    }
}
