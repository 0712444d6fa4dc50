//! Every user action is one named command, shared by the menus, the keyboard shortcuts
//! and the tests. Label hotkeys (1–9) come from the project's label set instead.
use eframe::egui::{self, Key, KeyboardShortcut, Modifiers};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Command {
    NewProject,
    OpenProject,
    ImportArticles,
    ImportFolder,
    Save,
    SaveAs,
    Undo,
    Redo,
    NextDocument,
    PreviousDocument,
    MarkDone,
    DeleteAnnotation,
    EditNote,
    NextAnnotation,
    PreviousAnnotation,
    ClearSelection,
    ExtendLeft,
    ExtendRight,
    ExtendWordLeft,
    ExtendWordRight,
    ExtendUp,
    ExtendDown,
    MoveLeft,
    MoveRight,
    MoveUp,
    MoveDown,
    ZoomIn,
    ZoomOut,
    ShowProblems,
    ShowShortcuts,
    ExportDataset,
    MergeAnnotations,
    ToggleReview,
    NextDisagreement,
    PreviousDisagreement,
    AcceptAgreed,
    AcceptVersion1,
    AcceptVersion2,
    AcceptVersion3,
    AcceptVersion4,
    ShowDashboard,
    LinkToSource,
    Unlink,
    AddFragment,
    WhoSaidWhat,
    ChangeName,
    TextDirection,
    CommandPalette,
    Find,
    FindInProject,
    FindNext,
    FindPrevious,
    TagAllHits,
    EditLabels,
    ToggleDocumentsPanel,
    ToggleAnnotationsPanel,
    FilterNotDone,
    FilterDisagreements,
    FilterSuggestions,
    Suggest,
    SuggestAll,
    AcceptAllSuggestions,
    StopSuggesting,
    ClearMergeConflicts,
    ToggleSuggestOnOpen,
}

const CMD: Modifiers = Modifiers::COMMAND;
const SHIFT: Modifiers = Modifiers::SHIFT;
const NONE: Modifiers = Modifiers::NONE;
const ALT: Modifiers = Modifiers::ALT;

