//! Cutting a document into pieces that are laid out independently.
//!
//! Text layout cost grows faster than paragraph length, and a 1,000,000-character
//! article may be a single paragraph, so paragraphs longer than [`MAX_PIECE`] are cut
//! at sentence boundaries (or, failing that, at a word boundary). The pieces partition
//! the text: every code point except the newlines between paragraphs is in exactly one.
use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

/// Longest piece laid out as one galley, in bytes.
pub const MAX_PIECE: usize = 2000;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    /// Code-point range in the document.
    pub chars: Range<usize>,
    /// The same range in UTF-8 bytes.
    pub bytes: Range<usize>,
    /// Whether a paragraph break follows (adds vertical space).
    pub paragraph_end: bool,
}

/// Cuts `text` into pieces. Empty paragraphs produce no piece but their break is kept.
pub fn cut(text: &str) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut byte = 0;
    let mut chars = 0;
    for line in text.split('\n') {
        let line_chars = line.chars().count();
        if !line.trim().is_empty() {
            cut_paragraph(line, byte, chars, &mut pieces);
        } else if let Some(last) = pieces.last_mut() {
            last.paragraph_end = true;
        }
        byte += line.len() + 1;
        chars += line_chars + 1;
    }
    pieces
}

fn cut_paragraph(para: &str, byte0: usize, char0: usize, out: &mut Vec<Piece>) {
    // Most paragraphs fit in one piece: finding sentence ends costs more than the rest of
    // the cut, so it is done only where a cut is needed.
    if para.len() <= MAX_PIECE {
        out.push(Piece {
            chars: char0..char0 + para.chars().count(),
            bytes: byte0..byte0 + para.len(),
            paragraph_end: true,
        });
        return;
    }
    let mut start_b = 0;
    let mut start_c = 0;
    let mut cur_b = 0;
    let mut cur_c = 0;
    let push = |s_b: usize, e_b: usize, s_c: usize, e_c: usize, end: bool, out: &mut Vec<Piece>| {
        out.push(Piece {
            chars: char0 + s_c..char0 + e_c,
            bytes: byte0 + s_b..byte0 + e_b,
            paragraph_end: end,
        });
    };
    for sentence in para.split_sentence_bounds() {
        let sentence_chars = sentence.chars().count();
        if cur_b > start_b && cur_b - start_b + sentence.len() > MAX_PIECE {
            push(start_b, cur_b, start_c, cur_c, false, out);
            start_b = cur_b;
            start_c = cur_c;
        }
        if sentence.len() > MAX_PIECE {
            // A "sentence" longer than a piece (tables, lists without periods): cut at words.
            for word in sentence.split_word_bounds() {
                if cur_b > start_b && cur_b - start_b + word.len() > MAX_PIECE {
                    push(start_b, cur_b, start_c, cur_c, false, out);
                    start_b = cur_b;
                    start_c = cur_c;
                }
                cur_b += word.len();
                cur_c += word.chars().count();
            }
        } else {
            cur_b += sentence.len();
            cur_c += sentence_chars;
        }
    }
    push(start_b, cur_b, start_c, cur_c, true, out);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::slice_chars;

    #[test]
    fn pieces_cover_every_character_but_newlines() {
        let text = "Title 【X】\n\nFirst “para” 👍🏽.\nSecond e\u{301}.\n";
        let pieces = cut(text);
        assert_eq!(pieces.len(), 3);
        let texts: Vec<_> = pieces.iter().map(|p| &text[p.bytes.clone()]).collect();
        assert_eq!(
            texts,
            ["Title 【X】", "First “para” 👍🏽.", "Second e\u{301}."]
        );
        for p in &pieces {
            assert_eq!(
                slice_chars(text, p.chars.start, p.chars.end),
                Some(&text[p.bytes.clone()])
            );
        }
        assert!(pieces[0].paragraph_end);
    }

    #[test]
    fn long_paragraphs_are_cut_at_sentences_and_words() {
        let sentence = "Tarar said the talks “failed” — again. ";
        let para = sentence.repeat(200);
        let one_long_word = "x".repeat(5000);
        let text = format!("{para}\n{one_long_word}");
        let pieces = cut(&text);
        assert!(pieces.len() > 4);
        let mut covered = 0;
        for p in &pieces {
            assert!(p.bytes.len() <= MAX_PIECE || !text[p.bytes.clone()].contains(' '));
            assert_eq!(
                slice_chars(&text, p.chars.start, p.chars.end),
                Some(&text[p.bytes.clone()])
            );
            covered += p.chars.len();
        }
        assert_eq!(covered, text.chars().count() - 1, "all but the one newline");
        // Cuts fall at sentence ends.
        assert!(text[pieces[0].bytes.clone()].ends_with(". "));
    }
}
