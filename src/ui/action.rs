//! The one path of every user action: key presses, menus, buttons, panels and the reader
//! queue [`Action`]s; [`MarginaliaApp::run_pending`] runs them in the order asked.
use std::path::PathBuf;

use eframe::egui::{self, Key, Modifiers};

use super::MarginaliaApp;
use super::command::Command;
use super::dialogs::FileRequest;
use super::files;
use super::selection::{ReaderRequest, TextSelection};
use crate::model::{AnnotationId, DocId, Edit, Span};

/// Something the user asked for, queued and run in the order asked, in one place
/// ([`MarginaliaApp::run_pending`], after drawing; keys pressed before a mouse press in the
/// same frame run at its start, see `handle_keys`). Keys, menus, buttons, panels and the
/// reader all ask through this queue; none of them changes the state while drawing.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    Run(Command),
    /// Tag the selection with this label id.
    Tag(String),
    /// Paths chosen for a file command, by whichever dialog answered.
    Chosen(FileRequest, Vec<PathBuf>),
    /// Ask the user for paths for this purpose (a dialog or the in-window browser).
    Ask(FileRequest),
    /// Open this project (the recent list).
    Open(PathBuf),
    /// Show this document in the reader.
    ShowDocument(DocId),
    /// Show this document with `span` selected and in view (a search hit).
    ShowSpan(DocId, Span),
    /// Select this annotation of this document and bring it into view.
    ShowAnnotation(DocId, AnnotationId),
    /// What the reader's pointer asked for (links, fragments).
    Reader(ReaderRequest),
    /// Keep the note being edited.
    CommitNote,
    /// Save over a project file that changed on disk (the user said so).
    SaveOverwriting,
    /// Merge the project file that changed on disk with the unsaved edits (three-way).
    MergeFromDisk,
    /// Apply an edit built by a window (label set, tag all hits).
    Apply(Box<Edit>),
}

/// Where a key press lands: which commands its keys may reach.
#[derive(Clone, Copy)]
struct KeyContext {
    /// A text field has the keyboard: only Ctrl shortcuts count.
    typing: bool,
    /// Review mode: its keys (N, A, Alt+1…) count; elsewhere they stay free.
    review: bool,
}

/// What a key press asks for: the first command in dispatch order (most modifiers first)
/// whose shortcut it matches, else a label's key.
fn key_action(
    key: Key,
    modifiers: Modifiers,
    at: KeyContext,
    label_keys: &[(String, Key)],
) -> Option<Action> {
    let command = Command::dispatch_order().iter().find(|(cmd, s)| {
        s.logical_key == key
            && modifiers.matches_logically(s.modifiers)
            && (!at.typing || cmd.works_while_typing())
            && (at.review || !cmd.review_only())
    });
    if let Some(&(cmd, _)) = command {
        return Some(Action::Run(cmd));
    }
    // As egui's consume_key(NONE, …): Shift and Alt held by the way do not matter.
    if !modifiers.matches_logically(Modifiers::NONE) {
        return None;
    }
    (label_keys.iter())
        .find(|(_, k)| *k == key)
        .map(|(label, _)| Action::Tag(label.clone()))
}

/// Keys egui uses to move keyboard focus between widgets.
fn moves_focus(key: Key) -> bool {
    matches!(
        key,
        Key::Tab | Key::ArrowUp | Key::ArrowDown | Key::ArrowLeft | Key::ArrowRight
    )
}

impl MarginaliaApp {
    /// Reads shortcuts and label keys from this frame's input: one action per key press, in
    /// the order they were pressed. A slow frame (a big redraw on a software renderer) can
    /// hold several presses, e.g. Tab Tab Tab or 4 then Tab; each must count, in order.
    pub(super) fn handle_keys(&mut self, ui: &egui::Ui) {
        let ctx = ui.ctx().clone();
        let pressed_a_key = ctx.input(|i| {
            (i.events.iter()).any(|e| matches!(e, egui::Event::Key { pressed: true, .. }))
        });
        if !pressed_a_key {
            return; // most frames: nothing to read, nothing to allocate
        }
        let typing = ctx.text_edit_focused();
        let label_keys: Vec<(String, Key)> = match self.state.project() {
            Some(p) if !typing => (p.labels().iter())
                .filter_map(|l| Some((l.id.clone(), Key::from_name(&l.hotkey?.to_string())?)))
                .collect(),
            _ => Vec::new(),
        };
        let at_keys = KeyContext {
            typing,
            review: self.state.review_mode,
        };
        let mut moved_focus = false;
        // Keys pressed before a mouse press in the same (slow) frame run before the reader
        // sees that press: L then a click on the source must link, 4 then a click must tag
        // before the click changes the selection.
        let mut early = Vec::new();
        ctx.input_mut(|i| {
            let first_press = (i.events.iter())
                .position(|e| matches!(e, egui::Event::PointerButton { pressed: true, .. }))
                .unwrap_or(usize::MAX);
            let mut at = 0;
            // After a key that opens a text field (the palette, find), the rest of the
            // frame's keys are typing for that field, not shortcuts: Ctrl+Shift+P then a
            // quick "labels" must not also link (L) and tag.
            let mut field_opened = false;
            i.events.retain(|event| {
                let before_press = at < first_press;
                at += 1;
                if field_opened {
                    return true;
                }
                let egui::Event::Key {
                    key,
                    modifiers,
                    pressed: true,
                    ..
                } = event
                else {
                    return true;
                };
                let Some(action) = key_action(*key, *modifiers, at_keys, &label_keys) else {
                    return true;
                };
                moved_focus |= !typing && moves_focus(*key);
                if matches!(action, Action::Run(c) if c.opens_text_field()) {
                    // Run before drawing, so the field exists and takes this frame's text.
                    field_opened = true;
                    early.push(action);
                } else if before_press {
                    early.push(action);
                } else {
                    self.pending.push(action);
                }
                false // consumed: egui's widgets must not see it too
            });
        });
        self.run_actions(ui, early);
        // Tab and the arrows are ours in the reader: egui must not also move its keyboard
        // focus to a button, where Enter would then press it.
        if moved_focus {
            ctx.memory_mut(|m| {
                m.move_focus(egui::FocusDirection::None);
                if let Some(id) = m.focused() {
                    m.surrender_focus(id);
                }
            });
        }
    }