impl Command {
    pub const ALL: &'static [Command] = &[
        Command::NewProject,
        Command::OpenProject,
        Command::ImportArticles,
        Command::ImportFolder,
        Command::Save,
        Command::SaveAs,
        Command::Undo,
        Command::Redo,
        Command::NextDocument,
        Command::PreviousDocument,
        Command::MarkDone,
        Command::DeleteAnnotation,
        Command::EditNote,
        Command::NextAnnotation,
        Command::PreviousAnnotation,
        Command::ClearSelection,
        Command::ExtendLeft,
        Command::ExtendRight,
        Command::ExtendWordLeft,
        Command::ExtendWordRight,
        Command::ExtendUp,
        Command::ExtendDown,
        Command::MoveLeft,
        Command::MoveRight,
        Command::MoveUp,
        Command::MoveDown,
        Command::ZoomIn,
        Command::ZoomOut,
        Command::ShowProblems,
        Command::ShowShortcuts,
        Command::ExportDataset,
        Command::MergeAnnotations,
        Command::ToggleReview,
        Command::NextDisagreement,
        Command::PreviousDisagreement,
        Command::AcceptAgreed,
        Command::AcceptVersion1,
        Command::AcceptVersion2,
        Command::AcceptVersion3,
        Command::AcceptVersion4,
        Command::ShowDashboard,
        Command::LinkToSource,
        Command::Unlink,
        Command::AddFragment,
        Command::WhoSaidWhat,
        Command::ChangeName,
        Command::TextDirection,
        Command::CommandPalette,
        Command::Find,
        Command::FindInProject,
        Command::FindNext,
        Command::FindPrevious,
        Command::TagAllHits,
        Command::EditLabels,
        Command::ToggleDocumentsPanel,
        Command::ToggleAnnotationsPanel,
        Command::FilterNotDone,
        Command::FilterDisagreements,
        Command::FilterSuggestions,
        Command::Suggest,
        Command::SuggestAll,
        Command::AcceptAllSuggestions,
        Command::StopSuggesting,
        Command::ClearMergeConflicts,
        Command::ToggleSuggestOnOpen,
    ];

    /// Name shown in menus and the command list.
    pub fn title(self) -> &'static str {
        match self {
            Command::NewProject => "New project…",
            Command::OpenProject => "Open…",
            Command::ImportArticles => "Import articles…",
            Command::ImportFolder => "Import folder…",
            Command::Save => "Save",
            Command::SaveAs => "Save as…",
            Command::Undo => "Undo",
            Command::Redo => "Redo",
            Command::NextDocument => "Next document",
            Command::PreviousDocument => "Previous document",
            Command::MarkDone => "Mark done, go to next undone",
            Command::DeleteAnnotation => "Delete annotation",
            Command::EditNote => "Edit note",
            Command::NextAnnotation => "Next annotation",
            Command::PreviousAnnotation => "Previous annotation",
            Command::ClearSelection => "Clear selection",
            Command::ExtendLeft => "Extend selection left",
            Command::ExtendRight => "Extend selection right",
            Command::ExtendWordLeft => "Extend selection a word left",
            Command::ExtendWordRight => "Extend selection a word right",
            Command::ExtendUp => "Extend selection up",
            Command::ExtendDown => "Extend selection down",
            Command::MoveLeft => "Move caret left",
            Command::MoveRight => "Move caret right",
            Command::MoveUp => "Move caret up",
            Command::MoveDown => "Move caret down",
            Command::ZoomIn => "Larger text",
            Command::ZoomOut => "Smaller text",
            Command::ShowProblems => "Problems…",
            Command::ShowShortcuts => "Keyboard shortcuts",
            Command::ExportDataset => "Export dataset…",
            Command::MergeAnnotations => "Merge annotations from…",
            Command::ToggleReview => "Review mode",
            Command::NextDisagreement => "Next disagreement",
            Command::PreviousDisagreement => "Previous disagreement",
            Command::AcceptAgreed => "Accept all agreed spans",
            Command::AcceptVersion1 => "Accept the 1st annotator's version",
            Command::AcceptVersion2 => "Accept the 2nd annotator's version",
            Command::AcceptVersion3 => "Accept the 3rd annotator's version",
            Command::AcceptVersion4 => "Accept the 4th annotator's version",
            Command::ShowDashboard => "Agreement dashboard",
            Command::LinkToSource => "Link to source…",
            Command::Unlink => "Remove link",
            Command::AddFragment => "Add selection to the span (split span)",
            Command::WhoSaidWhat => "Who said what",
            Command::ChangeName => "Your name…",
            Command::TextDirection => "Text direction: automatic, right to left, left to right",
            Command::CommandPalette => "All commands…",
            Command::Find => "Find in document…",
            Command::FindInProject => "Find in project…",
            Command::FindNext => "Find next",
            Command::FindPrevious => "Find previous",
            Command::TagAllHits => "Tag all hits with the chosen label",
            Command::EditLabels => "Labels…",
            Command::ToggleDocumentsPanel => "Documents panel",
            Command::ToggleAnnotationsPanel => "Annotations panel",
            Command::FilterNotDone => "Show only documents not done",
            Command::FilterDisagreements => "Show only documents with disagreements",
            Command::FilterSuggestions => "Show only documents with suggestions",
            Command::Suggest => "Suggest quotes, sources and figures in this document",
            Command::SuggestAll => "Suggest in every document",
            Command::AcceptAllSuggestions => "Accept all suggestions of the selected one's label",
            Command::StopSuggesting => "Stop suggesting (nothing is changed)",
            Command::ClearMergeConflicts => "Clear the recorded merge conflicts",
            Command::ToggleSuggestOnOpen => "Suggest when a document opens",
        }
    }

    /// Primary shortcut.
    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        let s = |m, k| Some(KeyboardShortcut::new(m, k));
        match self {
            Command::NewProject => s(CMD, Key::N),
            Command::OpenProject => s(CMD, Key::O),
            Command::ImportArticles => s(CMD, Key::I),
            Command::ImportFolder => s(CMD.plus(SHIFT), Key::I),
            Command::Save => s(CMD, Key::S),
            Command::SaveAs => s(CMD.plus(SHIFT), Key::S),
            Command::Undo => s(CMD, Key::Z),
            Command::Redo => s(CMD.plus(SHIFT), Key::Z),
            Command::NextDocument => s(CMD, Key::PageDown),
            Command::PreviousDocument => s(CMD, Key::PageUp),
            Command::MarkDone => s(CMD, Key::D),
            Command::DeleteAnnotation => s(NONE, Key::Delete),
            Command::EditNote => s(NONE, Key::Enter),
            Command::NextAnnotation => s(NONE, Key::Tab),
            Command::PreviousAnnotation => s(SHIFT, Key::Tab),
            Command::ClearSelection => s(NONE, Key::Escape),
            Command::ExtendLeft => s(SHIFT, Key::ArrowLeft),
            Command::ExtendRight => s(SHIFT, Key::ArrowRight),
            Command::ExtendWordLeft => s(CMD.plus(SHIFT), Key::ArrowLeft),
            Command::ExtendWordRight => s(CMD.plus(SHIFT), Key::ArrowRight),
            Command::ExtendUp => s(SHIFT, Key::ArrowUp),
            Command::ExtendDown => s(SHIFT, Key::ArrowDown),
            Command::MoveLeft => s(NONE, Key::ArrowLeft),
            Command::MoveRight => s(NONE, Key::ArrowRight),
            Command::MoveUp => s(NONE, Key::ArrowUp),
            Command::MoveDown => s(NONE, Key::ArrowDown),
            Command::ZoomIn => s(CMD, Key::Plus),
            Command::ZoomOut => s(CMD, Key::Minus),
            // As VS Code's Problems panel; Ctrl+Shift+P is the command palette there and here.
            Command::ShowProblems => s(CMD.plus(SHIFT), Key::M),
            Command::ShowShortcuts => s(NONE, Key::F1),
            Command::ExportDataset => s(CMD, Key::E),
            Command::MergeAnnotations => s(CMD, Key::M),
            Command::ToggleReview => s(NONE, Key::F2),
            Command::NextDisagreement => s(NONE, Key::N),
            Command::PreviousDisagreement => s(SHIFT, Key::N),
            Command::AcceptAgreed => s(NONE, Key::A),
            Command::AcceptVersion1 => s(ALT, Key::Num1),
            Command::AcceptVersion2 => s(ALT, Key::Num2),
            Command::AcceptVersion3 => s(ALT, Key::Num3),
            Command::AcceptVersion4 => s(ALT, Key::Num4),
            Command::ShowDashboard => s(NONE, Key::F3),
            Command::LinkToSource => s(NONE, Key::L),
            Command::Unlink => s(SHIFT, Key::L),
            Command::AddFragment => s(NONE, Key::F),
            Command::WhoSaidWhat => s(NONE, Key::F4),
            Command::ChangeName => None,
            // As Firefox switches a text field's direction.
            Command::TextDirection => s(CMD.plus(SHIFT), Key::X),
            Command::CommandPalette => s(CMD.plus(SHIFT), Key::P),
            Command::Find => s(CMD, Key::F),
            Command::FindInProject => s(CMD.plus(SHIFT), Key::F),
            // As Firefox and VS Code (F3 is the agreement dashboard here).
            Command::FindNext => s(CMD, Key::G),
            Command::FindPrevious => s(CMD.plus(SHIFT), Key::G),
            Command::TagAllHits => None,
            Command::EditLabels => None,
            // As VS Code's primary and secondary side bars.
            Command::ToggleDocumentsPanel => s(CMD, Key::B),
            Command::ToggleAnnotationsPanel => s(CMD.plus(ALT), Key::B),
            Command::FilterNotDone => None,
            Command::FilterDisagreements => None,
            Command::FilterSuggestions => None,
            Command::Suggest => s(CMD.plus(SHIFT), Key::J),
            Command::SuggestAll => None,
            Command::AcceptAllSuggestions => None,
            Command::StopSuggesting => None,
            Command::ClearMergeConflicts => None,
            Command::ToggleSuggestOnOpen => None,
        }
    }

    /// Other shortcuts for the same command (Ctrl+Y for redo, Backspace for delete...).
    pub fn alternatives(self) -> &'static [KeyboardShortcut] {
        const REDO_Y: KeyboardShortcut = KeyboardShortcut::new(CMD, Key::Y);
        const BACKSPACE: KeyboardShortcut = KeyboardShortcut::new(NONE, Key::Backspace);
        const NEXT_DOC: KeyboardShortcut = KeyboardShortcut::new(NONE, Key::CloseBracket);
        const PREV_DOC: KeyboardShortcut = KeyboardShortcut::new(NONE, Key::OpenBracket);
        const ZOOM_IN: KeyboardShortcut = KeyboardShortcut::new(CMD, Key::Equals);
        match self {
            Command::Redo => &[REDO_Y],
            Command::DeleteAnnotation => &[BACKSPACE],
            Command::NextDocument => &[NEXT_DOC],
            Command::PreviousDocument => &[PREV_DOC],
            Command::ZoomIn => &[ZOOM_IN],
            _ => &[],
        }
    }

    /// The primary shortcut as the platform writes it ("Ctrl+F", "⌘F"), if any.
    pub fn key_text(self) -> Option<String> {
        let names = if cfg!(target_os = "macos") {
            &egui::ModifierNames::SYMBOLS
        } else {
            &egui::ModifierNames::NAMES
        };
        (self.shortcut()).map(|s| s.format(names, cfg!(target_os = "macos")))
    }

    /// "F4  Who said what": a button's text, with the key first so it lines up.
    pub fn button_text(self, text: &str) -> String {
        match self.key_text() {
            Some(k) => format!("{k}  {text}"),
            None => text.to_owned(),
        }
    }

    /// "Next disagreement (N)": a hint's text, the key in brackets after it.
    pub fn with_key(self, text: &str) -> String {
        match self.key_text() {
            Some(k) => format!("{text} ({k})"),
            None => text.to_owned(),
        }
    }

    /// Commands that move the caret, extending the selection or not.
    pub fn moves_caret(self) -> bool {
        self.extends_selection()
            || matches!(
                self,
                Command::MoveLeft | Command::MoveRight | Command::MoveUp | Command::MoveDown
            )
    }

    /// Commands that extend the text selection (Shift+arrows).
    pub fn extends_selection(self) -> bool {
        matches!(
            self,
            Command::ExtendLeft
                | Command::ExtendRight
                | Command::ExtendWordLeft
                | Command::ExtendWordRight
                | Command::ExtendUp
                | Command::ExtendDown
        )
    }

    /// Commands that give the keyboard to a text field.
    pub fn opens_text_field(self) -> bool {
        matches!(
            self,
            Command::CommandPalette
                | Command::Find
                | Command::FindInProject
                | Command::ChangeName
                | Command::WhoSaidWhat
        )
    }

    /// Whether the command works while a text field has the keyboard (only those with Ctrl).
    pub fn works_while_typing(self) -> bool {
        self.shortcut().is_some_and(|s| s.modifiers.command)
    }

    /// Commands whose keys only mean something in review mode (elsewhere they stay free).
    pub fn review_only(self) -> bool {
        matches!(
            self,
            Command::NextDisagreement
                | Command::PreviousDisagreement
                | Command::AcceptAgreed
                | Command::AcceptVersion1
                | Command::AcceptVersion2
                | Command::AcceptVersion3
                | Command::AcceptVersion4
        )
    }

    /// Commands in the order their shortcuts must be checked: egui ignores extra Shift
    /// when matching, so the shortcuts with more modifiers go first.
    pub fn dispatch_order() -> &'static [(Command, KeyboardShortcut)] {
        // Built once: it is read every frame.
        static ORDER: std::sync::OnceLock<Vec<(Command, KeyboardShortcut)>> =
            std::sync::OnceLock::new();
        ORDER.get_or_init(Self::sorted_shortcuts)
    }

    fn sorted_shortcuts() -> Vec<(Command, KeyboardShortcut)> {
        let mut all: Vec<(Command, KeyboardShortcut)> = Command::ALL
            .iter()
            .flat_map(|&c| {
                c.shortcut()
                    .into_iter()
                    .chain(c.alternatives().iter().copied())
                    .map(move |s| (c, s))
            })
            .collect();
        all.sort_by_key(|(_, s)| std::cmp::Reverse(modifier_count(s.modifiers)));
        all
    }
}

fn modifier_count(m: Modifiers) -> u8 {
    m.alt as u8 + m.shift as u8 + (m.command || m.ctrl) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_two_commands_share_a_shortcut() {
        let all = Command::dispatch_order();
        for (i, (a, sa)) in all.iter().enumerate() {
            for (b, sb) in &all[i + 1..] {
                assert!(sa != sb, "{a:?} and {b:?} share {sa:?}");
            }
        }
    }

    #[test]
    fn more_specific_shortcuts_are_checked_first() {
        let order = Command::dispatch_order();
        let pos = |c| order.iter().position(|(x, _)| *x == c).unwrap();
        assert!(pos(Command::Redo) < pos(Command::Undo));
        assert!(pos(Command::SaveAs) < pos(Command::Save));
        assert!(pos(Command::ExtendWordRight) < pos(Command::ExtendRight));
        assert!(pos(Command::ExtendRight) < pos(Command::MoveRight));
    }
}
