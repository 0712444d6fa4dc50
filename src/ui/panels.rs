//! The panels around the reader: label palette, documents, status bar and the small
//! windows (the annotations panel has its own file). They read state and queue commands; they never edit directly.
use eframe::egui::{self, Color32, RichText, Ui};

use super::command::Command;
use super::{Action, MarginaliaApp};

/// The label palette: one button per label with its hotkey; clicking tags the selection.
pub fn palette(app: &mut MarginaliaApp, ui: &mut Ui) {
    let Some(project) = app.state.project() else {
        return;
    };
    let labels = project.labels().to_vec();
    egui::Panel::top("palette").show(ui, |ui| {
        ui.horizontal(|ui| {
            let ctx = ui.ctx().clone();
            let shown = [
                app.side_panels.documents(&ctx),
                app.side_panels.annotations(&ctx),
            ];
            for (cmd, on, text) in [
                (Command::ToggleDocumentsPanel, shown[0], "Documents"),
                (Command::ToggleAnnotationsPanel, shown[1], "Annotations"),
            ] {
                let hint =
                    cmd.with_key(&format!("Show or hide the {}", cmd.title().to_lowercase()));
                if ui.selectable_label(on, text).on_hover_text(hint).clicked() {
                    app.request(cmd);
                }
            }
            ui.separator();
            ui.label("Tag as:");
            for l in &labels {
                let color = app.label_color(&l.id);
                let key = l.hotkey.map(|k| format!("{k}  ")).unwrap_or_default();
                let text = RichText::new(format!("{key}{}", l.name))
                    .color(Color32::WHITE)
                    .strong();
                let button = egui::Button::new(text).fill(color.gamma_multiply(0.9));
                let hint = format!(
                    "{} — press {}",
                    l.description,
                    l.hotkey.map(String::from).unwrap_or_default()
                );
                if ui.add(button).on_hover_text(hint).clicked() {
                    app.request_tag(&l.id);
                }
            }
            ui.separator();
            let linking = app.state.reader.linking.is_some();
            let (text, hint) = if linking {
                (
                    Command::ClearSelection.button_text("Cancel link"),
                    "Click the other end of the link, or Tab to it and press Enter",
                )
            } else {
                (
                    Command::LinkToSource.button_text("Link to source"),
                    "Select a quote, claim or figure, press L, then click its source (attribution)",
                )
            };
            if ui
                .add(egui::Button::new(text).selected(linking))
                .on_hover_text(hint)
                .clicked()
            {
                app.request(if linking {
                    Command::ClearSelection
                } else {
                    Command::LinkToSource
                });
            }
            if ui
                .button(Command::WhoSaidWhat.button_text("Who said what"))
                .on_hover_text("Every source in the project with what it said")
                .clicked()
            {
                app.request(Command::WhoSaidWhat);
            }
            ui.separator();
            let hint =
                "Select text, press a key. Click a span to select it; Alt+drag adds a fragment.";
            ui.add(egui::Label::new(RichText::new(hint).weak()).truncate())
                .on_hover_text(hint);
        });
    });
}

pub fn status_bar(app: &mut MarginaliaApp, ui: &mut Ui) {
    egui::Panel::bottom("status").show(ui, |ui| {
        ui.horizontal(|ui| {
            if app.state.review_mode {
                ui.label(RichText::new("REVIEW").strong().color(Color32::from_rgb(0xD5, 0x5E, 0x00)));
                ui.label("decisions go to the gold layer");
            } else {
                let who = ui.label(format!("Annotator: {}", app.state.annotator()));
                if who.on_hover_text("Click to change your name").clicked() {
                    app.request(Command::ChangeName);
                }
            }
            if let Some(s) = &app.state.session {
                ui.separator();
                let p = s.project();
                if s.is_saving() {
                    ui.label("Saving…");
                } else if s.is_dirty() && s.is_journaled() {
                    // True by construction: an edit the journal refused is not made at all.
                    ui.label(RichText::new("Unsaved (kept in the journal)").color(Color32::from_rgb(0xD5, 0x5E, 0x00)))
                        .on_hover_text("Every edit is already in the journal beside the project, so a crash loses nothing; Ctrl+S writes the project file.");
                } else if s.is_dirty() {
                    ui.label(RichText::new("Unsaved").color(Color32::from_rgb(0xD5, 0x5E, 0x00)));
                } else {
                    ui.label("Saved");
                }
                ui.separator();
                ui.label(format!("{} documents · {} annotations", p.documents().len(), p.annotation_count()));
                if let Some(d) = app.state.current {
                    ui.label(format!("· {} in this document", p.count_in(d)));
                }
                if let Some(sel) = app.state.reader.selection.filter(|s| !s.is_empty()) {
                    ui.separator();
                    ui.label(format!("Selection [{}, {})", sel.span().start, sel.span().end));
                }
            }
            if let Some(job) = &app.state.suggest_job {
                ui.separator();
                let (done, all) = job.progress();
                let bar = egui::ProgressBar::new(done as f32 / all.max(1) as f32)
                    .desired_width(220.0)
                    .text(format!("Suggesting: {done} / {all}"));
                ui.add(bar);
                if ui.button("Stop").on_hover_text(Command::StopSuggesting.title()).clicked() {
                    app.request(Command::StopSuggesting);
                }
            }
            if let Some(status) = &app.state.status {
                ui.separator();
                let color = if status.error { ui.visuals().error_fg_color } else { ui.visuals().text_color() };
                // Long messages are cut to the bar's width; the whole text is in the tooltip.
                ui.add(egui::Label::new(RichText::new(&status.text).color(color)).truncate())
                    .on_hover_text(&status.text);
            }
        });
    });
}

