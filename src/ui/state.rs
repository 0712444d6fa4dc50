//! The window's state between frames: the open session, what is shown and selected,
//! messages. Plain data plus the actions that change it; drawing lives elsewhere.
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::selection::ReaderState;
use crate::model::{Annotation, AnnotationId, DocId, Edit, Project, Span};
use crate::session::Session;
use crate::store::settings::Settings;
use crate::text::{TextIndex, boundaries};

/// A message in the status bar.
#[derive(Clone, Debug, PartialEq)]
pub struct Status {
    pub text: String,
    pub error: bool,
}

/// A note being edited in the side panel.
#[derive(Clone, Debug, PartialEq)]
pub struct NoteEdit {
    pub id: AnnotationId,
    pub text: String,
    pub focus: bool,
}

pub struct AppState {
    pub session: Option<Session>,
    pub settings: Settings,
    /// Where settings are written (none in tests, so they never touch the user's).
    settings_file: Option<PathBuf>,
    /// The settings as last written, so unchanged settings are not written again.
    written_settings: Settings,
    pub current: Option<DocId>,
    pub reader: ReaderState,
    pub hidden_labels: BTreeSet<String>,
    pub hidden_annotators: BTreeSet<String>,
    pub note_edit: Option<NoteEdit>,
    pub status: Option<Status>,
    pub font_size: f32,
    pub show_problems: bool,
    pub show_shortcuts: bool,
    /// The last save was refused because the file changed on disk: ask what to do.
    pub save_conflict: bool,
    /// Review mode: tags go to the gold layer and only gold spans can be changed.
    pub review_mode: bool,
    /// The span selected most recently, which F extends with the text selection.
    pub last_selected: Option<AnnotationId>,
    /// The "who said what" window is open.
    pub show_sources: bool,
    /// Suggestions being computed in the background.
    pub suggest_job: Option<super::suggest_job::SuggestJob>,
    /// The document "suggest when a document opens" last looked at.
    pub auto_suggested: Option<DocId>,
}

