//! The edit journal: an append-only file next to the project (`PATH.journal`) where
//! every edit is written and fsynced as soon as it is made, on a worker thread so the
//! window never waits for the disk. Opening a project replays the journal, so a killed
//! process loses nothing; a successful save starts a fresh journal.
//!
//! Format: JSON lines. The first line names the project file version the edits apply to
//! (`{"marginalia_journal":1,"base":"<blake3 of the file>"}`); each further line is one
//! [`Edit`].
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::JoinHandle;

use serde::{Deserialize, Serialize};

use super::atomic::write_atomic_with;
use crate::model::{Edit, Problem};

#[derive(Serialize, Deserialize)]
struct Header {
    marginalia_journal: u32,
    base: String,
}

/// Where the journal of a project lives.
pub fn journal_path(project: &Path) -> PathBuf {
    let mut name = project.as_os_str().to_owned();
    name.push(".journal");
    PathBuf::from(name)
}

/// What was found in a journal when a project was opened.
#[derive(Debug, Default)]
pub struct Recovered {
    /// Edits to replay on top of the file, in order.
    pub edits: Vec<Edit>,
    pub problems: Vec<Problem>,
}

/// Reads the journal of `project` if it belongs to the file version `base`.
/// A journal made against another version of the file is set aside (renamed), never
/// replayed onto the wrong base and never deleted.
pub fn recover(project: &Path, base: &str) -> Recovered {
    read(project, base, |path| {
        let aside = set_aside(path);
        format!(
            "this journal belongs to another version of the project file, so its edits were not \
             replayed; it was kept as {}",
            aside.display()
        )
    })
}

/// Reads the journal like [`recover`] but changes nothing on disk: for commands that only
/// read a project (export, stats) and must still see edits not saved yet.
pub fn peek(project: &Path, base: &str) -> Recovered {
    read(project, base, |_| {
        "this journal belongs to another version of the project file, so its edits are not \
         included; opening the project in Marginalia sets it aside"
            .to_owned()
    })
}

/// The journal's edits if it belongs to `base`; otherwise `mismatch` says what happened.
fn read(project: &Path, base: &str, mismatch: impl FnOnce(&Path) -> String) -> Recovered {
    let path = journal_path(project);
    let mut out = Recovered::default();
    let Ok(file) = File::open(&path) else {
        return out;
    };
    let mut lines = BufReader::new(file).lines();
    let header = lines
        .next()
        .and_then(Result::ok)
        .and_then(|l| serde_json::from_str::<Header>(&l).ok());
    match header {
        Some(h) if h.base == base => {}
        _ => {
            let why = mismatch(&path);
            out.problems
                .push(Problem::new(path.display().to_string(), why));
            return out;
        }
    }
    for (i, line) in lines.enumerate() {
        let Ok(line) = line else { break };
        match serde_json::from_str::<Edit>(&line) {
            Ok(edit) => out.edits.push(edit),
            Err(e) => {
                // A crash can cut the last line short; anything after it is unusable.
                out.problems.push(Problem::new(
                    format!("{}:{}", path.display(), i + 2),
                    format!(
                        "unreadable journal entry ({e}); edits from here on were not recovered"
                    ),
                ));
                break;
            }
        }
    }
    out
}

/// Applies recovered edits in order; one that no longer applies is listed in `problems`.
/// Returns the edits that applied.
pub fn replay(
    project: &mut crate::model::Project,
    edits: Vec<Edit>,
    problems: &mut Vec<Problem>,
) -> Vec<Edit> {
    let mut replayed = Vec::with_capacity(edits.len());
    for edit in edits {
        match project.apply(&edit) {
            Ok(()) => replayed.push(edit),
            Err(e) => problems.push(Problem::new(
                "journal",
                format!("an edit could not be replayed: {e}"),
            )),
        }
    }
    replayed
}

fn set_aside(path: &Path) -> PathBuf {
    let stamp = humantime::format_rfc3339_seconds(std::time::SystemTime::now())
        .to_string()
        .replace(':', "-");
    let mut name = path.as_os_str().to_owned();
    name.push(format!(".orphaned-{stamp}"));
    let aside = PathBuf::from(name);
    let _ = fs::rename(path, &aside);
    aside
}

enum Msg {
    Append(String),
    /// Start a new journal on `base`, holding `pending` (edits made since the save began).
    Reset {
        base: String,
        pending: Vec<String>,
    },
    Flush(Sender<io::Result<()>>),
    Remove,
}