/// A resizable side panel taking `share` of the window's width by default, and never so
/// much that the reader is squeezed on a small screen (900 px wide: ~8 words a line) nor
/// so little that lines are cut on a wide one. egui keeps a panel's width once shown, so
/// the panel's identity includes the window's width in 200-point steps: a window made much
/// wider or narrower gets panels sized for it (a width the user dragged lasts until then).
pub fn side_panel(ui: &Ui, id: &'static str, left: bool, share: f32) -> egui::Panel {
    let width = ui.ctx().content_rect().width();
    let id = (id, (width / 200.0).round() as u32);
    let panel = if left {
        egui::Panel::left(id)
    } else {
        egui::Panel::right(id)
    };
    panel
        .resizable(true)
        .default_size((width * share).clamp(150.0, 560.0))
        .size_range(120.0..=(width * share * 1.5).max(160.0))
}

/// A scrolling list of `n` rows of `lines` text lines each (plus `pad` points), of which
/// only the visible rows are built: `add_rows` gets their index range.
pub fn list_rows(
    ui: &mut Ui,
    lines: f32,
    pad: f32,
    n: usize,
    add_rows: impl FnOnce(&mut Ui, std::ops::Range<usize>),
) {
    let row_h = lines * ui.text_style_height(&egui::TextStyle::Body) + pad;
    egui::ScrollArea::vertical()
        .auto_shrink(false)
        .show_rows(ui, row_h, n, add_rows);
}

pub fn color_chip(ui: &mut Ui, color: Color32) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
    ui.painter().rect_filled(rect, 2.0, color);
}

pub fn welcome(app: &mut MarginaliaApp, ui: &mut Ui) {
    ui.vertical_centered(|ui| {
        ui.add_space(80.0);
        ui.heading("Marginalia");
        ui.label("Tag claims, quotes, figures and attributions in news articles.");
        ui.add_space(20.0);
        if ui.button("New project…").clicked() {
            app.request(Command::NewProject);
        }
        if ui.button("Open project…").clicked() {
            app.request(Command::OpenProject);
        }
    });
}

pub fn empty_project(app: &mut MarginaliaApp, ui: &mut Ui) {
    ui.vertical_centered(|ui| {
        ui.add_space(80.0);
        ui.heading("No articles yet");
        ui.label("Import plain-text articles, or drop files on this window.");
        if ui.button("Import articles…").clicked() {
            app.request(Command::ImportArticles);
        }
        if ui.button("Import folder…").clicked() {
            app.request(Command::ImportFolder);
        }
    });
}

/// Modal-ish windows: save conflict, problems, shortcuts.
pub fn windows(app: &mut MarginaliaApp, ctx: &egui::Context) {
    save_conflict(app, ctx);
    problems(app, ctx);
    shortcuts(app, ctx);
}

