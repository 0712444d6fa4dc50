//! The documents list: each document with its span count and done marks (yours as ✔,
//! others' counted), "n / N done" for you, and filters: not done by you, with
//! disagreements between annotators, with suggestions waiting.
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use eframe::egui::{self, RichText, Ui};

use super::memo::Memo;
use super::{Action, Command, MarginaliaApp};
use crate::model::{DocId, Project, Stamp};
use crate::review::{adjudicate, agreement};
use crate::suggest::SUGGESTED;

#[derive(Default)]
pub struct DocumentsPanel {
    pub filter: DocFilter,
    progress: Memo<(Stamp, String), Arc<Progress>>,
    /// The rows the filter keeps, as document indices.
    rows: Memo<(Stamp, String, DocFilter), Arc<Vec<usize>>>,
}

/// Which documents the list shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum DocFilter {
    #[default]
    All,
    /// Not marked done by the current annotator.
    NotDone,
    /// Where two annotators' spans disagree (as review counts them).
    Disagreements,
    /// With suggestions nobody has accepted or rejected yet.
    Suggestions,
}

impl DocFilter {
    pub const ALL: [DocFilter; 4] = [
        DocFilter::All,
        DocFilter::NotDone,
        DocFilter::Disagreements,
        DocFilter::Suggestions,
    ];

    pub fn name(self) -> &'static str {
        match self {
            DocFilter::All => "All documents",
            DocFilter::NotDone => "Not done",
            DocFilter::Disagreements => "With disagreements",
            DocFilter::Suggestions => "With suggestions",
        }
    }

    /// The command that turns this filter on (and off again).
    pub fn command(self) -> Option<Command> {
        match self {
            DocFilter::All => None,
            DocFilter::NotDone => Some(Command::FilterNotDone),
            DocFilter::Disagreements => Some(Command::FilterDisagreements),
            DocFilter::Suggestions => Some(Command::FilterSuggestions),
        }
    }

    /// Indices of the documents that pass, in project order (computed once per change).
    fn rows(self, project: &Project, progress: &Progress) -> Vec<usize> {
        let docs = project.documents().iter().enumerate();
        match self {
            DocFilter::All => (0..project.documents().len()).collect(),
            DocFilter::NotDone => progress.not_done.clone(),
            DocFilter::Disagreements => {
                let names = agreement::default_annotators(project);
                (docs.filter(|(_, d)| {
                    adjudicate::doc_review(project, d.id, &names).disagreements > 0
                }))
                .map(|(i, _)| i)
                .collect()
            }
            DocFilter::Suggestions => {
                let with: HashSet<DocId> = (project.annotations())
                    .filter(|a| a.annotator == SUGGESTED)
                    .map(|a| a.document)
                    .collect();
                (docs.filter(|(_, d)| with.contains(&d.id)))
                    .map(|(i, _)| i)
                    .collect()
            }
        }
    }
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

    /// Turns `filter` on, or off when it is already on.
    pub fn toggle(&mut self, filter: DocFilter) {
        self.filter = if self.filter == filter {
            DocFilter::All
        } else {
            filter
        };
    }

    fn rows(&mut self, project: &Project, me: &str, progress: &Progress) -> Arc<Vec<usize>> {
        let filter = self.filter;
        (self.rows).get((project.stamp(), me.to_owned(), filter), || {
            Arc::new(filter.rows(project, progress))
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
    let filter = app.documents.filter;
    let rows = app.documents.rows(project, &me, &progress);
    let mut clicked = None;
    let mut chosen = None;
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
        chosen = filter_choice(ui, filter, rows.len(), docs.len());
        // Row k is a document index, looked up only for the visible rows: nothing per
        // document is built each frame.
        let row_h = ui.text_style_height(&egui::TextStyle::Body) + 8.0;
        egui::ScrollArea::vertical().auto_shrink(false).show_rows(
            ui,
            row_h,
            rows.len(),
            |ui, range| {
                for k in range {
                    let d = &docs[rows[k]];
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
            },
        );
    });
    if let Some(cmd) = chosen {
        app.request(cmd);
    }
    if let Some(id) = clicked {
        app.send(Action::ShowDocument(id));
    }
}

/// The filter menu: picking a filter runs its command (picking "All" turns the current one
/// off), so the menu, the palette and this list share one path.
fn filter_choice(ui: &mut Ui, filter: DocFilter, shown: usize, all: usize) -> Option<Command> {
    let mut picked = filter;
    let text = if filter == DocFilter::All {
        filter.name().to_owned()
    } else {
        format!("{} ({shown} of {all})", filter.name())
    };
    let combo = egui::ComboBox::from_id_salt("doc-filter")
        .selected_text(text.clone())
        .width(ui.available_width() - 8.0)
        .show_ui(ui, |ui| {
            for f in DocFilter::ALL {
                ui.selectable_value(&mut picked, f, f.name());
            }
        });
    (combo.response).widget_info(|| {
        egui::WidgetInfo::labeled(
            egui::Role::ComboBox,
            true,
            format!("Show documents: {text}"),
        )
    });
    match (picked == filter, picked.command(), filter.command()) {
        (true, _, _) => None,
        (false, Some(cmd), _) => Some(cmd),
        (false, None, off) => off,
    }
}
