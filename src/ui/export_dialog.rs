//! File → Export…: format, annotators and offset unit, then a target chosen in a dialog.
//! The export runs on a worker thread over a snapshot of the project, with a progress bar.
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver};

use eframe::egui;

use super::MarginaliaApp;
use super::dialogs::FileRequest;
use crate::export::{self, ExportError, ExportOptions, ExportReport, Format, OffsetUnit};

pub struct ExportDialog {
    pub open: bool,
    pub format: Format,
    pub offsets: OffsetUnit,
    /// Annotators left out of the export.
    pub excluded: std::collections::BTreeSet<String>,
    /// An existing target the user must confirm replacing.
    pub confirm_replace: Option<PathBuf>,
    job: Option<ExportJob>,
}

struct ExportJob {
    done: Arc<AtomicUsize>,
    total: Arc<AtomicUsize>,
    result: Receiver<Result<ExportReport, ExportError>>,
    out: PathBuf,
}

impl Default for ExportDialog {
    fn default() -> Self {
        Self {
            open: false,
            format: Format::Jsonl,
            offsets: OffsetUnit::default(),
            excluded: Default::default(),
            confirm_replace: None,
            job: None,
        }
    }
}

impl ExportDialog {
    pub fn is_running(&self) -> bool {
        self.job.is_some()
    }
}

pub fn show(app: &mut MarginaliaApp, ctx: &egui::Context) {
    poll(app, ctx);
    if !app.export.open {
        return;
    }
    let annotators = app
        .state
        .project()
        .map(|p| p.annotators())
        .unwrap_or_default();
    let mut open = true;
    let mut start: Option<bool> = None;
    egui::Window::new("Export dataset")
        .open(&mut open)
        .resizable(false)
        .show(ctx, |ui| {
            let d = &mut app.export;
            choices(ui, d, &annotators);
            start = actions(ui, d);
        });
    app.export.open = open || app.export.is_running();
    if let Some(replace) = start {
        start_export(app, replace);
    }
}

/// The format, offset and annotator choices, as buttons rather than drop-downs: every
/// option visible, each with an accessible name.
fn choices(ui: &mut egui::Ui, d: &mut ExportDialog, annotators: &[String]) {
    egui::Grid::new("export-grid")
        .num_columns(2)
        .show(ui, |ui| {
            // Choices as buttons rather than drop-downs: every option visible,
            // each with an accessible name.
            ui.label("Format");
            // Two fixed rows: a wrapped row inside a grid cell is measured a frame
            // late and ran into the next row.
            ui.vertical(|ui| {
                for row in Format::ALL.chunks(4) {
                    ui.horizontal(|ui| {
                        for f in row {
                            ui.selectable_value(&mut d.format, *f, f.name());
                        }
                    });
                }
            });
            ui.end_row();
            ui.label("Offsets");
            ui.horizontal(|ui| {
                for u in OffsetUnit::ALL {
                    ui.radio_value(&mut d.offsets, *u, u.name());
                }
            });
            ui.end_row();
            ui.label("Annotators");
            ui.vertical(|ui| {
                for a in annotators {
                    let mut on = !d.excluded.contains(a);
                    if ui.checkbox(&mut on, a).changed() {
                        if on {
                            d.excluded.remove(a);
                        } else {
                            d.excluded.insert(a.clone());
                        }
                    }
                }
            });
            ui.end_row();
        });
}

/// The progress of a running export, the question before replacing a file, or the
/// Export button; `Some(replace)` when the user starts an export.
fn actions(ui: &mut egui::Ui, d: &mut ExportDialog) -> Option<bool> {
    let mut start = None;
    if let Some(job) = &d.job {
        let (done, total) = (
            job.done.load(Ordering::Relaxed),
            job.total.load(Ordering::Relaxed).max(1),
        );
        ui.add(
            egui::ProgressBar::new(done as f32 / total as f32)
                .text(format!("{done} / {total} documents")),
        );
    } else if let Some(path) = d.confirm_replace.clone() {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            format!("{} exists. Replace it?", path.display()),
        );
        ui.horizontal(|ui| {
            if ui.button("Replace").clicked() {
                start = Some(true);
            }
            if ui.button("Cancel").clicked() {
                d.confirm_replace = None;
            }
        });
    } else if ui.button("Export…").clicked() {
        start = Some(false);
    }
    start
}

