//! Sentences and words (UAX #29) of a text, with both byte and code-point ranges.
use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use crate::text::TextIndex;

/// A piece of a text: where it is in bytes (to slice) and in code points (to compare with spans).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Piece {
    pub bytes: Range<usize>,
    pub chars: Range<usize>,
}

impl Piece {
    fn new(text: &str, index: &TextIndex, bytes: Range<usize>) -> Piece {
        let on_boundary = "segment bounds are character boundaries";
        let chars = index.char_of(text, bytes.start).expect(on_boundary)
            ..index.char_of(text, bytes.end).expect(on_boundary);
        Piece { bytes, chars }
    }

    pub fn as_str<'t>(&self, text: &'t str) -> &'t str {
        &text[self.bytes.clone()]
    }
}

/// The sentences of `text` (UAX #29 sentence boundaries), trailing spaces included.
pub(crate) fn sentences(text: &str, index: &TextIndex) -> Vec<Piece> {
    text.split_sentence_bound_indices()
        .map(|(b, s)| Piece::new(text, index, b..b + s.len()))
        .collect()
}

/// The words and punctuation marks of one sentence (UAX #29 word boundaries), without
/// the whitespace between them.
pub(crate) fn words(text: &str, index: &TextIndex, sentence: &Piece) -> Vec<Piece> {
    let base = sentence.bytes.start;
    sentence
        .as_str(text)
        .split_word_bound_indices()
        .filter(|(_, w)| !w.chars().all(char::is_whitespace))
        .map(|(b, w)| Piece::new(text, index, base + b..base + b + w.len()))
        .collect()
}

/// Index of the piece containing code point `c` (pieces sorted and contiguous).
pub(crate) fn piece_at(pieces: &[Piece], c: usize) -> Option<usize> {
    let i = pieces.partition_point(|p| p.chars.end <= c);
    (i < pieces.len() && pieces[i].chars.contains(&c)).then_some(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_punctuation_and_emoji_are_separate_words_in_code_points() {
        let text = "“Peace” — 【和平】 talks 👍🏽 café. Next one.";
        let index = TextIndex::new(text);
        let sents = sentences(text, &index);
        assert_eq!(sents.len(), 2, "{sents:?}");
        let words: Vec<_> = words(text, &index, &sents[0])
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
