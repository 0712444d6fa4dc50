//! What each command does: the one place menus, shortcuts, the palette and tests end up.
//! Commands are grouped by what they work on; the first group that knows a command runs it.
use eframe::egui;

use super::command::Command;
use super::dialogs::FileRequest;
use super::documents_panel::DocFilter;
use super::{MarginaliaApp, files, find, reader, review};

impl MarginaliaApp {
    /// Runs a command: the single entry point for menus, shortcuts and tests.
    pub fn execute(&mut self, ui: &egui::Ui, cmd: Command) {
        let done = self.in_mode(cmd)
            || self.on_files(cmd)
            || self.on_annotations(cmd)
            || self.on_view(ui, cmd)
            || self.on_review_and_find(cmd);
        if !done {
            // The rest move the caret (debug builds check that no other command lands here).
            self.move_caret(ui, cmd);
        }
    }

    /// Keys that mean something else while linking, finding or on a suggestion.
    fn in_mode(&mut self, cmd: Command) -> bool {
        let st = &mut self.state;
        let on_suggestion = st.reader.selected.is_some_and(|id| st.is_suggestion(id));
        match cmd {
            // In link mode Tab / Enter / Esc pick the other end instead.
            Command::EditNote if st.reader.linking.is_some() => st.confirm_link(),
            Command::NextAnnotation if st.reader.linking.is_some() => st.step_link_candidate(1),
            Command::PreviousAnnotation if st.reader.linking.is_some() => {
                st.step_link_candidate(-1)
            }
            Command::ClearSelection if st.reader.linking.is_some() => {
                st.reader.selected = st.reader.linking.take();
                st.info("Link cancelled");
            }
            // Esc closes the find bar first and leaves its hit selected, for a label key
            // (egui has already taken the keyboard from the field when Esc arrives).
            Command::ClearSelection if self.find.bar_open => self.find.bar_open = false,
            Command::DeleteAnnotation if on_suggestion => {
                st.reject_selected();
            }
            Command::EditNote if on_suggestion => {
                st.accept_selected(None);
            }
            _ => return false,
        }
        true
    }

    /// Projects, files, saving, undo and going through documents.
    fn on_files(&mut self, cmd: Command) -> bool {
        let st = &mut self.state;
        let open = st.session.is_some();
        match cmd {
            Command::NewProject => files::ask(self, FileRequest::NewProject),
            Command::OpenProject => files::ask(self, FileRequest::OpenProject),
            Command::ImportArticles => files::ask(self, FileRequest::ImportFiles),
            Command::ImportFolder => files::ask(self, FileRequest::ImportFolder),
            Command::Save => match &mut st.session {
                Some(s) if s.path().as_os_str().is_empty() => {}
                Some(s) => s.begin_save(),
                None => {}
            },
            Command::SaveAs if open => files::ask(self, FileRequest::SaveAs),
            Command::MergeAnnotations if open => files::ask(self, FileRequest::MergeFiles),
            Command::ExportDataset if open => self.export.open = true,
            Command::SaveAs | Command::MergeAnnotations | Command::ExportDataset => {}
            Command::Undo => st.undo(),
            Command::Redo => st.redo(),
            Command::NextDocument => st.step_document(1),
            Command::PreviousDocument => st.step_document(-1),
            Command::MarkDone => st.mark_done_and_next(),
            Command::ClearMergeConflicts => st.clear_merge_conflicts(),
            _ => return false,
        }
        true
    }

    /// Annotations, links, split spans and suggestions.
    fn on_annotations(&mut self, cmd: Command) -> bool {
        let st = &mut self.state;
        match cmd {
            Command::Suggest => st.suggest(st.current.map(|d| vec![d])),
            Command::SuggestAll => st.suggest(None),
            Command::AcceptAllSuggestions => st.accept_all_of_label(),
            Command::StopSuggesting => st.stop_suggesting(),
            Command::ToggleSuggestOnOpen => {
                st.settings.suggest_on_open = !st.settings.suggest_on_open;
                st.auto_suggested = None;
                st.save_settings();
            }
            Command::DeleteAnnotation => st.delete_selected(),
            Command::EditNote => st.begin_note(),
            Command::NextAnnotation => st.step_annotation(1),
            Command::PreviousAnnotation => st.step_annotation(-1),
            Command::ClearSelection => {
                st.reader.clear();
                st.note_edit = None;
            }
            Command::LinkToSource => st.start_link(),
            Command::Unlink => st.unlink_selected(),
            Command::AddFragment => {
                if let Some(doc) = st.current_document() {
                    let idx = doc.index();
                    self.state.add_selection_as_fragment(idx);
                }
            }
            Command::EditLabels => self.labels.toggle(),
            _ => return false,
        }
        true
    }

    /// Windows, panels, text size and direction.
    fn on_view(&mut self, ui: &egui::Ui, cmd: Command) -> bool {
        let st = &mut self.state;
        match cmd {
            Command::WhoSaidWhat => {
                st.show_sources = !st.show_sources;
                self.sources.focus_find = st.show_sources;
            }
            Command::ChangeName => self.name_prompt.open(st.settings.annotator.as_deref()),
            Command::TextDirection => reader::cycle_direction(st),
            Command::ZoomIn => st.font_size = (st.font_size + 1.0).min(40.0),
            Command::ZoomOut => st.font_size = (st.font_size - 1.0).max(10.0),
            Command::ShowProblems => st.show_problems = true,
            Command::ShowShortcuts => st.show_shortcuts = true,
            Command::CommandPalette => self.palette.toggle(),
            Command::ToggleDocumentsPanel => self.side_panels.toggle_documents(ui.ctx()),
            Command::ToggleAnnotationsPanel => self.side_panels.toggle_annotations(ui.ctx()),
            Command::FilterNotDone => self.documents.toggle(DocFilter::NotDone),
            Command::FilterDisagreements => self.documents.toggle(DocFilter::Disagreements),
            Command::FilterSuggestions => self.documents.toggle(DocFilter::Suggestions),
            _ => return false,
        }
        true
    }

    /// Review mode and find.
    fn on_review_and_find(&mut self, cmd: Command) -> bool {
        match cmd {
            Command::ToggleReview => {
                let st = &mut self.state;
                st.review_mode = !st.review_mode;
                st.reader.clear();
                self.review.item = None;
                st.info(if st.review_mode {
                    review::mode_hint()
                } else {
                    "Annotation mode".to_owned()
                });
            }
            Command::NextDisagreement => review::step_disagreement(self, true),
            Command::PreviousDisagreement => review::step_disagreement(self, false),
            Command::AcceptAgreed => review::accept_all_agreed(self),
            Command::AcceptVersion1 => review::accept_version(self, 1),
            Command::AcceptVersion2 => review::accept_version(self, 2),
            Command::AcceptVersion3 => review::accept_version(self, 3),
            Command::AcceptVersion4 => review::accept_version(self, 4),
            Command::ShowDashboard => self.review.dashboard = !self.review.dashboard,
            Command::Find => self.find.open_bar(),
            Command::FindInProject => self.find.open_project(),
            Command::FindNext => find::step(self, true),
            Command::FindPrevious => find::step(self, false),
            Command::TagAllHits => find::tag_all(self),
            _ => return false,
        }
        true
    }
}
