//! The window. App state lives in [`state::AppState`]; this module wires frames, commands
//! and panels together.
pub mod action;
mod annotations_panel;
mod attribution;
pub mod command;
pub mod command_palette;
mod dashboard;
pub mod dialogs;
mod disk_watch;
mod doc_list;
pub mod documents_panel;
mod execute;
pub mod export_dialog;
pub mod file_browser;
mod files;
pub mod find;
pub mod fonts;
mod history;
pub mod label_editor;
mod memo;
mod menus;
mod name_prompt;
pub(crate) mod panels;
pub mod reader;
pub mod review;
pub mod selection;
mod side_panels;
pub mod sources_view;
pub mod state;
mod suggest_job;
mod suggestions;

use std::path::PathBuf;
use std::process::ExitCode;

use eframe::egui::{self, Color32};

pub use self::action::Action;
pub use self::command::Command;
use self::dialogs::{Dialogs, NativeDialogs};
use self::reader::{Reader, ReaderOptions};
use self::selection::TextSelection;
use self::state::AppState;
use crate::model::parse_hex_color;
use crate::store::settings::Settings;
use crate::text::boundaries;

/// Opens the window on `project` (or the last project, else the sample).
pub fn run_window(project: Option<PathBuf>) -> ExitCode {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Marginalia")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([640.0, 400.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    let settings = Settings::load();
    let start = project
        .or_else(|| settings.last_project().cloned())
        .or_else(sample_project);
    let result = eframe::run_native(
        "Marginalia",
        options,
        Box::new(move |cc| {
            Ok(Box::new(MarginaliaApp::new(
                &cc.egui_ctx,
                settings,
                Settings::default_file(),
                Box::new(NativeDialogs::new()),
                start,
            )))
        }),
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!(
                "error: could not open the window: {e}. Marginalia needs an X11 or Wayland display."
            );
            ExitCode::FAILURE
        }
    }
}

/// The sample project shipped in `projects/`, looked up next to the working directory
/// and then next to the source tree the binary was built from.
fn sample_project() -> Option<PathBuf> {
    [
        PathBuf::from("projects/sample.ron"),
        PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/projects/sample.ron")),
    ]
    .into_iter()
    .find(|p| p.exists())
}

pub struct MarginaliaApp {
    pub state: AppState,
    pub reader: Reader,
    pub(crate) dialogs: Box<dyn Dialogs>,
    /// The in-window file browser, for desktops that cannot show a file dialog.
    pub browser: file_browser::FileBrowser,
    /// The desktop could not show a dialog (the user was told once): only browse in-window.
    browser_only: bool,
    pub review: review::ReviewUi,
    pub export: export_dialog::ExportDialog,
    pub sources: sources_view::SourcesView,
    /// Commands and tags asked for during this frame (menus, buttons, keys pressed after a
    /// mouse press), run after drawing, in order.
    pending: Vec<Action>,
    /// The side panel's list of annotations.
    annotation_list: Option<doc_list::DocList>,
    /// The side panel's list of linked contents.
    link_list: Option<doc_list::DocList>,
    /// The window title last sent, so it is only sent when it changes.
    title: String,
    name_prompt: name_prompt::NamePrompt,
    pub palette: command_palette::CommandPalette,
    pub find: find::Find,
    pub labels: label_editor::LabelEditor,
    pub documents: documents_panel::DocumentsPanel,
    pub side_panels: side_panels::SidePanels,
    /// Watches the open project's file for changes made by others (a `git pull`).
    watch: Option<disk_watch::DiskWatch>,
}

impl MarginaliaApp {
    /// `settings_file`: where settings are written; `None` in tests, so they never touch the
    /// user's settings.
    pub fn new(
        ctx: &egui::Context,
        settings: Settings,
        settings_file: Option<PathBuf>,
        dialogs: Box<dyn Dialogs>,
        project: Option<PathBuf>,
    ) -> Self {
        fonts::install(ctx);
        // A blinking caret redraws the whole window twice a second: on a software renderer
        // that kept an idle window at a third of a core whenever a text field had focus.
        ctx.all_styles_mut(|s| s.visuals.text_cursor.blink = false);
        // egui times clicks by the frames they arrive in: on a slow frame (a software
        // renderer, a busy machine) a quick double-click measured over 0.3 s and selected
        // nothing. Desktops allow 0.4–0.5 s.
        ctx.options_mut(|o| o.input_options.max_double_click_delay = 0.5);
        let [r, g, b] = crate::model::label_colors::DARK_TEXT;
        ctx.style_mut_of(egui::Theme::Dark, |s| {
            s.visuals.widgets.noninteractive.fg_stroke.color = Color32::from_rgb(r, g, b);
        });
        if let Some(dark) = settings.dark_mode {
            ctx.set_theme(if dark {
                egui::Theme::Dark
            } else {
                egui::Theme::Light
            });
        }
        let mut name_prompt = name_prompt::NamePrompt::default();
        if settings.annotator.is_none() {
            name_prompt.open(None);
        }
        let mut state = AppState::new(settings, settings_file);
        if let Some(path) = project {
            state.open(&path);
        }
        Self {
            state,
            reader: Reader::default(),
            dialogs,
            browser: Default::default(),
            browser_only: false,
            review: Default::default(),
            export: Default::default(),
            sources: Default::default(),
            pending: Vec::new(),
            annotation_list: None,
            link_list: None,
            title: String::new(),
            name_prompt,
            palette: Default::default(),
            find: Default::default(),
            labels: Default::default(),
            documents: Default::default(),
            side_panels: Default::default(),
            watch: None,
        }
    }

