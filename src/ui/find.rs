//! Find: the bar over the reader (Ctrl+F) with every hit of the document marked, and the
//! project search window (Ctrl+Shift+F) listing hits across documents. Matching is
//! [`crate::search`]'s; hits are code-point spans, so a hit selected and tagged is exactly
//! what was highlighted.
use std::sync::Arc;

use eframe::egui::{self, Key, Ui};

use super::memo::Memo;
use super::{Action, Command, MarginaliaApp};
use crate::model::{DocId, Span};
use crate::search::{self, ProjectHit, Query};

/// The most project hits listed; the window says how many there are in all.
const LIST_LIMIT: usize = 2000;

/// The current document's hits, or why the query cannot run.
type DocHits = Result<Arc<Vec<Span>>, String>;

#[derive(Default)]
pub struct Find {
    /// The bar over the reader is shown.
    pub bar_open: bool,
    /// The project search window is shown.
    pub project_open: bool,
    pub query: Query,
    /// Give the bar's field the keyboard on the next frame.
    focus_bar: bool,
    focus_project: bool,
    /// Documents never change after import, so their hash and the query are the key.
    doc_hits: Memo<(String, Query), DocHits>,
    /// Which hit of the document is current (the selection), if any.
    pub current: Option<usize>,
    /// The label "Tag all" uses.
    pub tag_label: Option<String>,
    project: ProjectResults,
}

/// The last project search: run on Enter, not per key, since it reads every document.
#[derive(Default)]
struct ProjectResults {
    query: Option<Query>,
    hits: Vec<ProjectHit>,
    total: usize,
    error: Option<String>,
}

impl Find {
    pub fn open_bar(&mut self) {
        self.bar_open = true;
        self.focus_bar = true;
    }

    pub fn open_project(&mut self) {
        self.project_open = true;
        self.focus_project = true;
    }

    /// The hits of `doc` for the current query (none while the bar is closed).
    pub fn hits(&mut self, doc: &crate::model::Document) -> DocHits {
        if !self.bar_open {
            return Ok(Arc::default());
        }
        let key = (doc.hash.clone(), self.query.clone());
        let query = &self.query;
        self.doc_hits.get(key, || match query.compile() {
            Ok(Some(m)) => Ok(Arc::new(m.find_all(&doc.text))),
            Ok(None) => Ok(Arc::default()),
            Err(e) => Err(e.to_string()),
        })
    }
}

/// Moves to the next (or previous) hit after the selection and selects it.
pub fn step(app: &mut MarginaliaApp, forward: bool) {
    if !app.find.bar_open {
        app.find.open_bar();
    }
    let Some(doc) = current_doc(app) else {
        return;
    };
    let hits = app.find.hits(&doc);
    let Ok(hits) = hits else {
        return;
    };
    if hits.is_empty() {
        app.state.info("No hits");
        return;
    }
    let at = app.state.reader.selection.map(|s| s.span());
    let i = match (app.find.current, at) {
        (Some(i), Some(sel)) if hits.get(i) == Some(&sel) => {
            let n = hits.len();
            if forward {
                (i + 1) % n
            } else {
                (i + n - 1) % n
            }
        }
        _ => {
            // From the caret: the first hit after it (or the last before it).
            let from = at.map_or(0, |s| s.start);
            let after = hits.partition_point(|h| h.start < from);
            if forward {
                after % hits.len()
            } else {
                (after + hits.len() - 1) % hits.len()
            }
        }
    };
    app.find.current = Some(i);
    app.send(Action::ShowSpan(doc.id, hits[i]));
}

/// Tags every hit of the document with the chosen label, as one undoable edit.
pub fn tag_all(app: &mut MarginaliaApp) {
    let Some(doc) = current_doc(app) else {
        return;
    };
    let hits = app.find.hits(&doc);
    let Ok(hits) = hits else {
        return;
    };
    let Some(label) = chosen_label(app) else {
        return;
    };
    let Some(project) = app.state.project() else {
        return;
    };
    let who = app.state.annotator().to_owned();
    match search::tag_all(project, doc.id, &hits, &label, &who) {
        Some(edit) => {
            let n = match &edit {
                crate::model::Edit::Batch(e) => e.len(),
                _ => 1,
            };
            if app.state.apply(edit) {
                let undo = Command::Undo.key_text().unwrap_or_default();
                app.state
                    .info(format!("Tagged {n} hits as {label} ({undo} undoes it)"));
            }
        }
        None => app
            .state
            .info(format!("Every hit is already tagged {label}")),
    }
}

