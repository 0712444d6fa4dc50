//! Words, numbers and punctuation of one paragraph (UAX #29 word boundaries), and its
//! sentences.
use unicode_segmentation::UnicodeSegmentation;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Word,
    Num,
    Punct,
}

/// A token: byte range within its paragraph.
#[derive(Clone, Copy, Debug)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
}

pub fn tokenize(para: &str) -> Vec<Token> {
    para.split_word_bound_indices()
        .filter(|(_, s)| !s.chars().all(char::is_whitespace))
        .map(|(i, s)| {
            let first = s.chars().next().unwrap_or(' ');
            let kind = if first.is_numeric() {
                Kind::Num
            } else if s.chars().any(char::is_alphanumeric) {
                Kind::Word
            } else {
                Kind::Punct
            };
            Token {
                start: i,
                end: i + s.len(),
                kind,
            }
        })
        .collect()
}

/// Abbreviations whose period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "Dr", "Mr", "Mrs", "Ms", "St", "Gen", "Col", "Lt", "Sgt", "Prof", "Jr", "Sr", "Rep", "Sen",
    "Gov", "Capt", "Maj", "No", "Inc", "Co", "Corp", "Ltd", "U.S", "U.K", "U.N", "vs", "Mt",
];

pub fn is_closing_mark(s: &str) -> bool {
    matches!(s, "”" | "\"" | "’" | "'" | "»" | ")")
}

/// Sentences as ranges of token indices. A sentence ends after `.`, `!`, `?` (and any
/// closing marks) when the next token starts a new one: upper case, a digit or a mark.
pub fn sentences(para: &str, tokens: &[Token]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < tokens.len() {
        let t = &para[tokens[i].start..tokens[i].end];
        if matches!(t, "." | "!" | "?" | "…") && !is_abbreviation(para, tokens, i) {
            let mut end = i + 1;
            while end < tokens.len() && is_closing_mark(&para[tokens[end].start..tokens[end].end]) {
                end += 1;
            }
            let starts_new = tokens.get(end).is_none_or(|n| {
                let c = para[n.start..].chars().next().unwrap_or(' ');
                c.is_uppercase() || c.is_numeric() || "“\"‘'«(".contains(c)
            });
            if starts_new {
                out.push(start..end);
                start = end;
                i = end;
                continue;
            }
        }
        i += 1;
    }
    if start < tokens.len() {
        out.push(start..tokens.len());
    }
    out
}

fn is_abbreviation(para: &str, tokens: &[Token], i: usize) -> bool {
    if i == 0 || tokens[i - 1].end != tokens[i].start {
        return false;
    }
    let w = &para[tokens[i - 1].start..tokens[i - 1].end];
    ABBREVIATIONS.contains(&w)
        || (w.chars().count() == 1 && w.chars().all(char::is_uppercase))
        || w.eq_ignore_ascii_case("a.m")
        || w.eq_ignore_ascii_case("p.m")
}
