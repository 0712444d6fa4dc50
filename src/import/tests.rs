use std::fs;
use std::path::{Path, PathBuf};

use proptest::prelude::*;

use super::*;
use crate::model::{Document, Edit, Project, text_hash};
use crate::text::{char_len, slice_chars};

/// Curly quotes, em dash, CJK brackets, an astral emoji with a skin-tone modifier and a
/// combining accent: everything that breaks byte- or UTF-16-based offsets.
const TRICKY: &str = "“Peace” — 【Istanbul】 talks 👍🏽 café\u{301}";

fn decode(bytes: &[u8]) -> Result<ImportedText, ImportError> {
    decode_file_bytes(Path::new("article.txt"), bytes)
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut bytes = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for unit in text.encode_utf16() {
        let pair = if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        };
        bytes.extend_from_slice(&pair);
    }
    bytes
}

fn corpus_file(prefix: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/corpus");
    fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .unwrap()
}

#[test]
fn utf8_bom_is_stripped() {
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(format!("Headline\n{TRICKY}\n").as_bytes());
    let t = decode(&bytes).unwrap();
    assert_eq!(t.encoding, "UTF-8");
    assert_eq!(t.text, format!("Headline\n{TRICKY}\n"));
    assert!(!t.text.starts_with('\u{feff}'));
}

#[test]
fn utf16_with_bom_decodes_both_byte_orders() {
    let text = format!("Headline\r\n{TRICKY}\r\n");
    let le = decode(&utf16(&text, false)).unwrap();
    assert_eq!(le.encoding, "UTF-16LE");
    assert_eq!(le.text, format!("Headline\n{TRICKY}\n"));
    let be = decode(&utf16(&text, true)).unwrap();
    assert_eq!(be.encoding, "UTF-16BE");
    assert_eq!(be.text, le.text);
    // The astral emoji is two code points (base + modifier), each one char after decoding.
    let at = char_len("Headline\n“Peace” — 【Istanbul】 talks ");
    assert_eq!(slice_chars(&le.text, at, at + 2), Some("👍🏽"));
}

#[test]
fn utf16_with_a_lone_surrogate_is_refused_naming_the_encoding() {
    let mut bytes = utf16("Headline\nBody ", false);
    bytes.extend_from_slice(&[0x00, 0xD8, b'x', 0x00]);
    let err = decode(&bytes).unwrap_err();
    assert!(matches!(
        err,
        ImportError::Undecodable {
            encoding: "UTF-16LE",
            ..
        }
    ));
    assert!(err.to_string().contains("article.txt"), "{err}");
}

#[test]
fn windows_1252_with_curly_quotes_is_detected() {
    let original = "The minister said “we will not negotiate” — and then he left the room.\r\n\
                    It’s over, the spokesman told reporters on Wednesday; the talks had failed.\r\n";
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(original);
    assert!(!unmappable);
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "test data must not be UTF-8"
    );
    let t = decode(&bytes).unwrap();
    assert_eq!(t.encoding, "windows-1252");
    assert_eq!(t.text, original.replace("\r\n", "\n"));
}

#[test]
fn shift_jis_japanese_is_detected() {
    let original = "東京で和平会議が開かれました。\n首相は「対話を続ける」と述べ、記者団の質問に答えました。\
                    会議は三日間続き、多くの国の代表が参加しました。\n";
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(original);
    assert!(!unmappable);
    let t = decode(&bytes).unwrap();
    assert_eq!(t.encoding, "Shift_JIS");
    assert_eq!(t.text, original);
}

#[test]
fn gbk_chinese_is_detected() {
    let original = "巴基斯坦和阿富汗上周在土耳其伊斯坦布尔开始新一轮对话。\n\
                    巴基斯坦新闻部长塔拉尔宣布，本轮对话未能达成任何可行的解决方案。\n";
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(original);
    assert!(!unmappable);
    let t = decode(&bytes).unwrap();
    assert_eq!(t.encoding, "GBK");
    assert_eq!(t.text, original);
}

#[test]
fn crlf_and_lone_cr_become_lf_like_python() {
    let t = decode("Headline\r\nFirst line.\rSecond “line”.\r\n\r\nEnd 👍🏽\n".as_bytes()).unwrap();
    assert_eq!(t.text, "Headline\nFirst line.\nSecond “line”.\n\nEnd 👍🏽\n");
    // Python: len(open(p, encoding="utf-8").read()) == 44 for this file.
    assert_eq!(char_len(&t.text), 44);
}

