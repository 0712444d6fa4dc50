//! TEMPORARY placeholder until the import branch is merged (the lead replaces this file).
use std::path::PathBuf;

use crate::model::{Document, Edit, Project};

pub struct ImportReport {
    pub edits: Vec<Edit>,
    pub skipped: Vec<PathBuf>,
    pub refused: Vec<(PathBuf, String)>,
}

pub fn import_paths(project: &Project, paths: &[PathBuf]) -> ImportReport {
    let mut edits = Vec::new();
    let mut refused = Vec::new();
    for p in paths {
        match std::fs::read_to_string(p) {
            Ok(t) => edits.push(Edit::AddDocument(Document::new(
                project.fresh_document_id(),
                p.display().to_string(),
                "",
                t,
            ))),
            Err(e) => refused.push((p.clone(), e.to_string())),
        }
    }
    ImportReport {
        edits,
        skipped: Vec::new(),
        refused,
    }
}
