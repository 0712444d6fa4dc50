//! A binary copy of a big project file kept beside it (`PROJECT.ron.snapshot`), so opening
//! it does not have to parse the RON text again. The RON file stays the one source of truth:
//! the snapshot records the blake3 of the RON bytes it was made from and is used only when
//! the file read now has that hash. A snapshot that is missing, stale (the file was edited,
//! checked out, merged), damaged or from another build is ignored and made again; nothing
//! is ever shown to the user about it. See docs/performance.md.
//!
//! What it holds is the parsed file schema ([`ProjectFile`]), not the built project, so
//! [`crate::model::Project::from_file`] runs on it exactly as on the parsed RON: the same
//! checks, the same problems reported.
mod codec;

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::model::{ProjectFile, ProjectFileRef};

/// Added to the project file's name.
pub const SUFFIX: &str = ".snapshot";

/// Files smaller than this parse in milliseconds: no snapshot is kept for them.
pub const MIN_PROJECT_BYTES: usize = 1 << 20;

/// Names the layout of [`codec`]: change it whenever that layout or a type it writes
/// changes, so snapshots written by another build are ignored rather than misread.
const MAGIC: &[u8; 16] = b"marginalia-snap2";
/// The magic, the RON file's blake3 (hex), then the payload's blake3 (raw).
const HEADER_LEN: usize = MAGIC.len() + 64 + 32;

/// Where the snapshot of the project file at `project` is kept.
pub fn path_of(project: &Path) -> PathBuf {
    let mut name = project.as_os_str().to_owned();
    name.push(SUFFIX);
    PathBuf::from(name)
}

/// The project file whose RON bytes have blake3 `ron_hash` (hex), if a good snapshot of
/// exactly those bytes is there.
pub fn read(project: &Path, ron_hash: &str) -> Option<ProjectFile> {
    let file = std::fs::File::open(path_of(project)).ok()?;
    // Mapped rather than read: reading meant zeroing and copying tens of MB, most of the
    // time of opening a big project. SAFETY: a snapshot is only ever replaced by renaming a
    // new file over it (`write`), never changed in place, so the mapped bytes stay as they
    // are; a torn or foreign file fails the checksum below.
    let map = unsafe { memmap2::Mmap::map(&file) }.ok()?;
    decode(&map, ron_hash)
}

/// The snapshot's bytes decoded, if they are a whole snapshot of the RON with `ron_hash`.
pub fn decode(bytes: &[u8], ron_hash: &str) -> Option<ProjectFile> {
    if bytes.len() < HEADER_LEN || &bytes[..MAGIC.len()] != MAGIC {
        return None;
    }
    let (magic_and_hash, rest) = bytes.split_at(MAGIC.len() + 64);
    if &magic_and_hash[MAGIC.len()..] != ron_hash.as_bytes() {
        return None;
    }
    let (sum, payload) = rest.split_at(32);
    if blake3::hash(payload).as_bytes() != sum {
        return None;
    }
    codec::decode(payload).ok()
}

/// The snapshot bytes of `file`, parsed from RON bytes with blake3 `ron_hash` (hex).
pub fn encode(file: &ProjectFileRef<'_>, ron_hash: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER_LEN + (1 << 20));
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(ron_hash.as_bytes());
    out.extend_from_slice(&[0; 32]);
    codec::encode(file, &mut out);
    let sum = blake3::hash(&out[HEADER_LEN..]);
    out[HEADER_LEN - 32..HEADER_LEN].copy_from_slice(sum.as_bytes());
    out
}

/// Keeps a snapshot of `file` for the project file at `project`, if that file is big
/// enough to be worth one (`ron_len` bytes). Best effort: a read-only folder or a full
/// disk only means the next open parses the RON; a stale snapshot is removed when no new
/// one can be written, so it never sits beside the file it does not describe.
pub fn keep(project: &Path, ron_len: usize, ron_hash: &str, file: &ProjectFileRef<'_>) {
    let at = path_of(project);
    if ron_len < MIN_PROJECT_BYTES || ron_hash.len() != 64 {
        let _ = std::fs::remove_file(&at);
        return;
    }
    if write(project, &at, &encode(file, ron_hash)).is_err() {
        let _ = std::fs::remove_file(&at);
    }
}

/// Writes the snapshot under a temporary name and renames it into place, so a reader
/// never sees half of one. No fsync: after a crash a damaged snapshot fails its checksum.
fn write(project: &Path, at: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = super::atomic::parent_dir(at);
    let mut tmp = tempfile::Builder::new()
        .prefix(".marginalia-snap.")
        .tempfile_in(dir)?;
    // Readable by whoever may read the project (a temporary file starts private).
    super::atomic::keep_permissions(project, tmp.as_file())?;
    tmp.as_file_mut().write_all(bytes)?;
    tmp.persist(at).map_err(|e| e.error)?;
    Ok(())
}

/// The borrowed form of a parsed file, to encode it.
pub fn borrow(file: &ProjectFile) -> ProjectFileRef<'_> {
    ProjectFileRef {
        format_version: file.format_version,
        name: &file.name,
        labels: &file.labels,
        documents: file.documents.iter().collect(),
        annotations: file.annotations.iter().collect(),
        done: file.done.clone(),
        links: file.links.iter().collect(),
        merge_conflicts: &file.merge_conflicts,
        rejected: file.rejected.clone(),
        aliases: file.aliases.clone(),
    }
}

#[cfg(test)]
mod tests;
