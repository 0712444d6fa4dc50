//! Why a file was not imported. Every message names the file and says what to do.
use std::path::PathBuf;

use crate::input_file::InputFileError;

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read {}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{} is empty (or only whitespace); nothing to import", path.display())]
    Empty { path: PathBuf },
    /// Not a regular file, too large, or unreadable: said by the one reader of user files.
    #[error(transparent)]
    Input(#[from] InputFileError),
    #[error("{} looks like a {kind} file, not plain text; export it as plain text (.txt) first", path.display())]
    KnownBinary { path: PathBuf, kind: &'static str },
    #[error("{} looks like a binary file ({reason}), not plain text; export it as plain text (.txt) first", path.display())]
    Binary { path: PathBuf, reason: String },
    #[error(
        "{} could not be decoded as {encoding} (it has bytes that are invalid there); \
         re-save it as UTF-8 in a text editor and import it again",
        path.display()
    )]
    Undecodable {
        path: PathBuf,
        encoding: &'static str,
    },
    #[error(
        "{} is not UTF-8 and its encoding could not be recognised with confidence (best guess: {encoding}); \
         re-save it as UTF-8 in a text editor and import it again",
        path.display()
    )]
    UncertainEncoding {
        path: PathBuf,
        encoding: &'static str,
    },
    #[error(
        "{} has no .txt, .text or .md files to import (hidden files and other extensions are skipped)",
        path.display()
    )]
    NoTextFiles { path: PathBuf },
}

impl ImportError {
    /// The file or folder the error is about.
    pub fn path(&self) -> &std::path::Path {
        match self {
            ImportError::Io { path, .. }
            | ImportError::Empty { path }
            | ImportError::KnownBinary { path, .. }
            | ImportError::Binary { path, .. }
            | ImportError::Undecodable { path, .. }
            | ImportError::UncertainEncoding { path, .. }
            | ImportError::NoTextFiles { path } => path,
            ImportError::Input(e) => e.path(),
        }
    }
}
