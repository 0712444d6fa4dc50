//! The edit journal: an append-only file next to the project (`PATH.journal`) that holds
//! every edit not yet in the project file. Opening a project replays it, so a killed
//! process loses nothing. Why this is safe at every instant: docs/durability.md.
//!
//! Format: JSON lines.
//! - The header names the version of the project file the edits apply to:
//!   `{"marginalia_journal":2,"base":"<blake3 of the file>"}`.
//! - An edit: `{"seq":7,"edit":{…}}`, numbered from 1 within the journal.
//! - A checkpoint, written by a save just before the new file replaces the old one:
//!   `{"saved":"<blake3 of the new file>","through":7}`: that file holds edits 1–7.
//!
//! Replay takes the edits after the newest checkpoint whose file is the one on disk, or
//! all of them when the file is still the header's base. A save never has to rewrite the
//! journal, so no moment exists in which the file and the journal disagree.
//!
//! Version 1 journals (header version 1, one bare edit a line, no checkpoints) are read too.
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;

use serde::{Deserialize, Serialize};

use super::atomic::write_atomic_with;
use crate::model::{Edit, Problem};

const VERSION: u32 = 2;

#[derive(Serialize, Deserialize)]
struct Header {
    marginalia_journal: u32,
    base: String,
}

#[derive(Serialize)]
struct EditLine<'a> {
    seq: u64,
    edit: &'a Edit,
}

#[derive(Serialize, Deserialize)]
struct Checkpoint {
    saved: String,
    through: u64,
}

/// One line after the header, as read.
#[derive(Deserialize)]
#[serde(untagged)]
enum Line {
    Edit { seq: u64, edit: Box<Edit> },
    Checkpoint(Checkpoint),
}

/// Where the journal of a project lives.
pub fn journal_path(project: &Path) -> PathBuf {
    let mut name = project.as_os_str().to_owned();
    name.push(".journal");
    PathBuf::from(name)
}

/// A journal's content, parsed without reference to any project file.
#[derive(Debug, Default)]
pub struct Parsed {
    /// The file version the edits were first made on; `None` for an unreadable header.
    pub base: Option<String>,
    /// Every edit with its number, in order.
    pub edits: Vec<(u64, Edit)>,
    /// Saves recorded in the journal: (hash of the file written, last edit it holds).
    pub checkpoints: Vec<(String, u64)>,
    /// The first line that could not be read (1-based) and why; nothing after it is used.
    pub broken_at: Option<(usize, String)>,
}

impl Parsed {
    /// The edits still to replay onto the file whose blake3 is `file_hash`; `None` when the
    /// journal belongs to another version of the file.
    pub fn edits_after(&self, file_hash: &str) -> Option<Vec<Edit>> {
        let after = if self.base.as_deref() == Some(file_hash) {
            0
        } else {
            let (_, through) = self
                .checkpoints
                .iter()
                .rev()
                .find(|(h, _)| h == file_hash)?;
            *through
        };
        Some(
            (self.edits.iter())
                .filter(|(seq, _)| *seq > after)
                .map(|(_, e)| e.clone())
                .collect(),
        )
    }

    /// The number of the last edit, 0 for none.
    pub fn last_seq(&self) -> u64 {
        self.edits.last().map_or(0, |(seq, _)| *seq)
    }
}

/// Parses a journal. Never fails: what cannot be read is reported in `broken_at`. A last
/// line without its line break that does not parse was cut by a crash in the middle of
/// writing it; that edit was never shown as done, so it is dropped without a word.
pub fn parse(bytes: &[u8]) -> Parsed {
    let mut out = Parsed::default();
    let mut lines = bytes.split(|&b| b == b'\n').enumerate().peekable();
    let Some((_, first)) = lines.next() else {
        return out;
    };
    let Ok(header) = serde_json::from_slice::<Header>(first) else {
        out.broken_at = Some((1, "the first line is not a journal header".into()));
        return out;
    };
    let version = header.marginalia_journal;
    out.base = Some(header.base);
    while let Some((i, line)) = lines.next() {
        let last = lines.peek().is_none();
        if line.is_empty() && last {
            break;
        }
        let read = if version == 1 {
            // Version 1 lines are bare edits; a command may have added a checkpoint since.
            let seq = out.last_seq() + 1;
            serde_json::from_slice::<Edit>(line)
                .map(|edit| Line::Edit {
                    seq,
                    edit: Box::new(edit),
                })
                .or_else(|e| {
                    serde_json::from_slice::<Checkpoint>(line)
                        .map(Line::Checkpoint)
                        .map_err(|_| e)
                })
        } else {
            serde_json::from_slice::<Line>(line)
        };
        match read {
            Ok(Line::Edit { seq, edit }) => out.edits.push((seq, *edit)),
            Ok(Line::Checkpoint(c)) => out.checkpoints.push((c.saved, c.through)),
            Err(_) if last => break, // torn by a crash while being written
            Err(e) => {
                out.broken_at = Some((i + 1, e.to_string()));
                break;
            }
        }
    }
    out
}

