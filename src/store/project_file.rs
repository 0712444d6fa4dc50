//! Reading and writing project files (RON).
use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::atomic::write_atomic;
use crate::model::{FORMAT_VERSION, Problem, Project, ProjectFile};

/// What a project file looked like when we last read or wrote it, to notice when
/// something else changed it in between.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fingerprint {
    pub len: u64,
    pub modified: Option<SystemTime>,
    /// blake3 of the file's bytes.
    pub hash: String,
}

impl Fingerprint {
    pub fn of_bytes(bytes: &[u8], meta: Option<&fs::Metadata>) -> Self {
        Self {
            len: bytes.len() as u64,
            modified: meta.and_then(|m| m.modified().ok()),
            hash: blake3::hash(bytes).to_hex().to_string(),
        }
    }

    /// Whether the file at `path` is still the one this fingerprint describes. Cheap when
    /// size and time agree; otherwise the content decides (a `touch` is not a change).
    pub fn still_matches(&self, path: &Path) -> std::io::Result<bool> {
        let meta = fs::metadata(path)?;
        if meta.len() != self.len {
            return Ok(false);
        }
        if meta.modified().ok() == self.modified && self.modified.is_some() {
            return Ok(true);
        }
        let bytes = fs::read(path)?;
        Ok(blake3::hash(&bytes).to_hex().as_str() == self.hash)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read {}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{} is not a text file (invalid UTF-8 at byte {at}); it was left untouched", path.display())]
    NotUtf8 { path: PathBuf, at: usize },
    #[error(
        "{}:{line}:{column}: {message}. The file was left untouched; fix it in a text editor, or restore {}.bak",
        path.display(), path.display()
    )]
    Parse {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error(
        "{} was written by a newer Marginalia (format version {found}, this one reads up to {supported}); \
         update Marginalia to open it",
        path.display()
    )]
    TooNew {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
}

/// A project as read from disk, with the problems found in it.
#[derive(Debug)]
pub struct Loaded {
    pub project: Project,
    pub problems: Vec<Problem>,
    pub fingerprint: Fingerprint,
}

/// Reads and checks a project file. Never modifies the file.
pub fn load(path: &Path) -> Result<Loaded, LoadError> {
    let io = |source| LoadError::Io {
        path: path.to_owned(),
        source,
    };
    let meta = fs::metadata(path).map_err(io)?;
    let bytes = fs::read(path).map_err(io)?;
    let fingerprint = Fingerprint::of_bytes(&bytes, Some(&meta));
    let text = std::str::from_utf8(&bytes).map_err(|e| LoadError::NotUtf8 {
        path: path.to_owned(),
        at: e.valid_up_to(),
    })?;
    let (project, problems) = parse(text).map_err(|e| e.at(path))?;
    Ok(Loaded {
        project,
        problems,
        fingerprint,
    })
}

/// A load error before it knows which file it came from.
#[derive(Debug)]
pub enum ParseError {
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    TooNew(u32),
}

impl ParseError {
    fn at(self, path: &Path) -> LoadError {
        match self {
            ParseError::Syntax {
                line,
                column,
                message,
            } => LoadError::Parse {
                path: path.to_owned(),
                line,
                column,
                message,
            },
            ParseError::TooNew(found) => LoadError::TooNew {
                path: path.to_owned(),
                found,
                supported: FORMAT_VERSION,
            },
        }
    }
}

/// Parses the text of a project file.
pub fn parse(text: &str) -> Result<(Project, Vec<Problem>), ParseError> {
    let file: ProjectFile = ron::from_str(text).map_err(|e| ParseError::Syntax {
        line: e.span.start.line,
        column: e.span.start.col,
        message: e.code.to_string(),
    })?;
    if file.format_version > FORMAT_VERSION {
        return Err(ParseError::TooNew(file.format_version));
    }
    Ok(Project::from_file(file))
}

/// The RON text of a project: pretty, one label, document or annotation per entry, in
/// a stable order so that a small change makes a small diff.
pub fn to_ron(project: &Project) -> String {
    let pretty = ron::ser::PrettyConfig::new()
        .depth_limit(2)
        .struct_names(false)
        .indentor("  ")
        // Multi-line article texts stay multi-line (raw strings), readable and diffable.
        .escape_strings(false);
    ron::ser::to_string_pretty(&project.to_file(), pretty)
        .expect("a project always serializes to RON")
}

#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error(
        "{} was changed by another program since it was opened; not overwritten. \
         Use Save As to keep both, or reopen the file to see the other changes",
        path.display()
    )]
    ChangedOnDisk { path: PathBuf },
    #[error("could not write {}: {source}. The previous file is unchanged", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Whether to check the file on disk before overwriting it.
#[derive(Clone, Debug)]
pub enum Overwrite<'a> {
    /// Only if it is still the file described by this fingerprint (or absent).
    IfUnchanged(&'a Fingerprint),
    /// Only if no file exists there yet.
    IfAbsent,
    /// The user explicitly chose to replace whatever is there.
    Always,
}

/// Saves atomically, keeping the previous version as `PATH.bak`. Returns the new
/// fingerprint to check against next time.
pub fn save(
    path: &Path,
    project: &Project,
    overwrite: Overwrite<'_>,
) -> Result<Fingerprint, SaveError> {
    save_text(path, &to_ron(project), overwrite)
}

/// [`save`] for already-serialized text (the window serializes on a worker thread).
pub fn save_text(
    path: &Path,
    text: &str,
    overwrite: Overwrite<'_>,
) -> Result<Fingerprint, SaveError> {
    let io = |source| SaveError::Io {
        path: path.to_owned(),
        source,
    };
    let exists = path.exists();
    match overwrite {
        Overwrite::IfUnchanged(fp) if exists && !fp.still_matches(path).map_err(io)? => {
            return Err(SaveError::ChangedOnDisk {
                path: path.to_owned(),
            });
        }
        Overwrite::IfAbsent if exists => {
            return Err(SaveError::ChangedOnDisk {
                path: path.to_owned(),
            });
        }
        _ => {}
    }
    if exists {
        let previous = fs::read(path).map_err(io)?;
        write_atomic(&backup_path(path), &previous).map_err(io)?;
    }
    write_atomic(path, text.as_bytes()).map_err(io)?;
    let meta = fs::metadata(path).map_err(io)?;
    Ok(Fingerprint::of_bytes(text.as_bytes(), Some(&meta)))
}

/// Where the previous version of a project is kept.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".bak");
    PathBuf::from(name)
}
