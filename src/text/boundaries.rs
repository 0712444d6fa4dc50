//! Word and grapheme boundaries in code-point offsets, for selection by double-click
//! and by keyboard. Built on unicode-segmentation (UAX #29) through [`TextIndex`].
use unicode_segmentation::{GraphemeCursor, UnicodeSegmentation};

use super::TextIndex;

/// The word (UAX #29) around code point `at`: `(start, end)`. On white space or
/// punctuation the range is that single segment.
pub fn word_at(text: &str, index: &TextIndex, at: usize) -> (usize, usize) {
    let n = index.char_len();
    if n == 0 {
        return (0, 0);
    }
    let at = at.min(n - 1);
    let Some(byte) = index.byte_of(text, at) else {
        return (at, at);
    };
    // Only scan a window around the point: paragraphs can be very long.
    let lo = text[..byte].rfind('\n').map_or(0, |i| i + 1);
    let hi = text[byte..].find('\n').map_or(text.len(), |i| byte + i);
    for (b, word) in text[lo..hi].split_word_bound_indices() {
        let (s, e) = (lo + b, lo + b + word.len());
        if s <= byte && byte < e {
            let start = index.char_of(text, s).unwrap_or(at);
            let end = index.char_of(text, e).unwrap_or(at + 1);
            return (start, end);
        }
    }
    (at, at + 1)
}

/// The next grapheme boundary after code point `at` (so "e" + combining accent moves as one).
pub fn next_grapheme(text: &str, index: &TextIndex, at: usize) -> usize {
    let Some(byte) = index.byte_of(text, at) else {
        return index.char_len();
    };
    let mut cursor = GraphemeCursor::new(byte, text.len(), true);
    match cursor.next_boundary(text, 0) {
        Ok(Some(b)) => index.char_of(text, b).unwrap_or(at),
        _ => index.char_len(),
    }
}

/// The previous grapheme boundary before code point `at`.
pub fn prev_grapheme(text: &str, index: &TextIndex, at: usize) -> usize {
    let Some(byte) = index.byte_of(text, at) else {
        return 0;
    };
    let mut cursor = GraphemeCursor::new(byte, text.len(), true);
    match cursor.prev_boundary(text, 0) {
        Ok(Some(b)) => index.char_of(text, b).unwrap_or(at),
        _ => 0,
    }
}

/// The start of the next word after `at` (Ctrl+Right).
pub fn next_word(text: &str, index: &TextIndex, at: usize) -> usize {
    let n = index.char_len();
    let mut pos = at;
    // Skip the rest of the current segment, then any white space or punctuation.
    while pos < n {
        let (_, end) = word_at(text, index, pos);
        pos = end.max(pos + 1);
        if pos < n && is_wordish(text, index, pos) {
            break;
        }
    }
    pos.min(n)
}

/// The start of the word before `at` (Ctrl+Left).
pub fn prev_word(text: &str, index: &TextIndex, at: usize) -> usize {
    let mut pos = at;
    while pos > 0 {
        let (start, _) = word_at(text, index, pos - 1);
        pos = start;
        if is_wordish(text, index, pos) {
            break;
        }
    }
    pos
}

fn is_wordish(text: &str, index: &TextIndex, at: usize) -> bool {
    index
        .slice(text, at, at + 1)
        .and_then(|s| s.chars().next())
        .is_some_and(char::is_alphanumeric)
}

/// Shrinks `[start, end)` so it neither starts nor ends with white space.
pub fn trim_span(
    text: &str,
    index: &TextIndex,
    mut start: usize,
    mut end: usize,
) -> (usize, usize) {
    let ws = |i: usize| {
        index
            .slice(text, i, i + 1)
            .and_then(|s| s.chars().next())
            .is_some_and(char::is_whitespace)
    };
    while start < end && ws(start) {
        start += 1;
    }
    while end > start && ws(end - 1) {
        end -= 1;
    }
    (start, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: &str = "Tarar said “workable solution” — 【Kabul】 café e\u{301}t 👍🏽 ok";

    #[test]
    fn word_at_finds_words_across_scripts() {
        let idx = TextIndex::new(T);
        let w = |at| {
            let (s, e) = word_at(T, &idx, at);
            idx.slice(T, s, e).unwrap().to_owned()
        };
        assert_eq!(w(2), "Tarar");
        assert_eq!(w(13), "workable");
        assert_eq!(w(11), "“");
        assert_eq!(w(36), "Kabul");
        assert_eq!(w(43), "café");
        // The combining accent stays with its letter.
        assert_eq!(w(47), "e\u{301}t");
    }

    #[test]
    fn graphemes_keep_combining_marks_and_emoji_modifiers_together() {
        let idx = TextIndex::new(T);
        let e = T.chars().position(|c| c == '\u{301}').unwrap() - 1;
        assert_eq!(next_grapheme(T, &idx, e), e + 2);
        assert_eq!(prev_grapheme(T, &idx, e + 2), e);
        let thumb = T.chars().position(|c| c == '👍').unwrap();
        assert_eq!(next_grapheme(T, &idx, thumb), thumb + 2);
    }

    #[test]
    fn word_steps_and_trim() {
        let idx = TextIndex::new(T);
        assert_eq!(next_word(T, &idx, 0), 6);
        assert_eq!(prev_word(T, &idx, 6), 0);
        assert_eq!(trim_span(T, &idx, 5, 11), (6, 10));
        assert_eq!(trim_span(T, &idx, 5, 6), (6, 6));
    }
}
