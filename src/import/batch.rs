//! Importing many files and folders at once: what to add, what is a duplicate, what was
//! refused and why.
use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use super::error::ImportError;
use super::mostly_utf8::InvalidUtf8;
use super::text::read_text_file;
use crate::input_file::SIZE_LIMIT;
use crate::model::{DocId, Document, Edit, Project, text_hash};

/// Extensions imported from folders (files without an extension are imported too).
const TEXT_EXTENSIONS: &[&str] = &["txt", "text", "md"];

/// A file that will be added as a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Added {
    pub path: PathBuf,
    pub id: DocId,
    pub title: String,
    pub encoding: &'static str,
    /// Damaged bytes of a UTF-8 file, replaced by U+FFFD: worth a warning.
    pub invalid_utf8: Option<InvalidUtf8>,
}

/// A file whose text is already in the project or earlier in the same import.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    /// The document with the same text.
    pub duplicate_of: DocId,
    pub title: String,
    /// Whether that document was already in the project (else: earlier in this import).
    pub in_project: bool,
}

/// What [`import_paths`] found. Apply `edits` (ideally as one `Edit::Batch`) to import.
#[derive(Debug, Default)]
pub struct ImportReport {
    /// One `Edit::AddDocument` per entry of `added`, in the same order.
    pub edits: Vec<Edit>,
    pub added: Vec<Added>,
    pub skipped: Vec<Skipped>,
    pub refused: Vec<(PathBuf, ImportError)>,
}

impl ImportReport {
    /// The edits as one undoable change, or `None` when there is nothing to add.
    pub fn batch(&self) -> Option<Edit> {
        (!self.edits.is_empty()).then(|| Edit::Batch(self.edits.clone()))
    }
}

/// Reads files and folders (recursively: `.txt`, `.text`, `.md` and extension-less files,
/// by name, hidden ones skipped) into `AddDocument` edits for `project`. Never fails as a
/// whole: each file is added, skipped as a duplicate, or refused with its reason. Files
/// over [`SIZE_LIMIT`] are refused; see [`import_paths_with_limit`].
pub fn import_paths(project: &Project, paths: &[PathBuf]) -> ImportReport {
    import_paths_with_limit(project, paths, Some(SIZE_LIMIT))
}

/// [`import_paths`] with another size limit per file (`None`: none, for `--force`).
pub fn import_paths_with_limit(
    project: &Project,
    paths: &[PathBuf],
    limit: Option<u64>,
) -> ImportReport {
    let mut batch = Batch {
        project,
        limit,
        report: ImportReport::default(),
        hashes: HashMap::new(),
        ids: HashSet::new(),
    };
    for path in paths {
        let files = expand(path, &mut batch.report.refused);
        for file in files {
            batch.import_file(file);
        }
    }
    batch.report
}

struct Batch<'p> {
    project: &'p Project,
    limit: Option<u64>,
    report: ImportReport,
    /// Text hash → index in `report.added`, to catch duplicates within the batch.
    hashes: HashMap<String, usize>,
    ids: HashSet<DocId>,
}

impl Batch<'_> {
    fn import_file(&mut self, path: PathBuf) {
        let imported = match read_text_file(&path, self.limit) {
            Ok(imported) => imported,
            Err(e) => return self.report.refused.push((path, e)),
        };
        let hash = text_hash(&imported.text);
        if let Some(existing) = self.project.document_with_hash(&hash) {
            return self.report.skipped.push(Skipped {
                path,
                duplicate_of: existing.id,
                title: existing.title.clone(),
                in_project: true,
            });
        }
        if let Some(&i) = self.hashes.get(&hash) {
            let earlier = &self.report.added[i];
            return self.report.skipped.push(Skipped {
                path,
                duplicate_of: earlier.id,
                title: earlier.title.clone(),
                in_project: false,
            });
        }
        let id = self.fresh_id();
        self.hashes.insert(hash, self.report.added.len());
        self.report.added.push(Added {
            path,
            id,
            title: imported.title.clone(),
            encoding: imported.encoding,
            invalid_utf8: imported.invalid_utf8,
        });
        let doc = Document::new(id, imported.title, imported.source, imported.text);
        self.report.edits.push(Edit::AddDocument(doc));
    }

    /// An id free in the project and in this batch.
    fn fresh_id(&mut self) -> DocId {
        loop {
            let id = self.project.fresh_document_id();
            if self.ids.insert(id) {
                return id;
            }
        }
    }
}

/// Whether a file found in a folder should be imported, by its name.
pub fn is_importable_name(path: &Path) -> bool {
    let hidden = path
        .file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.'));
    let extension_ok = match path.extension() {
        None => true,
        Some(ext) => {
            let ext = ext.to_string_lossy().to_lowercase();
            TEXT_EXTENSIONS.contains(&ext.as_str())
        }
    };
    !hidden && extension_ok
}

/// The files to read for one command-line path: itself, or the text files under a folder.
/// A file named explicitly is always tried, whatever its extension.
fn expand(path: &Path, refused: &mut Vec<(PathBuf, ImportError)>) -> Vec<PathBuf> {
    match fs::metadata(path) {
        Err(source) => {
            refused.push((
                path.to_owned(),
                ImportError::Io {
                    path: path.to_owned(),
                    source,
                },
            ));
            Vec::new()
        }
        Ok(meta) if !meta.is_dir() => vec![path.to_owned()],
        Ok(_) => {
            let mut files = Vec::new();
            let refused_before = refused.len();
            walk(path, &mut files, refused);
            if files.is_empty() && refused.len() == refused_before {
                refused.push((
                    path.to_owned(),
                    ImportError::NoTextFiles {
                        path: path.to_owned(),
                    },
                ));
            }
            files
        }
    }
}

/// Collects text files under `dir`, sorted by name at each level. Symbolic links to folders
/// are not followed, so a link loop cannot make the walk endless.
fn walk(dir: &Path, files: &mut Vec<PathBuf>, refused: &mut Vec<(PathBuf, ImportError)>) {
    let entries = fs::read_dir(dir).and_then(|rd| rd.collect::<Result<Vec<_>, _>>());
    let mut entries = match entries {
        Ok(entries) => entries,
        Err(source) => {
            let path = dir.to_owned();
            return refused.push((path.clone(), ImportError::Io { path, source }));
        }
    };
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let is_real_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if is_real_dir {
            walk(&path, files, refused);
        } else if path.is_file() && is_importable_name(&path) {
            files.push(path);
        }
    }
}
