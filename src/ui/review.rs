//! Review mode: every annotator's spans on the same text, each disagreement walked with
//! the keyboard, decisions written to the `gold` layer; the agreement dashboard; merging
//! colleagues' copies. The rules live in `crate::review`; this is only the window.
use std::path::PathBuf;
use std::sync::Arc;

use eframe::egui::{self, Color32, RichText, Ui};

use super::memo::Memo;
use super::selection::TextSelection;
use super::{Command, MarginaliaApp};
use crate::model::{DocId, Edit, Span, Stamp};
use crate::review::adjudicate::{self, DocReview};
use crate::review::agreement::{self, AgreementReport, LinkF1};
use crate::review::compare::{self, Comparison, ItemSpan, Verdict};
use crate::review::merge::{MergePlan, plan_merge};
use crate::text::TextIndex;

/// The review-mode documents list: each document with its line as drawn.
type DocLines = Arc<Vec<(DocId, String)>>;

#[derive(Default)]
pub struct ReviewUi {
    /// Index of the current item in the comparison.
    pub item: Option<usize>,
    /// The current document's comparison.
    comparison: Memo<(Stamp, DocId), Arc<Comparison>>,
    /// The review-mode documents list, ready to draw (sorted by disagreement or not), so
    /// a frame does no work per document.
    doc_reviews: Memo<(Stamp, bool), DocLines>,
    pub sort_by_disagreement: bool,
    pub dashboard: bool,
    report: Memo<Stamp, Arc<AgreementReport>>,
    pub pair: (usize, usize),
    /// Merges that would lose an edit of ours, waiting for the user's word.
    pub pending_merge: Option<(PathBuf, MergePlan)>,
}

/// The current document's comparison, rebuilt only when the project changes.
pub fn comparison(app: &mut MarginaliaApp) -> Option<Arc<Comparison>> {
    let project = app.state.project()?;
    let doc = app.state.current?;
    Some(app.review.comparison.get((project.stamp(), doc), || {
        Arc::new(compare::compare(
            project,
            doc,
            &agreement::default_annotators(project),
        ))
    }))
}

fn doc_reviews(app: &mut MarginaliaApp) -> DocLines {
    let Some(project) = app.state.project() else {
        return Arc::default();
    };
    let sorted = app.review.sort_by_disagreement;
    (app.review.doc_reviews).get((project.stamp(), sorted), || {
        Arc::new(review_rows(project, sorted))
    })
}

/// Each document's title, disagreements and status, most disagreements first if `sorted`.
fn review_rows(project: &crate::model::Project, sorted: bool) -> Vec<(DocId, String)> {
    let names = agreement::default_annotators(project);
    let mut rows: Vec<(DocId, DocReview)> = project
        .documents()
        .iter()
        .map(|d| (d.id, adjudicate::doc_review(project, d.id, &names)))
        .collect();
    if sorted {
        rows.sort_by_key(|(_, r)| std::cmp::Reverse(r.disagreements));
    }
    rows.into_iter()
        .filter_map(|(id, r)| {
            let title = &project.document(id)?.title;
            let line = format!(
                "{title}\n{} disagreements · {}",
                r.disagreements,
                r.status.describe()
            );
            Some((id, line))
        })
        .collect()
}

/// Moves to the next (`forward`) or previous disagreement and selects its text.
pub fn step_disagreement(app: &mut MarginaliaApp, forward: bool) {
    let Some(c) = comparison(app) else { return };
    let from = match app.review.item.and_then(|i| c.items.get(i)) {
        Some(item) => item.span.start,
        None if forward => 0,
        None => usize::MAX,
    };
    let found = if forward {
        if app.review.item.is_none() {
            c.items.iter().position(|i| i.verdict.is_disagreement())
        } else {
            c.next_disagreement(from)
        }
    } else {
        c.prev_disagreement(from)
    };
    match found {
        Some(i) => focus_item(app, &c, i),
        None => app.state.info(if forward {
            "No more disagreements below"
        } else {
            "No more disagreements above"
        }),
    }
}

fn focus_item(app: &mut MarginaliaApp, c: &Comparison, i: usize) {
    app.review.item = Some(i);
    let span = c.items[i].span;
    app.state.reader.selected = None;
    // Selecting the item's text lets the reviewer draw a corrected gold span at once.
    app.state.reader.selection = Some(TextSelection {
        anchor: span.start,
        head: span.end,
    });
    app.state.reader.scroll_to = Some(span.start);
}

