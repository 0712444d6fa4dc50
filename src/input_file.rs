//! Opening a file the user named, without ever hanging on it.
//!
//! `File::open` on a named pipe waits for a writer forever, and reading `/dev/zero` or
//! `/dev/urandom` never ends: a user who points an import at the wrong path would see the
//! program freeze. So the type is checked before anything is opened (`stat` does not
//! open), the file is then opened without blocking (`O_NONBLOCK`, which regular files
//! ignore) and the handle is checked again (`fstat`), so a pipe or device swapped in
//! between is caught too. Files over [`SIZE_LIMIT`] are refused unless the caller lifts the
//! limit (`--force` on the command line), and the read stops one byte past the limit in
//! case the file grows while it is read.
//!
//! Every reader of user-given files goes through here: article import, dataset import,
//! and (the lead's call) the project loader.
use std::fs::{self, File, Metadata};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// The one limit on input files: articles, datasets and projects. An article is a few
/// hundred KiB and a big dataset a few hundred MiB; past this the file is more likely a
/// disk image or a video picked by mistake, and reading it would only fill memory.
pub const SIZE_LIMIT: u64 = 256 << 20;

/// The limit to apply: [`SIZE_LIMIT`], or none when the user insisted (`--force`).
pub fn size_limit(force: bool) -> Option<u64> {
    (!force).then_some(SIZE_LIMIT)
}

/// Why a file was not read. Every message names the file.
#[derive(Debug, thiserror::Error)]
pub enum InputFileError {
    #[error("cannot read {}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
    #[error("{} is a folder, not a file; nothing was read", path.display())]
    Folder { path: PathBuf },
    #[error("{} is {kind}, not a file; nothing was read", path.display())]
    NotAFile { path: PathBuf, kind: &'static str },
    #[error(
        "{} is {}, larger than the {} limit for input files; nothing was read. To read it \
         anyway, use the command line with --force",
        path.display(), describe_size(*size), describe_size(*limit)
    )]
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
}

impl InputFileError {
    /// The file the error is about.
    pub fn path(&self) -> &Path {
        match self {
            InputFileError::Io { path, .. }
            | InputFileError::Folder { path }
            | InputFileError::NotAFile { path, .. }
            | InputFileError::TooLarge { path, .. } => path,
        }
    }
}

/// Opens `path` for reading if it is a regular file (or a link to one) no larger than
/// `limit`; returns the handle and the metadata of the file actually opened.
pub fn open_regular(path: &Path, limit: Option<u64>) -> Result<(File, Metadata), InputFileError> {
    let io = |source| InputFileError::Io {
        path: path.to_owned(),
        source,
    };
    check(path, &fs::metadata(path).map_err(io)?, limit)?;
    let file = open_without_blocking(path).map_err(io)?;
    let meta = file.metadata().map_err(io)?;
    check(path, &meta, limit)?;
    Ok((file, meta))
}

/// Reads all of `path` under the rules of [`open_regular`].
pub fn read_regular(path: &Path, limit: Option<u64>) -> Result<Vec<u8>, InputFileError> {
    let (file, meta) = open_regular(path, limit)?;
    // One byte more than allowed, to notice a file that grew since it was checked.
    let cap = limit.map_or(u64::MAX, |l| l.saturating_add(1));
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len().min(cap)).unwrap_or(0));
    file.take(cap)
        .read_to_end(&mut bytes)
        .map_err(|source| InputFileError::Io {
            path: path.to_owned(),
            source,
        })?;
    if let Some(limit) = limit
        && bytes.len() as u64 > limit
    {
        return Err(too_large(path, bytes.len() as u64, limit));
    }
    Ok(bytes)
}

fn check(path: &Path, meta: &Metadata, limit: Option<u64>) -> Result<(), InputFileError> {
    if meta.is_dir() {
        return Err(InputFileError::Folder {
            path: path.to_owned(),
        });
    }
    if !meta.is_file() {
        return Err(InputFileError::NotAFile {
            path: path.to_owned(),
            kind: kind_of(meta),
        });
    }
    match limit {
        Some(limit) if meta.len() > limit => Err(too_large(path, meta.len(), limit)),
        _ => Ok(()),
    }
}

fn too_large(path: &Path, size: u64, limit: u64) -> InputFileError {
    InputFileError::TooLarge {
        path: path.to_owned(),
        size,
        limit,
    }
}

#[cfg(unix)]
fn open_without_blocking(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    // O_NOCTTY: a terminal swapped in must not become the process's controlling terminal.
    fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
}

#[cfg(not(unix))]
fn open_without_blocking(path: &Path) -> io::Result<File> {
    File::open(path)
}

/// What a file that is neither a folder nor a regular file is, for messages: "a named
/// pipe (FIFO)", "a socket", "a character device (like a terminal or /dev/zero)"...
#[cfg(unix)]
pub fn kind_of(meta: &Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_fifo() {
        "a named pipe (FIFO)"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_char_device() {
        "a character device (like a terminal or /dev/zero)"
    } else if t.is_block_device() {
        "a block device (a disk)"
    } else {
        "not a regular file"
    }
}

#[cfg(not(unix))]
pub fn kind_of(_meta: &Metadata) -> &'static str {
    "not a regular file"
}

/// "300.0 MiB (314572800 bytes)", or "12 bytes".
pub fn describe_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if bytes < 1024 {
        return format!("{bytes} bytes");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if bytes.is_multiple_of(1u64 << (10 * (unit + 1))) {
        format!("{value:.0} {}", UNITS[unit])
    } else {
        format!("{value:.1} {} ({bytes} bytes)", UNITS[unit])
    }
}

#[cfg(test)]
mod tests;
