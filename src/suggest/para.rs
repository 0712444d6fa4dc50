//! One paragraph as the rules see it: tokens, sentences and direct quotes.
use std::ops::Range;

use super::quotes::Quoted;
use super::tokens::{Kind, Token, sentences, tokenize};

pub struct Para<'a> {
    pub text: &'a str,
    pub toks: Vec<Token>,
    pub sents: Vec<Range<usize>>,
    pub quotes: Vec<Quoted>,
    /// For each token, the direct quote it lies in.
    pub in_quote: Vec<Option<usize>>,
}

impl<'a> Para<'a> {
    pub fn new(text: &'a str, quotes: Vec<Quoted>) -> Self {
        let toks = tokenize(text);
        let sents = sentences(text, &toks);
        let in_quote = toks
            .iter()
            .map(|t| {
                quotes
                    .iter()
                    .position(|q| q.start <= t.start && t.end <= q.end)
            })
            .collect();
        Para {
            text,
            toks,
            sents,
            quotes,
            in_quote,
        }
    }

    pub fn word(&self, i: usize) -> &'a str {
        let t = &self.toks[i];
        &self.text[t.start..t.end]
    }

    pub fn kind(&self, i: usize) -> Kind {
        self.toks[i].kind
    }

    pub fn is_word(&self, i: usize) -> bool {
        i < self.toks.len() && self.toks[i].kind == Kind::Word
    }

    pub fn is_cap(&self, i: usize) -> bool {
        self.is_word(i) && self.word(i).chars().next().is_some_and(char::is_uppercase)
    }

    pub fn is_lower(&self, i: usize) -> bool {
        self.is_word(i) && self.word(i).chars().next().is_some_and(char::is_lowercase)
    }

    /// A quotation mark token (opening or closing, any kind).
    pub fn is_mark(&self, i: usize) -> bool {
        i < self.toks.len()
            && matches!(
                self.word(i),
                "“" | "”" | "\"" | "‘" | "’" | "'" | "«" | "»" | "„"
            )
    }

    pub fn sentence_of(&self, i: usize) -> usize {
        self.sents
            .iter()
            .position(|s| s.contains(&i))
            .unwrap_or(self.sents.len().saturating_sub(1))
    }

    /// The token range of a direct quote.
    pub fn quote_tokens(&self, q: usize) -> Range<usize> {
        let first = self.in_quote.iter().position(|&x| x == Some(q));
        let last = self.in_quote.iter().rposition(|&x| x == Some(q));
        match (first, last) {
            (Some(f), Some(l)) => f..l + 1,
            _ => 0..0,
        }
    }

    /// Byte range covered by tokens `r` (empty range for no tokens).
    pub fn bytes(&self, r: Range<usize>) -> Range<usize> {
        if r.is_empty() {
            return 0..0;
        }
        self.toks[r.start].start..self.toks[r.end - 1].end
    }
}