/// What the status bar says on entering review mode, keys from the command list.
pub fn mode_hint() -> String {
    let k = |c: Command| c.key_text().unwrap_or_default();
    format!(
        "Review mode: {} / {} walk disagreements, {}/{} accept a version, {} accepts all agreed",
        k(Command::NextDisagreement),
        k(Command::PreviousDisagreement),
        k(Command::AcceptVersion1),
        k(Command::AcceptVersion2),
        k(Command::AcceptAgreed)
    )
}

/// Accepts annotator number `k` (1-based, in the order shown) for the current item.
pub fn accept_version(app: &mut MarginaliaApp, k: usize) {
    let (Some(c), Some(i)) = (comparison(app), app.review.item) else {
        let hint = Command::NextDisagreement.key_text();
        app.state.info(format!(
            "Go to a disagreement first ({})",
            hint.unwrap_or_default()
        ));
        return;
    };
    let Some(name) = c.annotators.get(k.wrapping_sub(1)).cloned() else {
        return;
    };
    let (Some(project), Some(item)) = (app.state.project(), c.items.get(i)) else {
        return;
    };
    if item.version(&name).is_none() {
        app.state.info(format!("{name} has no span here; accepting that means no gold span: use Delete on the gold span instead"));
        return;
    }
    let edit = adjudicate::accept_version(project, c.document, item, &name);
    if app.state.apply(edit) {
        app.state.info(format!("Accepted {name}'s version"));
    }
}

pub fn accept_all_agreed(app: &mut MarginaliaApp) {
    let (Some(project), Some(doc)) = (app.state.project(), app.state.current) else {
        return;
    };
    let edit = adjudicate::accept_all_agreed(project, doc, &agreement::default_annotators(project));
    let n = match &edit {
        Edit::Batch(e) => e.len(),
        _ => 1,
    };
    if n == 0 {
        app.state
            .info("Every agreed span is already in the gold layer");
    } else if app.state.apply(edit) {
        app.state
            .info(format!("Accepted all agreed spans ({n} changes)"));
    }
}

/// File → Merge annotations from…: plan each file; apply, or ask first if ours would be lost.
pub fn merge_files(app: &mut MarginaliaApp, paths: Vec<PathBuf>) {
    for path in paths {
        let other = match crate::store::load(&path) {
            Ok(l) => l.project,
            Err(e) => {
                app.state.error(format!("Not merged: {e}"));
                continue;
            }
        };
        let Some(project) = app.state.project() else {
            return;
        };
        let plan = plan_merge(project, &other);
        if plan.would_lose.is_empty() {
            apply_merge(app, &path, plan);
        } else {
            app.review.pending_merge = Some((path, plan));
            return;
        }
    }
}

fn apply_merge(app: &mut MarginaliaApp, path: &std::path::Path, plan: MergePlan) {
    let summary = format!(
        "Merged {}: {} added, {} updated, {} unchanged, {} skipped, {} links added{}",
        path.display(),
        plan.added,
        plan.updated,
        plan.unchanged,
        plan.skipped,
        plan.links_added,
        plan.report
            .first()
            .map(|r| format!(" — {r}"))
            .unwrap_or_default()
    );
    if plan.edits.is_empty() || app.state.apply(Edit::Batch(plan.edits)) {
        app.state.info(summary);
    }
}

