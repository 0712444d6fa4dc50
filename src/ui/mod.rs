//! The window. Per-frame code only; state and rules live in the library.
use std::path::PathBuf;
use std::process::ExitCode;

/// Opens the window on `project` (or the last project, else the sample).
pub fn run_window(_project: Option<PathBuf>) -> ExitCode {
    ExitCode::SUCCESS
}
