//! The annotation list's lines, read and written without the `ron` crate: most of a big
//! project file is this one list, one annotation per line in the exact layout the pretty
//! printer writes, and `ron` reads and writes it at ~50 MB/s. Both directions handle only
//! that layout and say so otherwise (`None` / `false`), and the caller then uses `ron` for
//! the line: the result is always what `ron` gives (tests compare the two on every shape).
use std::fmt::Write as _;

use crate::model::{Annotation, AnnotationId, DocId, Span};

/// One line of the list: `(id: 1, document: 2, …),` with the fields in the order the
/// writer puts them. `None` for anything else: other spacing or order, comments, escapes,
/// raw strings, a missing comma.
pub fn parse_line(line: &str) -> Option<Annotation> {
    let mut c = Cursor {
        t: line,
        s: line.as_bytes(),
        i: 0,
    };
    c.skip_blanks();
    c.lit(b"(id: ")?;
    let id = AnnotationId(c.num()?);
    c.lit(b", document: ")?;
    let document = DocId(c.num()?);
    c.lit(b", start: ")?;
    let start = c.usize()?;
    c.lit(b", end: ")?;
    let end = c.usize()?;
    c.lit(b", label: ")?;
    let label = c.string()?.to_owned();
    c.lit(b", annotator: ")?;
    let annotator = c.string()?.to_owned();
    let note = match c.try_lit(b", note: Some(") {
        true => {
            let note = c.string()?.to_owned();
            c.lit(b")")?;
            Some(note)
        }
        false => None,
    };
    let created = c.field_string(b", created: ")?;
    let modified = c.field_string(b", modified: ")?;
    let mut derived_from = Vec::new();
    if c.try_lit(b", derived_from: [") {
        c.list(|c| {
            derived_from.push(AnnotationId(c.num()?));
            Some(())
        })?;
    }
    let mut fragments = Vec::new();
    if c.try_lit(b", fragments: [") {
        c.list(|c| {
            c.lit(b"(start: ")?;
            let start = c.usize()?;
            c.lit(b", end: ")?;
            let end = c.usize()?;
            c.lit(b")")?;
            fragments.push(Span::new(start, end));
            Some(())
        })?;
    }
    c.lit(b"),")?;
    c.skip_blanks();
    (c.i == c.s.len()).then_some(Annotation {
        id,
        document,
        start,
        end,
        label,
        annotator,
        note,
        created,
        modified,
        derived_from,
        fragments,
    })
}

struct Cursor<'a> {
    t: &'a str,
    s: &'a [u8],
    i: usize,
}

impl<'a> Cursor<'a> {
    /// Spaces, tabs and a carriage return: what `ron` skips around a line's tokens.
    fn skip_blanks(&mut self) {
        while matches!(self.s.get(self.i), Some(b' ' | b'\t' | b'\r')) {
            self.i += 1;
        }
    }

    fn try_lit(&mut self, lit: &[u8]) -> bool {
        let hit = self.s[self.i..].starts_with(lit);
        if hit {
            self.i += lit.len();
        }
        hit
    }

    fn lit(&mut self, lit: &[u8]) -> Option<()> {
        self.try_lit(lit).then_some(())
    }

    /// Decimal digits only (no sign, base prefix or `_`); `None` past `u64::MAX`.
    fn num(&mut self) -> Option<u64> {
        let begin = self.i;
        let mut n: u64 = 0;
        while let Some(d) = self.s.get(self.i).filter(|b| b.is_ascii_digit()) {
            n = n.checked_mul(10)?.checked_add(u64::from(d - b'0'))?;
            self.i += 1;
        }
        (self.i > begin).then_some(n)
    }

    fn usize(&mut self) -> Option<usize> {
        usize::try_from(self.num()?).ok()
    }

    /// A `"…"` string without escapes, which is what `ron` reads as its very bytes.
    fn string(&mut self) -> Option<&'a str> {
        self.lit(b"\"")?;
        let rest = &self.s[self.i..];
        let len = rest.iter().position(|&b| b == b'"')?;
        let body = &rest[..len];
        if body.contains(&b'\\') {
            return None;
        }
        let begin = self.i;
        self.i += len + 1;
        // Cut at ASCII quotes, so always at character boundaries.
        self.t.get(begin..begin + len)
    }

    /// An optional string field (`#[serde(default)]`: empty when absent).
    fn field_string(&mut self, key: &[u8]) -> Option<String> {
        match self.try_lit(key) {
            true => Some(self.string()?.to_owned()),
            false => Some(String::new()),
        }
    }

    /// The items of a `[a, b]` list whose `[` was read, through its `]`.
    fn list(&mut self, mut item: impl FnMut(&mut Self) -> Option<()>) -> Option<()> {
        if self.try_lit(b"]") {
            return Some(());
        }
        loop {
            item(self)?;
            if self.try_lit(b"]") {
                return Some(());
            }
            self.lit(b", ")?;
        }
    }
}

/// Appends one annotation's line (indent, text and `,\n`) exactly as `ron`'s pretty printer
/// writes it inside the project file. `false`, with nothing written, when a string needs
/// `ron`'s raw-string form (it holds a `"` or a `\`).
pub fn write_line(a: &Annotation, out: &mut String) -> bool {
    let plain = |s: &str| !s.bytes().any(|b| b == b'"' || b == b'\\');
    let strings = [&a.label, &a.annotator, &a.created, &a.modified];
    if !strings.iter().all(|s| plain(s)) || !a.note.as_deref().is_none_or(plain) {
        return false;
    }
    // Writing to a String cannot fail.
    let _ = write!(
        out,
        "    (id: {}, document: {}, start: {}, end: {}, label: \"{}\", annotator: \"{}\"",
        a.id.0, a.document.0, a.start, a.end, a.label, a.annotator
    );
    if let Some(note) = &a.note {
        let _ = write!(out, ", note: Some(\"{note}\")");
    }
    let _ = write!(
        out,
        ", created: \"{}\", modified: \"{}\"",
        a.created, a.modified
    );
    if !a.derived_from.is_empty() {
        out.push_str(", derived_from: [");
        for (k, id) in a.derived_from.iter().enumerate() {
            let _ = write!(out, "{}{}", if k == 0 { "" } else { ", " }, id.0);
        }
        out.push(']');
    }
    if !a.fragments.is_empty() {
        out.push_str(", fragments: [");
        for (k, f) in a.fragments.iter().enumerate() {
            let sep = if k == 0 { "" } else { ", " };
            let _ = write!(out, "{sep}(start: {}, end: {})", f.start, f.end);
        }
        out.push(']');
    }
    out.push_str("),\n");
    true
}