    /// Keyboard selection: Shift+arrows extend from the caret or the selected span.
    fn move_caret(&mut self, ui: &egui::Ui, cmd: Command) {
        debug_assert!(cmd.moves_caret(), "{cmd:?} has no arm in execute");
        let st = &mut self.state;
        let (Some(project), Some(doc_id)) = (st.session.as_ref().map(|s| s.project()), st.current)
        else {
            return;
        };
        let Some(doc) = project.document(doc_id).cloned() else {
            return;
        };
        let sel = match (st.reader.selection, st.selected_annotation()) {
            (Some(sel), _) => sel,
            // Starting from a selected span: its text becomes the selection, so a span can be
            // re-cut from the keyboard.
            (None, Some(a)) => TextSelection {
                anchor: a.start,
                head: a.end,
            },
            (None, None) => TextSelection::caret(0),
        };
        let idx = doc.index();
        let text = &doc.text;
        let head = match cmd {
            Command::ExtendLeft | Command::MoveLeft => {
                boundaries::prev_grapheme(text, idx, sel.head)
            }
            Command::ExtendRight | Command::MoveRight => {
                boundaries::next_grapheme(text, idx, sel.head)
            }
            Command::ExtendWordLeft => boundaries::prev_word(text, idx, sel.head),
            Command::ExtendWordRight => boundaries::next_word(text, idx, sel.head),
            Command::ExtendUp | Command::MoveUp => self.reader.row_step(ui, &doc, sel.head, false),
            _ => self.reader.row_step(ui, &doc, sel.head, true),
        };
        let extend = cmd.extends_selection();
        let st = &mut self.state;
        st.reader.selection = Some(if extend {
            TextSelection {
                anchor: sel.anchor,
                head,
            }
        } else {
            TextSelection::caret(head)
        });
        st.reader.selected = None;
        st.reader.scroll_to = None;
    }