#[test]
fn empty_and_whitespace_only_files_are_refused() {
    for bytes in [
        &b""[..],
        b"  \n\t \r\n",
        b"\xEF\xBB\xBF \n",
        &utf16(" \r\n", false),
    ] {
        let err = decode(bytes).unwrap_err();
        assert!(matches!(err, ImportError::Empty { .. }), "{bytes:?}: {err}");
    }
}

#[test]
fn known_binary_formats_are_named() {
    let cases: &[(&[u8], &str)] = &[
        (b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj", "PDF"),
        (
            b"PK\x03\x04\x14\x00\x06\x00",
            "ZIP (or Word .docx / OpenDocument)",
        ),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"{\\rtf1\\ansi Hello}", "RTF (rich text)"),
    ];
    for (bytes, expected) in cases {
        let err = decode(bytes).unwrap_err();
        match &err {
            ImportError::KnownBinary { kind, .. } => assert_eq!(kind, expected),
            other => panic!("{other}"),
        }
        let message = err.to_string();
        assert!(
            message.contains(&format!("looks like a {expected} file")),
            "{message}"
        );
        assert!(message.contains("export it as plain text"), "{message}");
    }
}

#[test]
fn nul_bytes_and_control_characters_mean_binary() {
    let err = decode(b"Headline\nsome\x00text\n").unwrap_err();
    assert!(matches!(err, ImportError::Binary { .. }), "{err}");
    let noisy: Vec<u8> = (0..200u8)
        .map(|i| if i % 10 == 0 { 0x01 } else { b'a' })
        .collect();
    let err = decode(&noisy).unwrap_err();
    assert!(err.to_string().contains("control characters"), "{err}");
    // A stray escape or form feed in a long text is fine.
    let mut ok = "A".repeat(300);
    ok.push_str("\u{1b}\u{c}\tend\n");
    assert!(decode(ok.as_bytes()).is_ok());
}

#[test]
fn corpus_titles() {
    let expected = [
        ("000_", "000 7bc1ca0ca58bf01c"),
        (
            "001_",
            "Asif accuses the Taliban of dragging Afghanistan into a new conflict to protect \
             the government and economy in times of war",
        ),
        ("002_", "002 f9f41de4bf0a6058"),
        (
            "003_",
            "Taliban Issues Stern Warning To Pakistan After Deadlocked Istanbul Peace Talks",
        ),
        (
            "004_",
            "Taliban Accuses Pakistan of Undermining Border Peace Talks",
        ),
    ];
    for (prefix, title) in expected {
        let path = corpus_file(prefix);
        let t = read_text_file(&path, None).unwrap();
        assert_eq!(t.title, title, "{}", path.display());
        assert_eq!(t.encoding, "UTF-8");
        // The whole text is kept, headline included.
        assert_eq!(t.text, fs::read_to_string(&path).unwrap());
    }
}

