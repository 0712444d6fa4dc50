//! The label set editor (Labels…): add, rename, recolour, re-key, describe, reorder and
//! remove labels. Every change is one undoable [`Edit`](crate::model::Edit) built by the
//! project (which checks the rules: unique names, keys 1–9, ids that never change); this
//! window only drafts them and queues them like any other action.
use std::collections::HashMap;
use std::sync::Arc;

use eframe::egui::{self, Color32, RichText, Ui};

use super::memo::Memo;
use super::{Action, MarginaliaApp};
use crate::model::label_colors::{PALETTE, warnings};
use crate::model::{Label, LabelFate, Project, Stamp, parse_hex_color};

#[derive(Default)]
pub struct LabelEditor {
    pub open: bool,
    /// Text fields being typed in, by label id: sent as an edit when the field is left.
    names: HashMap<String, String>,
    descriptions: HashMap<String, String>,
    new_name: String,
    /// Put the keyboard in the new-label field (the editor was just opened), so a label is
    /// added by typing its name and Enter.
    focus_new: bool,
    /// A removal waiting for the user to say where the label's annotations go.
    removing: Option<Removal>,
    error: Option<String>,
    /// How many annotations use each label, in label order.
    uses: Memo<Stamp, Arc<Vec<usize>>>,
}

struct Removal {
    id: String,
    uses: usize,
    /// `None`: delete them; else relabel them with this id.
    relabel: Option<String>,
}

/// What a row asks for this frame.
enum RowChange {
    Replace(Label),
    Move(usize),
    Remove,
}

impl LabelEditor {
    /// Opens the editor with the keyboard in the new-label field, or closes it.
    pub fn toggle(&mut self) {
        self.open = !self.open;
        self.focus_new = self.open;
    }
}

pub fn window(app: &mut MarginaliaApp, ctx: &egui::Context) {
    if !app.labels.open {
        return;
    }
    let Some(project) = app.state.project() else {
        return;
    };
    let labels = project.labels().to_vec();
    // Counted once per project change, not per frame: each count reads every annotation.
    let uses = (app.labels.uses).get(project.stamp(), || {
        Arc::new(labels.iter().map(|l| project.label_uses(&l.id)).collect())
    });
    let mut open = true;
    let mut changes: Vec<(usize, RowChange)> = Vec::new();
    let mut add = false;
    egui::Window::new("Labels")
        .open(&mut open)
        .default_width(640.0)
        .show(ctx, |ui| {
            let ed = &mut app.labels;
            changes = table(ui, ed, &labels, &uses);
            ui.separator();
            add = new_label_row(ui, ed);
            for w in warnings(&labels) {
                ui.colored_label(ui.visuals().warn_fg_color, format!("⚠ {w}"));
            }
            if let Some(e) = &ed.error {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
            ui.weak(
                "Ids stay as they are, so renaming keeps every annotation; exports use the new name.",
            );
        });
    app.labels.open = open;
    let Some(project) = app.state.project() else {
        return;
    };
    let mut edits = Vec::new();
    let mut error = None;
    if add {
        let name = std::mem::take(&mut app.labels.new_name);
        collect(
            &mut edits,
            &mut error,
            project.add_label_edit(project.new_label(&name)),
        );
    }
    for (i, change) in changes {
        let id = labels[i].id.clone();
        match change {
            RowChange::Replace(after) => {
                collect(&mut edits, &mut error, project.change_label_edit(after))
            }
            RowChange::Move(to) => {
                collect(&mut edits, &mut error, project.move_label_edit(&id, to))
            }
            RowChange::Remove if uses[i] == 0 => collect(
                &mut edits,
                &mut error,
                project.remove_label_edit(&id, &LabelFate::Delete),
            ),
            RowChange::Remove => {
                let relabel = labels.iter().find(|l| l.id != id).map(|l| l.id.clone());
                app.labels.removing = Some(Removal {
                    id,
                    uses: uses[i],
                    relabel,
                });
            }
        }
    }
    confirm_removal(app, ctx, &labels, &mut edits, &mut error);
    if error.is_some() || !edits.is_empty() {
        app.labels.error = error;
    }
    for edit in edits {
        app.send(Action::Apply(Box::new(edit)));
    }
}

/// One row per label (colour, name, key, description, uses, move and remove); the changes
/// asked for, by row.
fn table(
    ui: &mut Ui,
    ed: &mut LabelEditor,
    labels: &[Label],
    uses: &[usize],
) -> Vec<(usize, RowChange)> {
    let mut changes = Vec::new();
    egui::ScrollArea::vertical()
        .max_height(420.0)
        .show(ui, |ui| {
            egui::Grid::new("labels")
                .striped(true)
                .num_columns(6)
                .show(ui, |ui| {
                    for head in ["Colour", "Name", "Key", "Description", "Used", ""] {
                        ui.strong(head);
                    }
                    ui.end_row();
                    for (i, l) in labels.iter().enumerate() {
                        if let Some(c) = row(ed, ui, l, uses[i], i, labels.len()) {
                            changes.push((i, c));
                        }
                        ui.end_row();
                    }
                });
        });
    changes
}

/// The field and button that add a label; whether one is to be added.
fn new_label_row(ui: &mut Ui, ed: &mut LabelEditor) -> bool {
    let mut add = false;
    ui.horizontal(|ui| {
        let field = ui.add(
            egui::TextEdit::singleline(&mut ed.new_name)
                .hint_text("New label name, e.g. opinion")
                .desired_width(220.0),
        );
        field.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::TextInput, true, "New label name")
        });
        if std::mem::take(&mut ed.focus_new) {
            field.request_focus();
        }
        let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        add = (ui.button("Add label").clicked() || enter) && !ed.new_name.trim().is_empty();
    });
    add
}

