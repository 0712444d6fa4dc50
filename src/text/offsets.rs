//! The one place where code-point offsets meet Rust's UTF-8 byte offsets.
//!
//! Everything in Marginalia (model, files, exports) counts offsets in Unicode code
//! points, half-open `[start, end)`, exactly like Python's `text[start:end]`. Rust
//! slices strings by UTF-8 bytes, and some export formats count UTF-16 units, so every
//! conversion goes through this module and nowhere else.

/// Number of code points in `text` (Python's `len(text)`).
pub fn char_len(text: &str) -> usize {
    text.chars().count()
}

/// Byte offset of code point `char_idx`; `char_idx == char_len` maps to `text.len()`.
/// `None` when `char_idx` lies past the end.
pub fn char_to_byte(text: &str, char_idx: usize) -> Option<usize> {
    if char_idx == 0 {
        return Some(0);
    }
    match text.char_indices().nth(char_idx) {
        Some((byte, _)) => Some(byte),
        None if char_len(text) == char_idx => Some(text.len()),
        None => None,
    }
}

/// Code-point offset of byte `byte`; `None` when `byte` is past the end or not on a
/// character boundary.
pub fn byte_to_char(text: &str, byte: usize) -> Option<usize> {
    if !text.is_char_boundary(byte) {
        return None;
    }
    Some(text[..byte].chars().count())
}

/// `text[start:end]` in Python terms; `None` when the range is reversed or out of bounds.
pub fn slice_chars(text: &str, start: usize, end: usize) -> Option<&str> {
    if start > end {
        return None;
    }
    let b0 = char_to_byte(text, start)?;
    let b1 = b0 + char_to_byte(&text[b0..], end - start)?;
    Some(&text[b0..b1])
}

/// Distance between checkpoints of [`TextIndex`]; small enough that a lookup scans
/// at most this many characters, large enough that the index stays ~2% of the text.
const STRIDE: usize = 64;

/// Precomputed offsets for one (possibly very long) text: code point ↔ UTF-8 byte ↔
/// UTF-16 unit conversions in O(STRIDE) instead of O(n).
#[derive(Clone, Debug, Default)]
pub struct TextIndex {
    /// Byte offset of every STRIDE-th code point, plus one entry for the end.
    bytes: Vec<usize>,
    /// UTF-16 offset of the same code points.
    utf16: Vec<usize>,
    chars: usize,
    len_bytes: usize,
}

impl TextIndex {
    pub fn new(text: &str) -> Self {
        let mut bytes = Vec::with_capacity(text.len() / STRIDE + 2);
        let mut utf16 = Vec::with_capacity(text.len() / STRIDE + 2);
        let mut u16_pos = 0;
        let mut chars = 0;
        for (i, (b, c)) in text.char_indices().enumerate() {
            if i % STRIDE == 0 {
                bytes.push(b);
                utf16.push(u16_pos);
            }
            u16_pos += c.len_utf16();
            chars += 1;
        }
        if chars % STRIDE == 0 {
            bytes.push(text.len());
            utf16.push(u16_pos);
        }
        Self {
            bytes,
            utf16,
            chars,
            len_bytes: text.len(),
        }
    }

    /// Number of code points.
    pub fn char_len(&self) -> usize {
        self.chars
    }

    /// Byte offset of code point `c` (`c == char_len` gives the text's byte length).
    pub fn byte_of(&self, text: &str, c: usize) -> Option<usize> {
        if c > self.chars {
            return None;
        }
        if c == self.chars {
            return Some(self.len_bytes);
        }
        let base = self.bytes[c / STRIDE];
        let skip = c % STRIDE;
        text[base..].char_indices().nth(skip).map(|(b, _)| base + b)
    }

    /// Code point at byte offset `b`; `None` off a character boundary or past the end.
    pub fn char_of(&self, text: &str, b: usize) -> Option<usize> {
        if b > self.len_bytes || !text.is_char_boundary(b) {
            return None;
        }
        let k = self.bytes.partition_point(|&x| x <= b) - 1;
        Some(k * STRIDE + text[self.bytes[k]..b].chars().count())
    }

