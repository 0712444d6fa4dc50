//! File dialogs. The window asks for paths for a purpose ([`FileRequest`]); the desktop's
//! own dialog ([`NativeDialogs`]), scripted answers in tests ([`ScriptedDialogs`]) or, when
//! the desktop has no dialog to show, the in-window browser answer it, and the answer comes
//! back to the window as one action, the same whichever answered.
mod native;
pub mod probe;

use std::collections::VecDeque;
use std::path::{Path, PathBuf};

pub use self::native::NativeDialogs;
pub use self::probe::Unavailable;

/// What the window needs paths for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileRequest {
    /// A project file to open.
    OpenProject,
    /// Where to create a new project.
    NewProject,
    /// Where to save the open project under a new name.
    SaveAs,
    /// Article files to import.
    ImportFiles,
    /// A folder of articles to import.
    ImportFolder,
    /// Where to write a dataset export: a file named like `suggested`, or a folder (brat).
    ExportTarget { suggested: String, folder: bool },
    /// Where to write the who-said-what table.
    WhoSaidWhatCsv,
    /// Other project files to merge annotations from.
    MergeFiles,
}

/// What kind of choice a request is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    /// One existing file.
    OneFile,
    /// One or more existing files.
    Files,
    /// One existing folder.
    Folder,
    /// A file to write, new or to replace.
    NewFile,
}

pub const PROJECT_EXTENSIONS: &[&str] = &["ron"];
pub const ARTICLE_EXTENSIONS: &[&str] = &["txt", "text", "md"];

impl FileRequest {
    pub fn title(&self) -> &'static str {
        match self {
            FileRequest::OpenProject => "Open project",
            FileRequest::NewProject => "New project",
            FileRequest::SaveAs => "Save project as",
            FileRequest::ImportFiles => "Import articles",
            FileRequest::ImportFolder => "Import a folder of articles",
            FileRequest::ExportTarget { folder: true, .. } => "Export to folder",
            FileRequest::ExportTarget { .. } => "Export to file",
            FileRequest::WhoSaidWhatCsv => "Save who said what",
            FileRequest::MergeFiles => "Merge annotations from",
        }
    }

    pub fn choice(&self) -> Choice {
        match self {
            FileRequest::OpenProject => Choice::OneFile,
            FileRequest::ImportFiles | FileRequest::MergeFiles => Choice::Files,
            FileRequest::ImportFolder | FileRequest::ExportTarget { folder: true, .. } => {
                Choice::Folder
            }
            FileRequest::NewProject
            | FileRequest::SaveAs
            | FileRequest::ExportTarget { .. }
            | FileRequest::WhoSaidWhatCsv => Choice::NewFile,
        }
    }

    /// The file types offered: the filter's name and extensions; `None` offers every file.
    pub fn filter(&self) -> Option<(&'static str, &'static [&'static str])> {
        match self {
            FileRequest::OpenProject
            | FileRequest::NewProject
            | FileRequest::SaveAs
            | FileRequest::MergeFiles => Some(("Marginalia project", PROJECT_EXTENSIONS)),
            FileRequest::ImportFiles => Some(("Text", ARTICLE_EXTENSIONS)),
            _ => None,
        }
    }

    /// The file name a new file starts with.
    pub fn suggested_name(&self) -> Option<&str> {
        match self {
            FileRequest::NewProject | FileRequest::SaveAs => Some("project.ron"),
            FileRequest::ExportTarget {
                suggested,
                folder: false,
            } => Some(suggested),
            FileRequest::WhoSaidWhatCsv => Some("who-said-what.csv"),
            _ => None,
        }
    }

    /// Whether a project file is asked for: a name without an extension gets `.ron`.
    pub fn wants_project_file(&self) -> bool {
        matches!(self, FileRequest::NewProject | FileRequest::SaveAs)
    }

    /// Whether the window itself asks before replacing the chosen file (the dataset export
    /// asks in its own window, so a browser asking too would ask twice).
    pub fn confirms_replace(&self) -> bool {
        matches!(self, FileRequest::SaveAs | FileRequest::WhoSaidWhatCsv)
    }
}

/// Whether `name` has one of `extensions`, ignoring case.
pub fn has_extension(name: &Path, extensions: &[&str]) -> bool {
    name.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| extensions.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

/// A project path as the user typed it, with `.ron` added when it has no extension.
pub fn project_path(path: PathBuf) -> PathBuf {
    if path.extension().is_none() {
        path.with_extension("ron")
    } else {
        path
    }
}

pub trait Dialogs {
    /// Shows a dialog for `request` and waits for the user: the chosen paths, none when
    /// cancelled, `Err(why)` when no dialog can be shown here (the window then browses
    /// itself, and asks this no more).
    fn ask(&mut self, request: &FileRequest) -> Result<Vec<PathBuf>, Unavailable>;
}

/// Answers given in advance, for tests and scripted demos.
#[derive(Default)]
pub struct ScriptedDialogs {
    pub answers: VecDeque<Vec<PathBuf>>,
}

impl ScriptedDialogs {
    pub fn answer(mut self, paths: Vec<PathBuf>) -> Self {
        self.answers.push_back(paths);
        self
    }
}

impl Dialogs for ScriptedDialogs {
    /// The next answer (none, as a cancel, when the script has run out).
    fn ask(&mut self, _request: &FileRequest) -> Result<Vec<PathBuf>, Unavailable> {
        Ok(self.answers.pop_front().unwrap_or_default())
    }
}

/// A desktop without file dialogs, as under Xvfb or a bare window manager: every request
/// goes to the in-window browser.
pub struct NoDesktopDialogs(pub Unavailable);

impl Default for NoDesktopDialogs {
    fn default() -> Self {
        Self("No desktop file chooser (xdg-desktop-portal) is running".into())
    }
}

impl Dialogs for NoDesktopDialogs {
    fn ask(&mut self, _request: &FileRequest) -> Result<Vec<PathBuf>, Unavailable> {
        Err(self.0.clone())
    }
}
