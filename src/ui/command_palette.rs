//! The command palette (Ctrl+Shift+P): every command with its shortcut, filtered fuzzily as
//! you type; arrows pick, Enter runs, Esc closes. Text and keys come from [`Command`], as
//! the menus' and the F1 list's do.
use eframe::egui::{self, Key, RichText};
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use super::{Command, MarginaliaApp};

#[derive(Default)]
pub struct CommandPalette {
    open: bool,
    filter: String,
    /// Index of the highlighted row in the filtered list.
    row: usize,
    focus: bool,
}

impl CommandPalette {
    pub fn toggle(&mut self) {
        self.open = !self.open;
        self.filter.clear();
        self.row = 0;
        self.focus = self.open;
    }

    pub fn is_open(&self) -> bool {
        self.open
    }
}

/// The commands that make sense now, best match first.
pub fn matching(filter: &str, review: bool) -> Vec<Command> {
    let usable = (Command::ALL.iter().copied()).filter(|c| review || !c.review_only());
    if filter.trim().is_empty() {
        return usable.collect();
    }
    let pattern = Pattern::parse(filter, CaseMatching::Ignore, Normalization::Smart);
    let mut matcher = Matcher::new(Config::DEFAULT);
    let mut buf = Vec::new();
    let mut scored: Vec<(u32, Command)> = usable
        .filter_map(|c| {
            let score = pattern.score(Utf32Str::new(c.title(), &mut buf), &mut matcher)?;
            Some((score, c))
        })
        .collect();
    // Stable: equal scores keep the menu order.
    scored.sort_by_key(|(score, _)| std::cmp::Reverse(*score));
    scored.into_iter().map(|(_, c)| c).collect()
}

/// Draws the palette if open; the chosen command is queued like a menu click.
pub fn show(app: &mut MarginaliaApp, ctx: &egui::Context) {
    if !app.palette.open {
        return;
    }
    let review = app.state.review_mode;
    let commands = matching(&app.palette.filter, review);
    let mut chosen = None;
    let mut typed = false;
    let p = &mut app.palette;
    // The palette has the keyboard while open (the window's shortcuts wait): its own keys,
    // and its shortcut again to close it.
    let again = Command::CommandPalette.shortcut().expect("has a shortcut");
    let (up, down, enter, esc) = ctx.input_mut(|i| {
        (
            i.key_pressed(Key::ArrowUp),
            i.key_pressed(Key::ArrowDown),
            i.key_pressed(Key::Enter),
            i.key_pressed(Key::Escape) || i.consume_shortcut(&again),
        )
    });
    if down {
        p.row = (p.row + 1).min(commands.len().saturating_sub(1));
    }
    if up {
        p.row = p.row.saturating_sub(1);
    }
    egui::Window::new("Commands")
        .title_bar(false)
        .anchor(egui::Align2::CENTER_TOP, [0.0, 60.0])
        // Fixed width; the height follows the list (a fixed zero height cut it to 3 rows).
        .min_width(520.0)
        .max_width(520.0)
        .resizable(false)
        .collapsible(false)
        .show(ctx, |ui| {
            typed = filter_field(ui, p);
            ui.separator();
            let room = ctx.content_rect().height() - 160.0;
            chosen = command_list(ui, &commands, p.row, room.clamp(120.0, 360.0));
        });
    if enter {
        // Text typed in this frame (keys arrive in batches when frames are slow) is not in
        // the list drawn above: Enter runs the best match for what is in the field now.
        let now = if typed {
            matching(&p.filter, review)
        } else {
            commands
        };
        chosen = chosen.or_else(|| now.get(p.row).copied());
    }
    if esc || chosen.is_some() {
        p.open = false;
    }
    if let Some(cmd) = chosen {
        app.request(cmd);
    }
}

/// The filter field; whether the text changed this frame.
fn filter_field(ui: &mut egui::Ui, p: &mut CommandPalette) -> bool {
    // Focus asked before the field is drawn, so it takes the text typed in this
    // frame, and again until it holds (a new window's first frame only sizes it).
    let id = egui::Id::unique("command-palette-filter");
    if p.focus {
        ui.memory_mut(|m| m.request_focus(id));
    }
    let field = ui.add(
        egui::TextEdit::singleline(&mut p.filter)
            .id(id)
            .hint_text("Type a command (arrows pick, Enter runs, Esc closes)")
            .desired_width(f32::INFINITY),
    );
    p.focus &= !field.has_focus();
    if field.changed() {
        p.row = 0;
    }
    field.changed()
}

/// The matching commands with their keys, `row` highlighted; the one clicked, if any.
fn command_list(
    ui: &mut egui::Ui,
    commands: &[Command],
    row: usize,
    height: f32,
) -> Option<Command> {
    let mut chosen = None;
    egui::ScrollArea::vertical()
        .max_height(height)
        .show(ui, |ui| {
            for (i, &cmd) in commands.iter().enumerate() {
                let selected = i == row;
                let line = ui.horizontal(|ui| {
                    let r = ui.selectable_label(selected, cmd.title());
                    if let Some(k) = cmd.key_text() {
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            ui.label(RichText::new(k).weak().monospace());
                        });
                    }
                    r
                });
                if selected {
                    line.response.scroll_to_me(None);
                }
                if line.inner.clicked() {
                    chosen = Some(cmd);
                }
            }
            if commands.is_empty() {
                ui.weak("No command matches");
            }
        });
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fuzzy_filter_finds_the_command_and_ranks_it_first() {
        assert_eq!(matching("who said", false)[0], Command::WhoSaidWhat);
        assert_eq!(matching("fnd prj", false)[0], Command::FindInProject);
        assert!(matching("zzzz", false).is_empty());
    }

    #[test]
    fn review_keys_are_offered_only_in_review_mode() {
        assert!(!matching("", false).contains(&Command::AcceptAgreed));
        assert!(matching("", true).contains(&Command::AcceptAgreed));
        assert_eq!(matching("", true).len(), Command::ALL.len());
    }
}
