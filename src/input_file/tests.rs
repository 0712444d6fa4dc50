use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use super::*;

/// Runs `f` on a thread and fails the test if it has not returned within a few seconds:
/// a read that blocks must show up as a failure, not as a test run that never ends.
fn within_seconds<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(Duration::from_secs(10))
        .expect("the call returned instead of blocking")
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
}

#[cfg(unix)]
#[test]
fn a_named_pipe_is_refused_at_once_without_waiting_for_a_writer() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("article.txt");
    mkfifo(&fifo);
    let path = fifo.clone();
    let err = within_seconds(move || read_regular(&path, size_limit(false))).unwrap_err();
    assert!(matches!(err, InputFileError::NotAFile { .. }), "{err:?}");
    let message = err.to_string();
    assert!(
        message.contains("article.txt is a named pipe (FIFO), not a file; nothing was read"),
        "{message}"
    );
    // Forcing lifts the size limit, not the type check.
    let path = fifo.clone();
    assert!(within_seconds(move || read_regular(&path, None)).is_err());
}

#[cfg(unix)]
#[test]
fn devices_are_refused_before_any_read() {
    // /dev/zero never ends: reading it would fill memory.
    let err = within_seconds(|| read_regular(Path::new("/dev/zero"), None)).unwrap_err();
    assert!(err.to_string().contains("is a character device"), "{err}");
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_to_a_pipe_is_refused_and_to_a_file_is_followed() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    mkfifo(&fifo);
    let link = dir.path().join("link.txt");
    std::os::unix::fs::symlink(&fifo, &link).unwrap();
    let err = within_seconds(move || read_regular(&link, None)).unwrap_err();
    assert!(err.to_string().contains("named pipe"), "{err}");

    let file = dir.path().join("real.txt");
    fs::write(&file, "text").unwrap();
    let link = dir.path().join("to-file.txt");
    std::os::unix::fs::symlink(&file, &link).unwrap();
    assert_eq!(read_regular(&link, None).unwrap(), b"text");
}

#[test]
fn a_folder_is_named_as_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let err = read_regular(dir.path(), None).unwrap_err();
    assert!(matches!(err, InputFileError::Folder { .. }), "{err:?}");
    assert!(
        err.to_string()
            .ends_with("is a folder, not a file; nothing was read")
    );
}

#[test]
fn a_missing_file_says_so_with_its_path() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("gone.txt");
    let err = read_regular(&missing, None).unwrap_err();
    assert_eq!(err.path(), missing);
    assert!(err.to_string().starts_with("cannot read "), "{err}");
    assert!(err.to_string().contains("gone.txt"), "{err}");
}

#[test]
fn files_over_the_limit_are_refused_naming_size_limit_and_flag() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.jsonl");
    // Sparse: no disk space is used.
    File::create(&big).unwrap().set_len(SIZE_LIMIT + 1).unwrap();
    let err = open_regular(&big, size_limit(false)).unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains("big.jsonl is 256.0 MiB (268435457 bytes), larger than the 256 MiB limit"),
        "{message}"
    );
    assert!(message.contains("--force"), "{message}");
    assert!(open_regular(&big, size_limit(true)).is_ok());
}

#[test]
fn the_limit_is_inclusive_and_applies_to_what_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.txt");
    fs::write(&file, "0123456789").unwrap();
    assert_eq!(read_regular(&file, Some(10)).unwrap().len(), 10);
    let err = read_regular(&file, Some(9)).unwrap_err();
    assert!(
        matches!(
            err,
            InputFileError::TooLarge {
                size: 10,
                limit: 9,
                ..
            }
        ),
        "{err:?}"
    );
}

#[cfg(target_os = "linux")]
#[test]
fn a_file_whose_size_is_not_known_in_advance_is_still_capped() {
    // Files under /proc report a size of 0 and have content: the cap must hold on the read.
    let err = read_regular(Path::new("/proc/self/maps"), Some(8)).unwrap_err();
    assert!(
        matches!(err, InputFileError::TooLarge { limit: 8, .. }),
        "{err:?}"
    );
}

#[test]
fn sizes_read_well() {
    assert_eq!(describe_size(12), "12 bytes");
    assert_eq!(describe_size(SIZE_LIMIT), "256 MiB");
    assert_eq!(describe_size(1536), "1.5 KiB (1536 bytes)");
}