/// What was found in a project's journal, for the file version `base`.
#[derive(Debug, Default)]
pub struct Recovered {
    /// Edits to replay on top of the file, in order.
    pub edits: Vec<Edit>,
    /// The number of the journal's last edit (0 when there is none).
    pub last_seq: u64,
    pub problems: Vec<Problem>,
    /// The journal belongs to another version of the file: its edits are not included.
    pub mismatch: bool,
}

/// Reads the journal of `project` against the file version `base`. Changes nothing on disk.
pub fn peek(project: &Path, base: &str) -> Recovered {
    let path = journal_path(project);
    let mut out = Recovered::default();
    let bytes = match read_journal_file(&path) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => return out,
        Err(e) => {
            out.problems
                .push(Problem::new(path.display().to_string(), e));
            return out;
        }
    };
    let parsed = parse(&bytes);
    out.last_seq = parsed.last_seq();
    match parsed.edits_after(base) {
        Some(edits) => out.edits = edits,
        None => {
            out.mismatch = true;
            out.problems.push(Problem::new(
                path.display().to_string(),
                format!(
                    "this journal belongs to another version of the project file, so its {} \
                     edits are not included; opening the project in Marginalia keeps it aside",
                    parsed.edits.len()
                ),
            ));
        }
    }
    if let Some((line, why)) = parsed.broken_at {
        out.problems.push(Problem::new(
            format!("{}:{line}", path.display()),
            format!("unreadable journal entry ({why}); edits from here on were not recovered"),
        ));
    }
    out
}

/// The bytes of the journal at `path`, or `None` when there is none. Anything but a plain
/// file there (a named pipe would block the read forever) is an error.
fn read_journal_file(path: &Path) -> Result<Option<Vec<u8>>, String> {
    use crate::input_file::{InputFileError, read_regular};
    match read_regular(path, None) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(InputFileError::Io { source, .. }) if source.kind() == io::ErrorKind::NotFound => {
            Ok(None)
        }
        Err(e) => Err(format!("{e}; it was not read as the project's journal")),
    }
}

/// Renames a journal that cannot be replayed to `PATH.journal.orphaned-TIME`, so it is never
/// replayed onto the wrong file and never deleted. Returns where it went.
pub fn set_aside(project: &Path) -> io::Result<PathBuf> {
    let path = journal_path(project);
    let stamp = humantime::format_rfc3339_seconds(std::time::SystemTime::now())
        .to_string()
        .replace(':', "-");
    let mut name = path.as_os_str().to_owned();
    name.push(format!(".orphaned-{stamp}"));
    let aside = PathBuf::from(name);
    fs::rename(&path, &aside)?;
    Ok(aside)
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
            Ok(()) => {
                note_hash_problems(&edit, problems);
                replayed.push(edit);
            }
            Err(e) => problems.push(Problem::new(
                "journal",
                format!("an edit could not be replayed: {e}"),
            )),
        }
    }
    replayed
}

/// A document added by a replayed edit whose text does not match its hash (a journal
/// edited by hand) is kept, like one in the file, and reported as the file's would be:
/// otherwise the problem would only show after the next save.
fn note_hash_problems(edit: &Edit, problems: &mut Vec<Problem>) {
    match edit {
        Edit::AddDocument(doc) => problems.extend(doc.hash_problem()),
        Edit::Batch(edits) => (edits.iter()).for_each(|e| note_hash_problems(e, problems)),
        _ => {}
    }
}

/// The journal a window writes while a project is open.
///
/// An edit is written to the file (the operating system's cache) by the thread that made
/// it, before the window shows it: a killed process cannot lose it. A worker thread then
/// flushes it to the disk (fsync), in batches, so the window never waits for the disk.
pub struct Journal {
    shared: Arc<Shared>,
    syncer: Option<JoinHandle<()>>,
}

struct Shared {
    state: Mutex<State>,
    wake: Condvar,
}

struct State {
    file: File,
    path: PathBuf,
    /// Bytes of whole lines in the file: a failed write is cut back to this.
    len: u64,
    last_seq: u64,
    /// Written but not yet flushed to the disk.
    dirty: bool,
    closing: bool,
    /// A flush that failed, for the status bar.
    error: Option<io::Error>,
}

