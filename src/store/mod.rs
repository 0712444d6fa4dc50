//! Everything that touches the disk: project files, the journal, settings.
mod annotation_lines;
pub mod atomic;
pub mod journal;
pub mod lock;
pub mod probe;
pub mod project_file;
mod ron_fast;
pub mod settings;
pub mod snapshot;

pub use atomic::{write_atomic, write_atomic_with};
pub use project_file::{
    Fingerprint, LoadError, Loaded, Overwrite, SaveError, backup_path, load, save, to_ron,
};

/// A project as the window would open it: the file plus the edits in its journal that were
/// not saved yet (a window still open, or one that was killed). Changes nothing on disk.
/// Returns the project and how many unsaved edits it includes.
pub fn load_current(path: &std::path::Path) -> Result<(Loaded, usize), LoadError> {
    let mut loaded = load(path)?;
    let journal = journal::peek(path, &loaded.fingerprint.hash);
    loaded.problems.extend(journal.problems);
    let replayed = journal::replay(&mut loaded.project, journal.edits, &mut loaded.problems);
    Ok((loaded, replayed.len()))
}
