//! Input files that used to hang or garble an import, through the command line: a named
//! pipe, a folder, a huge file, a UTF-8 article with one bad byte.
use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use marginalia::model::Project;
use marginalia::session::Session;

/// Runs `marginalia ARGS`, failing the test if it has not finished in 20 seconds (a read
/// that blocks shows up as a failure, not as a test run that never ends).
fn marginalia(args: &[&OsStr]) -> Output {
    let config = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_marginalia"))
        .args(args)
        .env("MARGINALIA_CONFIG_DIR", config.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the marginalia binary runs");
    let deadline = Instant::now() + Duration::from_secs(20);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("marginalia {args:?} blocked");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn os<P: AsRef<OsStr> + ?Sized>(p: &P) -> &OsStr {
    p.as_ref()
}

fn text(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}

fn seed_article() -> Vec<u8> {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/corpus");
    fs::read(corpus.join("004_102b31e34947f4ec.txt")).unwrap()
}

/// An empty project at `dir/p.ron`.
fn project(dir: &Path) -> PathBuf {
    let path = dir.join("p.ron");
    Session::create(&path, Project::new("p")).unwrap().close();
    path
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let made = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(made.success());
}

#[test]
fn a_utf8_article_with_one_bad_byte_is_imported_as_utf8_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = seed_article();
    let at = bytes.iter().position(|&b| b == b'\n').unwrap();
    bytes.insert(at, 0x92);
    let file = dir.path().join("damaged.txt");
    fs::write(&file, &bytes).unwrap();
    let p = dir.path().join("p.ron");
    let out = marginalia(&[os("import"), os(&p), os(&file)]);
    let all = text(&out);
    assert!(out.status.success(), "{all}");
    assert!(!all.contains("decoded from"), "{all}");
    let warning = format!(
        "warning: {}: 1 invalid UTF-8 byte sequence replaced by U+FFFD (the replacement character), at byte {at}",
        file.display()
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains(&warning),
        "{all}"
    );
    let loaded = marginalia::store::load(&p).unwrap();
    let doc = &loaded.project.documents()[0];
    assert!(
        doc.text.contains("’") && !doc.text.contains("тА"),
        "{}",
        doc.text
    );
    assert_eq!(doc.text.matches('\u{FFFD}').count(), 1);
}

#[cfg(unix)]
#[test]
fn import_refuses_a_named_pipe_at_once_and_creates_no_project() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("some_fifo");
    mkfifo(&fifo);
    let p = dir.path().join("p.ron");
    let out = marginalia(&[os("import"), os(&p), os(&fifo)]);
    let all = text(&out);
    assert!(!out.status.success(), "{all}");
    assert!(
        all.contains("some_fifo is a named pipe (FIFO), not a file; nothing was read"),
        "{all}"
    );
    assert!(!p.exists(), "nothing imported, no project written");
}

#[cfg(unix)]
#[test]
fn import_dataset_refuses_a_named_pipe_a_device_and_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let p = project(dir.path());
    let before = fs::read(&p).unwrap();
    let fifo = dir.path().join("data.jsonl");
    mkfifo(&fifo);
    for (input, says) in [
        (
            fifo.as_path(),
            "data.jsonl is a named pipe (FIFO), not a file",
        ),
        (Path::new("/dev/zero"), "/dev/zero is a character device"),
        (dir.path(), "is a folder, not a file"),
    ] {
        let out = marginalia(&[
            os("import-dataset"),
            os(&p),
            os(input),
            os("--format"),
            os("jsonl"),
        ]);
        let all = text(&out);
        assert!(!out.status.success(), "{all}");
        assert!(all.contains(says), "{all}");
        assert!(all.contains("nothing was read"), "{all}");
    }
    assert_eq!(fs::read(&p).unwrap(), before, "the project is untouched");
}

#[test]
fn files_over_256_mib_need_force_on_import_and_import_dataset() {
    let dir = tempfile::tempdir().unwrap();
    let p = project(dir.path());
    let big = dir.path().join("big.txt");
    // Sparse: 256 MiB and one byte of zeros, taking no disk space.
    fs::File::create(&big)
        .unwrap()
        .set_len((256 << 20) + 1)
        .unwrap();
    let says = "big.txt is 256.0 MiB (268435457 bytes), larger than the 256 MiB limit for \
                input files; nothing was read. To read it anyway, use the command line with \
                --force";
    let out = marginalia(&[os("import"), os(&p), os(&big)]);
    assert!(
        !out.status.success() && text(&out).contains(says),
        "{}",
        text(&out)
    );
    let out = marginalia(&[
        os("import-dataset"),
        os(&p),
        os(&big),
        os("--format"),
        os("doccano"),
    ]);
    assert!(
        !out.status.success() && text(&out).contains(says),
        "{}",
        text(&out)
    );
    // With --force the file is read, and refused for what it holds instead.
    let out = marginalia(&[os("import"), os(&p), os(&big), os("--force")]);
    let all = text(&out);
    assert!(!out.status.success(), "{all}");
    assert!(!all.contains("limit") && all.contains("NUL bytes"), "{all}");
}
