//! One JSON value per line, as JSONL formats write them.
use std::fmt::Write as _;
use std::io::{self, Write};

use serde::Serialize;

/// Writes one JSON value and a newline (one JSONL record).
pub(super) fn write_json_line(w: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer(&mut *w, value).map_err(io::Error::other)?;
    w.write_all(b"\n")
}

/// Like [`write_json_line`], but characters beyond U+FFFF (emoji) are written as JSON
/// surrogate-pair escapes (`\ud83d\udc4d`). Every JSON reader decodes them to the same
/// string, but a file with no 4-byte UTF-8 sequences is one that chardet 4 — which doccano
/// uses to guess an upload's encoding — recognises as UTF-8: with an emoji it guesses
/// Windows-1254 and the import fails.
pub(super) fn write_json_line_bmp(w: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
    let json = serde_json::to_string(value).map_err(io::Error::other)?;
    let mut out = String::with_capacity(json.len() + 1);
    for c in json.chars() {
        if c > '\u{ffff}' {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                let _ = write!(out, "\\u{u:04x}"); // writing to a String cannot fail
            }
        } else {
            out.push(c);
        }
    }
    out.push('\n');
    w.write_all(out.as_bytes())
}
