//! Everything that touches the disk: project files, the journal, settings.
pub mod atomic;
pub mod journal;
pub mod project_file;
pub mod settings;

pub use atomic::{write_atomic, write_atomic_with};
pub use project_file::{
    Fingerprint, LoadError, Loaded, Overwrite, SaveError, backup_path, load, save, to_ron,
};
