//! The agreement dashboard (F3): per-annotator figures, pairwise kappa and F1, span F1
//! per label, and a confusion table between two annotators, all from one report computed
//! once per project change.
use std::sync::Arc;

use eframe::egui::{self, Color32, Ui};

use super::MarginaliaApp;
use crate::review::agreement::{self, AgreementReport, LinkF1};

fn report(app: &mut MarginaliaApp) -> Option<Arc<AgreementReport>> {
    let project = app.state.project()?;
    Some(app.review.report.get(project.stamp(), || {
        Arc::new(agreement::agreement(
            project,
            &agreement::default_annotators(project),
        ))
    }))
}

/// The name of the label `id` in the open project.
fn label_name(app: &MarginaliaApp, id: &str) -> String {
    (app.state.project()).map_or_else(|| id.to_owned(), |p| p.label_name(id).to_owned())
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

pub fn show(app: &mut MarginaliaApp, ctx: &egui::Context) {
    if !app.review.dashboard {
        return;
    }
    let Some(r) = report(app) else { return };
    // Labels by their names, as everywhere else in the window (the report keeps ids).
    let names: Vec<String> = (r.per_label.iter())
        .map(|l| label_name(app, &l.label))
        .collect();
    let mut open = true;
    egui::Window::new("Agreement")
        .open(&mut open)
        .default_width(640.0)
        .show(ctx, |ui| {
            ui.label(format!(
                "{} documents done by every annotator ({} not yet) · {} character units",
                r.documents, r.documents_not_done, r.units
            ));
            overall(ui, &r);
            ui.separator();
            pairwise(ui, &r);
            ui.separator();
            per_label(ui, &r, names);
            confusion(app, ui, &r);
        });
    app.review.dashboard = open;
}

/// The figures over all annotators.
fn overall(ui: &mut Ui, r: &AgreementReport) {
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
}

/// Cohen's kappa, exact span F1 and link F1 for every pair of annotators.
fn pairwise(ui: &mut Ui, r: &AgreementReport) {
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
}

/// Exact span F1 per label, as bars named by the labels' `names`.
fn per_label(ui: &mut Ui, r: &AgreementReport, names: Vec<String>) {
    ui.strong("Span F1 (exact) per label");
    let bars: Vec<egui_plot::Bar> = r
        .per_label
        .iter()
        .enumerate()
        .map(|(i, l)| egui_plot::Bar::new(i as f64, l.span_f1_exact.unwrap_or(0.0)).name(&names[i]))
        .collect();
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
        let names = &r.annotators;
        annotator_choice(ui, "rows", names, &mut app.review.pair.0, a);
        ui.label("(rows) and");
        annotator_choice(
            ui,
            "columns",
            names,
            &mut app.review.pair.1,
            b.max(1).min(n - 1),
        );
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
    // Categories are label ids (and "none"): shown by the labels' names.
    let cats: Vec<String> = (p.confusion.categories.iter())
        .map(|c| label_name(app, c))
        .collect();
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
            for c in &cats {
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

/// A combo box choosing one of `names` (by index) for the confusion table's `side`.
fn annotator_choice(ui: &mut Ui, side: &str, names: &[String], chosen: &mut usize, shown: usize) {
    egui::ComboBox::from_id_salt(("pair", side))
        .selected_text(&names[shown])
        .show_ui(ui, |ui| {
            for (i, name) in names.iter().enumerate() {
                ui.selectable_value(chosen, i, name);
            }
        })
        .response
        .accessible_name(format!("Annotator of the {side}"));
}
