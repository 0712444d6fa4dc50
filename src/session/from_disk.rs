//! The project file changed on disk under an open window (a `git pull`, a colleague's
//! copy dropped in place): merge it with the window's unsaved edits, three-way, with the
//! version this session last read or wrote as the base, instead of refusing to save.
use std::sync::Arc;

use super::Session;
use crate::merge3::{Summary, file_of, merge3};
use crate::model::{MergeConflict, Problem, Project};
use crate::store::journal;
use crate::store::project_file::{self, Fingerprint, SaveError};

/// What [`Session::merge_from_disk`] did.
#[derive(Debug)]
pub struct FromDisk {
    /// What came in from the file on disk ("ben: 34 new annotations in 3 documents").
    pub summary: Summary,
    /// Conflicts settled by rule (also recorded in the project and listed as problems).
    pub conflicts: Vec<MergeConflict>,
}

impl FromDisk {
    /// One line for a status bar: the summary's lines joined, or that nothing came in.
    pub fn line(&self) -> String {
        let lines = self.summary.lines();
        if lines.is_empty() {
            "the file on disk had nothing new".into()
        } else {
            lines.join("; ")
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum FromDiskError {
    #[error("cannot read the project file on disk: {0}. Your edits are unchanged")]
    Read(String),
    #[error(
        "this session keeps no journal, so its unsaved edits cannot be told apart from the \
         file it opened; save it elsewhere first"
    )]
    NoBase,
    #[error(transparent)]
    Save(#[from] SaveError),
}

impl Session {
    /// Merges the file now on disk with this session's unsaved edits and saves the result
    /// over it. The base is the version this session last read or wrote, rebuilt from the
    /// project by undoing the unsaved edits the journal holds. The undo history is cleared
    /// (its edits refer to the project before the merge). On any error nothing changes:
    /// the project, the file and the journal stay as they were.
    pub fn merge_from_disk(&mut self) -> Result<FromDisk, FromDiskError> {
        self.wait_for_save()?;
        let bytes = std::fs::read(&self.path).map_err(|e| FromDiskError::Read(e.to_string()))?;
        let meta = std::fs::metadata(&self.path).ok();
        let on_disk = Fingerprint::of_bytes(&bytes, meta.as_ref());
        if self.fingerprint.as_ref().map(|f| &f.hash) == Some(&on_disk.hash) {
            return Ok(FromDisk {
                summary: Summary::default(),
                conflicts: Vec::new(),
            });
        }
        let text = std::str::from_utf8(&bytes).map_err(|e| FromDiskError::Read(e.to_string()))?;
        let theirs =
            project_file::parse_schema(text).map_err(|e| FromDiskError::Read(describe(e)))?;
        let base = self.base()?;
        let merged = merge3(file_of(&base), file_of(&self.project), theirs);
        let previous = (
            Arc::clone(&self.project),
            self.fingerprint.clone(),
            std::mem::take(&mut self.history),
        );
        self.project = Arc::new(merged.project);
        self.fingerprint = Some(on_disk);
        if let Err(e) = self.save() {
            // Back to where we were: the journal still holds the edits against that base.
            (self.project, self.fingerprint, self.history) = previous;
            return Err(e.into());
        }
        self.problems
            .retain(|p| !p.location.starts_with("merge conflict at"));
        self.problems.extend(
            merged
                .conflicts
                .iter()
                .map(|c| Problem::new(format!("merge conflict at {}", c.location), &c.message)),
        );
        Ok(FromDisk {
            summary: merged.summary,
            conflicts: merged.conflicts,
        })
    }

    /// Whether the file on disk is no longer the one this session last read or wrote.
    pub fn changed_on_disk(&self) -> bool {
        let Some(fp) = &self.fingerprint else {
            return false;
        };
        !self.is_saving() && matches!(fp.still_matches(&self.path), Ok(false))
    }

    /// The project as last read or written: this one with its unsaved edits undone.
    fn base(&self) -> Result<Project, FromDiskError> {
        if !self.is_dirty() {
            return Ok(self.project.as_ref().clone());
        }
        let (Some(_), Some(fp)) = (&self.journal, &self.fingerprint) else {
            return Err(FromDiskError::NoBase);
        };
        self.flush_journal()
            .map_err(|e| FromDiskError::Read(format!("the journal: {e}")))?;
        let found = journal::peek(&self.path, &fp.hash);
        if found.mismatch {
            return Err(FromDiskError::NoBase);
        }
        let mut base = self.project.as_ref().clone();
        for edit in found.edits.iter().rev() {
            // An edit that did nothing (marking done what was done) may not invert cleanly;
            // the base then differs in that one mark, which the merge reads as our change.
            let _ = base.apply(&edit.inverse());
        }
        Ok(base)
    }
}

fn describe(e: project_file::ParseError) -> String {
    match e {
        project_file::ParseError::Syntax {
            line,
            column,
            message,
        } => format!("line {line}, column {column}: {message}"),
        project_file::ParseError::TooNew(v) => {
            format!("it was written by a newer Marginalia (format version {v})")
        }
    }
}
