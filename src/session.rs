//! An open project: the project itself, its file, its lock, its journal and its undo
//! history. The window, the command line and the tests all change projects through a
//! `Session`, so every edit is validated, journaled and undoable in the same way.
//!
//! Two kinds of writer (see docs/durability.md):
//! - the window ([`Session::open`], [`Session::create`]) journals every edit before it is
//!   shown, and saves on a worker thread;
//! - a command ([`Session::open_for_command`], [`Session::create_for_command`]) changes only
//!   memory until [`Session::save`], which replaces the file in one step or not at all, so
//!   a refused or failed command leaves every file as it was.
//!
//! Both hold the project's lock for as long as they live.
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::model::{Edit, EditError, Problem, Project};
use crate::store::journal::{self, Journal};
use crate::store::lock::{LockError, ProjectLock};
use crate::store::project_file::{self, Fingerprint, LoadError, Overwrite, SaveError};

mod from_disk;
mod saving;
pub use from_disk::{FromDisk, FromDiskError};
use saving::{CommandHook, SaveJob};

/// Unlimited undo/redo within a session: each edit with the edit that undoes it.
#[derive(Default, Debug)]
struct History {
    undo: Vec<(Edit, Edit)>,
    redo: Vec<(Edit, Edit)>,
}

/// What the journal looks like for a command: it writes none, but the edits a killed window
/// left in one are part of the project it saves.
#[derive(Debug, Default)]
struct LeftJournal {
    /// Edits of that journal included in the project (its last number), if it matched.
    included_through: Option<u64>,
}

