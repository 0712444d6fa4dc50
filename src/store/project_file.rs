//! Reading and writing project files (RON).
use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::ron_fast::{self, ANNOTATIONS_OPEN, LIST_CLOSE, parse_in_parallel};
use super::{atomic, snapshot};
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
    /// Not a plain file (a folder, a named pipe, a device): refused before reading, since
    /// reading a named pipe would wait forever.
    #[error(transparent)]
    NotAFile(crate::input_file::InputFileError),
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
    let (file, meta) = crate::input_file::open_regular(path, None).map_err(|e| match e {
        crate::input_file::InputFileError::Io { source, .. } => io(source),
        other => LoadError::NotAFile(other),
    })?;
    // Hashed in pieces first: when a snapshot of these bytes is there, the text itself is
    // not needed, and a big project's text is 100 MB of memory to fill for nothing.
    let mut hasher = blake3::Hasher::new();
    let len = hasher.update_reader(&file).map_err(io)?.count();
    let snapshotted = Fingerprint {
        len,
        modified: meta.modified().ok(),
        hash: hasher.finalize().to_hex().to_string(),
    };
    let (file, fingerprint) = match snapshot::read(path, &snapshotted.hash) {
        // Made from these very bytes, which therefore parsed (and were UTF-8) before.
        Some(parsed) if parsed.format_version <= FORMAT_VERSION => (parsed, snapshotted),
        _ => {
            let mut bytes = Vec::with_capacity(meta.len() as usize);
            std::io::Seek::rewind(&mut &file).map_err(io)?;
            std::io::Read::read_to_end(&mut &file, &mut bytes).map_err(io)?;
            // From the bytes parsed, in case the file changed since it was hashed.
            let fingerprint = Fingerprint::of_bytes(&bytes, Some(&meta));
            let text = std::str::from_utf8(&bytes).map_err(|e| LoadError::NotUtf8 {
                path: path.to_owned(),
                at: e.valid_up_to(),
            })?;
            let file = parse_schema(text).map_err(|e| e.at(path))?;
            let borrowed = snapshot::borrow(&file);
            snapshot::keep(path, bytes.len(), &fingerprint.hash, &borrowed);
            (file, fingerprint)
        }
    };
    let (project, problems) = Project::from_file(file);
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
    Ok(Project::from_file(parse_schema(text)?))
}

/// Parses the text of a project file into its on-disk schema, without building the project.
pub fn parse_schema(text: &str) -> Result<ProjectFile, ParseError> {
    let file = match parse_in_parallel(text) {
        Some(file) => file,
        None => ron::from_str(text).map_err(|e| ParseError::Syntax {
            line: e.span.start.line,
            column: e.span.start.col,
            message: e.code.to_string(),
        })?,
    };
    if file.format_version > FORMAT_VERSION {
        return Err(ParseError::TooNew(file.format_version));
    }
    Ok(file)
}

/// The RON text of a project: pretty, one label, document or annotation per entry, in
/// a stable order so that a small change makes a small diff.
pub fn to_ron(project: &Project) -> String {
    let pieces = ron_pieces(project);
    let mut text = String::with_capacity(pieces.iter().map(|p| p.len()).sum());
    pieces.iter().for_each(|p| text.push_str(p));
    text
}

/// [`to_ron`] written straight to `w`: a big project's text is not held whole in memory
/// (the merge driver's peak).
pub fn write_ron(project: &Project, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    ron_pieces(project)
        .iter()
        .try_for_each(|p| w.write_all(p.as_bytes()))
}

/// The text of [`to_ron`], in pieces to join.
fn ron_pieces(project: &Project) -> Vec<std::borrow::Cow<'static, str>> {
    let mut file = project.to_file();
    let annotations = std::mem::take(&mut file.annotations);
    let head = ron::ser::to_string_pretty(&file, pretty_config(2))
        .expect("a project always serializes to RON");
    if annotations.is_empty() {
        return vec![head.into()];
    }
    // The annotation list is most of a big file: its lines are written on all cores,
    // exactly as the pretty printer writes elements past its depth limit, and spliced in.
    let parts = ron_fast::annotation_lines(&annotations);
    // Searched from the end with the field after it: article texts come earlier in the file
    // and may contain anything.
    let empty = "\n  annotations: [],\n";
    let at = head
        .rfind("\n  annotations: [],\n  done: [")
        .expect("the annotation list is written");
    let mut pieces = Vec::with_capacity(parts.len() + 4);
    pieces.push(head[..at].to_owned().into());
    pieces.push(ANNOTATIONS_OPEN.into());
    pieces.extend(parts.into_iter().map(Into::into));
    pieces.push(LIST_CLOSE[1..].into());
    pieces.push(head[at + empty.len()..].to_owned().into());
    pieces
}