/// The right-hand panel in review mode.
pub fn panel(app: &mut MarginaliaApp, ui: &mut Ui) {
    let Some(c) = comparison(app) else { return };
    let Some(project) = app.state.project() else {
        return;
    };
    let Some(doc) = project.document(c.document).cloned() else {
        return;
    };
    let summary = adjudicate::summarize(project, &c);
    let mut clicked: Option<usize> = None;
    let mut accept: Option<(usize, String)> = None;
    let mut accept_all = false;
    super::panels::side_panel(ui, "review", false, 0.28).show(ui, |ui| {
        ui.heading("Review");
        ui.label(format!(
            "{} items · {} disagreements · {} decided · {}",
            summary.items,
            summary.disagreements,
            summary.decided,
            summary.status.describe()
        ));
        ui.horizontal(|ui| {
            let previous = Command::PreviousDisagreement.with_key("◀ Previous");
            if ui.button(previous).clicked() {
                app.pending.push(super::Action::Run(Command::PreviousDisagreement));
            }
            if ui.button(Command::NextDisagreement.with_key("Next ▶")).clicked() {
                app.pending.push(super::Action::Run(Command::NextDisagreement));
            }
        });
        if ui.button(Command::AcceptAgreed.with_key(Command::AcceptAgreed.title())).clicked() {
            accept_all = true;
        }
        let (one, two) = (Command::AcceptVersion1.key_text(), Command::AcceptVersion2.key_text());
        ui.weak(format!(
            "{}, {}…: accept that annotator's version. Select text and press a label key to draw a gold span.",
            one.unwrap_or_default(),
            two.unwrap_or_default()
        ));
        ui.separator();
        let idx = doc.index();
        egui::ScrollArea::vertical().auto_shrink(false).show(ui, |ui| {
            for (i, item) in c.items.iter().enumerate() {
                let current = app.review.item == Some(i);
                let color = verdict_color(&item.verdict);
                let frame = egui::Frame::group(ui.style()).stroke(if current { (2.0, color) } else { (0.5, Color32::GRAY) });
                let resp = frame
                    .show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        ui.horizontal(|ui| {
                            ui.label(RichText::new(item.verdict.describe()).color(color).strong());
                            if item.decided {
                                ui.label("· decided");
                            }
                        });
                        let links_differ = item.verdict == Verdict::LinkConflict;
                        for (k, v) in item.versions.iter().enumerate() {
                            ui.horizontal_wrapped(|ui| {
                                let text: Vec<String> = v
                                    .spans
                                    .iter()
                                    .map(|s| {
                                        let is_source = project.label(&s.label).is_some_and(|l| l.is_source);
                                        describe_span(idx, &doc.text, s, links_differ && !is_source)
                                    })
                                    .collect();
                                ui.label(format!("Alt+{} {}: {}", k + 1, v.annotator, text.join("; ")));
                                if ui.small_button("Accept").clicked() {
                                    accept = Some((i, v.annotator.clone()));
                                }
                            });
                        }
                    })
                    .response;
                if current && app.state.reader.scroll_to.is_some() {
                    resp.scroll_to_me(Some(egui::Align::Center));
                }
                if ui.interact(resp.rect, ui.scope_id().with(("item", i)), egui::Sense::click()).clicked() {
                    clicked = Some(i);
                }
            }
        });
    });
    if let Some(i) = clicked {
        focus_item(app, &c, i);
    }
    if let Some((i, name)) = accept {
        app.review.item = Some(i);
        let k = c
            .annotators
            .iter()
            .position(|a| *a == name)
            .map_or(0, |k| k + 1);
        accept_version(app, k);
    }
    if accept_all {
        accept_all_agreed(app);
    }
}

/// The text of a span's pieces, “…” between those of a split span.
fn excerpt(idx: &TextIndex, text: &str, pieces: &[Span]) -> String {
    (pieces.iter())
        .map(|p| super::state::excerpt(idx, text, p.start, p.end, 40))
        .collect::<Vec<_>>()
        .join(" … ")
}

/// `quote “…” · source: attribution “…”`: a span and the source it is linked to.
/// `say_unlinked` writes "· no source" for a content without one (where the versions'
/// links differ).
fn describe_span(idx: &TextIndex, text: &str, s: &ItemSpan, say_unlinked: bool) -> String {
    let source = match &s.source {
        Some(o) => format!(
            " · source: {} “{}”",
            o.label,
            excerpt(idx, text, o.pieces())
        ),
        None if say_unlinked => " · no source".into(),
        None => String::new(),
    };
    format!("{} “{}”{source}", s.label, excerpt(idx, text, s.pieces()))
}

fn verdict_color(v: &Verdict) -> Color32 {
    match v {
        Verdict::Agreed => Color32::from_rgb(0x00, 0x9E, 0x73),
        Verdict::Missing { .. } => Color32::from_rgb(0x56, 0xB4, 0xE9),
        _ => Color32::from_rgb(0xD5, 0x5E, 0x00),
    }
}

