//! The "your name" window: asked on first start (no name in the settings yet) and again
//! from File → Your name…. The name is stamped on every annotation the user makes.
use eframe::egui::{self, Button, Key, TextEdit};

/// Stamped on annotations when the user skips the prompt.
pub const ANONYMOUS: &str = "anonymous";

#[derive(Default)]
pub struct NamePrompt {
    open: bool,
    /// Opened because no name was ever given: it says welcome and cannot be dismissed
    /// without a choice (a name, or staying anonymous).
    first_run: bool,
    text: String,
    /// The field gets the keyboard once, when the prompt opens. Asking every frame made
    /// egui interrupt the input method every frame: on X11 that swallowed every typed key
    /// and kept the window repainting (1.6 cores while idle).
    focus_pending: bool,
}

impl NamePrompt {
    /// Opens the prompt, filled with the current name if there is one.
    pub fn open(&mut self, current: Option<&str>) {
        self.first_run = current.is_none();
        self.text = current.unwrap_or_default().to_owned();
        self.open = true;
        self.focus_pending = true;
    }

    pub fn is_open(&self) -> bool {
        self.open
    }

    /// Shows the prompt if it is open; returns the name chosen this frame, if any.
    pub fn ui(&mut self, ctx: &egui::Context) -> Option<String> {
        if !self.open {
            return None;
        }
        let mut chosen = None;
        let modal = egui::Modal::new(egui::Id::unique("name_prompt")).show(ctx, |ui| {
            ui.set_width(400.0);
            ui.heading(if self.first_run {
                "Welcome to Marginalia"
            } else {
                "Your name"
            });
            ui.label(
                "Your name is stamped on every annotation you make, so colleagues can review them.",
            );
            ui.add_space(6.0);
            chosen = self.form(ui);
        });
        // Esc or a click outside closes it, except on first run, where a choice is needed.
        if chosen.is_some() || (modal.should_close() && !self.first_run) {
            self.open = false;
        }
        chosen
    }

    fn form(&mut self, ui: &mut egui::Ui) -> Option<String> {
        let label = ui.label("Your name");
        let field = ui
            .add(
                TextEdit::singleline(&mut self.text)
                    .hint_text("e.g. Amira Khan")
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        if std::mem::take(&mut self.focus_pending) {
            field.request_focus();
        }
        let name = self.text.trim().to_owned();
        let entered = field.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
        if entered && name.is_empty() {
            field.request_focus();
        }
        let mut chosen = None;
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            let start = ui.add_enabled(!name.is_empty(), Button::new("Start annotating"));
            if (start.clicked() || entered) && !name.is_empty() {
                chosen = Some(name.clone());
            }
            let skip = if self.first_run {
                "Skip (stay anonymous)"
            } else {
                "Cancel"
            };
            if ui.button(skip).clicked() {
                if self.first_run {
                    chosen = Some(ANONYMOUS.to_owned());
                } else {
                    self.open = false;
                }
            }
        });
        chosen
    }
}
