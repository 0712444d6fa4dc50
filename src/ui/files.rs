//! The one route of every file command: ask for paths for a purpose, then act on the
//! answer. The desktop's dialog and scripted answers reply at once, the in-window browser
//! frames later; either way the answer is queued as one action and run by [`chosen`].
use std::path::{Path, PathBuf};

use eframe::egui;

use super::dialogs::{FileRequest, project_path};
use super::file_browser::Outcome;
use super::{Action, MarginaliaApp, export_dialog, review, sources_view};

/// What follows the desktop's reason, the one time it is given.
const FALLBACK: &str = "using Marginalia's own file browser";

/// Asks for the paths `request` needs. The first time the desktop cannot show a dialog,
/// the status bar says why; from then on the in-window browser answers.
pub(crate) fn ask(app: &mut MarginaliaApp, request: FileRequest) {
    if !app.browser_only {
        match app.dialogs.ask(&request) {
            Ok(paths) if paths.is_empty() => {} // cancelled
            Ok(paths) => app.pending.push(Action::Chosen(request, paths)),
            Err(why) => {
                app.browser_only = true;
                app.state.info(format!("{why}; {FALLBACK}"));
                open_browser(app, request);
            }
        }
        return;
    }
    open_browser(app, request);
}

fn open_browser(app: &mut MarginaliaApp, request: FileRequest) {
    let project_dir = || {
        let session = app.state.session.as_ref()?;
        Some(session.path().parent()?.to_owned())
    };
    let dir = (app.browser.last_dir().map(Path::to_owned))
        .or_else(project_dir)
        .or_else(|| Some(app.state.settings.last_project()?.parent()?.to_owned()))
        .filter(|d| d.is_dir())
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_default();
    app.browser.open(request, dir);
}

/// Draws the in-window browser, if open, and queues its answer.
pub(crate) fn show_browser(app: &mut MarginaliaApp, ctx: &egui::Context) {
    if let Some(Outcome::Chose(request, paths)) = app.browser.show(ctx) {
        app.pending.push(Action::Chosen(request, paths));
    }
}

/// Acts on the paths chosen for `request` (never empty: a cancel queues nothing).
pub(crate) fn chosen(app: &mut MarginaliaApp, request: FileRequest, paths: Vec<PathBuf>) {
    let Some(first) = paths.first().cloned() else {
        return;
    };
    let st = &mut app.state;
    match request {
        FileRequest::OpenProject => st.open(&first),
        FileRequest::NewProject => st.create(&project_path(first)),
        FileRequest::SaveAs => save_as(app, &project_path(first)),
        FileRequest::ImportFiles => st.import(&paths),
        FileRequest::ImportFolder => st.import(&[first]),
        FileRequest::ExportTarget { .. } => export_dialog::target_chosen(app, first),
        FileRequest::WhoSaidWhatCsv => sources_view::csv_chosen(app, &first),
        FileRequest::MergeFiles => review::merge_files(app, paths),
    }
}

fn save_as(app: &mut MarginaliaApp, path: &Path) {
    let st = &mut app.state;
    let Some(s) = &mut st.session else {
        return;
    };
    // The dialog that gave the path already asked before replacing an existing file.
    match s.save_as(path, true) {
        Ok(()) => {
            st.settings.remember(path);
            st.info(format!("Saved as {}", path.display()));
        }
        Err(e) => st.error(e.to_string()),
    }
}