/// Documents list in review mode: status and number of disagreements, optionally sorted.
pub fn documents(app: &mut MarginaliaApp, ui: &mut Ui) {
    let rows = doc_reviews(app);
    let current = app.state.current;
    let mut clicked = None;
    super::panels::side_panel(ui, "review-documents", true, 0.19).show(ui, |ui| {
        ui.heading("Documents");
        ui.checkbox(
            &mut app.review.sort_by_disagreement,
            "Most disagreements first",
        );
        let row_h = 2.0 * ui.text_style_height(&egui::TextStyle::Body) + 12.0;
        egui::ScrollArea::vertical().auto_shrink(false).show_rows(
            ui,
            row_h,
            rows.len(),
            |ui, range| {
                for (id, text) in &rows[range] {
                    if ui.selectable_label(current == Some(*id), text).clicked() {
                        clicked = Some(*id);
                    }
                }
            },
        );
    });
    if let Some(id) = clicked {
        app.send(super::Action::ShowDocument(id));
        app.review.item = None;
    }
}

/// Windows owned by review: the merge confirmation and the agreement dashboard.
pub fn windows(app: &mut MarginaliaApp, ctx: &egui::Context) {
    merge_confirmation(app, ctx);
    dashboard(app, ctx);
}

fn merge_confirmation(app: &mut MarginaliaApp, ctx: &egui::Context) {
    let Some((path, plan)) = &app.review.pending_merge else {
        return;
    };
    let mut decision = None;
    egui::Window::new("Merging would replace some of your edits")
        .collapsible(false)
        .show(ctx, |ui| {
            ui.label(format!(
                "{} has newer versions of {} annotations you also changed:",
                path.display(),
                plan.would_lose.len()
            ));
            for lost in plan.would_lose.iter().take(8) {
                ui.label(format!(
                    "• {}: yours “{}”, theirs “{}”",
                    lost.document_title, lost.ours.label, lost.theirs.label
                ));
            }
            ui.horizontal(|ui| {
                if ui.button("Merge, keeping the newer edits").clicked() {
                    decision = Some(true);
                }
                if ui.button("Cancel").clicked() {
                    decision = Some(false);
                }
            });
        });
    match decision {
        Some(true) => {
            if let Some((path, plan)) = app.review.pending_merge.take() {
                apply_merge(app, &path, plan);
            }
        }
        Some(false) => {
            app.review.pending_merge = None;
            app.state.info("Merge cancelled; nothing changed");
        }
        None => {}
    }
}

fn report(app: &mut MarginaliaApp) -> Option<Arc<AgreementReport>> {
    let project = app.state.project()?;
    Some(app.review.report.get(project.stamp(), || {
        Arc::new(agreement::agreement(
            project,
            &agreement::default_annotators(project),
        ))
    }))
}

fn fmt(v: Option<f64>) -> String {
    v.map_or("n/a".into(), |x| format!("{x:.3}"))
}

/// "0.400 (1 of 3/2 links agree)".
fn fmt_links(l: &LinkF1) -> String {
    format!(
        "{} ({} of {}/{} links agree)",
        fmt(l.f1),
        l.agreed,
        l.links_a,
        l.links_b
    )
}