/// Pretty, one entry per line below `depth`, raw strings so article texts stay multi-line
/// (readable, and diffable line by line).
pub(super) fn pretty_config(depth: usize) -> ron::ser::PrettyConfig {
    ron::ser::PrettyConfig::new()
        .depth_limit(depth)
        .struct_names(false)
        .indentor("  ")
        .escape_strings(false)
}

/// The plain single-threaded serializer, the reference for [`to_ron`].
#[cfg(test)]
fn to_ron_plain(project: &Project) -> String {
    ron::ser::to_string_pretty(&project.to_file(), pretty_config(2)).expect("serializes")
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

/// What a save does just before its new file replaces the old one, and how it takes that
/// back if the save fails afterwards. The window records a journal checkpoint here.
pub trait SaveHook {
    /// `saved` is the blake3 of the new file. An error cancels the save.
    fn before_replace(&mut self, saved: &str) -> std::io::Result<()>;
    /// The save failed after `before_replace` succeeded.
    fn cancelled(&mut self) {}
}

/// A save with nothing to do before the replacement.
pub struct NoHook;

impl SaveHook for NoHook {
    fn before_replace(&mut self, _saved: &str) -> std::io::Result<()> {
        Ok(())
    }
}

/// Saves atomically, keeping the previous version as `PATH.bak`. Returns the new
/// fingerprint to check against next time.
pub fn save(
    path: &Path,
    project: &Project,
    overwrite: Overwrite<'_>,
) -> Result<Fingerprint, SaveError> {
    let fingerprint = save_text(path, &to_ron(project), overwrite, &[], &mut NoHook)?;
    keep_snapshot(path, &fingerprint, project);
    Ok(fingerprint)
}

/// After a save of `project` to `path` (which `fingerprint` describes): keeps the binary
/// snapshot that makes the next open fast (see [`snapshot`]). Best effort, never fails.
pub fn keep_snapshot(path: &Path, fingerprint: &Fingerprint, project: &Project) {
    snapshot::keep(
        path,
        fingerprint.len as usize,
        &fingerprint.hash,
        &project.to_file(),
    );
}

/// [`save`] for already-serialized text (the window serializes on a worker thread).
///
/// All or nothing: the new file is written and flushed beside the old one first; only then
/// are the backups made and the old file replaced in one rename. A failure at any step
/// (a full disk, a refused hook) removes what this save created and leaves the old file, its
/// backups and the folder as they were. Before an older-format file, or one whose refused
/// items must be kept (`keep`: suffixes such as `.refused.bak`), is first replaced, a copy
/// of it is kept under that suffix.
pub fn save_text(
    path: &Path,
    text: &str,
    overwrite: Overwrite<'_>,
    keep: &[&str],
    hook: &mut dyn SaveHook,
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
    let prepared = atomic::prepare(path, |w| w.write_all(text.as_bytes())).map_err(io)?;
    let hash = blake3::hash(text.as_bytes()).to_hex().to_string();
    hook.before_replace(&hash).map_err(io)?;
    let mut made = Vec::new();
    let replaced = (|| {
        if exists {
            keep_copies(path, keep, &mut made)?;
            keep_backup(path)?;
        }
        prepared.replace()
    })();
    if let Err(e) = replaced {
        made.iter().for_each(|p| drop(fs::remove_file(p)));
        hook.cancelled();
        return Err(io(e));
    }
    super::probe::pause("after-replace");
    let meta = fs::metadata(path).map_err(io)?;
    Ok(Fingerprint {
        len: text.len() as u64,
        modified: meta.modified().ok(),
        hash,
    })
}

/// Keeps `PATH.vN.bak` before a file of an older format version is first replaced (so the
/// older build can still open the work), and `PATH{suffix}` for each of `keep`. Copies
/// that exist already are left alone; the ones made are added to `made`.
fn keep_copies(path: &Path, keep: &[&str], made: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let older = format_version_of(path)?
        .filter(|&v| v < FORMAT_VERSION)
        .map(|v| format!(".v{v}.bak"));
    for suffix in older.iter().map(String::as_str).chain(keep.iter().copied()) {
        if let Some(copy) = keep_copy(path, suffix)? {
            made.push(copy);
        }
    }
    Ok(())
}

/// Keeps the current file as `PATH.bak` before it is replaced. A hard link costs nothing
/// however big the project is, and the rename makes the switch atomic; where links are not
/// supported (some network or FAT file systems) the file is copied instead. The link is
/// made under a fresh temporary name, so no leftover of an earlier failed save is in the way.
fn keep_backup(path: &Path) -> std::io::Result<()> {
    let bak = backup_path(path);
    let dir = atomic::parent_dir(path);
    let tmp = tempfile::Builder::new()
        .prefix(".marginalia-bak.")
        .make_in(dir, |p| fs::hard_link(path, p));
    match tmp {
        Ok(tmp) => tmp.persist(&bak).map_err(|e| e.error)?,
        Err(_) => {
            let bytes = fs::read(path)?;
            atomic::write_atomic(&bak, &bytes)?;
        }
    }
    Ok(())
}

/// The `format_version` at the top of a project file, read from its first few kilobytes.
fn format_version_of(path: &Path) -> std::io::Result<Option<u32>> {
    use std::io::Read;
    let mut head = Vec::with_capacity(4096);
    fs::File::open(path)?.take(4096).read_to_end(&mut head)?;
    let head = String::from_utf8_lossy(&head);
    let Some(at) = head.find("format_version:") else {
        return Ok(None);
    };
    let digits: String = head[at + "format_version:".len()..]
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    Ok(digits.parse().ok())
}

/// Keeps a copy of `path` as `PATH{suffix}` unless one exists already; returns the copy
/// when it made one.
fn keep_copy(path: &Path, suffix: &str) -> std::io::Result<Option<PathBuf>> {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    let copy = PathBuf::from(name);
    if copy.exists() {
        return Ok(None);
    }
    if fs::hard_link(path, &copy).is_err() {
        atomic::write_atomic(&copy, &fs::read(path)?)?;
    }
    Ok(Some(copy))
}

/// Where the previous version of a project is kept.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".bak");
    PathBuf::from(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures;
    use crate::model::Document;

    #[test]
    fn parallel_parse_gives_the_same_project_as_the_plain_parser() {
        let mut project = fixtures::many_documents_project(40, 2000, 600, &["ada", "ben"]);
        project.name = "a “quoted” name".into();
        let text = to_ron(&project);
        assert!(text.len() > 1 << 20, "big enough for the parallel path");
        let fast = parse_in_parallel(&text).expect("the layout we write takes the fast path");
        let plain: ProjectFile = ron::from_str(&text).unwrap();
        assert_eq!(fast.annotations, plain.annotations);
        assert_eq!(fast.documents, plain.documents);
        assert_eq!(fast.name, plain.name);
        let (reparsed, problems) = parse(&text).unwrap();
        assert!(problems.is_empty());
        assert_eq!(to_ron(&reparsed), text);
    }

    #[test]
    fn parallel_writer_writes_exactly_what_the_pretty_printer_writes() {
        let mut project = fixtures::many_documents_project(30, 1500, 200, &["ada", "ben"]);
        // An article line that looks like the annotation list must not confuse the writer.
        let doc = Document::new(
            crate::model::DocId(999_999),
            "tricky",
            "",
            "x\n  annotations: [],\n  done: []\ny",
        );
        project
            .apply(&crate::model::Edit::AddDocument(doc))
            .unwrap();
        // Notes with quotes, line breaks and a closing bracket force raw strings.
        for (k, note) in [
            "plain",
            "say “hi”",
            "a \"quoted\" word",
            "two\nlines",
            "  ],\n",
        ]
        .iter()
        .enumerate()
        {
            let before = project.annotations().nth(k * 7).unwrap().clone();
            let mut after = before.clone();
            after.note = Some((*note).to_owned());
            project
                .apply(&crate::model::Edit::ReplaceAnnotation { before, after })
                .unwrap();
        }
        assert_eq!(to_ron(&project), to_ron_plain(&project));
        let empty = Project::new("empty");
        assert_eq!(to_ron(&empty), to_ron_plain(&empty));
    }

    #[test]
    fn notes_spanning_lines_fall_back_to_the_plain_parser() {
        let mut project = fixtures::many_documents_project(40, 2000, 600, &["ada"]);
        let mut a = project.annotations().next().unwrap().clone();
        let before = a.clone();
        a.note = Some("line one\n  ],\nline “two”".into());
        project
            .apply(&crate::model::Edit::ReplaceAnnotation {
                before,
                after: a.clone(),
            })
            .unwrap();
        let text = to_ron(&project);
        assert!(parse_in_parallel(&text).is_none());
        let (reparsed, _) = parse(&text).unwrap();
        assert_eq!(reparsed.annotation(a.id).unwrap().note, a.note);
    }
}
