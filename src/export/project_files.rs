//! The files that belong to a project, which no export may write over, even when told to
//! replace what is there: `export P --out P --force` used to replace the project with
//! JSONL and then point to a backup that did not exist.
//!
//! A project at `P` owns `P` itself and the files named after it ([`PROJECT_FILE_SUFFIXES`],
//! plus `P.v<N>.bak` for each older format version it was upgraded from). Paths are
//! compared after resolving their folder (the output may not exist yet) and, for files
//! that exist, by identity (device and inode on Unix), so a symbolic link, a hard link,
//! `./` or `..` in the path, or another letter case on macOS and Windows, does not get
//! around the rule.
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use super::ExportError;

/// Suffixes added to a project's file name for the files that belong to it, with what
/// each is. The project loader's journal (`store::journal::journal_path`), backup
/// (`store::backup_path`), refused-items copy and lock file are named this way.
pub const PROJECT_FILE_SUFFIXES: &[(&str, &str)] = &[
    ("", "the project file itself"),
    (".journal", "its journal of unsaved edits"),
    (".bak", "its backup"),
    (
        ".refused.bak",
        "its copy kept before refused items were dropped",
    ),
    (".lock", "its lock file"),
    (".v1.bak", "its backup from an older format"),
];

/// Every file that belongs to the project at `project`, whether it exists or not (format
/// backups other than `.v1.bak` are recognised by [`project_file_role`] by their pattern).
pub fn project_files(project: &Path) -> Vec<PathBuf> {
    (PROJECT_FILE_SUFFIXES.iter())
        .map(|(suffix, _)| with_suffix(project, suffix))
        .collect()
}

/// What `path` is to the project at `project` (see [`PROJECT_FILE_SUFFIXES`]), or `None`
/// if it is none of its files.
pub fn project_file_role(project: &Path, path: &Path) -> Option<&'static str> {
    let project_res = resolve(project);
    for candidate in [Some(resolve(path)), path.canonicalize().ok()]
        .into_iter()
        .flatten()
    {
        if let Some(role) = role_by_name(&project_res, &candidate) {
            return Some(role);
        }
    }
    // Same file under another name: a hard link, a link to the project, or another
    // letter case on a case-insensitive disk.
    let out = std::fs::metadata(path).ok()?;
    let existing = (project_files(project).into_iter()).zip(PROJECT_FILE_SUFFIXES);
    for (file, (_, role)) in existing {
        if std::fs::metadata(&file).is_ok_and(|m| same_file(&m, &out)) {
            return Some(role);
        }
    }
    None
}

/// Whether two files are one. By device and inode on Unix, from `stat`: nothing is opened
/// (opening a named pipe would block). Elsewhere the names decide alone.
#[cfg(unix)]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    (a.dev(), a.ino()) == (b.dev(), b.ino())
}

#[cfg(not(unix))]
fn same_file(_a: &std::fs::Metadata, _b: &std::fs::Metadata) -> bool {
    false
}

/// Refuses `outputs` if any of them is one of the project's files.
pub fn refuse_project_files(project: &Path, outputs: &[PathBuf]) -> Result<(), ExportError> {
    for out in outputs {
        if let Some(role) = project_file_role(project, out) {
            return Err(ExportError::ProjectFile {
                path: out.clone(),
                project: project.to_owned(),
                role,
            });
        }
    }
    Ok(())
}

/// The role of `candidate` by its name, both paths resolved: same folder, and a name that
/// is the project's plus one of the suffixes.
fn role_by_name(project: &Path, candidate: &Path) -> Option<&'static str> {
    if project.parent() != candidate.parent() {
        return None;
    }
    let project_name = comparable(project.file_name()?);
    let name = comparable(candidate.file_name()?);
    let suffix = name.strip_prefix(&project_name)?;
    if let Some((_, role)) = PROJECT_FILE_SUFFIXES.iter().find(|(s, _)| *s == suffix) {
        return Some(role);
    }
    let version = suffix.strip_prefix(".v")?.strip_suffix(".bak")?;
    (!version.is_empty() && version.bytes().all(|b| b.is_ascii_digit()))
        .then_some("its backup from an older format")
}

/// A file name as the disk compares it: folded to lower case where the usual file systems
/// ignore case (macOS, Windows).
fn comparable(name: &OsStr) -> String {
    let name = name.to_string_lossy();
    if cfg!(any(target_os = "macos", windows)) {
        name.to_lowercase()
    } else {
        name.into_owned()
    }
}

/// `path` with its folder resolved (links, `.` and `..`); the file itself need not exist.
/// A folder that does not exist cannot hold the project, so the path is kept as given.
fn resolve(path: &Path) -> PathBuf {
    let (Some(name), parent) = (path.file_name(), path.parent()) else {
        return path.canonicalize().unwrap_or_else(|_| path.to_owned());
    };
    let parent = match parent {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    match parent.canonicalize() {
        Ok(dir) => dir.join(name),
        Err(_) => path.to_owned(),
    }
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_project_and_every_file_named_after_it_are_protected() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("talks.ron");
        std::fs::write(&p, "project").unwrap();
        for file in project_files(&p) {
            assert!(project_file_role(&p, &file).is_some(), "{}", file.display());
        }
        let v3 = dir.path().join("talks.ron.v3.bak");
        assert_eq!(
            project_file_role(&p, &v3),
            Some("its backup from an older format")
        );
        for free in [
            "talks.jsonl",
            "talks.ron.json",
            "talks.ron.vx.bak",
            "other.ron",
        ] {
            assert_eq!(
                project_file_role(&p, &dir.path().join(free)),
                None,
                "{free}"
            );
        }
    }

    #[test]
    fn dots_relative_paths_and_links_do_not_get_around_the_rule() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("sub");
        std::fs::create_dir(&sub).unwrap();
        let p = dir.path().join("p.ron");
        std::fs::write(&p, "project").unwrap();
        let dotted = sub.join("..").join(".").join("p.ron.journal");
        assert_eq!(
            project_file_role(&p, &dotted),
            Some("its journal of unsaved edits")
        );
        let hard = sub.join("copy.ron");
        std::fs::hard_link(&p, &hard).unwrap();
        assert_eq!(
            project_file_role(&p, &hard),
            Some("the project file itself")
        );
        #[cfg(unix)]
        {
            let link = sub.join("link.jsonl");
            std::os::unix::fs::symlink(&p, &link).unwrap();
            assert_eq!(
                project_file_role(&p, &link),
                Some("the project file itself")
            );
            // A link to the project's folder leads to the same lock file.
            let folder = dir.path().join("alias");
            std::os::unix::fs::symlink(dir.path(), &folder).unwrap();
            assert_eq!(
                project_file_role(&p, &folder.join("p.ron.lock")),
                Some("its lock file")
            );
        }
    }
}
