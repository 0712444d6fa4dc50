//! The in-window file browser (egui_file), for desktops that have no file chooser to show
//! (no xdg-desktop-portal: bare window managers, Xvfb). Below egui_file's window sits a
//! field for the keyboard, focused at once: type a name or a path and press Enter (a folder
//! opens, a file is chosen), Esc cancels.
use std::borrow::Cow;
use std::path::{Path, PathBuf};

use eframe::egui::{self, Align2, Id, Key, Modifiers, RichText};
use egui_file::{FileDialog, State};

use super::dialogs::{Choice, FileRequest, has_extension, project_path};

const WINDOW_ID: &str = "marginalia-file-browser";

/// The browser, closed or answering one request.
#[derive(Default)]
pub struct FileBrowser {
    open: Option<Browsing>,
    /// Where the last browser ended, so the next one starts there.
    last_dir: Option<PathBuf>,
}

struct Browsing {
    request: FileRequest,
    dialog: FileDialog,
    /// What is typed in the keyboard field.
    typed: String,
    /// Give the keyboard field the focus next frame.
    focus: bool,
    /// A chosen file that exists, to replace only once the user says so.
    confirm_replace: Option<PathBuf>,
    /// Why the last choice was not taken.
    problem: Option<String>,
}

/// What the user did this frame.
#[derive(Debug, PartialEq)]
pub enum Outcome {
    Chose(FileRequest, Vec<PathBuf>),
    Cancelled,
}

impl FileBrowser {
    pub fn is_open(&self) -> bool {
        self.open.is_some()
    }

    /// The request being answered.
    pub fn request(&self) -> Option<&FileRequest> {
        self.open.as_ref().map(|b| &b.request)
    }

    /// Where the next browser starts unless told otherwise.
    pub fn last_dir(&self) -> Option<&Path> {
        self.last_dir.as_deref()
    }

    /// Opens the browser on `dir` for `request` (replacing one already open).
    pub fn open(&mut self, request: FileRequest, dir: PathBuf) {
        let mut dialog = new_dialog(&request, dir);
        dialog.open();
        self.open = Some(Browsing {
            request,
            dialog,
            typed: String::new(),
            focus: true,
            confirm_replace: None,
            problem: None,
        });
    }

    /// Draws the browser; what the user chose or that they cancelled, once they have.
    pub fn show(&mut self, ctx: &egui::Context) -> Option<Outcome> {
        let b = self.open.as_mut()?;
        // While asking whether to replace, Esc only takes the question back.
        if b.confirm_replace.is_some()
            && ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape))
        {
            b.confirm_replace = None;
            b.focus = true;
        }
        // The keyboard field first, so that Tab from it goes on into the browser.
        let mut outcome = b.keyboard(ctx);
        if outcome.is_none() {
            let state = b.dialog.show(ctx).state();
            // egui_file applies a click after drawing (Open stays greyed until the next
            // frame): draw that frame now, not at the next input, maybe the click on Open.
            if ctx.input(|i| !i.events.is_empty()) {
                ctx.request_repaint();
            }
            outcome = match state {
                State::Open => None,
                State::Selected => {
                    let paths = b.selected_paths();
                    b.dialog.open(); // stays up unless the choice is taken
                    b.decide(paths)
                }
                State::Cancelled | State::Closed => Some(Outcome::Cancelled),
            };
        }
        if outcome.is_some() {
            self.last_dir = Some(b.dialog.directory().to_owned());
            self.open = None;
        }
        outcome
    }
}

fn new_dialog(request: &FileRequest, dir: PathBuf) -> FileDialog {
    let choice = request.choice();
    let mut dialog = match choice {
        Choice::OneFile | Choice::Files => FileDialog::open_file(),
        Choice::Folder => FileDialog::select_folder(),
        Choice::NewFile => FileDialog::save_file(),
    }
    .initial_path(dir)
    .title(request.title())
    .id(Id::unique(WINDOW_ID))
    .anchor(Align2::CENTER_CENTER, [0.0, -40.0])
    .default_size([620.0, 420.0])
    .keep_on_top(true)
    .show_rename(false)
    .show_new_folder(choice != Choice::OneFile && choice != Choice::Files)
    .multi_select(choice == Choice::Files)
    .open_button_text(Cow::Borrowed(match choice {
        Choice::Folder => "Choose this folder",
        _ => "Open",
    }))
    .save_button_text(Cow::Borrowed(match request {
        FileRequest::NewProject => "Create",
        _ => "Save",
    }));
    if let Some(name) = request.suggested_name() {
        dialog = dialog.default_filename(name);
    }
    if let Some((_, extensions)) = request.filter() {
        dialog = dialog.show_files_filter(Box::new(move |p: &Path| has_extension(p, extensions)));
        if choice != Choice::NewFile {
            // Open stays greyed out until a file of the right type is picked.
            dialog = dialog.filename_filter(Box::new(move |name: &str| {
                has_extension(Path::new(name), extensions)
            }));
        }
    }
    dialog
}

impl Browsing {
    /// What egui_file says was chosen: with several allowed, the ticked files and any name
    /// typed in its own field.
    fn selected_paths(&self) -> Vec<PathBuf> {
        let mut paths: Vec<PathBuf> = match self.request.choice() {
            Choice::Files => self
                .dialog
                .selection()
                .into_iter()
                .map(Path::to_owned)
                .collect(),
            _ => Vec::new(),
        };
        if let Some(p) = self.dialog.path()
            && !paths.iter().any(|q| q == p)
        {
            paths.push(p.to_owned());
        }
        paths
    }