    /// UTF-16 unit offset of code point `c` (what JavaScript's `String.length` counts).
    pub fn utf16_of(&self, text: &str, c: usize) -> Option<usize> {
        if c > self.chars {
            return None;
        }
        let k = c / STRIDE;
        if k >= self.bytes.len() {
            // c == chars and chars is not a multiple of STRIDE: count from the last checkpoint.
            let last = self.bytes.len() - 1;
            return Some(self.utf16[last] + text[self.bytes[last]..].encode_utf16().count());
        }
        let base = self.bytes[k];
        let n: usize = text[base..]
            .chars()
            .take(c % STRIDE)
            .map(char::len_utf16)
            .sum();
        Some(self.utf16[k] + n)
    }

    /// `text[start:end]` in Python terms.
    pub fn slice<'t>(&self, text: &'t str, start: usize, end: usize) -> Option<&'t str> {
        if start > end {
            return None;
        }
        Some(&text[self.byte_of(text, start)?..self.byte_of(text, end)?])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Curly quotes, em dash, CJK brackets, an astral emoji and a combining accent.
    const MIXED: &str = "“Peace” — 【X】 talks 👍🏽 café e\u{301}!";

    #[test]
    fn slices_like_python() {
        // Python: s = "“Peace” — 【X】 talks 👍🏽 café e\u0301!"; s[1:6] == "Peace"
        assert_eq!(slice_chars(MIXED, 1, 6), Some("Peace"));
        assert_eq!(slice_chars(MIXED, 10, 13), Some("【X】"));
        // 👍🏽 is two code points (thumbs up + skin tone modifier).
        assert_eq!(slice_chars(MIXED, 20, 22), Some("👍🏽"));
        // "e" + COMBINING ACUTE ACCENT is two code points, as in Python.
        assert_eq!(slice_chars(MIXED, 28, 30), Some("e\u{301}"));
        assert_eq!(slice_chars(MIXED, 30, 31), Some("!"));
        assert_eq!(char_len(MIXED), 31);
        assert_eq!(slice_chars(MIXED, 31, 31), Some(""));
        assert_eq!(slice_chars(MIXED, 31, 32), None);
        assert_eq!(slice_chars(MIXED, 5, 4), None);
    }

    #[test]
    fn byte_conversions_round_trip_on_boundaries() {
        assert_eq!(char_to_byte(MIXED, 1), Some("“".len()));
        assert_eq!(byte_to_char(MIXED, 1), None, "inside the curly quote");
        assert_eq!(char_to_byte(MIXED, 31), Some(MIXED.len()));
        assert_eq!(char_to_byte(MIXED, 32), None);
    }

    #[test]
    fn utf16_counts_astral_characters_twice() {
        let idx = TextIndex::new(MIXED);
        // Before the emoji, UTF-16 and code points agree; after it they differ by 2
        // (U+1F44D and U+1F3FD are both outside the BMP).
        assert_eq!(idx.utf16_of(MIXED, 20), Some(20));
        assert_eq!(idx.utf16_of(MIXED, 22), Some(24));
        assert_eq!(idx.utf16_of(MIXED, 31), Some(33));
    }

    proptest! {
        #[test]
        fn index_agrees_with_naive_helpers(text in "(\\PC|\u{301}|👍|\n){0,300}", a in 0usize..320, b in 0usize..320) {
            let idx = TextIndex::new(&text);
            let n = char_len(&text);
            prop_assert_eq!(idx.char_len(), n);
            prop_assert_eq!(idx.byte_of(&text, a), char_to_byte(&text, a));
            if let Some(byte) = char_to_byte(&text, a) {
                prop_assert_eq!(idx.char_of(&text, byte), Some(a));
                prop_assert_eq!(byte_to_char(&text, byte), Some(a));
                let naive16: usize = text.chars().take(a).map(char::len_utf16).sum();
                prop_assert_eq!(idx.utf16_of(&text, a), Some(naive16));
            }
            prop_assert_eq!(idx.slice(&text, a, b), slice_chars(&text, a, b));
            if a <= b && b <= n {
                let expect: String = text.chars().skip(a).take(b - a).collect();
                prop_assert_eq!(slice_chars(&text, a, b), Some(expect.as_str()));
            }
        }
    }
}
