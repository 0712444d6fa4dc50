//! Saving: the window's background save and the hooks that tie a save to the journal.
use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, TryRecvError};

use crate::model::Project;
use crate::store::journal::{Checkpointer, journal_path};
use crate::store::probe;
use crate::store::project_file::{self, Fingerprint, Overwrite, SaveError, SaveHook};

/// The window's hook: record in its journal which edits the new file holds, before the
/// file replaces the old one. A crash right after the replacement then replays only the
/// edits made since.
pub(super) struct JournalHook {
    journal: Checkpointer,
    through: u64,
}

impl JournalHook {
    pub(super) fn new(journal: Checkpointer, through: u64) -> Self {
        Self { journal, through }
    }
}

impl SaveHook for JournalHook {
    fn before_replace(&mut self, saved: &str) -> io::Result<()> {
        self.journal.checkpoint(saved, self.through)?;
        probe::pause("after-checkpoint");
        Ok(())
    }
}

/// A command's hook: a journal left by a killed window was replayed into the project, so
/// the new file holds its edits. The hook records that in the journal before the new file
/// replaces the old one (a crash in between must not replay them twice, nor lose them),
/// takes the record back if the save fails, and removes the journal once it is saved.
pub(super) struct CommandHook {
    path: PathBuf,
    /// The journal's last edit, when its edits are in the project being saved.
    through: Option<u64>,
    /// The journal's length before the record, to cut it back on failure.
    appended: Option<(File, u64)>,
}

impl CommandHook {
    pub(super) fn new(project: &Path, through: Option<u64>) -> Self {
        Self {
            path: journal_path(project),
            through,
            appended: None,
        }
    }

    /// The save succeeded: the file holds everything the journal did.
    pub(super) fn finish(self) {
        if self.appended.is_some() {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

impl SaveHook for CommandHook {
    fn before_replace(&mut self, saved: &str) -> io::Result<()> {
        let Some(through) = self.through else {
            return Ok(());
        };
        let mut file = match OpenOptions::new().append(true).open(&self.path) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(e),
        };
        let len = file.metadata()?.len();
        let line = crate::store::journal::checkpoint_line(saved, through);
        let written = file
            .write_all(format!("{line}\n").as_bytes())
            .and_then(|()| file.sync_data());
        if let Err(e) = written {
            let _ = file.set_len(len);
            return Err(e);
        }
        self.appended = Some((file, len));
        Ok(())
    }

    fn cancelled(&mut self) {
        if let Some((file, len)) = self.appended.take() {
            let _ = file.set_len(len).and_then(|()| file.sync_data());
        }
    }
}

/// A save running on a worker thread.
pub(super) struct SaveJob {
    /// The last edit included in the snapshot being written.
    through: u64,
    done: Receiver<Result<Fingerprint, SaveError>>,
}

impl SaveJob {
    pub(super) fn start(
        snapshot: Arc<Project>,
        path: PathBuf,
        fingerprint: Option<Fingerprint>,
        keep: &'static [&'static str],
        journal: Checkpointer,
        through: u64,
    ) -> SaveJob {
        let (tx, done) = mpsc::channel();
        std::thread::spawn(move || {
            let work = std::panic::AssertUnwindSafe(|| {
                let text = project_file::to_ron(&snapshot);
                let rule = match &fingerprint {
                    Some(fp) => Overwrite::IfUnchanged(fp),
                    None => Overwrite::Always,
                };
                let mut hook = JournalHook::new(journal, through);
                let saved = project_file::save_text(&path, &text, rule, keep, &mut hook)?;
                // Still on this worker thread: the window does not wait for the snapshot.
                project_file::keep_snapshot(&path, &saved, &snapshot);
                Ok(saved)
            });
            let result = std::panic::catch_unwind(work).unwrap_or_else(|_| Err(stopped(&path)));
            let _ = tx.send(result);
        });
        SaveJob { through, done }
    }

    pub(super) fn through(&self) -> u64 {
        self.through
    }

    /// The result if the save is over. A save thread that died without a word is an error,
    /// never a save that runs forever.
    pub(super) fn poll(&mut self) -> Option<Result<Fingerprint, SaveError>> {
        match self.done.try_recv() {
            Ok(result) => Some(result),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Err(stopped(Path::new("the project")))),
        }
    }

    pub(super) fn wait(self) -> Result<Fingerprint, SaveError> {
        self.done
            .recv()
            .unwrap_or_else(|_| Err(stopped(Path::new("the project"))))
    }
}

fn stopped(path: &Path) -> SaveError {
    SaveError::Io {
        path: path.to_owned(),
        source: io::Error::other(
            "the save stopped unexpectedly (an internal error); your edits are safe in the journal",
        ),
    }
}