impl Journal {
    /// Starts a fresh journal for the file version `base`, holding `pending` (edits recovered
    /// from an earlier journal and not in the file). Replaces any journal there atomically.
    pub fn create(project: &Path, base: &str, pending: &[Edit]) -> io::Result<Journal> {
        let path = journal_path(project);
        let header = serde_json::to_string(&Header {
            marginalia_journal: VERSION,
            base: base.to_owned(),
        })?;
        write_atomic_with(&path, |w| {
            writeln!(w, "{header}")?;
            for (k, edit) in pending.iter().enumerate() {
                writeln!(w, "{}", edit_line(k as u64 + 1, edit))?;
            }
            Ok(())
        })?;
        let file = OpenOptions::new().append(true).open(&path)?;
        let state = State {
            len: file.metadata()?.len(),
            file,
            path,
            last_seq: pending.len() as u64,
            dirty: false,
            closing: false,
            error: None,
        };
        let shared = Arc::new(Shared {
            state: Mutex::new(state),
            wake: Condvar::new(),
        });
        let worker = Arc::clone(&shared);
        let syncer = std::thread::Builder::new()
            .name("journal".into())
            .spawn(move || worker.sync_loop())?;
        Ok(Journal {
            shared,
            syncer: Some(syncer),
        })
    }

    /// Writes an edit; returns its number. When this returns an error, nothing of the
    /// edit is in the journal and the caller must not keep it.
    pub fn append(&self, edit: &Edit) -> io::Result<u64> {
        let mut st = self.shared.lock();
        let seq = st.last_seq + 1;
        let line = edit_line(seq, edit);
        st.write_line(&line)?;
        st.last_seq = seq;
        self.shared.wake.notify_one();
        drop(st);
        super::probe::acknowledge(&line);
        Ok(seq)
    }

    /// The number of the last edit written.
    pub fn last_seq(&self) -> u64 {
        self.shared.lock().last_seq
    }

    /// A handle a save on another thread uses to record its checkpoint.
    pub fn checkpointer(&self) -> Checkpointer {
        Checkpointer(Arc::clone(&self.shared))
    }

    /// Waits until everything written is on the disk.
    pub fn flush(&self) -> io::Result<()> {
        let mut st = self.shared.lock();
        st.dirty = false;
        st.file.sync_data()
    }

    /// A flush error since the last call, if any, for the status bar.
    pub fn take_error(&self) -> Option<io::Error> {
        self.shared.lock().error.take()
    }

    /// Makes every later write fail, as on a full disk.
    #[cfg(test)]
    pub(crate) fn fail_writes_for_test(&self) {
        let mut st = self.shared.lock();
        st.file = File::open(&st.path).expect("the journal exists");
    }

    /// Deletes the journal: the project file holds every edit (a clean close).
    pub fn remove(self) -> io::Result<()> {
        let path = self.shared.lock().path.clone();
        drop(self);
        fs::remove_file(path)
    }
}

impl Drop for Journal {
    /// Flushes what is written and stops the worker.
    fn drop(&mut self) {
        self.shared.lock().closing = true;
        self.shared.wake.notify_one();
        if let Some(w) = self.syncer.take() {
            let _ = w.join();
        }
    }
}

/// Records saves in the journal, from the thread that writes the project file.
#[derive(Clone)]
pub struct Checkpointer(Arc<Shared>);

impl Checkpointer {
    /// Records that the file whose blake3 is `saved` holds edits 1..=`through`, and flushes
    /// it to the disk. Must return before that file replaces the project file.
    pub fn checkpoint(&self, saved: &str, through: u64) -> io::Result<()> {
        let line = checkpoint_line(saved, through);
        let mut st = self.0.lock();
        st.write_line(&line)?;
        st.dirty = false;
        st.file.sync_data()
    }
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic elsewhere while holding the lock leaves whole lines behind (writes are cut
        // back on error), so the state is still usable.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn sync_loop(&self) {
        let mut st = self.lock();
        loop {
            while !st.dirty && !st.closing {
                st = self.wake.wait(st).unwrap_or_else(|e| e.into_inner());
            }
            if st.dirty {
                st.dirty = false;
                // fsync on a second handle, without the lock: edits keep being written meanwhile.
                let file = st.file.try_clone();
                drop(st);
                let result = file.and_then(|f| f.sync_data());
                st = self.lock();
                if let Err(e) = result {
                    st.error = Some(e);
                }
                continue;
            }
            return; // closing, nothing left to flush
        }
    }
}

impl State {
    /// Appends one line whole, or nothing: a failed write is cut back.
    fn write_line(&mut self, line: &str) -> io::Result<()> {
        let mut bytes = Vec::with_capacity(line.len() + 1);
        bytes.extend_from_slice(line.as_bytes());
        bytes.push(b'\n');
        match self.file.write_all(&bytes) {
            Ok(()) => {
                self.len += bytes.len() as u64;
                self.dirty = true;
                Ok(())
            }
            Err(e) => {
                let _ = self.file.set_len(self.len);
                Err(e)
            }
        }
    }
}

/// The line recording that the file whose blake3 is `saved` holds edits 1..=`through`.
pub fn checkpoint_line(saved: &str, through: u64) -> String {
    let line = Checkpoint {
        saved: saved.to_owned(),
        through,
    };
    serde_json::to_string(&line).expect("a checkpoint serializes to JSON")
}

fn edit_line(seq: u64, edit: &Edit) -> String {
    serde_json::to_string(&EditLine { seq, edit }).expect("edits serialize to JSON")
}

#[cfg(test)]
mod tests;