    /// Takes `paths` as the answer if they fit the request, else says why and stays open.
    fn decide(&mut self, paths: Vec<PathBuf>) -> Option<Outcome> {
        self.problem = None;
        self.focus = true;
        let choice = self.request.choice();
        let Some(first) = paths.first().cloned() else {
            self.problem = Some(match choice {
                Choice::Folder => "Choose a folder".into(),
                _ => "Type a file name or pick a file in the list".into(),
            });
            return None;
        };
        match choice {
            Choice::OneFile | Choice::Files => {
                if let Some(missing) = paths.iter().find(|p| !p.is_file()) {
                    self.problem = Some(format!("No file {}", missing.display()));
                    return None;
                }
            }
            Choice::Folder if !first.is_dir() => {
                self.problem = Some(format!("No folder {}", first.display()));
                return None;
            }
            Choice::Folder => {}
            Choice::NewFile => return self.decide_new_file(first, false),
        }
        Some(Outcome::Chose(self.request.clone(), paths))
    }

    fn decide_new_file(&mut self, path: PathBuf, replace: bool) -> Option<Outcome> {
        let path = if self.request.wants_project_file() {
            project_path(path)
        } else {
            path
        };
        let problem = if path.is_dir() {
            Some(format!("{} is a folder: type a file name", path.display()))
        } else if !path.parent().is_some_and(Path::is_dir) {
            Some(format!(
                "No folder {}",
                path.parent().unwrap_or(&path).display()
            ))
        } else if path.exists() && self.request == FileRequest::NewProject {
            Some(format!(
                "{} already exists: a new project needs a new file name (Ctrl+O opens it)",
                path.display()
            ))
        } else {
            None
        };
        if problem.is_some() {
            self.problem = problem;
            return None;
        }
        if path.exists() && self.request.confirms_replace() && !replace {
            self.confirm_replace = Some(path);
            return None;
        }
        self.confirm_replace = None;
        Some(Outcome::Chose(self.request.clone(), vec![path]))
    }

    /// The keyboard field under the browser (placed by the window's last frame), with the
    /// question or problem of the moment.
    fn keyboard(&mut self, ctx: &egui::Context) -> Option<Outcome> {
        let rect = ctx.memory(|m| m.area_rect(Id::unique(WINDOW_ID)))?;
        let mut outcome = None;
        egui::Area::new(Id::unique("marginalia-file-browser-keys"))
            .order(egui::Order::Foreground)
            .fixed_pos(rect.left_bottom() + egui::vec2(0.0, 4.0))
            .show(ctx, |ui| {
                egui::Frame::window(ui.style()).show(ui, |ui| {
                    ui.set_width(rect.width() - 2.0 * ui.spacing().window_margin.leftf());
                    outcome = self.keyboard_ui(ui);
                });
            });
        outcome
    }

    fn keyboard_ui(&mut self, ui: &mut egui::Ui) -> Option<Outcome> {
        if let Some(path) = self.confirm_replace.clone() {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!("{} exists. Replace it?", path.display()),
            );
            let mut outcome = None;
            ui.horizontal(|ui| {
                let replace = ui.button("Replace");
                if std::mem::take(&mut self.focus) {
                    replace.request_focus(); // Enter replaces, Esc takes the question back
                }
                if replace.clicked() {
                    outcome = self.decide_new_file(path.clone(), true);
                }
                if ui.button("Keep it").clicked() {
                    self.confirm_replace = None;
                    self.focus = true;
                }
            });
            return outcome;
        }
        let label = ui.label("Name or path");
        let field = ui.add(
            egui::TextEdit::singleline(&mut self.typed)
                .desired_width(f32::INFINITY)
                .hint_text(hint(self.request.choice())),
        );
        let field = field.labelled_by(label.id);
        if std::mem::take(&mut self.focus) {
            field.request_focus();
        }
        if let Some(problem) = &self.problem {
            ui.colored_label(ui.visuals().error_fg_color, problem);
        }
        ui.label(
            RichText::new(
                "Enter opens a folder or takes the file · Tab goes on into the browser · Esc cancels",
            )
            .weak(),
        );
        if field.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
            return self.typed_enter();
        }
        None
    }

    /// Enter in the keyboard field: a folder opens in the browser, else the name or path
    /// typed (relative to the folder shown) is the choice; nothing typed takes what is
    /// picked in the list, or the folder shown when a folder is asked for.
    fn typed_enter(&mut self) -> Option<Outcome> {
        let typed = self.typed.trim().to_owned();
        let choice = self.request.choice();
        if typed.is_empty() {
            let mut paths = self.selected_paths();
            if choice == Choice::Folder && paths.is_empty() {
                paths.push(self.dialog.directory().to_owned());
            }
            return self.decide(paths);
        }
        let path = resolve(&typed, self.dialog.directory());
        if path.is_dir() {
            self.dialog.set_path(path);
            self.typed.clear();
            self.problem = None;
            self.focus = true;
            return None;
        }
        self.decide(vec![path])
    }
}

fn hint(choice: Choice) -> &'static str {
    match choice {
        Choice::OneFile => "a file name, or a path like ~/projects/news.ron",
        Choice::Files => "a file name or path (pick several in the list with Ctrl+click)",
        Choice::Folder => "a folder to open; Enter on nothing chooses the folder shown",
        Choice::NewFile => "a new file name, or a path",
    }
}

/// `typed` as a path: `~` is the home folder, a relative path is taken from `dir`.
pub fn resolve(typed: &str, dir: &Path) -> PathBuf {
    let home = || directories::BaseDirs::new().map(|b| b.home_dir().to_owned());
    if typed == "~" {
        if let Some(home) = home() {
            return home;
        }
    } else if let Some(rest) = typed.strip_prefix("~/")
        && let Some(home) = home()
    {
        return home.join(rest);
    }
    dir.join(typed)
}
