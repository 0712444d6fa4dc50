//! File dialogs behind a trait, so tests script the answers and never open a window.
use std::collections::VecDeque;
use std::path::PathBuf;

pub trait Dialogs {
    /// A project file to open.
    fn open_project(&mut self) -> Option<PathBuf>;
    /// Where to create a new project, or save one under a new name.
    fn save_project(&mut self, title: &str) -> Option<PathBuf>;
    /// Article files to import.
    fn import_files(&mut self) -> Vec<PathBuf>;
    /// A folder of articles to import.
    fn import_folder(&mut self) -> Option<PathBuf>;
    /// Where to write an export (a file or, for brat, a folder).
    fn export_target(&mut self, suggested: &str, folder: bool) -> Option<PathBuf>;
    /// Other project files to merge annotations from.
    fn merge_files(&mut self) -> Vec<PathBuf>;
}

const PROJECT_FILTER: (&str, &[&str]) = ("Marginalia project", &["ron"]);

/// The desktop's own dialogs (through the XDG portal on Linux).
pub struct NativeDialogs;

impl Dialogs for NativeDialogs {
    fn open_project(&mut self) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .add_filter(PROJECT_FILTER.0, PROJECT_FILTER.1)
            .pick_file()
    }
    fn save_project(&mut self, title: &str) -> Option<PathBuf> {
        let path = rfd::FileDialog::new()
            .set_title(title)
            .add_filter(PROJECT_FILTER.0, PROJECT_FILTER.1)
            .set_file_name("project.ron")
            .save_file()?;
        Some(if path.extension().is_none() {
            path.with_extension("ron")
        } else {
            path
        })
    }
    fn import_files(&mut self) -> Vec<PathBuf> {
        rfd::FileDialog::new()
            .add_filter("Text", &["txt", "text", "md"])
            .pick_files()
            .unwrap_or_default()
    }
    fn import_folder(&mut self) -> Option<PathBuf> {
        rfd::FileDialog::new().pick_folder()
    }
    fn export_target(&mut self, suggested: &str, folder: bool) -> Option<PathBuf> {
        if folder {
            rfd::FileDialog::new().pick_folder()
        } else {
            rfd::FileDialog::new().set_file_name(suggested).save_file()
        }
    }
    fn merge_files(&mut self) -> Vec<PathBuf> {
        rfd::FileDialog::new()
            .add_filter(PROJECT_FILTER.0, PROJECT_FILTER.1)
            .pick_files()
            .unwrap_or_default()
    }
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
    fn next(&mut self) -> Vec<PathBuf> {
        self.answers.pop_front().unwrap_or_default()
    }
}

impl Dialogs for ScriptedDialogs {
    fn open_project(&mut self) -> Option<PathBuf> {
        self.next().pop()
    }
    fn save_project(&mut self, _title: &str) -> Option<PathBuf> {
        self.next().pop()
    }
    fn import_files(&mut self) -> Vec<PathBuf> {
        self.next()
    }
    fn import_folder(&mut self) -> Option<PathBuf> {
        self.next().pop()
    }
    fn export_target(&mut self, _suggested: &str, _folder: bool) -> Option<PathBuf> {
        self.next().pop()
    }
    fn merge_files(&mut self) -> Vec<PathBuf> {
        self.next()
    }
}