pub struct Session {
    /// Shared with a background save while it runs; edits copy on write.
    project: Arc<Project>,
    path: PathBuf,
    /// The file version on disk this session last read or wrote.
    fingerprint: Option<Fingerprint>,
    /// The window's journal; `None` for commands and in-memory sessions.
    journal: Option<Journal>,
    /// For commands: the journal found when opening.
    left_journal: LeftJournal,
    lock: Option<ProjectLock>,
    history: History,
    /// Number of the last edit made (the journal's numbering), and of the last one saved.
    last_edit: u64,
    last_saved: u64,
    /// Problems found when opening (and recovering) the project.
    pub problems: Vec<Problem>,
    /// How many edits were recovered from the journal when opening.
    pub recovered: usize,
    saving: Option<SaveJob>,
    /// Items were refused when opening: the first save keeps the file as it was beside it.
    keep_original: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error(transparent)]
    Save(#[from] SaveError),
    #[error(transparent)]
    Locked(#[from] LockError),
    #[error("cannot write the journal next to {}: {source}. Check that the folder is writable", path.display())]
    Journal {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Why an edit was not made. Either way the project is as it was.
#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    #[error(transparent)]
    Refused(#[from] EditError),
    #[error(
        "it could not be written to the journal ({0}), so it was not made. Free some disk \
         space, or save the project somewhere else"
    )]
    NotJournaled(std::io::Error),
}

impl Session {
    /// Creates a new project file at `path` for the window (refusing to replace a file).
    pub fn create(path: &Path, project: Project) -> Result<Session, OpenError> {
        let lock = ProjectLock::acquire(path, "the Marginalia window")?;
        let fingerprint = project_file::save(path, &project, Overwrite::IfAbsent)?;
        let mut session = Self::blank(path, project, Some(lock));
        session.fingerprint = Some(fingerprint);
        session.start_journal(&[])?;
        Ok(session)
    }

    /// Opens a project for the window, replaying its journal if the last session did not
    /// save. A journal of another version of the file is kept aside, never replayed.
    pub fn open(path: &Path) -> Result<Session, OpenError> {
        let lock = ProjectLock::acquire(path, "the Marginalia window")?;
        let (mut session, recovered) = Self::load(path, lock)?;
        if recovered.mismatch {
            let aside = journal::set_aside(path).map_err(|source| OpenError::Journal {
                path: path.to_owned(),
                source,
            })?;
            session.problems.push(Problem::new(
                journal::journal_path(path).display().to_string(),
                format!(
                    "this journal belonged to another version of the project file, so its \
                     edits were not replayed; it was kept as {}",
                    aside.display()
                ),
            ));
        }
        let replayed = recovered.edits;
        session.start_journal(&replayed)?;
        Ok(session)
    }

    /// Opens a project for a command that changes it (`what`, e.g. "marginalia import"):
    /// nothing on disk changes until [`Session::save`] succeeds.
    pub fn open_for_command(path: &Path, what: &str) -> Result<Session, OpenError> {
        let lock = ProjectLock::acquire(path, what)?;
        let (mut session, recovered) = Self::load(path, lock)?;
        if !recovered.mismatch {
            session.left_journal.included_through = Some(recovered.last_seq);
        }
        session.last_edit = recovered.edits.len() as u64;
        Ok(session)
    }

    /// A new project at `path` for a command: written by the first [`Session::save`], and
    /// only if no file has appeared there meanwhile.
    pub fn create_for_command(
        path: &Path,
        project: Project,
        what: &str,
    ) -> Result<Session, OpenError> {
        let lock = ProjectLock::acquire(path, what)?;
        if path.exists() {
            return Err(SaveError::ChangedOnDisk {
                path: path.to_owned(),
            }
            .into());
        }
        Ok(Self::blank(path, project, Some(lock)))
    }

    /// A session with no file, for previews and tests of the window.
    pub fn in_memory(project: Project) -> Session {
        Self::blank(Path::new(""), project, None)
    }

    fn blank(path: &Path, project: Project, lock: Option<ProjectLock>) -> Session {
        Session {
            project: Arc::new(project),
            path: path.to_owned(),
            fingerprint: None,
            journal: None,
            left_journal: LeftJournal::default(),
            lock,
            history: History::default(),
            last_edit: 0,
            last_saved: 0,
            problems: Vec::new(),
            recovered: 0,
            saving: None,
            keep_original: false,
        }
    }

    /// Reads the file and replays the journal's edits that apply to it, in memory.
    fn load(path: &Path, lock: ProjectLock) -> Result<(Session, Recovery), OpenError> {
        let loaded = project_file::load(path)?;
        let found = journal::peek(path, &loaded.fingerprint.hash);
        let mut project = loaded.project;
        let mut problems = loaded.problems;
        // A mismatch is reported by the caller, which decides what happens to the journal.
        problems.extend(found.problems.into_iter().filter(|_| !found.mismatch));
        let last_seq = found.last_seq;
        let edits = journal::replay(&mut project, found.edits, &mut problems);
        let mut session = Self::blank(path, project, Some(lock));
        session.fingerprint = Some(loaded.fingerprint);
        session.keep_original = problems.iter().any(|p| p.refused);
        session.recovered = edits.len();
        session.problems = problems;
        let recovery = Recovery {
            edits,
            mismatch: found.mismatch,
            last_seq,
        };
        Ok((session, recovery))
    }

    /// Starts the window's journal on the file as it is, holding `pending` (edits recovered
    /// from the old journal): they count as unsaved.
    fn start_journal(&mut self, pending: &[Edit]) -> Result<(), OpenError> {
        let base = self.fingerprint.as_ref().map_or("", |f| f.hash.as_str());
        let journal =
            Journal::create(&self.path, base, pending).map_err(|source| OpenError::Journal {
                path: self.path.clone(),
                source,
            })?;
        self.last_edit = journal.last_seq();
        self.last_saved = 0;
        self.journal = Some(journal);
        Ok(())
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

    /// Whether there are edits not yet in the project file. In the window they are all in
    /// the journal: each is written there before it is shown.
    pub fn is_dirty(&self) -> bool {
        self.last_edit > self.last_saved
    }

    /// Whether edits are kept in a journal (the window's sessions).
    pub fn is_journaled(&self) -> bool {
        self.journal.is_some()
    }

    pub fn is_saving(&self) -> bool {
        self.saving.is_some()
    }

    /// Applies a user's edit: validated, journaled, undoable.
    pub fn apply(&mut self, edit: Edit) -> Result<(), ApplyError> {
        let inverse = self.commit(&edit)?;
        self.history.undo.push((edit, inverse));
        self.history.redo.clear();
        Ok(())
    }

    /// Applies `edit` and writes it to the journal; if the journal cannot take it, the edit
    /// is taken back. Returns the edit that undoes it.
    fn commit(&mut self, edit: &Edit) -> Result<Edit, ApplyError> {
        let inverse = Arc::make_mut(&mut self.project).apply_undoable(edit)?;
        match self.journal.as_ref().map(|j| j.append(edit)) {
            Some(Err(e)) => {
                Arc::make_mut(&mut self.project)
                    .apply(&inverse)
                    .expect("an edit's inverse applies right after it");
                Err(ApplyError::NotJournaled(e))
            }
            Some(Ok(seq)) => {
                self.last_edit = seq;
                Ok(inverse)
            }
            None => {
                self.last_edit += 1;
                Ok(inverse)
            }
        }
    }

    pub fn can_undo(&self) -> bool {
        !self.history.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.history.redo.is_empty()
    }

    /// What Undo would undo, for the menu.
    pub fn undo_label(&self) -> Option<String> {
        self.history.undo.last().map(|(e, _)| e.describe())
    }

    pub fn redo_label(&self) -> Option<String> {
        self.history.redo.last().map(|(e, _)| e.describe())
    }

    /// Undoes the last edit; returns it, or `None` when there is nothing to undo.
    pub fn undo(&mut self) -> Result<Option<Edit>, ApplyError> {
        let Some((edit, inverse)) = self.history.undo.pop() else {
            return Ok(None);
        };
        match self.commit(&inverse) {
            Ok(_) => {
                self.history.redo.push((edit.clone(), inverse));
                Ok(Some(edit))
            }
            Err(e) => {
                self.history.undo.push((edit, inverse));
                Err(e)
            }
        }
    }

    /// Redoes the last undone edit.
    pub fn redo(&mut self) -> Result<Option<Edit>, ApplyError> {
        let Some((edit, inverse)) = self.history.redo.pop() else {
            return Ok(None);
        };
        match self.commit(&edit) {
            Ok(redone_inverse) => {
                self.history.undo.push((edit.clone(), redone_inverse));
                Ok(Some(edit))
            }
            Err(e) => {
                self.history.redo.push((edit, inverse));
                Err(e)
            }
        }
    }

    /// Saves now, on this thread (command line and tests). For a command this is its one
    /// write: all of it, or (on any error) nothing.
    pub fn save(&mut self) -> Result<(), SaveError> {
        self.wait_for_save()?;
        let text = project_file::to_ron(&self.project);
        let through = self.last_edit;
        let keep = self.keep_suffixes();
        let rule = self.overwrite_rule();
        let fp = match &self.journal {
            Some(j) => {
                let mut hook = saving::JournalHook::new(j.checkpointer(), through);
                project_file::save_text(&self.path, &text, rule, keep, &mut hook)?
            }
            None => {
                let through = self.left_journal.included_through;
                let mut hook = CommandHook::new(&self.path, through);
                let fp = project_file::save_text(&self.path, &text, rule, keep, &mut hook)?;
                hook.finish();
                self.left_journal.included_through = None;
                fp
            }
        };
        project_file::keep_snapshot(&self.path, &fp, &self.project);
        self.saved(fp, through);
        Ok(())
    }

    /// Saves to a new path and continues there (the window's Save As).
    pub fn save_as(&mut self, path: &Path, replace: bool) -> Result<(), OpenError> {
        self.wait_for_save()?;
        let lock = ProjectLock::acquire(path, "the Marginalia window")?;
        let rule = if replace {
            Overwrite::Always
        } else {
            Overwrite::IfAbsent
        };
        let fp = project_file::save(path, &self.project, rule)?;
        // The new file holds every edit: the old file's journal is no longer needed, and the
        // old file stays as it was last saved.
        let journaled = self.journal.is_some();
        if let Some(j) = self.journal.take() {
            let _ = j.remove();
        }
        self.path = path.to_owned();
        self.lock = Some(lock);
        self.fingerprint = Some(fp);
        self.last_saved = self.last_edit;
        if journaled {
            self.start_journal(&[])?;
        }
        Ok(())
    }

    /// Replaces the file even though it changed on disk: only after the user said so.
    pub fn save_overwriting(&mut self) -> Result<(), SaveError> {
        self.fingerprint = None;
        self.save()
    }

    fn keep_suffixes(&self) -> &'static [&'static str] {
        if self.keep_original {
            &[".refused.bak"]
        } else {
            &[]
        }
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
        let Some(journal) = &self.journal else {
            return;
        };
        self.saving = Some(SaveJob::start(
            Arc::clone(&self.project),
            self.path.clone(),
            self.fingerprint.clone(),
            self.keep_suffixes(),
            journal.checkpointer(),
            self.last_edit,
        ));
    }

    /// Finishes a background save if it is done: `None` while it runs or when none runs.
    pub fn poll_save(&mut self) -> Option<Result<(), SaveError>> {
        let result = self.saving.as_mut()?.poll()?;
        let job = self.saving.take().expect("polled above");
        Some(result.map(|fp| self.saved(fp, job.through())))
    }

    /// Blocks until a background save (if any) is finished.
    pub fn wait_for_save(&mut self) -> Result<(), SaveError> {
        if let Some(job) = self.saving.take() {
            let through = job.through();
            let fp = job.wait()?;
            self.saved(fp, through);
        }
        Ok(())
    }

    fn saved(&mut self, fp: Fingerprint, through: u64) {
        self.last_saved = self.last_saved.max(through);
        self.keep_original = false;
        self.fingerprint = Some(fp);
    }

    /// Waits until every edit so far is flushed to the disk in the journal.
    pub fn flush_journal(&self) -> std::io::Result<()> {
        self.journal.as_ref().map_or(Ok(()), Journal::flush)
    }

    /// A journal write error, if one happened since the last call.
    pub fn journal_error(&self) -> Option<std::io::Error> {
        self.journal.as_ref().and_then(Journal::take_error)
    }

    /// Closes the session; a saved one removes its journal. Unsaved edits stay in the
    /// journal for the next open.
    pub fn close(mut self) {
        let _ = self.wait_for_save();
        if !self.is_dirty()
            && let Some(j) = self.journal.take()
        {
            let _ = j.remove();
        }
    }
}

/// What replaying the journal on open gave.
struct Recovery {
    edits: Vec<Edit>,
    mismatch: bool,
    last_seq: u64,
}

#[cfg(test)]
mod tests;