fn chosen_label(app: &MarginaliaApp) -> Option<String> {
    let project = app.state.project()?;
    let chosen = app.find.tag_label.as_deref();
    (project.labels().iter())
        .find(|l| Some(l.id.as_str()) == chosen)
        .or_else(|| project.labels().first())
        .map(|l| l.id.clone())
}

fn current_doc(app: &MarginaliaApp) -> Option<Arc<crate::model::Document>> {
    app.state.current_document()
}

/// The bar over the reader: the query, its options, "3 of 12", previous / next, tag all.
pub fn bar(app: &mut MarginaliaApp, ui: &mut Ui, doc: &crate::model::Document) {
    let hits = app.find.hits(doc);
    ui.horizontal_wrapped(|ui| {
        // Enter goes to the next hit and the field keeps the keyboard, as in a browser.
        // Focus asked before the field is drawn: it takes the text typed in this frame.
        let id = egui::Id::unique("find-bar-query");
        if app.find.focus_bar {
            ui.memory_mut(|m| m.request_focus(id));
        }
        let field = ui.add(
            egui::TextEdit::singleline(&mut app.find.query.text)
                .id(id)
                .hint_text("Find in this document")
                .desired_width(220.0)
                .return_key(None),
        );
        app.find.focus_bar &= !field.has_focus();
        if field.changed() {
            app.find.current = None;
        }
        if field.has_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
            let back = ui.input(|i| i.modifiers.shift);
            app.request(if back {
                Command::FindPrevious
            } else {
                Command::FindNext
            });
        }
        // Esc closes the bar and leaves the hit selected, ready for a label key.
        let left = field.has_focus() || field.lost_focus();
        if left && ui.input(|i| i.key_pressed(Key::Escape)) {
            app.find.bar_open = false;
        }
        options(ui, &mut app.find.query);
        match &hits {
            Err(e) => {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
            Ok(h) => {
                let count = match app.find.current {
                    Some(i) if !h.is_empty() => format!("{} of {}", i + 1, h.len()),
                    _ => format!("{} hits", h.len()),
                };
                ui.label(count);
                for (text, cmd) in [
                    ("Previous", Command::FindPrevious),
                    ("Next", Command::FindNext),
                ] {
                    let button = egui::Button::new(text);
                    let r = ui
                        .add_enabled(!h.is_empty(), button)
                        .on_hover_text(hint(cmd));
                    if r.clicked() {
                        app.request(cmd);
                    }
                }
                tag_all_controls(app, ui, h.len());
            }
        }
        if ui
            .button("✖")
            .on_hover_text("Close (Esc in the field)")
            .clicked()
        {
            app.find.bar_open = false;
        }
    });
    ui.separator();
}

fn hint(cmd: Command) -> String {
    cmd.with_key(cmd.title())
}

fn tag_all_controls(app: &mut MarginaliaApp, ui: &mut Ui, n: usize) {
    let Some(project) = app.state.project() else {
        return;
    };
    let labels: Vec<(String, String)> = (project.labels().iter())
        .map(|l| (l.id.clone(), l.name.clone()))
        .collect();
    let chosen = chosen_label(app).unwrap_or_default();
    let name = |id: &str| {
        (labels.iter())
            .find(|(l, _)| l == id)
            .map_or(id.to_owned(), |(_, n)| n.clone())
    };
    ui.separator();
    let button = egui::Button::new(format!("Tag all {n} as"));
    if ui
        .add_enabled(n > 0, button)
        .on_hover_text("One undoable edit; hits you already tagged so are left alone")
        .clicked()
    {
        app.request(Command::TagAllHits);
    }
    let combo = egui::ComboBox::from_id_salt("find-tag-label")
        .selected_text(name(&chosen))
        .show_ui(ui, |ui| {
            for (id, label) in &labels {
                if ui.selectable_label(*id == chosen, label).clicked() {
                    app.find.tag_label = Some(id.clone());
                }
            }
        });
    // A screen reader names it by what it is for (it has no visible label).
    let name = "Label for tag all";
    (combo.response).widget_info(|| egui::WidgetInfo::labeled(egui::Role::ComboBox, true, name));
}