/// Starts the export: over the file the user agreed to replace, or by asking for a target.
fn start_export(app: &mut MarginaliaApp, replace: bool) {
    if replace {
        if let Some(path) = app.export.confirm_replace.take() {
            begin(app, path, true);
        }
        return;
    }
    let suggested = format!(
        "{}.{}",
        app.state
            .project()
            .map_or("export".into(), |p| p.name.clone()),
        extension(app.export.format)
    );
    let folder = app.export.format.writes_folder();
    app.send(super::Action::Ask(FileRequest::ExportTarget {
        suggested,
        folder,
    }));
}

/// The target the user chose: exported at once, unless that would replace something.
pub(crate) fn target_chosen(app: &mut MarginaliaApp, path: PathBuf) {
    // The project's own files are refused before offering to replace them.
    if let Some((project, opts)) = options(app, false)
        && let Err(e) = export::check_outputs(&project, &opts, &path)
    {
        app.state.error(format!("Export refused: {e}"));
        return;
    }
    let taken = if app.export.format.writes_folder() {
        std::fs::read_dir(&path)
            .map(|mut d| d.next().is_some())
            .unwrap_or(false)
    } else {
        path.exists()
    };
    if taken {
        app.export.confirm_replace = Some(path);
    } else {
        begin(app, path, false);
    }
}

fn extension(format: Format) -> &'static str {
    match format {
        Format::Jsonl | Format::Doccano | Format::Spacy => "jsonl",
        Format::LabelStudio => "json",
        Format::Conll => "conll",
        Format::Brat => "brat",
        Format::Csv => "csv",
    }
}

/// The project as it is now and the export options chosen in the dialog.
fn options(
    app: &MarginaliaApp,
    force: bool,
) -> Option<(Arc<crate::model::Project>, ExportOptions)> {
    let session = app.state.session.as_ref()?;
    let project = session.shared_project();
    let annotators: Vec<String> = project
        .annotators()
        .into_iter()
        .filter(|a| !app.export.excluded.contains(a))
        .collect();
    let opts = ExportOptions {
        format: app.export.format,
        annotators,
        offsets: app.export.offsets,
        force,
        project_file: Some(session.path().to_owned()),
        label_ids: false,
    };
    Some((project, opts))
}

fn begin(app: &mut MarginaliaApp, out: PathBuf, force: bool) {
    let Some((project, opts)) = options(app, force) else {
        return;
    };
    let done = Arc::new(AtomicUsize::new(0));
    let total = Arc::new(AtomicUsize::new(project.documents().len()));
    let (tx, rx) = mpsc::channel();
    let (d, t, target) = (done.clone(), total.clone(), out.clone());
    std::thread::spawn(move || {
        let mut progress = |n: usize, of: usize| {
            d.store(n, Ordering::Relaxed);
            t.store(of, Ordering::Relaxed);
        };
        let _ = tx.send(export::export(&project, &opts, &target, &mut progress));
    });
    app.export.job = Some(ExportJob {
        done,
        total,
        result: rx,
        out,
    });
}

fn poll(app: &mut MarginaliaApp, ctx: &egui::Context) {
    let Some(job) = &app.export.job else { return };
    ctx.request_repaint_after(std::time::Duration::from_millis(50));
    let Ok(result) = job.result.try_recv() else {
        return;
    };
    let out = job.out.clone();
    app.export.job = None;
    match result {
        Ok(report) => {
            let mut msg = format!(
                "Exported {} documents, {} spans to {}",
                report.documents,
                report.spans,
                out.display()
            );
            if let Some(w) = report.warnings.first() {
                msg.push_str(&format!(" — {} warnings, e.g. {w}", report.warnings.len()));
            }
            app.state.info(msg);
            app.export.open = false;
        }
        Err(e) => app.state.error(format!("Export failed: {e}")),
    }
}