    /// Files dropped on the window are imported.
    fn handle_dropped_files(&mut self, ctx: &egui::Context) {
        let paths: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_owned())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        if !paths.is_empty() {
            self.state.import(&paths);
        }
    }

    fn poll_background(&mut self, ctx: &egui::Context) {
        self.watch_disk(ctx);
        self.state.poll_suggest_job();
        if self.state.suggest_job.is_some() {
            // The progress bar moves without input.
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
        let Some(session) = &mut self.state.session else {
            return;
        };
        if session.is_saving() {
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
        }
        let path = session.path().display().to_string();
        match session.poll_save() {
            Some(Ok(())) => self.state.info(format!("Saved {path}")),
            Some(Err(crate::store::SaveError::ChangedOnDisk { .. })) => {
                self.state.save_conflict = true
            }
            Some(Err(e)) => self.state.error(e.to_string()),
            None => {}
        }
        if let Some(session) = &self.state.session
            && let Some(e) = session.journal_error()
        {
            self.state.error(format!(
                "Could not flush the journal to the disk ({e}); your edits survive a crash of \
                 Marginalia but not a power cut: save now (Ctrl+S)"
            ));
        }
    }

    /// When the project's file changed on disk under the window, merges it with the unsaved
    /// edits (three-way) and says what came in.
    fn watch_disk(&mut self, ctx: &egui::Context) {
        let path = self.state.session.as_ref().map(|s| s.path());
        if path != self.watch.as_ref().map(|w| w.path()) {
            self.watch = (path.filter(|p| !p.as_os_str().is_empty()))
                .map(|p| disk_watch::DiskWatch::start(p, ctx));
        }
        if self.watch.as_ref().is_some_and(|w| w.take_changed())
            && self
                .state
                .session
                .as_ref()
                .is_some_and(|s| s.changed_on_disk())
        {
            self.send(Action::MergeFromDisk);
        }
    }

    /// "name — Marginalia", with a bullet while edits are only in the journal.
    fn update_title(&mut self, ctx: &egui::Context) {
        let title = match &self.state.session {
            Some(s) => {
                let name = s
                    .path()
                    .file_name()
                    .map_or("untitled".into(), |n| n.to_string_lossy());
                format!(
                    "{}{name} — Marginalia",
                    if s.is_dirty() { "• " } else { "" }
                )
            }
            None => "Marginalia".to_owned(),
        };
        if self.title != title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }

    /// On close, save what is unsaved; if that fails, keep the window open and say why.
    fn handle_close(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested()) && !self.state.close_session() {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
        }
    }

    pub fn label_color(&self, label: &str) -> Color32 {
        let rgb = self
            .state
            .project()
            .and_then(|p| p.label(label))
            .and_then(|l| parse_hex_color(&l.color))
            .unwrap_or([128, 128, 128]);
        Color32::from_rgb(rgb[0], rgb[1], rgb[2])
    }

    fn central(&mut self, ui: &mut egui::Ui) {
        let Some(session) = &self.state.session else {
            panels::welcome(self, ui);
            return;
        };
        let Some(doc) = self
            .state
            .current
            .and_then(|d| session.project().document(d))
            .cloned()
        else {
            panels::empty_project(self, ui);
            return;
        };
        ui.add_space(6.0);
        ui.vertical_centered(|ui| ui.heading(&doc.title));
        if !doc.source.is_empty() {
            ui.vertical_centered(|ui| ui.weak(&doc.source));
        }
        ui.separator();
        if self.find.bar_open {
            find::bar(self, ui, &doc);
        }
        let hits = self.find.hits(&doc);
        self.state.reader.hits = hits.unwrap_or_default();
        let Some(session) = &self.state.session else {
            return;
        };
        let colors: Vec<(String, Color32)> = session
            .project()
            .labels()
            .iter()
            .map(|l| (l.id.clone(), self.label_color(&l.id)))
            .collect();
        // Borrow the fields separately: the reader's caches change while the project is read.
        let Self { state, reader, .. } = self;
        // Taken out for the frame, not cloned: `visible` reads the filters of `state` meanwhile.
        let mut reader_state = std::mem::take(&mut state.reader);
        let project = state.session.as_ref().expect("checked above").project();
        let label_color = |id: &str| {
            colors
                .iter()
                .find(|(l, _)| l == id)
                .map_or(Color32::GRAY, |(_, c)| *c)
        };
        let visible = |a: &crate::model::Annotation| state.is_visible(a);
        let opts = ReaderOptions {
            font_size: state.font_size,
            visible: &visible,
            filter_hash: state.filter_hash(),
            label_color: &label_color,
        };
        reader.show(ui, project, &doc, &mut reader_state, &opts);
        state.reader = reader_state;
        self.queue_reader_requests();
    }
}

impl eframe::App for MarginaliaApp {
    /// Called by eframe every 30 s and on exit; eframe itself keeps the window's size and
    /// place. Theme, text size, recent projects and the name go to our settings file.
    fn save(&mut self, _storage: &mut dyn eframe::Storage) {
        self.state.save_settings();
    }

    /// egui's own memory (scroll offsets, open windows) is not restored: a project opens as
    /// the user expects it, not in the state of an old session.
    fn persist_egui_memory(&self) -> bool {
        false
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        self.poll_background(&ctx);
        self.handle_dropped_files(&ctx);
        // The file browser has the keyboard while it is open: its Esc, Enter and typing.
        if !self.name_prompt.is_open() && !self.browser.is_open() && !self.palette.is_open() {
            self.handle_keys(ui);
        }
        menus::menu_bar(self, ui);
        panels::palette(self, ui);
        panels::status_bar(self, ui);
        let (left, right) = (
            self.side_panels.documents(&ctx),
            self.side_panels.annotations(&ctx),
        );
        if self.state.review_mode && self.state.session.is_some() {
            if left {
                review::documents(self, ui);
            }
            if right {
                review::panel(self, ui);
            }
        } else {
            if left {
                documents_panel::documents(self, ui);
            }
            if right {
                annotations_panel::annotations(self, ui);
            }
        }
        egui::CentralPanel::default().show(ui, |ui| self.central(ui));
        panels::windows(self, &ctx);
        command_palette::show(self, &ctx);
        find::project_window(self, &ctx);
        label_editor::window(self, &ctx);
        if let Some(name) = self.name_prompt.ui(&ctx) {
            self.state.set_annotator(&name);
        }
        review::windows(self, &ctx);
        export_dialog::show(self, &ctx);
        sources_view::window(self, &ctx);
        files::show_browser(self, &ctx);
        self.run_pending(ui);
        // After the frame's commands, so a document opened by one gets its suggestions in
        // the same frame.
        self.state.suggest_on_open();
        self.update_title(&ctx);
        self.handle_close(&ctx);
    }
}