fn dashboard(app: &mut MarginaliaApp, ctx: &egui::Context) {
    if !app.review.dashboard {
        return;
    }
    let Some(r) = report(app) else { return };
    let mut open = true;
    egui::Window::new("Agreement")
        .open(&mut open)
        .default_width(640.0)
        .show(ctx, |ui| {
            ui.label(format!(
                "{} documents done by every annotator ({} not yet) · {} character units",
                r.documents, r.documents_not_done, r.units
            ));
            egui::Grid::new("overall").num_columns(2).show(ui, |ui| {
                for (name, v) in [
                    ("Fleiss' kappa", r.fleiss_kappa),
                    ("Krippendorff's alpha (nominal)", r.krippendorff_alpha),
                    ("Span F1, exact", r.span_f1_exact),
                    ("Span F1, overlap", r.span_f1_overlap.f1),
                ] {
                    ui.label(name);
                    ui.monospace(fmt(v));
                    ui.end_row();
                }
                ui.label("Link F1");
                ui.monospace(fmt_links(&r.link_f1));
                ui.end_row();
            });
            ui.separator();
            ui.strong("Pairwise: Cohen's kappa / span F1 exact / link F1");
            egui::Grid::new("pairs").striped(true).show(ui, |ui| {
                ui.label("");
                for b in &r.annotators {
                    ui.strong(b);
                }
                ui.end_row();
                for a in &r.annotators {
                    ui.strong(a);
                    for b in &r.annotators {
                        match r.pair(a, b) {
                            Some(p) if a != b => ui.monospace(format!(
                                "{} / {} / {}",
                                fmt(p.cohen_kappa),
                                fmt(p.span_f1_exact),
                                fmt(p.link_f1.f1)
                            )),
                            _ => ui.weak("—"),
                        };
                    }
                    ui.end_row();
                }
            });
            ui.separator();
            ui.strong("Span F1 (exact) per label");
            let bars: Vec<egui_plot::Bar> = r
                .per_label
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    egui_plot::Bar::new(i as f64, l.span_f1_exact.unwrap_or(0.0)).name(&l.label)
                })
                .collect();
            let names: Vec<String> = r.per_label.iter().map(|l| l.label.clone()).collect();
            egui_plot::Plot::new("per-label")
                .height(160.0)
                .include_y(1.0)
                .include_y(0.0)
                .allow_drag(false)
                .allow_zoom(false)
                .allow_scroll(false)
                .x_axis_formatter(move |m, _| {
                    names
                        .get(m.value.round() as usize)
                        .filter(|_| (m.value - m.value.round()).abs() < 1e-6)
                        .cloned()
                        .unwrap_or_default()
                })
                .show(ui, |plot| {
                    plot.bar_chart(egui_plot::BarChart::new("span F1", bars).width(0.6))
                });
            confusion(app, ui, &r);
        });
    app.review.dashboard = open;
}

/// Label-by-label confusion between two annotators on character units, as a heatmap.
fn confusion(app: &mut MarginaliaApp, ui: &mut Ui, r: &AgreementReport) {
    if r.annotators.len() < 2 {
        ui.weak("Confusion needs two annotators.");
        return;
    }
    ui.separator();
    let n = r.annotators.len();
    let (a, b) = (app.review.pair.0.min(n - 1), app.review.pair.1.min(n - 1));
    ui.horizontal(|ui| {
        ui.strong("Confusion between");
        egui::ComboBox::from_id_salt("pa")
            .selected_text(&r.annotators[a])
            .show_ui(ui, |ui| {
                for (i, name) in r.annotators.iter().enumerate() {
                    ui.selectable_value(&mut app.review.pair.0, i, name);
                }
            })
            .response
            .accessible_name("Annotator of the rows");
        ui.label("(rows) and");
        egui::ComboBox::from_id_salt("pb")
            .selected_text(&r.annotators[b.max(1).min(n - 1)])
            .show_ui(ui, |ui| {
                for (i, name) in r.annotators.iter().enumerate() {
                    ui.selectable_value(&mut app.review.pair.1, i, name);
                }
            })
            .response
            .accessible_name("Annotator of the columns");
        ui.label("(columns)");
    });
    if app.review.pair == (0, 0) {
        app.review.pair = (0, 1);
    }
    let Some(p) = r
        .pair(&r.annotators[a], &r.annotators[b])
        .filter(|_| a != b)
    else {
        ui.weak("Pick two different annotators.");
        return;
    };
    let cats = &p.confusion.categories;
    let max = p
        .confusion
        .counts
        .iter()
        .flatten()
        .copied()
        .max()
        .unwrap_or(1)
        .max(1) as f32;
    let cell = egui::vec2(90.0, 26.0);
    egui::Grid::new("confusion")
        .spacing([2.0, 2.0])
        .show(ui, |ui| {
            ui.label("");
            for c in cats {
                ui.strong(c);
            }
            ui.end_row();
            for (i, row) in p.confusion.counts.iter().enumerate() {
                ui.strong(&cats[i]);
                for &v in row {
                    let (rect, _) = ui.allocate_exact_size(cell, egui::Sense::hover());
                    let t = (v as f32 / max).sqrt();
                    let fill = Color32::from_rgb(0x00, 0x72, 0xB2).gamma_multiply(0.1 + 0.9 * t);
                    ui.painter().rect_filled(rect, 2.0, fill);
                    let text_color = if t > 0.5 {
                        Color32::WHITE
                    } else {
                        ui.visuals().text_color()
                    };
                    ui.painter().text(
                        rect.center(),
                        egui::Align2::CENTER_CENTER,
                        v.to_string(),
                        egui::FontId::monospace(12.0),
                        text_color,
                    );
                }
                ui.end_row();
            }
        });
}
