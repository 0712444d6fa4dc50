//! Damaged and unusual input files: UTF-8 with a stray byte, pipes, devices, huge files.
use std::fs;
use std::path::{Path, PathBuf};

use super::*;
use crate::input_file::SIZE_LIMIT;
use crate::model::Project;

fn corpus_article(name: &str) -> Vec<u8> {
    fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("projects/corpus")
            .join(name),
    )
    .unwrap()
}

/// A seed article with one Windows-1252 byte ("é", 0xE9) pasted in after its first line.
fn article_with_a_stray_byte() -> (Vec<u8>, usize) {
    let mut bytes = corpus_article("004_102b31e34947f4ec.txt");
    let at = bytes.iter().position(|&b| b == b'\n').unwrap();
    bytes.insert(at, 0xE9);
    (bytes, at)
}

#[test]
fn a_utf8_article_with_one_bad_byte_stays_utf8_with_a_replacement_and_a_warning() {
    let (bytes, at) = article_with_a_stray_byte();
    let original = String::from_utf8(corpus_article("004_102b31e34947f4ec.txt")).unwrap();
    let t = decode_file_bytes(Path::new("a.txt"), &bytes).unwrap();
    assert_eq!(t.encoding, "UTF-8");
    let (head, tail) = original.split_at(at);
    assert_eq!(
        t.text,
        format!("{head}\u{FFFD}{tail}"),
        "every other character kept"
    );
    assert!(t.text.contains('’'), "curly quotes are not mojibake");
    let invalid = t.invalid_utf8.unwrap();
    assert_eq!((invalid.count, invalid.offsets), (1, vec![at]));
}

#[test]
fn every_seed_article_survives_a_stray_byte_anywhere_with_curly_quotes() {
    for name in [
        "000_7bc1ca0ca58bf01c.txt",
        "001_56f6e205a344c7bf.txt",
        "003_50627ccdddb09131.txt",
    ] {
        let clean = corpus_article(name);
        for at in [0, clean.len() / 3, clean.len()] {
            let mut bytes = clean.clone();
            bytes.insert(at, 0x92); // Windows-1252's right single quote
            let t = decode_file_bytes(Path::new(name), &bytes).unwrap();
            assert_eq!(t.encoding, "UTF-8", "{name} at {at}");
            assert_eq!(t.text.matches('\u{FFFD}').count(), 1, "{name} at {at}");
        }
    }
}

#[test]
fn a_utf8_bom_with_damaged_bytes_is_utf8_with_offsets_counted_from_the_file_start() {
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(b"Headline\nplain \xFF text");
    let t = decode_file_bytes(Path::new("a.txt"), &bytes).unwrap();
    assert_eq!(t.text, "Headline\nplain \u{FFFD} text");
    assert_eq!(t.invalid_utf8.unwrap().offsets, vec![3 + 15]);
}

#[test]
fn legacy_text_still_goes_to_the_detector_and_says_so() {
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(
        "The minister said “we will not negotiate” — and then he left the room.\n\
         It’s over, the spokesman told reporters on Wednesday; the talks had failed.\n",
    );
    let t = decode_file_bytes(Path::new("a.txt"), &bytes).unwrap();
    assert_eq!(t.encoding, "windows-1252");
    assert!(t.invalid_utf8.is_none());
}

#[test]
fn the_report_warns_with_file_and_offset_and_the_status_names_encodings() {
    let dir = tempfile::tempdir().unwrap();
    let (bytes, at) = article_with_a_stray_byte();
    let damaged = dir.path().join("damaged.txt");
    fs::write(&damaged, &bytes).unwrap();
    let legacy = dir.path().join("legacy.txt");
    let (cp1252, _, _) = encoding_rs::WINDOWS_1252
        .encode("Talks in Istanbul\nThe minister said “we will not negotiate” — it’s over.\n");
    fs::write(&legacy, &cp1252).unwrap();
    let report = import_paths(&Project::new("p"), &[damaged.clone(), legacy]);
    assert_eq!(report.added.len(), 2);
    let warnings = report.warnings();
    assert_eq!(warnings.len(), 1);
    assert!(
        warnings[0].starts_with(&damaged.display().to_string())
            && warnings[0].ends_with(&format!("at byte {at}")),
        "{warnings:?}"
    );
    let status = report.summary();
    assert!(
        status.contains("legacy.txt decoded from windows-1252"),
        "{status}"
    );
    assert!(status.contains("invalid UTF-8 byte sequence"), "{status}");
    assert!(report.needs_attention());
}

#[cfg(unix)]
#[test]
fn a_named_pipe_given_as_a_file_is_refused_without_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("feed.txt");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.unwrap().success());
    // A folder holding the pipe skips it by name rules; naming it refuses it by type.
    let (tx, rx) = std::sync::mpsc::channel();
    let paths = vec![fifo.clone(), dir.path().to_owned()];
    std::thread::spawn(move || {
        let _ = tx.send(import_paths(&Project::new("p"), &paths));
    });
    let report = rx
        .recv_timeout(std::time::Duration::from_secs(10))
        .expect("the import returned instead of waiting for a writer");
    assert!(report.added.is_empty());
    let (path, why) = &report.refused[0];
    assert_eq!(path, &fifo);
    assert!(
        why.to_string()
            .contains("is a named pipe (FIFO), not a file"),
        "{why}"
    );
    assert!(matches!(
        report.refused[1].1,
        ImportError::NoTextFiles { .. }
    ));
}

#[test]
fn files_over_the_limit_are_refused_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let big: PathBuf = dir.path().join("big.txt");
    fs::File::create(&big)
        .unwrap()
        .set_len(SIZE_LIMIT + 1)
        .unwrap();
    let report = import_paths(&Project::new("p"), std::slice::from_ref(&big));
    let why = report.refused[0].1.to_string();
    assert!(
        why.contains("larger than the 256 MiB limit") && why.contains("--force"),
        "{why}"
    );
    // A lifted limit reads a small file as usual (the big one is not read here: 256 MiB).
    let small = dir.path().join("small.txt");
    fs::write(&small, "Headline\ntext").unwrap();
    let report = import_paths_with_limit(&Project::new("p"), &[small], None);
    assert_eq!(report.added.len(), 1);
}
