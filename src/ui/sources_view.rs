//! The "who said what" window: every source in the project, grouped by its text, with what
//! was attributed to it. A click opens the quote in the reader. Built from
//! [`crate::sources::who_said_what`], recomputed only when the project or filters change.
use std::sync::Arc;

use eframe::egui::{self, Color32, RichText};

use super::MarginaliaApp;
use super::panels::color_chip;
use crate::model::{AnnotationId, DocId};
use crate::sources::{SourceGroup, to_csv, who_said_what};

/// The groups, with the (project revision, filter hash) they were built from.
type Cached = ((u64, u64), Arc<Vec<SourceGroup>>);

#[derive(Default)]
pub struct SourcesView {
    pub search: String,
    cache: Option<Cached>,
}

impl SourcesView {
    fn groups(&mut self, app_state: &super::state::AppState) -> Arc<Vec<SourceGroup>> {
        let Some(project) = app_state.project() else {
            return Arc::default();
        };
        let key = (project.revision(), app_state.filter_hash());
        if let Some((k, groups)) = &self.cache
            && *k == key
        {
            return Arc::clone(groups);
        }
        let shown: Vec<String> = project
            .annotators()
            .into_iter()
            .filter(|a| !app_state.hidden_annotators.contains(a))
            .collect();
        let groups = Arc::new(who_said_what(project, &shown));
        self.cache = Some((key, Arc::clone(&groups)));
        groups
    }
}

pub fn window(app: &mut MarginaliaApp, ctx: &egui::Context) {
    if !app.state.show_sources || app.state.session.is_none() {
        return;
    }
    let groups = app.sources.groups(&app.state);
    let mut open = true;
    let mut pick: Option<(DocId, AnnotationId, usize)> = None;
    let mut export = false;
    egui::Window::new("Who said what")
        .open(&mut open)
        .default_size([560.0, 520.0])
        .show(ctx, |ui| {
            ui.horizontal(|ui| {
                let label = ui.label("Find:");
                ui.add(
                    egui::TextEdit::singleline(&mut app.sources.search)
                        .hint_text("source or quoted words")
                        .desired_width(220.0),
                )
                .labelled_by(label.id);
                if ui.button("Export CSV…").clicked() {
                    export = true;
                }
            });
            let attributed: usize = groups.iter().map(|g| g.contents.len()).sum();
            ui.weak(format!(
                "{} sources, {attributed} attributed spans. Sources are grouped by their text, \
                 ignoring case and spacing. Click a line to open it.",
                groups.len()
            ));
            ui.separator();
            let needle = crate::sources::normalize(&app.sources.search);
            egui::ScrollArea::vertical()
                .auto_shrink(false)
                .show(ui, |ui| {
                    for g in groups.iter().filter(|g| matches(g, &needle)) {
                        if let Some(p) = group_ui(app, ui, g) {
                            pick = Some(p);
                        }
                    }
                });
        });
    app.state.show_sources = open;
    if export {
        export_csv(app, &groups);
    }
    if let Some((doc, id, start)) = pick {
        app.state.show_document(doc);
        app.state.reader.select_annotation(id, start);
    }
}

fn matches(g: &SourceGroup, needle: &str) -> bool {
    needle.is_empty()
        || g.key.contains(needle)
        || g.contents
            .iter()
            .any(|c| crate::sources::normalize(&c.text).contains(needle))
}

/// One source: a header with counts, then what it said; each line opens its span.
fn group_ui(
    app: &MarginaliaApp,
    ui: &mut egui::Ui,
    g: &SourceGroup,
) -> Option<(DocId, AnnotationId, usize)> {
    let mut pick = None;
    let header = format!(
        "{} — {} attributed · {} mention{} in {} document{}",
        g.name,
        g.contents.len(),
        g.mentions.len(),
        if g.mentions.len() == 1 { "" } else { "s" },
        g.documents,
        if g.documents == 1 { "" } else { "s" }
    );
    egui::CollapsingHeader::new(RichText::new(header).strong())
        .id_salt(("source", &g.key))
        .default_open(g.contents.len() <= 6)
        .show(ui, |ui| {
            if g.contents.is_empty() {
                ui.weak("Nothing linked to this source yet.");
            }
            for c in &g.contents {
                let color = app.label_color(&c.label);
                let line = ui.horizontal(|ui| {
                    // Who tagged it: with several annotators the same quote appears per person.
                    ui.add_sized(
                        [56.0, ui.spacing().interact_size.y],
                        egui::Label::new(RichText::new(&c.annotator).weak()).truncate(),
                    );
                    color_chip(ui, color);
                    ui.add(
                        egui::Button::new(format!("“{}”", c.text))
                            .frame_when_inactive(false)
                            .truncate(),
                    )
                });
                let resp = line.inner.on_hover_text(format!(
                    "{} by {} in “{}”",
                    c.label, c.annotator, c.document_title
                ));
                if resp.clicked() {
                    pick = Some((c.document, c.id, c.start));
                }
            }
            // Where the source is mentioned: each document once, with who tagged it there.
            ui.horizontal_wrapped(|ui| {
                ui.weak("In:");
                let mut seen: Vec<DocId> = Vec::new();
                for m in &g.mentions {
                    if seen.contains(&m.document) {
                        continue;
                    }
                    seen.push(m.document);
                    let who: Vec<&str> = (g.mentions.iter())
                        .filter(|o| o.document == m.document)
                        .map(|o| o.annotator.as_str())
                        .collect();
                    let title = short(&m.document_title, 36);
                    let text =
                        RichText::new(format!("{title} ({})", who.join(", "))).color(Color32::GRAY);
                    if ui.link(text).on_hover_text(&m.text).clicked() {
                        pick = Some((m.document, m.id, m.start));
                    }
                }
            });
        });
    pick
}

/// The first `max` characters, with an ellipsis when cut.
fn short(text: &str, max: usize) -> String {
    let mut chars = text.chars();
    let mut out: String = chars.by_ref().take(max).collect();
    if chars.next().is_some() {
        out.push('…');
    }
    out
}

fn export_csv(app: &mut MarginaliaApp, groups: &[SourceGroup]) {
    let Some(path) = app.dialogs.export_target("who-said-what.csv", false) else {
        return;
    };
    let written = to_csv(groups)
        .map_err(|e| e.to_string())
        .and_then(|bytes| crate::store::write_atomic(&path, &bytes).map_err(|e| e.to_string()));
    match written {
        Ok(()) => app
            .state
            .info(format!("Wrote who said what to {}", path.display())),
        Err(e) => app
            .state
            .error(format!("Could not write {}: {e}", path.display())),
    }
}