/// Handle to the journal's worker thread.
pub struct Journal {
    tx: Sender<Msg>,
    errors: Receiver<io::Error>,
    worker: Option<JoinHandle<()>>,
}

impl Journal {
    /// Opens (or creates) the journal of `project` on file version `base`, keeping
    /// recovered entries when the header already matches.
    pub fn open(project: &Path, base: &str) -> io::Result<Journal> {
        let path = journal_path(project);
        let header_ok = File::open(&path)
            .ok()
            .and_then(|f| BufReader::new(f).lines().next()?.ok())
            .and_then(|l| serde_json::from_str::<Header>(&l).ok())
            .is_some_and(|h| h.base == base);
        if !header_ok {
            write_fresh(&path, base, &[])?;
        }
        let file = OpenOptions::new().append(true).open(&path)?;
        let (tx, rx) = mpsc::channel();
        let (err_tx, errors) = mpsc::channel();
        let worker = std::thread::Builder::new()
            .name("journal".into())
            .spawn(move || run(path, file, rx, err_tx))?;
        Ok(Journal {
            tx,
            errors,
            worker: Some(worker),
        })
    }

    /// Queues an edit; it is on disk (fsynced) within milliseconds.
    pub fn append(&self, edit: &Edit) {
        let line = serde_json::to_string(edit).expect("edits serialize to JSON");
        let _ = self.tx.send(Msg::Append(line));
    }

    /// After a save: the file is now `base`; `pending` are edits made after the saved snapshot.
    pub fn reset(&self, base: &str, pending: &[Edit]) {
        let pending = pending
            .iter()
            .map(|e| serde_json::to_string(e).expect("edits serialize"))
            .collect();
        let _ = self.tx.send(Msg::Reset {
            base: base.to_owned(),
            pending,
        });
    }

    /// Waits until everything queued is on disk.
    pub fn flush(&self) -> io::Result<()> {
        let (tx, rx) = mpsc::channel();
        self.tx
            .send(Msg::Flush(tx))
            .map_err(|_| io::Error::other("journal thread stopped"))?;
        rx.recv()
            .map_err(|_| io::Error::other("journal thread stopped"))?
    }

    /// A write error since the last call, if any, for the status bar.
    pub fn take_error(&self) -> Option<io::Error> {
        self.errors.try_recv().ok()
    }

    /// Deletes the journal (the project was saved and closed cleanly).
    pub fn remove(mut self) {
        let _ = self.tx.send(Msg::Remove);
        if let Some(w) = self.worker.take() {
            let _ = w.join();
        }
    }
}

impl Drop for Journal {
    /// Closing the channel lets the worker write what is queued and stop; wait for it so
    /// nothing queued is lost when the window closes.
    fn drop(&mut self) {
        if let Some(w) = self.worker.take() {
            drop(std::mem::replace(&mut self.tx, mpsc::channel().0));
            let _ = w.join();
        }
    }
}

fn write_fresh(path: &Path, base: &str, pending: &[String]) -> io::Result<()> {
    let header = serde_json::to_string(&Header {
        marginalia_journal: 1,
        base: base.to_owned(),
    })?;
    write_atomic_with(path, |w| {
        writeln!(w, "{header}")?;
        for line in pending {
            writeln!(w, "{line}")?;
        }
        Ok(())
    })
}

fn run(path: PathBuf, mut file: File, rx: Receiver<Msg>, errors: Sender<io::Error>) {
    let report = |r: io::Result<()>| {
        if let Err(e) = r {
            let _ = errors.send(e);
        }
    };
    while let Ok(first) = rx.recv() {
        // Drain whatever else is queued so a burst of edits costs one fsync.
        let mut batch = vec![first];
        batch.extend(rx.try_iter());
        let mut dirty = false;
        for msg in batch {
            match msg {
                Msg::Append(line) => {
                    report(writeln!(file, "{line}"));
                    dirty = true;
                }
                Msg::Reset { base, pending } => {
                    if dirty {
                        report(file.sync_data());
                        dirty = false;
                    }
                    report(write_fresh(&path, &base, &pending));
                    match OpenOptions::new().append(true).open(&path) {
                        Ok(f) => file = f,
                        Err(e) => report(Err(e)),
                    }
                }
                Msg::Flush(done) => {
                    let r = if dirty { file.sync_data() } else { Ok(()) };
                    dirty = false;
                    let _ = done.send(r);
                }
                Msg::Remove => {
                    let _ = fs::remove_file(&path);
                    return;
                }
            }
        }
        if dirty {
            report(file.sync_data());
        }
    }
}