    /// Asks for `action` to run after this frame's drawing: the one sender of menus,
    /// buttons and panels.
    pub fn send(&mut self, action: Action) {
        self.pending.push(action);
    }

    /// Asks for `cmd` to run after this frame's drawing.
    pub(crate) fn request(&mut self, cmd: Command) {
        self.send(Action::Run(cmd));
    }

    /// Asks for the selection to be tagged with `label` after this frame's drawing.
    pub(crate) fn request_tag(&mut self, label: &str) {
        self.send(Action::Tag(label.to_owned()));
    }

    /// Queues what the reader asked for this frame ahead of the keys pressed after the
    /// mouse press it came from, as if it had run at once.
    pub(super) fn queue_reader_requests(&mut self) {
        let requests = std::mem::take(&mut self.state.reader.requests);
        self.pending
            .splice(0..0, requests.into_iter().map(Action::Reader));
    }

    pub(super) fn run_pending(&mut self, ui: &egui::Ui) {
        // A file command's answer is queued while its command runs: run it in this frame too.
        while !self.pending.is_empty() {
            let actions = std::mem::take(&mut self.pending);
            self.run_actions(ui, actions);
        }
    }

    fn run_actions(&mut self, ui: &egui::Ui, actions: Vec<Action>) {
        for action in actions {
            self.run_action(ui, action);
        }
    }

    fn run_action(&mut self, ui: &egui::Ui, action: Action) {
        let st = &mut self.state;
        match action {
            Action::Run(cmd) => self.execute(ui, cmd),
            Action::Tag(label) => self.tag_with(&label),
            Action::Chosen(request, paths) => files::chosen(self, request, paths),
            Action::Ask(request) => files::ask(self, request),
            Action::Open(path) => st.open(&path),
            Action::ShowDocument(doc) => st.show_document(doc),
            Action::ShowSpan(doc, span) => {
                st.show_document(doc);
                st.reader.clear();
                st.reader.selection = Some(TextSelection {
                    anchor: span.start,
                    head: span.end,
                });
                st.reader.scroll_to = Some(span.start);
            }
            Action::ShowAnnotation(doc, id) => {
                st.show_document(doc);
                if let Some(a) = st.project().and_then(|p| p.annotation(id)) {
                    let start = a.start;
                    st.reader.select_annotation(id, start);
                }
            }
            Action::Reader(request) => {
                if let Some(doc) = st.current_document() {
                    st.handle_reader_request(request, doc.index());
                }
            }
            Action::CommitNote => st.commit_note(),
            Action::SaveOverwriting => {
                if let Some(s) = &mut st.session
                    && let Err(e) = s.save_overwriting()
                {
                    st.error(e.to_string());
                }
            }
            Action::MergeFromDisk => {
                st.save_conflict = false;
                let Some(s) = &mut st.session else {
                    return;
                };
                match s.merge_from_disk() {
                    Ok(done) => {
                        let n = done.conflicts.len();
                        let also = if n > 0 {
                            format!(" ({n} conflicts settled by rule: see Problems)")
                        } else {
                            String::new()
                        };
                        st.info(format!(
                            "Merged the file changed on disk: {}{also}",
                            done.line()
                        ));
                    }
                    Err(e) => st.error(format!("Could not merge the file changed on disk: {e}")),
                }
            }
            Action::Apply(edit) => {
                st.apply(*edit);
            }
        }
    }

    /// Tags the selection in the current document with `label` (a label key or button).
    fn tag_with(&mut self, label: &str) {
        let Some(doc) = self.state.current_document() else {
            return;
        };
        let idx = doc.index();
        self.state.apply_label(label, idx);
    }
}