fn save_conflict(app: &mut MarginaliaApp, ctx: &egui::Context) {
    if !app.state.save_conflict {
        return;
    }
    egui::Window::new("The project file changed on disk").collapsible(false).anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0]).show(ctx, |ui| {
        ui.label("Another program changed the file since you opened it. Your edits are safe in the journal.");
        ui.horizontal(|ui| {
            if ui.button("Merge their changes with mine").clicked() {
                app.send(Action::MergeFromDisk);
            }
            if ui.button("Save as a new file…").clicked() {
                app.state.save_conflict = false;
                app.request(Command::SaveAs);
            }
            if ui.button("Overwrite their changes").clicked() {
                app.state.save_conflict = false;
                app.send(Action::SaveOverwriting);
            }
            if ui.button("Cancel").clicked() {
                app.state.save_conflict = false;
            }
        });
    });
}

fn problems(app: &mut MarginaliaApp, ctx: &egui::Context) {
    if !app.state.show_problems {
        return;
    }
    // Recorded merge conflicts are shown live from the project (they can be cleared here);
    // the problems found when the file was read, without them.
    let problems: Vec<String> = (app.state.session.as_ref())
        .map(|s| {
            (s.problems.iter())
                .filter(|p| !p.location.starts_with(crate::model::MERGE_CONFLICT_AT))
                .map(ToString::to_string)
                .collect()
        })
        .unwrap_or_default();
    let conflicts: Vec<String> = (app.state.project())
        .map(|p| {
            (p.merge_conflicts().iter())
                .map(|c| format!("{}: {}", c.location, c.message))
                .collect()
        })
        .unwrap_or_default();
    let mut open = true;
    egui::Window::new("Problems in this project")
        .open(&mut open)
        .default_width(560.0)
        .show(ctx, |ui| {
            if problems.is_empty() && conflicts.is_empty() {
                ui.label("No problems found.");
            }
            egui::ScrollArea::vertical()
                .max_height(400.0)
                .show(ui, |ui| {
                    for p in &problems {
                        ui.label(p);
                    }
                    if !conflicts.is_empty() {
                        ui.separator();
                        ui.strong(format!(
                            "Conflicts merges resolved by rule ({})",
                            conflicts.len()
                        ));
                        for c in &conflicts {
                            ui.label(c);
                        }
                    }
                });
            if !conflicts.is_empty() {
                let clear = ui.button(Command::ClearMergeConflicts.title());
                if clear
                    .on_hover_text("Once you have checked them: one edit, undoable")
                    .clicked()
                {
                    app.request(Command::ClearMergeConflicts);
                }
            }
        });
    app.state.show_problems = open;
}

fn shortcuts(app: &mut MarginaliaApp, ctx: &egui::Context) {
    let mut open = app.state.show_shortcuts;
    // Scrolls: the list is longer than a small window, and its last rows (review,
    // export, who said what) were cut off.
    let height = (ctx.content_rect().height() - 120.0).max(160.0);
    egui::Window::new("Keyboard shortcuts")
        .open(&mut open)
        .max_height(height)
        .show(ctx, |ui| {
            egui::ScrollArea::vertical()
                .max_height(height)
                .show(ui, |ui| {
                    egui::Grid::new("shortcuts").striped(true).show(ui, |ui| {
                        if let Some(p) = app.state.project() {
                            for l in p.labels() {
                                if let Some(k) = l.hotkey {
                                    ui.label(k.to_string());
                                    ui.label(format!(
                                        "Tag the selection as {} (or relabel the selected span)",
                                        l.name
                                    ));
                                    ui.end_row();
                                }
                            }
                        }
                        for (keys, what) in [
                            (
                                "Click",
                                "Select a span (again: the next span stacked there)",
                            ),
                            ("Drag", "Select text, widened to whole words at both ends"),
                            (
                                "Ctrl+drag (⌘+drag)",
                                "Select exact characters, not whole words",
                            ),
                            (
                                "Alt+drag",
                                "Add the dragged text to the selected span (a split span)",
                            ),
                            (
                                "Alt+click",
                                "Remove that fragment from the selected split span",
                            ),
                            (
                                "L, then click",
                                "Link the selected span to its source (or source to content)",
                            ),
                        ] {
                            ui.label(keys);
                            ui.label(what);
                            ui.end_row();
                        }
                        for &cmd in Command::ALL {
                            let keys: Vec<String> = cmd
                                .shortcut()
                                .into_iter()
                                .chain(cmd.alternatives().iter().copied())
                                .map(|s| ctx.format_shortcut(&s))
                                .collect();
                            if !keys.is_empty() {
                                ui.label(keys.join(" / "));
                                ui.label(cmd.title());
                                ui.end_row();
                            }
                        }
                    });
                });
        });
    app.state.show_shortcuts = open;
}
