//! The desktop's own dialogs through rfd (the XDG portal, else zenity, on Linux).
use std::cell::RefCell;
use std::path::PathBuf;

use super::probe::{Probe, Unavailable};
use super::{Choice, Dialogs, FileRequest, project_path};

pub struct NativeDialogs {
    probe: Probe,
}

impl NativeDialogs {
    /// Starts checking, off the first frame, whether the desktop can show a dialog.
    pub fn new() -> Self {
        RfdErrors::install();
        Self {
            probe: Probe::start(),
        }
    }
}

impl Default for NativeDialogs {
    fn default() -> Self {
        Self::new()
    }
}

impl Dialogs for NativeDialogs {
    fn ask(&mut self, request: &FileRequest) -> Result<Vec<PathBuf>, Unavailable> {
        self.probe.result()?;
        RfdErrors::take();
        let paths = show(request);
        // rfd reports a dialog it could not show only in its log, and as a cancel.
        match RfdErrors::take().into_iter().find(|e| e.contains("zenity")) {
            Some(error) if paths.is_empty() => Err(format!(
                "The desktop file chooser could not be shown ({error})"
            )),
            _ => Ok(paths),
        }
    }
}

fn show(request: &FileRequest) -> Vec<PathBuf> {
    let mut dialog = rfd::FileDialog::new().set_title(request.title());
    if let Some((name, extensions)) = request.filter() {
        dialog = dialog.add_filter(name, extensions);
    }
    if let Some(name) = request.suggested_name() {
        dialog = dialog.set_file_name(name);
    }
    let paths = match request.choice() {
        Choice::OneFile => dialog.pick_file().into_iter().collect(),
        Choice::Files => dialog.pick_files().unwrap_or_default(),
        Choice::Folder => dialog.pick_folder().into_iter().collect(),
        Choice::NewFile => dialog.save_file().into_iter().collect(),
    };
    if request.wants_project_file() {
        paths.into_iter().map(project_path).collect()
    } else {
        paths
    }
}

thread_local! {
    /// rfd's error messages on this thread since the last `take`.
    static ERRORS: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// A logger that keeps rfd's errors (its only report of a dialog it could not show) and
/// drops everything else, as the app did with no logger at all.
struct RfdErrors;

impl RfdErrors {
    fn install() {
        // Fails only if a logger is already set: then rfd's failures read as cancels, as before.
        if log::set_logger(&RfdErrors).is_ok() {
            log::set_max_level(log::LevelFilter::Error);
        }
    }

    fn take() -> Vec<String> {
        ERRORS.with(|e| std::mem::take(&mut *e.borrow_mut()))
    }
}

impl log::Log for RfdErrors {
    fn enabled(&self, metadata: &log::Metadata) -> bool {
        metadata.level() <= log::Level::Error && metadata.target().starts_with("rfd")
    }

    fn log(&self, record: &log::Record) {
        if self.enabled(record.metadata()) {
            ERRORS.with(|e| e.borrow_mut().push(record.args().to_string()));
        }
    }

    fn flush(&self) {}
}
