//! Reading one file as clean text: refuse what is not plain text, decode whatever encoding
//! it is in, and normalise line endings so offsets match Python's text-mode `open`.
//!
//! Decoding, in order: a byte-order mark decides (UTF-8, UTF-16LE/BE); valid UTF-8 is
//! UTF-8; UTF-8 with a few damaged bytes is UTF-8 with U+FFFD for each (see
//! [`super::mostly_utf8`]); anything else is a legacy encoding guessed by chardetng, and
//! refused when the guess is not confident.
use std::path::Path;

use chardetng::EncodingDetector;
use encoding_rs::Encoding;

use super::error::ImportError;
use super::mostly_utf8::{InvalidUtf8, decode_lossy, decode_mostly_utf8};
use super::title::title_for;
use crate::input_file::read_regular;

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
    /// Damaged bytes of a UTF-8 file, each replaced by U+FFFD: the user must be told.
    pub invalid_utf8: Option<InvalidUtf8>,
}

/// Reads a file as text, refusing what is not a regular file, files over `limit` bytes
/// ([`crate::input_file::size_limit`]), empty and binary files and undecodable encodings.
pub fn read_text_file(path: &Path, limit: Option<u64>) -> Result<ImportedText, ImportError> {
    let bytes = read_regular(path, limit)?;
    decode_file_bytes(path, &bytes)
}

/// [`read_text_file`] on bytes already read; `path` is only used in messages, the source
/// and the fallback title.
pub fn decode_file_bytes(path: &Path, bytes: &[u8]) -> Result<ImportedText, ImportError> {
    let Decoded {
        text,
        encoding,
        invalid_utf8,
    } = decode(path, bytes)?;
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
        invalid_utf8,
    })
}

struct Decoded {
    text: String,
    encoding: &'static str,
    invalid_utf8: Option<InvalidUtf8>,
}

fn decode(path: &Path, bytes: &[u8]) -> Result<Decoded, ImportError> {
    if let Some(kind) = known_binary_kind(bytes) {
        return Err(ImportError::KnownBinary {
            path: path.to_owned(),
            kind,
        });
    }
    let utf8 = encoding_rs::UTF_8.name();
    // A byte-order mark is the one sure sign of an encoding (UTF-8, UTF-16LE/BE).
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let body = &bytes[bom_len..];
        if encoding == encoding_rs::UTF_8
            && let Err(_) = std::str::from_utf8(body)
        {
            return Ok(lossy_utf8(body, bom_len));
        }
        return decode_as(path, encoding, body);
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
        return Ok(Decoded {
            text: text.to_owned(),
            encoding: utf8,
            invalid_utf8: None,
        });
    }
    if let Some((text, invalid)) = decode_mostly_utf8(bytes, 0) {
        return Ok(Decoded {
            text,
            encoding: utf8,
            invalid_utf8: Some(invalid),
        });
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

/// A file that says it is UTF-8 (by its byte-order mark) but has damaged bytes: UTF-8 with
/// U+FFFD for each bad sequence, whatever their share.
fn lossy_utf8(body: &[u8], bom_len: usize) -> Decoded {
    let (text, invalid, _) = decode_lossy(body, bom_len);
    Decoded {
        text,
        encoding: encoding_rs::UTF_8.name(),
        invalid_utf8: Some(invalid),
    }
}

fn decode_as(
    path: &Path,
    encoding: &'static Encoding,
    bytes: &[u8],
) -> Result<Decoded, ImportError> {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(ImportError::Undecodable {
            path: path.to_owned(),
            encoding: encoding.name(),
        });
    }
    Ok(Decoded {
        text: text.into_owned(),
        encoding: encoding.name(),
        invalid_utf8: None,
    })
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