fn collect<E: std::fmt::Display>(
    edits: &mut Vec<crate::model::Edit>,
    error: &mut Option<String>,
    made: Result<crate::model::Edit, E>,
) {
    match made {
        Ok(e) => edits.push(e),
        Err(e) => *error = Some(e.to_string()),
    }
}

/// One label's row: colour swatches, name, key, description, uses, move and remove.
fn row(
    ed: &mut LabelEditor,
    ui: &mut Ui,
    l: &Label,
    uses: usize,
    i: usize,
    n: usize,
) -> Option<RowChange> {
    let mut change = None;
    let mut after = l.clone();
    colour_menu(ui, l, &mut after);
    let name = (ed.names.entry(l.id.clone())).or_insert_with(|| l.name.clone());
    let field = text_field(ui, name, 150.0, format!("Name of {}", l.id));
    if field.lost_focus() && name.trim() != l.name {
        after.name = name.trim().to_owned();
    }
    if !field.has_focus() && !field.lost_focus() {
        name.clone_from(&l.name); // follow undo and other edits
    }
    let combo = egui::ComboBox::from_id_salt(("key", &l.id))
        .width(44.0)
        .selected_text(l.hotkey.map_or("—".to_owned(), String::from))
        .show_ui(ui, |ui| {
            for k in std::iter::once(None).chain(('1'..='9').map(Some)) {
                let text = k.map_or("none".to_owned(), String::from);
                if ui.selectable_label(l.hotkey == k, text).clicked() {
                    after.hotkey = k;
                }
            }
        });
    let name = format!("Key of {}", l.name);
    (combo.response).widget_info(|| egui::WidgetInfo::labeled(egui::Role::ComboBox, true, &name));
    let desc = (ed.descriptions.entry(l.id.clone())).or_insert_with(|| l.description.clone());
    let field = text_field(ui, desc, 240.0, format!("Description of {}", l.id));
    if field.lost_focus() && *desc != l.description {
        after.description = desc.clone();
    }
    if !field.has_focus() && !field.lost_focus() {
        desc.clone_from(&l.description);
    }
    ui.label(uses.to_string());
    ui.horizontal(|ui| {
        if ui
            .add_enabled(i > 0, egui::Button::new("Up"))
            .on_hover_text("Move up")
            .clicked()
        {
            change = Some(RowChange::Move(i - 1));
        }
        if ui
            .add_enabled(i + 1 < n, egui::Button::new("Down"))
            .on_hover_text("Move down")
            .clicked()
        {
            change = Some(RowChange::Move(i + 1));
        }
        if ui.button("🗑").on_hover_text("Remove this label").clicked() {
            change = Some(RowChange::Remove);
        }
    });
    if after != *l {
        change = Some(RowChange::Replace(after));
    }
    change
}

