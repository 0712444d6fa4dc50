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
use crate::review::agreement::{self, AgreementReport};
use crate::review::compare::{self, Comparison, ItemSpan, ReviewItem, Verdict};
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
    pub(super) report: Memo<Stamp, Arc<AgreementReport>>,
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
                let (resp, chosen) = item_card(ui, project, idx, &doc, item, current);
                if let Some(name) = chosen {
                    accept = Some((i, name));
                }
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

/// One review item: its verdict and each annotator's version with an Accept button. The
/// card's response, and the annotator whose version was accepted, if any.
fn item_card(
    ui: &mut Ui,
    project: &crate::model::Project,
    idx: &TextIndex,
    doc: &crate::model::Document,
    item: &ReviewItem,
    current: bool,
) -> (egui::Response, Option<String>) {
    let mut accept = None;
    let color = verdict_color(&item.verdict);
    let frame = egui::Frame::group(ui.style()).stroke(if current {
        (2.0, color)
    } else {
        (0.5, Color32::GRAY)
    });
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
                    ui.label(format!(
                        "Alt+{} {}: {}",
                        k + 1,
                        v.annotator,
                        text.join("; ")
                    ));
                    if ui.small_button("Accept").clicked() {
                        accept = Some(v.annotator.clone());
                    }
                });
            }
        })
        .response;
    (resp, accept)
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
        super::panels::list_rows(ui, 2.0, 12.0, rows.len(), |ui, range| {
            for (id, text) in &rows[range] {
                if ui.selectable_label(current == Some(*id), text).clicked() {
                    clicked = Some(*id);
                }
            }
        });
    });
    if let Some(id) = clicked {
        app.send(super::Action::ShowDocument(id));
        app.review.item = None;
    }
}

/// Windows owned by review: the merge confirmation and the agreement dashboard.
pub fn windows(app: &mut MarginaliaApp, ctx: &egui::Context) {
    merge_confirmation(app, ctx);
    super::dashboard::show(app, ctx);
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