#[test]
fn headline_heuristic() {
    let title = |text: &str| title_for(text, Path::new("dir/peace_talks-2025.txt"));
    assert_eq!(
        title("Talks Collapse in Istanbul\nBody."),
        "Talks Collapse in Istanbul"
    );
    assert_eq!(
        title("\n\n  “Peace” — 【Istanbul】 👍🏽 e\u{301}  \n\nBody."),
        "“Peace” — 【Istanbul】 👍🏽 e\u{301}"
    );
    assert_eq!(
        title("Will the ceasefire hold?\nBody."),
        "Will the ceasefire hold?"
    );
    assert_eq!(title("# Markdown Headline\nBody."), "Markdown Headline");
    // Sentences, lowercase starts, lone lines and long lines are not headlines.
    assert_eq!(title("The talks failed.\nBody."), "peace talks 2025");
    assert_eq!(title("He said “it failed.”\nBody."), "peace talks 2025");
    assert_eq!(title("the talks failed\nBody."), "peace talks 2025");
    assert_eq!(title("Only One Line\n\n"), "peace talks 2025");
    assert_eq!(
        title(&format!("{}\nBody.", "Long ".repeat(31))),
        "peace talks 2025"
    );
    assert!(looks_like_headline(&"x".to_uppercase().repeat(150)));
    assert!(!looks_like_headline(&"X".repeat(151)));
    assert_eq!(title_for("a.\nb", Path::new("___.txt")), "Untitled");
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn folders_are_walked_sorted_skipping_hidden_and_other_extensions() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "b.txt", "B Headline\nbody b".as_bytes());
    write(d, "a.md", "# A Headline\nbody a".as_bytes());
    write(d, "sub/c.TEXT", "C Headline\nbody c".as_bytes());
    write(d, "noext", "D Headline\nbody d".as_bytes());
    write(d, ".hidden.txt", "hidden\nbody".as_bytes());
    write(d, ".git/x.txt", "hidden dir\nbody".as_bytes());
    write(d, "paper.pdf", b"%PDF-1.4");
    let report = import_paths(&Project::new("p"), &[d.to_owned()]);
    let names: Vec<_> = report
        .added
        .iter()
        .map(|a| {
            a.path
                .strip_prefix(d)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(names, ["a.md", "b.txt", "noext", "sub/c.TEXT"]);
    assert!(report.refused.is_empty() && report.skipped.is_empty());
    let titles: Vec<_> = report.added.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(
        titles,
        ["A Headline", "B Headline", "D Headline", "C Headline"]
    );
}

#[test]
fn explicit_files_are_tried_whatever_their_extension_and_refusals_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let pdf = write(d, "paper.pdf", b"%PDF-1.4 ...");
    let csv = write(d, "notes.csv", "Notes Headline\nplain text".as_bytes());
    let empty = write(d, "empty.txt", b" \n");
    fs::create_dir(d.join("nothing")).unwrap();
    let missing = d.join("missing.txt");
    let paths = [
        pdf.clone(),
        csv.clone(),
        empty.clone(),
        d.join("nothing"),
        missing.clone(),
    ];
    let report = import_paths(&Project::new("p"), &paths);
    assert_eq!(report.added.len(), 1);
    assert_eq!(report.added[0].path, csv);
    let refused: Vec<_> = report.refused.iter().map(|(p, _)| p.clone()).collect();
    assert_eq!(refused, [pdf, empty, d.join("nothing"), missing]);
    assert!(matches!(
        report.refused[2].1,
        ImportError::NoTextFiles { .. }
    ));
    assert!(matches!(report.refused[3].1, ImportError::Io { .. }));
}

#[test]
fn duplicates_in_project_and_in_batch_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let text = format!("Headline\n{TRICKY}\n");
    let mut project = Project::new("p");
    let existing = Document::new(project.fresh_document_id(), "Old", "old.txt", text.clone());
    project.apply(&Edit::AddDocument(existing.clone())).unwrap();
    let same = write(d, "same.txt", text.replace('\n', "\r\n").as_bytes());
    let new = write(d, "new.txt", "New Headline\nnew body".as_bytes());
    let again = write(d, "again.txt", "New Headline\r\nnew body".as_bytes());
    let report = import_paths(
        &project,
        &[same.clone(), new.clone(), again.clone(), new.clone()],
    );
    assert_eq!(report.added.len(), 1);
    assert_eq!(report.added[0].path, new);
    let skipped: Vec<_> = report
        .skipped
        .iter()
        .map(|s| (s.path.clone(), s.duplicate_of, s.in_project))
        .collect();
    let new_id = report.added[0].id;
    assert_eq!(
        skipped,
        [
            (same, existing.id, true),
            (again, new_id, false),
            (new, new_id, false)
        ]
    );
}

#[test]
fn batch_ids_are_unique_and_the_batch_applies() {
    let dir = tempfile::tempdir().unwrap();
    let paths: Vec<_> = (0..30)
        .map(|i| {
            write(
                dir.path(),
                &format!("{i:02}.txt"),
                format!("Headline {i}\nbody {i} {TRICKY}").as_bytes(),
            )
        })
        .collect();
    let mut project = Project::new("p");
    let report = import_paths(&project, &paths);
    assert_eq!(report.added.len(), 30);
    project.apply(&report.batch().unwrap()).unwrap();
    assert_eq!(project.documents().len(), 30);
    let doc = project.document(report.added[7].id).unwrap();
    assert_eq!(doc.title, "Headline 7");
    assert_eq!(doc.hash, text_hash(&doc.text));
    assert_eq!(doc.source, paths[7].display().to_string());
    assert!(import_paths(&project, &paths).batch().is_none());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        if let Ok(t) = decode(&bytes) {
            prop_assert!(!t.text.contains('\r'));
            prop_assert!(!t.text.trim().is_empty());
            prop_assert!(!t.title.is_empty());
        }
    }

    #[test]
    fn random_text_never_panics(text in "\\PC{0,60}(\r\n|\r|\n)\\PC{0,200}") {
        if let Ok(t) = decode(text.as_bytes()) {
            prop_assert_eq!(t.text, text.replace("\r\n", "\n").replace('\r', "\n"));
        }
    }
}