/// The label's colour as a button; its menu offers the colour-blind-safe palette.
fn colour_menu(ui: &mut Ui, l: &Label, after: &mut Label) {
    let [r, g, b] = l.rgb();
    let chip = egui::Button::new(
        RichText::new(&l.color)
            .monospace()
            .color(contrasting(l.rgb())),
    )
    .fill(Color32::from_rgb(r, g, b));
    egui::containers::menu::MenuButton::from_button(chip).ui(ui, |ui| {
        ui.label("Colour-blind-safe palette (Okabe–Ito, then Tol):");
        ui.horizontal_wrapped(|ui| {
            for hex in PALETTE {
                let [r, g, b] = parse_hex_color(hex).unwrap_or([128; 3]);
                let swatch = egui::Button::new("   ").fill(Color32::from_rgb(r, g, b));
                if ui.add(swatch).on_hover_text(*hex).clicked() {
                    after.color = (*hex).to_owned();
                    ui.close();
                }
            }
        });
    });
}

fn contrasting(rgb: [u8; 3]) -> Color32 {
    let [r, g, b] = crate::model::label_colors::text_on(rgb);
    Color32::from_rgb(r, g, b)
}

/// "N annotations use it": relabel them or delete them, then remove the label.
fn confirm_removal(
    app: &mut MarginaliaApp,
    ctx: &egui::Context,
    labels: &[Label],
    edits: &mut Vec<crate::model::Edit>,
    error: &mut Option<String>,
) {
    let Some(r) = &mut app.labels.removing else {
        return;
    };
    let name = |id: &str| {
        labels
            .iter()
            .find(|l| l.id == id)
            .map_or(id.to_owned(), |l| l.name.clone())
    };
    let (mut go, mut cancel) = (false, false);
    egui::Modal::new(egui::Id::unique("remove-label")).show(ctx, |ui| {
        ui.heading(format!("Remove “{}”?", name(&r.id)));
        ui.label(format!("{} annotations use it. They:", r.uses));
        for l in labels.iter().filter(|l| l.id != r.id) {
            let target = Some(l.id.clone());
            if ui
                .radio(r.relabel == target, format!("become {}", l.name))
                .clicked()
            {
                r.relabel = target;
            }
        }
        if ui
            .radio(r.relabel.is_none(), "are deleted, with their links")
            .clicked()
        {
            r.relabel = None;
        }
        ui.horizontal(|ui| {
            go = ui.button("Remove").clicked();
            cancel = ui.button("Cancel").clicked();
        });
    });
    if go {
        let fate = r
            .relabel
            .clone()
            .map_or(LabelFate::Delete, LabelFate::Relabel);
        if let Some(p) = app.state.project() {
            collect(edits, error, remove(p, &r.id, &fate));
        }
    }
    if go || cancel {
        app.labels.removing = None;
    }
}

fn remove(
    p: &Project,
    id: &str,
    fate: &LabelFate,
) -> Result<crate::model::Edit, crate::model::EditError> {
    p.remove_label_edit(id, fate)
}

/// A one-line field `width` wide, named `said` for screen readers and tests.
fn text_field(ui: &mut Ui, text: &mut String, width: f32, said: String) -> egui::Response {
    let field = ui.add_sized([width, 20.0], egui::TextEdit::singleline(text));
    field.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, &said));
    field
}
