//! Reading one file as clean text: refuse what is not plain text, decode whatever encoding
//! it is in, and normalise line endings so offsets match Python's text-mode `open`.
use std::fs;
use std::path::Path;

use chardetng::EncodingDetector;
use encoding_rs::Encoding;

use super::error::ImportError;
use super::title::title_for;

/// Larger files are refused: an article is a few hundred KiB at most, and reading a stray
/// disk image or video into memory would only slow everything down before failing.
pub const MAX_FILE_BYTES: u64 = 64 << 20;

/// Above this share of control characters (other than tab, line feed and form feed),
/// a "text" is really binary data that happened to decode.
const MAX_CONTROL_SHARE_PERCENT: usize = 2;

/// A decoded text, ready to become a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedText {
    pub title: String,
    /// The path as given (or found in a folder).
    pub source: String,
    /// Decoded, BOM stripped, line endings normalised to `\n`.
    pub text: String,
    /// Name of the encoding it was decoded from (`UTF-8`, `windows-1252`, `Shift_JIS`...).
    pub encoding: &'static str,
}

/// Reads a file as text, refusing empty and binary files and undecodable encodings.
pub fn read_text_file(path: &Path) -> Result<ImportedText, ImportError> {
    let io = |source| ImportError::Io {
        path: path.to_owned(),
        source,
    };
    let size = fs::metadata(path).map_err(io)?.len();
    if size > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge {
            path: path.to_owned(),
            size,
            limit: MAX_FILE_BYTES,
        });
    }
    let bytes = fs::read(path).map_err(io)?;
    decode_file_bytes(path, &bytes)
}

/// [`read_text_file`] on bytes already read; `path` is only used in messages, the source
/// and the fallback title.
pub fn decode_file_bytes(path: &Path, bytes: &[u8]) -> Result<ImportedText, ImportError> {
    let (text, encoding) = decode(path, bytes)?;
    let text = normalize_newlines(text);
    if text.trim().is_empty() {
        return Err(ImportError::Empty {
            path: path.to_owned(),
        });
    }
    check_control_characters(path, &text)?;
    Ok(ImportedText {
        title: title_for(&text, path),
        source: path.display().to_string(),
        text,
        encoding,
    })
}

fn decode(path: &Path, bytes: &[u8]) -> Result<(String, &'static str), ImportError> {
    if let Some(kind) = known_binary_kind(bytes) {
        return Err(ImportError::KnownBinary {
            path: path.to_owned(),
            kind,
        });
    }
    // A byte-order mark is the one sure sign of an encoding (UTF-8, UTF-16LE/BE).
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return decode_as(path, encoding, &bytes[bom_len..]);
    }
    if bytes.contains(&0) {
        return Err(ImportError::Binary {
            path: path.to_owned(),
            reason: "it contains NUL bytes; if it is UTF-16 text without a byte-order mark, \
                     re-save it as UTF-8"
                .into(),
        });
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((text.to_owned(), encoding_rs::UTF_8.name()));
    }
    let mut detector = EncodingDetector::new();
    detector.feed(bytes, true);
    let (encoding, confident) = detector.guess_assess(None, false);
    let decoded = decode_as(path, encoding, bytes)?;
    if !confident {
        return Err(ImportError::UncertainEncoding {
            path: path.to_owned(),
            encoding: encoding.name(),
        });
    }
    Ok(decoded)
}

fn decode_as(
    path: &Path,
    encoding: &'static Encoding,
    bytes: &[u8],
) -> Result<(String, &'static str), ImportError> {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(ImportError::Undecodable {
            path: path.to_owned(),
            encoding: encoding.name(),
        });
    }
    Ok((text.into_owned(), encoding.name()))
}

/// Recognises common document, archive and image formats by their first bytes, so the
/// user is told what the file is rather than that it "has NUL bytes".
fn known_binary_kind(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"%PDF-", "PDF"),
        (b"PK\x03\x04", "ZIP (or Word .docx / OpenDocument)"),
        (b"PK\x05\x06", "ZIP"),
        (
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
            "Microsoft Office (.doc/.xls)",
        ),
        (b"{\\rtf", "RTF (rich text)"),
        (b"\x89PNG\r\n\x1a\n", "PNG image"),
        (b"\xFF\xD8\xFF", "JPEG image"),
        (b"GIF87a", "GIF image"),
        (b"GIF89a", "GIF image"),
        (b"\x1F\x8B", "gzip"),
        (b"7z\xBC\xAF\x27\x1C", "7-Zip"),
        (b"Rar!\x1A\x07", "RAR"),
        (b"\x7FELF", "program (ELF)"),
    ];
    MAGIC
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|&(_, kind)| kind)
}

/// CRLF and lone CR become LF, as Python's universal-newline `open` does, so that code
/// point offsets agree with `open(path).read()`.
fn normalize_newlines(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

fn check_control_characters(path: &Path, text: &str) -> Result<(), ImportError> {
    let mut total = 0usize;
    let mut control = 0usize;
    for c in text.chars() {
        total += 1;
        if c.is_control() && !matches!(c, '\n' | '\t' | '\u{c}') {
            control += 1;
        }
    }
    if control * 100 > total * MAX_CONTROL_SHARE_PERCENT {
        return Err(ImportError::Binary {
            path: path.to_owned(),
            reason: format!("{control} of its {total} characters are control characters"),
        });
    }
    Ok(())
}
