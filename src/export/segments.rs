//! Sentences and words (UAX #29) of a text, with both byte and code-point ranges.
use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

/// A piece of a text: where it is in bytes (to slice) and in code points (to compare with spans).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Piece {
    pub bytes: Range<usize>,
    pub chars: Range<usize>,
}

impl Piece {
    pub fn as_str<'t>(&self, text: &'t str) -> &'t str {
        &text[self.bytes.clone()]
    }
}

/// The sentences of `text` (UAX #29 sentence boundaries), trailing spaces included.
pub(crate) fn sentences(text: &str) -> Vec<Piece> {
    let mut at = Counter::new(text, 0, 0);
    text.split_sentence_bound_indices()
        .map(|(b, s)| at.piece(b..b + s.len()))
        .collect()
}

/// The words and punctuation marks of one sentence (UAX #29 word boundaries), without
/// the whitespace between them.
pub(crate) fn words(text: &str, sentence: &Piece) -> Vec<Piece> {
    let base = sentence.bytes.start;
    let mut at = Counter::new(text, base, sentence.chars.start);
    sentence
        .as_str(text)
        .split_word_bound_indices()
        .filter(|(_, w)| !w.chars().all(char::is_whitespace))
        .map(|(b, w)| at.piece(base + b..base + b + w.len()))
        .collect()
}

/// Code-point offsets of pieces that come in text order, counted on from the previous
/// piece: linear in the text, where a look-up per piece was a sixth of a CoNLL export.
struct Counter<'t> {
    text: &'t str,
    byte: usize,
    char: usize,
}

impl<'t> Counter<'t> {
    fn new(text: &'t str, byte: usize, char: usize) -> Self {
        Counter { text, byte, char }
    }

    /// Code point at byte `b`, at or after the last one asked for.
    fn char_at(&mut self, b: usize) -> usize {
        self.char += self.text[self.byte..b].chars().count();
        self.byte = b;
        self.char
    }

    fn piece(&mut self, bytes: Range<usize>) -> Piece {
        let chars = self.char_at(bytes.start)..self.char_at(bytes.end);
        Piece { bytes, chars }
    }
}

/// Index of the piece containing code point `c` (pieces sorted and contiguous).
pub(crate) fn piece_at(pieces: &[Piece], c: usize) -> Option<usize> {
    let i = pieces.partition_point(|p| p.chars.end <= c);
    (i < pieces.len() && pieces[i].chars.contains(&c)).then_some(i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::TextIndex;

    #[test]
    fn cjk_punctuation_and_emoji_are_separate_words_in_code_points() {
        let text = "“Peace” — 【和平】 talks 👍🏽 café. Next one.";
        let index = TextIndex::new(text);
        let sents = sentences(text);
        assert_eq!(sents.len(), 2, "{sents:?}");
        let words: Vec<_> = words(text, &sents[0])
            .iter()
            .map(|p| (p.as_str(text), p.chars.clone()))
            .collect();
        let strs: Vec<_> = words.iter().map(|w| w.0).collect();
        assert!(strs.contains(&"【"), "{strs:?}");
        assert!(strs.contains(&"】"), "{strs:?}");
        assert!(strs.contains(&"👍🏽"), "{strs:?}");
        assert!(strs.contains(&"Peace"), "{strs:?}");
        // Code-point ranges, as Python counts: "Peace" is text[1:6].
        assert!(words.contains(&("Peace", 1..6)));
        assert_eq!(piece_at(&sents, 0), Some(0));
        assert_eq!(piece_at(&sents, sents[1].chars.start), Some(1));
        assert_eq!(piece_at(&sents, index.char_len()), None);
    }
}
