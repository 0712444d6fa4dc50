//! An open project: the project itself, its file, its journal and its undo history.
//! The window, the command line and the tests all change projects through a `Session`,
//! so every edit is validated, journaled and undoable in the same way.
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver};

use crate::model::{Edit, EditError, Problem, Project};
use crate::store::journal::{self, Journal};
use crate::store::project_file::{self, Fingerprint, LoadError, Overwrite, SaveError};

/// Unlimited undo/redo within a session.
#[derive(Default, Debug)]
struct History {
    undo: Vec<Edit>,
    redo: Vec<Edit>,
}

pub struct Session {
    /// Shared with a background save while it runs; edits copy on write.
    project: Arc<Project>,
    path: PathBuf,
    /// The file version on disk this session last read or wrote.
    fingerprint: Option<Fingerprint>,
    journal: Option<Journal>,
    history: History,
    /// Edits since the last save, in order; the journal holds the same.
    unsaved: Vec<Edit>,
    /// Problems found when opening (and recovering) the project.
    pub problems: Vec<Problem>,
    /// How many edits were recovered from the journal when opening.
    pub recovered: usize,
    saving: Option<SaveJob>,
    /// Items were refused when opening: the first save keeps the file as it was beside it.
    keep_original: bool,
}

/// A save running on a worker thread.
struct SaveJob {
    /// Number of `unsaved` edits included in the snapshot being written.
    covered: usize,
    done: Receiver<Result<Fingerprint, SaveError>>,
}

