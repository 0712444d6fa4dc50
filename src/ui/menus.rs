//! The menu bar: every entry is a command from the one command list, with its title and
//! shortcut from there.
use eframe::egui::{self, Ui};

use super::command::Command;
use super::{Action, MarginaliaApp};

fn menu_item(app: &mut MarginaliaApp, ui: &mut Ui, cmd: Command, enabled: bool) {
    menu_item_titled(app, ui, cmd, cmd.title(), enabled);
}

/// Menu items for `cmds`, all enabled or not.
fn menu_items(app: &mut MarginaliaApp, ui: &mut Ui, enabled: bool, cmds: &[Command]) {
    for &cmd in cmds {
        menu_item(app, ui, cmd, enabled);
    }
}

/// A menu item for `cmd` under another text ("Undo tag claim").
fn menu_item_titled(
    app: &mut MarginaliaApp,
    ui: &mut Ui,
    cmd: Command,
    title: &str,
    enabled: bool,
) {
    let mut button = egui::Button::new(title);
    // No empty shortcut text: screen readers would read the item's name with a trailing blank.
    if let Some(s) = cmd.shortcut() {
        button = button.shortcut_text(ui.ctx().format_shortcut(&s));
    }
    if ui.add_enabled(enabled, button).clicked() {
        app.request(cmd);
        ui.close();
    }
}

pub fn menu_bar(app: &mut MarginaliaApp, ui: &mut Ui) {
    egui::Panel::top("menu").show(ui, |ui| {
        egui::MenuBar::new().ui(ui, |ui| {
            let open = app.state.session.is_some();
            ui.menu_button("File", |ui| file_menu(app, ui, open));
            ui.menu_button("Edit", |ui| edit_menu(app, ui, open));
            ui.menu_button("View", |ui| view_menu(app, ui, open));
            ui.menu_button("Review", |ui| review_menu(app, ui, open));
            ui.menu_button("Go", |ui| go_menu(app, ui, open));
            ui.menu_button("Help", |ui| help_menu(app, ui));
        });
    });
}

/// The File menu.
fn file_menu(app: &mut MarginaliaApp, ui: &mut Ui, open: bool) {
    menu_items(app, ui, true, &[Command::NewProject, Command::OpenProject]);
    ui.menu_button("Open recent", |ui| {
        let recent = app.state.recent();
        if recent.is_empty() {
            ui.weak("No recent projects");
        }
        for path in recent {
            if ui.button(path.display().to_string()).clicked() {
                app.send(Action::Open(path));
                ui.close();
            }
        }
    });
    ui.separator();
    menu_items(
        app,
        ui,
        open,
        &[Command::ImportArticles, Command::ImportFolder],
    );
    ui.separator();
    menu_items(app, ui, open, &[Command::Save, Command::SaveAs]);
    ui.separator();
    menu_items(
        app,
        ui,
        open,
        &[Command::ExportDataset, Command::MergeAnnotations],
    );
    ui.separator();
    menu_item(app, ui, Command::ChangeName, true);
}

/// The Edit menu.
fn edit_menu(app: &mut MarginaliaApp, ui: &mut Ui, open: bool) {
    let (undo, redo) = app
        .state
        .session
        .as_ref()
        .map(|s| (s.undo_label(), s.redo_label()))
        .unwrap_or_default();
    let label = |base: &str, what: &Option<String>| match what {
        Some(w) => format!("{base} {w}"),
        None => base.to_owned(),
    };
    for (cmd, what) in [(Command::Undo, &undo), (Command::Redo, &redo)] {
        menu_item_titled(app, ui, cmd, &label(cmd.title(), what), what.is_some());
    }
    ui.separator();
    let selected = app.state.reader.selected.is_some();
    menu_items(
        app,
        ui,
        selected,
        &[Command::EditNote, Command::DeleteAnnotation],
    );
    menu_item(app, ui, Command::ClearSelection, true);
    ui.separator();
    menu_items(app, ui, selected, &[Command::LinkToSource, Command::Unlink]);
    menu_item(app, ui, Command::AddFragment, open);
    ui.separator();
    menu_items(
        app,
        ui,
        open,
        &[
            Command::Find,
            Command::FindNext,
            Command::FindPrevious,
            Command::FindInProject,
        ],
    );
    menu_item(app, ui, Command::TagAllHits, app.find.bar_open);
    ui.separator();
    menu_items(
        app,
        ui,
        open,
        &[
            Command::Suggest,
            Command::SuggestAll,
            Command::AcceptAllSuggestions,
        ],
    );
    let mut on = app.state.settings.suggest_on_open;
    if ui
        .checkbox(&mut on, Command::ToggleSuggestOnOpen.title())
        .clicked()
    {
        app.request(Command::ToggleSuggestOnOpen);
        ui.close();
    }
    ui.separator();
    menu_item(app, ui, Command::EditLabels, open);
}

/// The View menu.
fn view_menu(app: &mut MarginaliaApp, ui: &mut Ui, open: bool) {
    menu_items(app, ui, true, &[Command::ZoomIn, Command::ZoomOut]);
    menu_item(app, ui, Command::TextDirection, open);
    menu_items(
        app,
        ui,
        true,
        &[
            Command::ToggleDocumentsPanel,
            Command::ToggleAnnotationsPanel,
        ],
    );
    let mut dark = ui.visuals().dark_mode;
    if ui.checkbox(&mut dark, "Dark theme").changed() {
        ui.ctx().set_theme(if dark {
            egui::Theme::Dark
        } else {
            egui::Theme::Light
        });
        app.state.settings.dark_mode = Some(dark);
        app.state.save_settings();
    }
    menu_items(
        app,
        ui,
        open,
        &[Command::ShowProblems, Command::WhoSaidWhat],
    );
}

/// The Review menu.
fn review_menu(app: &mut MarginaliaApp, ui: &mut Ui, open: bool) {
    let mut on = app.state.review_mode;
    if ui
        .checkbox(&mut on, Command::ToggleReview.with_key("Review mode"))
        .clicked()
    {
        app.request(Command::ToggleReview);
        ui.close();
    }
    let review = app.state.review_mode;
    menu_items(
        app,
        ui,
        review,
        &[
            Command::NextDisagreement,
            Command::PreviousDisagreement,
            Command::AcceptAgreed,
            Command::AcceptVersion1,
            Command::AcceptVersion2,
        ],
    );
    ui.separator();
    menu_item(app, ui, Command::ShowDashboard, open);
}

/// The Go menu.
fn go_menu(app: &mut MarginaliaApp, ui: &mut Ui, open: bool) {
    menu_items(
        app,
        ui,
        open,
        &[
            Command::NextDocument,
            Command::PreviousDocument,
            Command::MarkDone,
            Command::NextAnnotation,
            Command::PreviousAnnotation,
        ],
    );
    ui.separator();
    menu_items(
        app,
        ui,
        open,
        &[
            Command::FilterNotDone,
            Command::FilterDisagreements,
            Command::FilterSuggestions,
        ],
    );
}

/// The Help menu.
fn help_menu(app: &mut MarginaliaApp, ui: &mut Ui) {
    menu_item(app, ui, Command::CommandPalette, true);
    menu_item(app, ui, Command::ShowShortcuts, true)
}