fn query_field(ui: &mut Ui, query: &mut Query, hint: &str) -> egui::Response {
    ui.add(
        egui::TextEdit::singleline(&mut query.text)
            .hint_text(hint)
            .desired_width(220.0),
    )
}

fn options(ui: &mut Ui, query: &mut Query) {
    ui.toggle_value(&mut query.match_case, "Aa")
        .on_hover_text("Match case");
    ui.toggle_value(&mut query.match_diacritics, "é")
        .on_hover_text("Match diacritics (off: \"cafe\" finds \"café\")");
    ui.toggle_value(&mut query.regex, ".*")
        .on_hover_text("Regular expression");
}

/// The project search window: the query, a Search on Enter, and the hits with their line.
pub fn project_window(app: &mut MarginaliaApp, ctx: &egui::Context) {
    if !app.find.project_open {
        return;
    }
    let mut open = true;
    let mut picked: Option<(DocId, Span)> = None;
    egui::Window::new("Find in project")
        .open(&mut open)
        .default_width(620.0)
        .default_height(420.0)
        .show(ctx, |ui| {
            ui.horizontal_wrapped(|ui| {
                let field = query_field(ui, &mut app.find.query, "Find in every document");
                if std::mem::take(&mut app.find.focus_project) {
                    field.request_focus();
                }
                let enter = field.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
                options(ui, &mut app.find.query);
                if ui.button("Search").clicked() || enter {
                    run_project_search(app);
                }
            });
            ui.separator();
            picked = results(app, ui);
        });
    app.find.project_open = open;
    if let Some((doc, span)) = picked {
        app.send(Action::ShowSpan(doc, span));
    }
}

fn run_project_search(app: &mut MarginaliaApp) {
    let Some(project) = app.state.project() else {
        return;
    };
    let query = app.find.query.clone();
    let r = &mut app.find.project;
    *r = ProjectResults {
        query: Some(query.clone()),
        ..Default::default()
    };
    match query.compile() {
        Ok(Some(m)) => (r.hits, r.total) = search::find_in_project(project, &m, LIST_LIMIT),
        Ok(None) => {}
        Err(e) => r.error = Some(e.to_string()),
    }
}

/// The hit list; returns the hit clicked.
fn results(app: &mut MarginaliaApp, ui: &mut Ui) -> Option<(DocId, Span)> {
    let r = &app.find.project;
    if let Some(e) = &r.error {
        ui.colored_label(ui.visuals().error_fg_color, e);
        return None;
    }
    let Some(q) = &r.query else {
        ui.weak("Type and press Enter to search every document.");
        return None;
    };
    let project = app.state.project()?;
    let docs = r
        .hits
        .iter()
        .map(|h| h.document)
        .collect::<std::collections::BTreeSet<_>>();
    let shown = if r.total > r.hits.len() {
        format!(" (the first {} listed)", r.hits.len())
    } else {
        String::new()
    };
    ui.label(format!(
        "{} hits of “{}” in {} documents{shown}",
        r.total,
        q.text,
        docs.len()
    ));
    let row_h = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    let mut picked = None;
    egui::ScrollArea::vertical().auto_shrink(false).show_rows(
        ui,
        row_h,
        r.hits.len(),
        |ui, rows| {
            for h in &r.hits[rows] {
                let title = project
                    .document(h.document)
                    .map_or("?", |d| d.title.as_str());
                let text = egui::text::LayoutJob::default();
                let mut job = text;
                let body = egui::TextFormat::default();
                let weak = egui::TextFormat {
                    color: ui.visuals().weak_text_color(),
                    ..Default::default()
                };
                let strong = egui::TextFormat {
                    color: ui.visuals().strong_text_color(),
                    background: ui.visuals().selection.bg_fill.gamma_multiply(0.5),
                    ..Default::default()
                };
                job.append(
                    &format!("{}: ", crate::text::shorten(title, 28)),
                    0.0,
                    weak.clone(),
                );
                job.append(&h.before, 0.0, body.clone());
                job.append(&h.hit, 0.0, strong);
                job.append(&h.after, 0.0, body);
                job.wrap.max_rows = 1;
                job.wrap.max_width = ui.available_width();
                if ui.add(egui::Button::selectable(false, job)).clicked() {
                    picked = Some((h.document, h.span));
                }
            }
        },
    );
    picked
}
