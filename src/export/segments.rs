//! Sentences and words (UAX #29) of a text, with both byte and code-point ranges.
//!
//! The `unicode-segmentation` crate looks every character up in its tables, which made
//! segmentation most of a CoNLL export. UAX #29 never breaks inside a run of ASCII letters
//! of one case, of ASCII digits or of spaces, and no rule looks at how long such a run is
//! (each rule compares a character's class with its neighbours', skipping runs with `*`).
//! So the text is segmented in a folded form where each such run is one character, about a
//! third as long for English news; the pieces are mapped back exactly. A property test
//! checks the folded segmentation against the crate's on the whole text.
use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

/// A piece of a text: where it is in bytes (to slice) and in code points (to compare with spans).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Piece {
    pub bytes: Range<usize>,
    pub chars: Range<usize>,
    /// The same piece in the folded text.
    folded: Range<usize>,
}

impl Piece {
    pub fn as_str<'t>(&self, text: &'t str) -> &'t str {
        &text[self.bytes.clone()]
    }
}

/// A text made ready for segmentation: its folded form and the way back.
pub(crate) struct Segmenter {
    folded: String,
    /// For each byte offset of `folded` that starts a character (and its end): the byte and
    /// code-point offsets of the same place in `text`.
    back: Vec<(usize, usize)>,
}

/// The class of an ASCII character whose runs fold to one: lower, upper, digit, space.
fn run_class(c: char) -> Option<u8> {
    match c {
        'a'..='z' => Some(0),
        'A'..='Z' => Some(1),
        '0'..='9' => Some(2),
        ' ' => Some(3),
        _ => None,
    }
}

impl Segmenter {
    pub fn new(text: &str) -> Self {
        let mut folded = String::with_capacity(text.len() / 2);
        let mut back = Vec::with_capacity(text.len() / 2 + 1);
        let mut previous = None;
        let mut count = 0;
        for (chars, (bytes, c)) in text.char_indices().enumerate() {
            count = chars + 1;
            let class = run_class(c);
            if class.is_some() && class == previous {
                continue;
            }
            previous = class;
            back.resize(folded.len(), (0, 0)); // bytes inside a character: never asked for
            back.push((bytes, chars));
            folded.push(c);
        }
        back.resize(folded.len(), (0, 0));
        back.push((text.len(), count));
        Segmenter { folded, back }
    }

    fn piece(&self, folded: Range<usize>) -> Piece {
        let (b0, c0) = self.back[folded.start];
        let (b1, c1) = self.back[folded.end];
        Piece {
            bytes: b0..b1,
            chars: c0..c1,
            folded,
        }
    }

    /// The sentences (UAX #29 sentence boundaries), trailing spaces included.
    pub fn sentences(&self) -> Vec<Piece> {
        (self.folded.split_sentence_bound_indices())
            .map(|(b, s)| self.piece(b..b + s.len()))
            .collect()
    }

    /// The words and punctuation marks of one sentence (UAX #29 word boundaries), without
    /// the whitespace between them (a run of spaces folds to one space, so a piece is
    /// whitespace exactly when its folded form is).
    pub fn words(&self, sentence: &Piece) -> Vec<Piece> {
        let base = sentence.folded.start;
        (self.folded[sentence.folded.clone()].split_word_bound_indices())
            .filter(|(_, w)| !w.chars().all(char::is_whitespace))
            .map(|(b, w)| self.piece(base + b..base + b + w.len()))
            .collect()
    }
}

/// The sentences of `text`, as [`Segmenter::sentences`].
pub(crate) fn sentences(text: &str) -> Vec<Piece> {
    Segmenter::new(text).sentences()
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
    use proptest::prelude::*;

    #[test]
    fn cjk_punctuation_and_emoji_are_separate_words_in_code_points() {
        let text = "“Peace” — 【和平】 talks 👍🏽 café. Next one.";
        let index = TextIndex::new(text);
        let seg = Segmenter::new(text);
        let sents = seg.sentences();
        assert_eq!(sents.len(), 2, "{sents:?}");
        let words: Vec<_> = (seg.words(&sents[0]).iter())
            .map(|p| (p.as_str(text), p.chars.clone()))
            .collect();
        let strs: Vec<_> = words.iter().map(|w| w.0).collect();
        for w in ["【", "】", "👍🏽", "Peace", "talks", "café"] {
            assert!(strs.contains(&w), "{w}: {strs:?}");
        }
        // Code-point ranges, as Python counts: "Peace" is text[1:6].
        assert!(words.contains(&("Peace", 1..6)));
        assert_eq!(piece_at(&sents, 0), Some(0));
        assert_eq!(piece_at(&sents, sents[1].chars.start), Some(1));
        assert_eq!(piece_at(&sents, index.char_len()), None);
    }

    /// What the crate gives on the text itself, as (sentence, its words) in code points.
    fn unfolded(text: &str) -> Vec<(Range<usize>, Vec<Range<usize>>)> {
        let chars = |b: usize| text[..b].chars().count();
        (text.split_sentence_bound_indices())
            .map(|(sb, s)| {
                let words = (s.split_word_bound_indices())
                    .filter(|(_, w)| !w.chars().all(char::is_whitespace))
                    .map(|(wb, w)| chars(sb + wb)..chars(sb + wb + w.len()))
                    .collect();
                (chars(sb)..chars(sb + s.len()), words)
            })
            .collect()
    }

    fn folded(text: &str) -> Vec<(Range<usize>, Vec<Range<usize>>)> {
        let seg = Segmenter::new(text);
        (seg.sentences().iter())
            .map(|s| {
                assert_eq!(&text[s.bytes.clone()].chars().count(), &s.chars.len());
                let words = seg.words(s).into_iter().map(|w| w.chars).collect();
                (s.chars.clone(), words)
            })
            .collect()
    }

    #[test]
    fn folding_changes_no_boundary_in_the_seed_corpus() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
        let Ok(entries) = std::fs::read_dir(&dir) else {
            return; // the corpus sits beside the project on the development machine only
        };
        for entry in entries {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            assert_eq!(folded(&text), unfolded(&text));
        }
    }

    #[test]
    fn folding_changes_no_boundary_in_any_script_or_suggestion_text() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
        let mut seen = 0;
        for dir in ["data/scripts", "suggest/held_out", "suggest/tuning"] {
            for entry in std::fs::read_dir(root.join(dir)).unwrap() {
                let Ok(text) = std::fs::read_to_string(entry.unwrap().path()) else {
                    continue;
                };
                assert_eq!(folded(&text), unfolded(&text));
                seen += 1;
            }
        }
        assert!(seen >= 10, "only {seen} texts");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Texts made of the characters the rules treat specially: runs of each folded
        /// class, sentence and word punctuation, quotes, marks, CJK, Arabic, emoji.
        #[test]
        fn folding_changes_no_boundary(pieces in prop::collection::vec(prop::sample::select(vec![
            "a", "bc", "Ab", "USA", "x", "7", "42", "1", " ", "  ", "\t", "\n", "\r\n", ".", "?",
            "!", ",", ";", ":", "'", "’", "\"", "“", "”", "(", ")", "-", "_", "é", "\u{301}",
            "\u{200d}", "和平", "【", "。", "قال", "👍🏽", "🇵🇰", "e.g.", "U.S.", "3.5", "1,000",
            "Mr.", "\u{a0}", "\u{2029}", "…", "—",
        ]), 0..40)) {
            let text: String = pieces.concat();
            prop_assert_eq!(folded(&text), unfolded(&text));
        }
    }
}