#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error(transparent)]
    Save(#[from] SaveError),
    #[error("cannot write the journal next to {}: {source}. Check that the folder is writable", path.display())]
    Journal {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl Session {
    /// Creates a new project file at `path` (refusing to replace an existing file).
    pub fn create(path: &Path, project: Project) -> Result<Session, OpenError> {
        let fingerprint = project_file::save(path, &project, Overwrite::IfAbsent)?;
        Self::start(path, project, fingerprint, Vec::new(), Vec::new())
    }

    /// Opens a project, replaying its journal if the last session did not save.
    pub fn open(path: &Path) -> Result<Session, OpenError> {
        let loaded = project_file::load(path)?;
        let recovered = journal::recover(path, &loaded.fingerprint.hash);
        let mut project = loaded.project;
        let mut problems = loaded.problems;
        problems.extend(recovered.problems);
        let replayed = journal::replay(&mut project, recovered.edits, &mut problems);
        Self::start(path, project, loaded.fingerprint, replayed, problems)
    }

    fn start(
        path: &Path,
        project: Project,
        fingerprint: Fingerprint,
        replayed: Vec<Edit>,
        problems: Vec<Problem>,
    ) -> Result<Session, OpenError> {
        let journal =
            Journal::open(path, &fingerprint.hash).map_err(|source| OpenError::Journal {
                path: path.to_owned(),
                source,
            })?;
        // If some journal entries could not be replayed, rewrite the journal with the ones that
        // were, so the next open does not trip over the same entries again.
        journal.reset(&fingerprint.hash, &replayed);
        Ok(Session {
            project: Arc::new(project),
            path: path.to_owned(),
            fingerprint: Some(fingerprint),
            journal: Some(journal),
            history: History::default(),
            recovered: replayed.len(),
            unsaved: replayed,
            keep_original: problems.iter().any(|p| p.refused),
            problems,
            saving: None,
        })
    }

    /// A session with no file, for previews and tests of the window.
    pub fn in_memory(project: Project) -> Session {
        Session {
            project: Arc::new(project),
            path: PathBuf::new(),
            fingerprint: None,
            journal: None,
            history: History::default(),
            unsaved: Vec::new(),
            problems: Vec::new(),
            recovered: 0,
            saving: None,
            keep_original: false,
        }
    }

    pub fn project(&self) -> &Project {
        &self.project
    }

    /// A snapshot of the project for work on another thread (exports); edits made meanwhile
    /// copy on write and do not disturb it.
    pub fn shared_project(&self) -> Arc<Project> {
        Arc::clone(&self.project)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether there are edits not yet in the project file (they are in the journal).
    pub fn is_dirty(&self) -> bool {
        !self.unsaved.is_empty()
    }

    pub fn is_saving(&self) -> bool {
        self.saving.is_some()
    }

    /// Applies a user's edit: validated, journaled, undoable.
    pub fn apply(&mut self, edit: Edit) -> Result<(), EditError> {
        self.commit(edit)?;
        self.history.redo.clear();
        Ok(())
    }

    fn commit(&mut self, edit: Edit) -> Result<(), EditError> {
        Arc::make_mut(&mut self.project).apply(&edit)?;
        if let Some(j) = &self.journal {
            j.append(&edit);
        }
        self.unsaved.push(edit.clone());
        self.history.undo.push(edit);
        Ok(())
    }

    pub fn can_undo(&self) -> bool {
        !self.history.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.history.redo.is_empty()
    }

    /// What Undo would undo, for the menu.
    pub fn undo_label(&self) -> Option<String> {
        self.history.undo.last().map(Edit::describe)
    }

    pub fn redo_label(&self) -> Option<String> {
        self.history.redo.last().map(Edit::describe)
    }

    /// Undoes the last edit; returns it, or `None` when there is nothing to undo.
    pub fn undo(&mut self) -> Option<Edit> {
        let edit = self.history.undo.pop()?;
        let inverse = edit.inverse();
        match Arc::make_mut(&mut self.project).apply(&inverse) {
            Ok(()) => {
                if let Some(j) = &self.journal {
                    j.append(&inverse);
                }
                self.unsaved.push(inverse);
                self.history.redo.push(edit.clone());
                Some(edit)
            }
            Err(_) => None,
        }
    }

    /// Redoes the last undone edit.
    pub fn redo(&mut self) -> Option<Edit> {
        let edit = self.history.redo.pop()?;
        match self.commit(edit.clone()) {
            Ok(()) => Some(edit),
            Err(_) => None,
        }
    }

    /// Saves now, on this thread (command line and tests).
    pub fn save(&mut self) -> Result<(), SaveError> {
        self.wait_for_save()?;
        self.keep_original()?;
        let fp = project_file::save(&self.path, &self.project, self.overwrite_rule())?;
        let covered = self.unsaved.len();
        self.saved(fp, covered);
        Ok(())
    }

    /// Saves to a new path and continues there.
    pub fn save_as(&mut self, path: &Path, replace: bool) -> Result<(), OpenError> {
        self.wait_for_save()?;
        let rule = if replace {
            Overwrite::Always
        } else {
            Overwrite::IfAbsent
        };
        let fp = project_file::save(path, &self.project, rule)?;
        if let Some(j) = self.journal.take() {
            j.remove();
        }
        self.path = path.to_owned();
        self.journal =
            Some(
                Journal::open(path, &fp.hash).map_err(|source| OpenError::Journal {
                    path: path.to_owned(),
                    source,
                })?,
            );
        self.unsaved.clear();
        self.fingerprint = Some(fp);
        Ok(())
    }

    /// Replaces the file even though it changed on disk: only after the user said so.
    pub fn save_overwriting(&mut self) -> Result<(), SaveError> {
        self.fingerprint = None;
        self.save()
    }

    /// Keeps the file as opened, refused items included, as `PATH.refused.bak` before the
    /// first save replaces it: what could not be loaded is never lost.
    fn keep_original(&mut self) -> Result<(), SaveError> {
        if !self.keep_original || !self.path.exists() {
            return Ok(());
        }
        project_file::keep_copy(&self.path, ".refused.bak").map_err(|source| SaveError::Io {
            path: self.path.clone(),
            source,
        })?;
        self.keep_original = false;
        Ok(())
    }

    fn overwrite_rule(&self) -> Overwrite<'_> {
        match &self.fingerprint {
            Some(fp) => Overwrite::IfUnchanged(fp),
            None => Overwrite::Always,
        }
    }

    /// Starts saving on a worker thread; the window polls [`Session::poll_save`].
    pub fn begin_save(&mut self) {
        if self.saving.is_some() || self.path.as_os_str().is_empty() {
            return;
        }
        if let Err(e) = self.keep_original() {
            self.problems.push(Problem::new("save", e.to_string()));
            return;
        }
        let snapshot = Arc::clone(&self.project);
        let path = self.path.clone();
        let fingerprint = self.fingerprint.clone();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let text = project_file::to_ron(&snapshot);
            let rule = match &fingerprint {
                Some(fp) => Overwrite::IfUnchanged(fp),
                None => Overwrite::Always,
            };
            let _ = tx.send(project_file::save_text(&path, &text, rule));
        });
        self.saving = Some(SaveJob {
            covered: self.unsaved.len(),
            done: rx,
        });
    }

    /// Finishes a background save if it is done: `None` while it runs or when none runs.
    pub fn poll_save(&mut self) -> Option<Result<(), SaveError>> {
        let job = self.saving.as_ref()?;
        let result = job.done.try_recv().ok()?;
        let covered = job.covered;
        self.saving = None;
        Some(result.map(|fp| self.saved(fp, covered)))
    }

    /// Blocks until a background save (if any) is finished.
    pub fn wait_for_save(&mut self) -> Result<(), SaveError> {
        if let Some(job) = self.saving.take()
            && let Ok(result) = job.done.recv()
        {
            let fp = result?;
            self.saved(fp, job.covered);
        }
        Ok(())
    }

    fn saved(&mut self, fp: Fingerprint, covered: usize) {
        self.unsaved.drain(..covered);
        if let Some(j) = &self.journal {
            j.reset(&fp.hash, &self.unsaved);
        }
        self.fingerprint = Some(fp);
    }

    /// Waits until every edit so far is on disk in the journal.
    pub fn flush_journal(&self) -> std::io::Result<()> {
        self.journal.as_ref().map_or(Ok(()), Journal::flush)
    }

    /// A journal write error, if one happened since the last call.
    pub fn journal_error(&self) -> Option<std::io::Error> {
        self.journal.as_ref().and_then(Journal::take_error)
    }

    /// Closes a saved session and removes its (empty) journal.
    pub fn close(mut self) {
        if !self.is_dirty()
            && let Some(j) = self.journal.take()
        {
            j.remove();
        }
    }
}

#[cfg(test)]
mod tests;