impl AppState {
    pub fn new(settings: Settings, settings_file: Option<PathBuf>) -> Self {
        Self {
            session: None,
            font_size: settings.font_size.unwrap_or(17.0),
            written_settings: settings.clone(),
            settings,
            settings_file,
            current: None,
            reader: ReaderState::default(),
            hidden_labels: BTreeSet::new(),
            hidden_annotators: BTreeSet::new(),
            note_edit: None,
            status: None,
            show_problems: false,
            show_shortcuts: false,
            save_conflict: false,
            review_mode: false,
            last_selected: None,
            show_sources: false,
            suggest_job: None,
            auto_suggested: None,
        }
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            error: false,
        });
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            error: true,
        });
    }

    pub fn project(&self) -> Option<&Project> {
        self.session.as_ref().map(Session::project)
    }

    /// Name stamped on new annotations.
    pub fn annotator(&self) -> &str {
        self.settings.annotator.as_deref().unwrap_or("anonymous")
    }

    pub fn set_annotator(&mut self, name: &str) {
        self.settings.annotator = Some(name.trim().to_owned());
        self.save_settings();
    }

    /// Writes the settings if they changed since they were last written.
    pub fn save_settings(&mut self) {
        self.settings.font_size = Some(self.font_size);
        let Some(file) = &self.settings_file else {
            return;
        };
        if self.settings == self.written_settings {
            return;
        }
        match self.settings.save_to(file) {
            Ok(()) => self.written_settings = self.settings.clone(),
            Err(e) => self.error(format!(
                "Could not save settings to {}: {e}",
                file.display()
            )),
        }
    }

    /// Opens a project file, replacing the current session (which is saved first).
    /// A file that cannot be opened leaves the current project open, untouched.
    pub fn open(&mut self, path: &Path) {
        let same = |a: &Path, b: &Path| match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        };
        if let Some(s) = &self.session
            && same(s.path(), path)
        {
            self.info(format!("{} is already open", path.display()));
            return;
        }
        let session = match Session::open(path) {
            Ok(session) => session,
            Err(e) => {
                self.error(e.to_string());
                return;
            }
        };
        if self.close_session() {
            self.adopt(session, path);
        }
    }

    /// Creates a new empty project at `path`.
    pub fn create(&mut self, path: &Path) {
        if !self.close_session() {
            return;
        }
        let name = path
            .file_stem()
            .map_or("Untitled".into(), |s| s.to_string_lossy().into_owned());
        match Session::create(path, Project::new(name)) {
            Ok(session) => self.adopt(session, path),
            Err(e) => self.error(e.to_string()),
        }
    }

    fn adopt(&mut self, session: Session, path: &Path) {
        let problems = session.problems.len();
        let recovered = session.recovered;
        self.current = session.project().documents().first().map(|d| d.id);
        self.session = Some(session);
        self.reader = ReaderState::default();
        self.note_edit = None;
        self.settings.remember(path);
        self.save_settings();
        self.show_problems = problems > 0;
        let mut msg = format!("Opened {}", path.display());
        if recovered > 0 {
            msg.push_str(&format!(
                " — recovered {recovered} unsaved edits from the journal"
            ));
        }
        if problems > 0 {
            msg.push_str(&format!(" — {problems} problems found (View > Problems)"));
        }
        self.info(msg);
    }

    /// Saves and closes the current session. Returns false (and keeps it open) if the
    /// save failed, so nothing is lost.
    pub fn close_session(&mut self) -> bool {
        let Some(mut session) = self.session.take() else {
            return true;
        };
        if session.is_dirty()
            && let Err(e) = session.save()
        {
            self.error(e.to_string());
            self.session = Some(session);
            return false;
        }
        session.close();
        true
    }

    /// Applies an edit through the session, reporting a refusal in the status bar.
    pub fn apply(&mut self, edit: Edit) -> bool {
        let Some(session) = &mut self.session else {
            return false;
        };
        let what = edit.describe();
        match session.apply(edit) {
            Ok(()) => true,
            Err(e) => {
                self.error(format!("Could not {what}: {e}"));
                false
            }
        }
    }

    /// Tags the current selection with `label`, or relabels the selected annotation.
    /// `idx` is the current document's index (the reader keeps one).
    pub fn apply_label(&mut self, label: &str, idx: &TextIndex) {
        let (Some(project), Some(doc)) = (self.project(), self.current) else {
            return;
        };
        if project.label(label).is_none() {
            return;
        }
        if let Some(sel) = self.reader.selection.filter(|s| !s.is_empty()) {
            let Some(d) = project.document(doc).cloned() else {
                return;
            };
            let (start, end) =
                boundaries::trim_span(&d.text, idx, sel.span().start, sel.span().end);
            if start == end {
                self.error("The selection is only white space; select some text first");
                return;
            }
            let gold = crate::review::adjudicate::GOLD;
            let who = if self.review_mode {
                gold
            } else {
                self.annotator()
            };
            let mut a = Annotation::new(
                project.fresh_annotation_id(),
                doc,
                Span::new(start, end),
                label,
                who,
            );
            if self.review_mode {
                // A drawn gold span remembers the colleagues' spans it was decided from.
                a.derived_from = project
                    .annotations_overlapping(doc, Span::new(start, end))
                    .filter(|o| o.annotator != gold)
                    .map(|o| o.id)
                    .collect();
            }
            let id = a.id;
            // A gold span links up like an accepted one: to the gold copy of the source its
            // annotators linked it to, or from the gold contents attributed to it.
            let edit = if self.review_mode {
                crate::review::adjudicate::add_gold(project, a)
            } else {
                Edit::AddAnnotation(a)
            };
            if self.apply(edit) {
                self.reader.selection = None;
                self.reader.selected = Some(id);
                self.info(format!(
                    "Tagged “{}” as {label}",
                    excerpt(idx, &d.text, start, end, 60)
                ));
            }
        } else if let Some(before) = self.selected_annotation().cloned() {
            if self.accept_selected(Some(label)) {
                return; // a suggestion: accepted with this label
            }
            if before.label == label || !self.may_edit(&before) {
                return;
            }
            let mut after = before.clone();
            after.label = label.to_owned();
            after.modified = crate::model::now_timestamp();
            let Some(edit) = self.project().map(|p| p.replace_edit(&before, after)) else {
                return;
            };
            self.apply(edit);
        } else {
            self.info("Select some text first (drag, double-click, or Shift+arrows), then press a label key");
        }
    }

    /// The document shown in the reader.
    pub fn current_document(&self) -> Option<std::sync::Arc<crate::model::Document>> {
        self.project()?.document(self.current?).cloned()
    }

    pub fn selected_annotation(&self) -> Option<&Annotation> {
        self.project()?.annotation(self.reader.selected?)
    }

    /// Annotations belong to their annotator: others' can be read, not changed.
    pub fn may_edit(&mut self, a: &Annotation) -> bool {
        let gold = crate::review::adjudicate::GOLD;
        if self.review_mode {
            if a.annotator == gold {
                return true;
            }
            let who = a.annotator.clone();
            self.error(format!(
                "In review mode only gold decisions can be changed; this span is {who}'s"
            ));
            return false;
        }
        if a.annotator == self.annotator() {
            return true;
        }
        let who = a.annotator.clone();
        self.error(format!(
            "This annotation is {who}'s; you can only change your own (you are {})",
            self.annotator()
        ));
        false
    }

    pub fn delete_selected(&mut self) {
        let Some(a) = self.selected_annotation().cloned() else {
            return;
        };
        if !self.may_edit(&a) {
            return;
        }
        let Some(edit) = self.project().map(|p| p.delete_edit(&a)) else {
            return;
        };
        if self.apply(edit) {
            self.reader.selected = None;
            self.note_edit = None;
        }
    }

    pub fn begin_note(&mut self) {
        let Some(a) = self.selected_annotation().cloned() else {
            return;
        };
        if self.may_edit(&a) {
            self.note_edit = Some(NoteEdit {
                id: a.id,
                text: a.note.unwrap_or_default(),
                focus: true,
            });
        }
    }

    pub fn commit_note(&mut self) {
        let Some(edit) = self.note_edit.take() else {
            return;
        };
        let Some(before) = self.project().and_then(|p| p.annotation(edit.id)).cloned() else {
            return;
        };
        let note = Some(edit.text.trim().to_owned()).filter(|n| !n.is_empty());
        if note == before.note {
            return;
        }
        let mut after = before.clone();
        after.note = note;
        after.modified = crate::model::now_timestamp();
        self.apply(Edit::ReplaceAnnotation { before, after });
    }

    /// Moves to the next (`+1`) or previous (`-1`) document.
    pub fn step_document(&mut self, step: isize) {
        let Some(project) = self.project() else {
            return;
        };
        let n = project.documents().len();
        if n == 0 {
            return;
        }
        let i = self
            .current
            .and_then(|d| project.document_index(d))
            .unwrap_or(0) as isize;
        let j = (i + step).clamp(0, n as isize - 1) as usize;
        let id = project.documents()[j].id;
        self.show_document(id);
    }

    /// Marks the current document done for this annotator (or undone, if it was) and, when
    /// marking done, moves on to the next document this annotator has not finished.
    pub fn mark_done_and_next(&mut self) {
        let (Some(project), Some(doc)) = (self.project(), self.current) else {
            return;
        };
        let me = self.annotator().to_owned();
        let done = !project.is_done(&me, doc);
        let docs: Vec<DocId> = project.documents().iter().map(|d| d.id).collect();
        if !self.apply(Edit::SetDone {
            annotator: me.clone(),
            document: doc,
            done,
        }) {
            return;
        }
        if !done {
            self.info("Marked not done");
            return;
        }
        let Some(project) = self.project() else {
            return;
        };
        let here = docs.iter().position(|&d| d == doc).unwrap_or(0);
        let next = docs[here + 1..]
            .iter()
            .chain(&docs[..here])
            .find(|&&d| !project.is_done(&me, d))
            .copied();
        match next {
            Some(d) => {
                self.show_document(d);
                self.info("Marked done; showing the next document you have not finished");
            }
            None => self.info("Marked done; you have finished every document"),
        }
    }

    pub fn show_document(&mut self, id: DocId) {
        if self.current != Some(id) {
            self.current = Some(id);
            self.reader = ReaderState::default();
            self.note_edit = None;
        }
    }

    /// Whether an annotation passes the label and annotator filters.
    pub fn is_visible(&self, a: &Annotation) -> bool {
        !self.hidden_labels.contains(&a.label) && !self.hidden_annotators.contains(&a.annotator)
    }

    /// A hash of the filters, so views rebuild their caches only when filters change.
    pub fn filter_hash(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.hidden_labels.hash(&mut h);
        self.hidden_annotators.hash(&mut h);
        h.finish()
    }

    /// Visible annotations of the current document, in text order.
    pub fn visible_annotations(&self) -> Vec<AnnotationId> {
        let (Some(p), Some(doc)) = (self.project(), self.current) else {
            return Vec::new();
        };
        p.annotations_in(doc)
            .filter(|a| self.is_visible(a))
            .map(|a| a.id)
            .collect()
    }

    /// Forgets the conflicts merges recorded, once the user has checked them.
    pub fn clear_merge_conflicts(&mut self) {
        let Some(edit) = self.project().and_then(Project::clear_merge_conflicts_edit) else {
            self.info("No recorded merge conflicts");
            return;
        };
        if self.apply(edit) {
            let undo = super::command::Command::Undo.key_text().unwrap_or_default();
            self.info(format!(
                "Cleared the recorded merge conflicts ({undo} undoes it)"
            ));
        }
    }

    /// Selects annotation `id` and scrolls to it.
    pub fn select_by_id(&mut self, id: AnnotationId) {
        let start = (self.project().and_then(|p| p.annotation(id))).map_or(0, |a| a.start);
        self.reader.select_annotation(id, start);
    }

    /// Selects the next (`+1`) or previous (`-1`) visible annotation in the document.
    pub fn step_annotation(&mut self, step: isize) {
        let ids = self.visible_annotations();
        if ids.is_empty() {
            return;
        }
        let k = match self.reader.step_in(&ids, step) {
            Some(k) => k,
            None if step > 0 => 0,
            None => ids.len() - 1,
        };
        self.select_by_id(ids[k]);
    }

    pub fn recent(&self) -> Vec<PathBuf> {
        self.settings.recent.clone()
    }
}

/// The first `max` characters of `text[start:end]`, with an ellipsis if cut.
pub fn excerpt(idx: &TextIndex, text: &str, start: usize, end: usize, max: usize) -> String {
    let s = idx.slice(text, start, end.min(start + max)).unwrap_or("");
    let s = s.replace('\n', " ");
    if end - start > max {
        format!("{s}…")
    } else {
        s
    }
}

impl AppState {
    /// Imports article files or folders as one undoable edit, and says what happened to each.
    pub fn import(&mut self, paths: &[PathBuf]) {
        if paths.is_empty() {
            return;
        }
        let Some(project) = self.project() else {
            self.error("Open or create a project first (File > New project), then import articles");
            return;
        };
        let report = crate::import::import_paths(project, paths);
        let first = report.added.first().map(|a| a.id);
        if let Some(batch) = report.batch()
            && !self.apply(batch)
        {
            return;
        }
        let msg = report.summary();
        if let Some(id) = first {
            self.show_document(id);
        }
        if report.needs_attention() {
            self.error(msg)
        } else {
            self.info(msg)
        }
    }
}
