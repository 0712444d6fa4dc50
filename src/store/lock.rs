//! One writer per project: whoever changes a project (the window for as long as it has the
//! project open, a command such as `import` while it runs) holds an advisory lock on
//! `PROJECT.lock`. A second writer is refused with the name of the holder, so a command
//! line run beside an open window can no longer replace the journal the window is writing.
//! Commands that only read never lock: they read files that are only ever replaced whole.
//!
//! The operating system releases the lock when its holder dies, so a killed window leaves
//! no stale lock behind; the file itself is removed by a holder that ends normally.
use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// Where the lock of a project lives.
pub fn lock_path(project: &Path) -> PathBuf {
    let mut name = project.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

/// Who holds a lock, as written into the lock file for the one who is refused.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Holder {
    /// What holds it: "the Marginalia window", "marginalia import"...
    pub what: String,
    pub pid: u32,
    pub host: String,
    pub since: String,
}

impl Holder {
    fn me(what: &str) -> Holder {
        Holder {
            what: what.to_owned(),
            pid: std::process::id(),
            host: gethostname::gethostname().to_string_lossy().into_owned(),
            since: humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string(),
        }
    }
}

impl std::fmt::Display for Holder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} (process {} on {}, since {})",
            self.what, self.pid, self.host, self.since
        )
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error(
        "{} is open in {}; close it there first, or do this from that window",
        project.display(),
        holder.as_ref().map_or("another Marginalia process".to_owned(), ToString::to_string)
    )]
    Held {
        project: PathBuf,
        holder: Option<Holder>,
    },
    #[error("cannot lock {}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
}

/// A held project lock; dropping it releases the lock and removes the file.
#[derive(Debug)]
pub struct ProjectLock {
    file: File,
    path: PathBuf,
}

impl ProjectLock {
    /// Takes the lock of `project` for `what`, or says who holds it. Never waits.
    pub fn acquire(project: &Path, what: &str) -> Result<ProjectLock, LockError> {
        let path = lock_path(project);
        let io = |source| LockError::Io {
            path: path.clone(),
            source,
        };
        loop {
            let mut file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .map_err(io)?;
            match file.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => {
                    return Err(LockError::Held {
                        project: project.to_owned(),
                        holder: read_holder(&mut file),
                    });
                }
                Err(TryLockError::Error(e)) => return Err(io(e)),
            }
            // The previous holder may have removed the file between our open and our lock:
            // then we hold a lock on a file nobody else can find. Start again.
            if !same_file(&file, &path) {
                continue;
            }
            let holder = serde_json::to_string(&Holder::me(what)).map_err(io::Error::other);
            let written = holder.and_then(|h| {
                file.set_len(0)?;
                file.write_all(h.as_bytes())
            });
            written.map_err(io)?;
            return Ok(ProjectLock { file, path });
        }
    }

    /// Who holds the lock of `project` right now, if anyone (for messages).
    pub fn holder(project: &Path) -> Option<Holder> {
        let mut file = File::open(lock_path(project)).ok()?;
        match file.try_lock_shared() {
            Ok(()) => None,
            Err(_) => read_holder(&mut file),
        }
    }
}

impl Drop for ProjectLock {
    /// Removed while still locked, so the next one to lock it creates a fresh file.
    fn drop(&mut self) {
        if same_file(&self.file, &self.path) {
            let _ = fs::remove_file(&self.path);
        }
    }
}

fn read_holder(file: &mut File) -> Option<Holder> {
    let mut text = String::new();
    file.read_to_string(&mut text).ok()?;
    serde_json::from_str(&text).ok()
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Elsewhere an open file cannot be removed, so the file found by its path is ours.
#[cfg(not(unix))]
fn same_file(_file: &File, path: &Path) -> bool {
    path.exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_is_refused_with_the_holders_name() {
        let dir = tempfile::tempdir().unwrap();
        let project = dir.path().join("p.ron");
        let lock = ProjectLock::acquire(&project, "the Marginalia window").unwrap();
        let err = ProjectLock::acquire(&project, "marginalia import").unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("the Marginalia window"), "{msg}");
        assert!(msg.contains(&std::process::id().to_string()), "{msg}");
        assert_eq!(
            ProjectLock::holder(&project).map(|h| h.what),
            Some("the Marginalia window".to_owned())
        );
        drop(lock);
        assert!(!lock_path(&project).exists(), "the lock file is removed");
        assert_eq!(ProjectLock::holder(&project), None);
        ProjectLock::acquire(&project, "marginalia import").unwrap();
    }

    #[test]
    fn a_lock_file_left_behind_by_a_dead_holder_does_not_block() {
        let dir = tempfile::tempdir().unwrap();
        let project = dir.path().join("p.ron");
        std::fs::write(lock_path(&project), "{\"what\":\"x\"").unwrap();
        let lock = ProjectLock::acquire(&project, "marginalia merge").unwrap();
        assert_eq!(
            ProjectLock::holder(&project).map(|h| h.what),
            Some("marginalia merge".to_owned())
        );
        drop(lock);
    }
}
