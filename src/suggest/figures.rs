//! Figures: a number with its attached unit ("1,600-mile", "$2 billion", "30 percent",
//! "two-thirds", "9-2"), not dates, years, times, ordinals, identifiers, or the
//! counted noun.
use std::ops::Range;

use super::lexicon::Lexicon;
use super::para::Para;
use super::tokens::Kind;

const CURRENCY: &[&str] = &["$", "€", "£", "¥", "₹"];
const TIME_WORDS: &[&str] = &[
    "a.m",
    "p.m",
    "am",
    "pm",
    "gmt",
    "utc",
    "o’clock",
    "o'clock",
    "hrs",
];
const DEFINITE: &[&str] = &[
    "the", "these", "those", "both", "all", "its", "their", "our",
];

/// Figures of the paragraph as token ranges.
pub fn find_figures(p: &Para, lex: &Lexicon) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < p.toks.len() {
        let found = match p.kind(i) {
            Kind::Num => digits(p, lex, i),
            Kind::Word => spelled(p, lex, i),
            Kind::Punct => None,
        };
        match found {
            Some(r) => {
                i = r.end;
                out.push(r);
            }
            None => i += 1,
        }
    }
    out
}

fn adjacent(p: &Para, a: usize, b: usize) -> bool {
    b < p.toks.len() && p.toks[a].end == p.toks[b].start
}

fn lower(p: &Para, i: usize) -> String {
    if i < p.toks.len() {
        p.word(i).to_lowercase()
    } else {
        String::new()
    }
}

/// The whitespace-delimited chunk around a token holds a URL, an address or a path.
fn in_identifier(p: &Para, i: usize) -> bool {
    let t = &p.toks[i];
    let start = p.text[..t.start]
        .rfind(char::is_whitespace)
        .map_or(0, |x| x + 1);
    let end = p.text[t.end..]
        .find(char::is_whitespace)
        .map_or(p.text.len(), |x| t.end + x);
    let chunk = &p.text[start..end];
    chunk.contains('/') || chunk.contains('@') || chunk.contains("www.") || chunk.contains('#')
}

fn digits(p: &Para, lex: &Lexicon, i: usize) -> Option<Range<usize>> {
    let w = p.word(i);
    if w.chars().any(char::is_alphabetic) || in_identifier(p, i) {
        return None; // "29th", "7b"
    }
    // "COVID-19", "F-16": a number glued to a word.
    if i >= 2 && adjacent(p, i - 1, i) && p.word(i - 1) == "-" && p.kind(i - 2) == Kind::Word {
        return None;
    }
    if i >= 1 && adjacent(p, i - 1, i) && p.kind(i - 1) == Kind::Word {
        return None;
    }
    let is_year = w.len() == 4
        && w.chars().all(|c| c.is_ascii_digit())
        && (1800..=2100).contains(&w.parse::<u32>().unwrap_or(0));
    let month_next = lex.months.contains(&lower(p, i + 1));
    let month_before = i > 0 && lex.months.contains(&lower(p, i - 1));
    // "8:30": UAX #29 keeps the colon apart from the digits.
    let time = w.len() <= 2
        && adjacent(p, i, i + 1)
        && i + 2 < p.toks.len()
        && p.word(i + 1) == ":"
        && p.kind(i + 2) == Kind::Num
        && adjacent(p, i + 1, i + 2);
    if month_next || month_before || time || TIME_WORDS.contains(&lower(p, i + 1).as_str()) {
        return None;
    }
    let start = if i > 0 && adjacent(p, i - 1, i) && CURRENCY.contains(&p.word(i - 1)) {
        i - 1
    } else {
        i
    };
    let end = extend(p, lex, i + 1);
    if is_year && end == i + 1 && start == i {
        return None;
    }
    Some(start..end)
}

/// The unit after a number ending before token `k`: ranges, hyphenated units, %, scale
/// words and unit words.
fn extend(p: &Para, lex: &Lexicon, mut k: usize) -> usize {
    // A range or a tally: "10–15", "9-2".
    if k + 1 < p.toks.len()
        && matches!(p.word(k), "-" | "–")
        && adjacent(p, k - 1, k)
        && adjacent(p, k, k + 1)
        && p.kind(k + 1) == Kind::Num
    {
        k += 2;
    }
    // "1,600-mile", "30-year-old", "two-thirds".
    while k + 1 < p.toks.len()
        && p.word(k) == "-"
        && adjacent(p, k - 1, k)
        && adjacent(p, k, k + 1)
        && p.kind(k + 1) == Kind::Word
    {
        k += 2;
    }
    if k < p.toks.len() && p.word(k) == "%" {
        return k + 1;
    }
    while k < p.toks.len() && lex.scales.contains(&lower(p, k)) {
        k += 1;
    }
    for unit in &lex.units {
        if unit.iter().enumerate().all(|(n, u)| lower(p, k + n) == *u) {
            return k + unit.len();
        }
    }
    k
}

fn spelled(p: &Para, lex: &Lexicon, i: usize) -> Option<Range<usize>> {
    let w = lower(p, i);
    let hyphen_first = i + 2 < p.toks.len()
        && p.word(i + 1) == "-"
        && adjacent(p, i, i + 1)
        && adjacent(p, i + 1, i + 2);
    let is_card = lex.cardinals.contains(&w);
    if !is_card && !lex.approx.contains(&w) {
        return None;
    }
    if i > 0 && adjacent(p, i - 1, i) && p.word(i - 1) == "-" {
        return None; // the second half of a word like "Group-Seven"
    }
    let mut end = i + 1;
    while end < p.toks.len() && (lex.cardinals.contains(&lower(p, end)) || lower(p, end) == "and") {
        if lower(p, end) == "and" && !lex.cardinals.contains(&lower(p, end + 1)) {
            break;
        }
        end += 1;
    }
    let end = extend(p, lex, end);
    let extended = end > i + 1 || hyphen_first;
    if w == "one" && !extended {
        return None; // "one of them"
    }
    if is_card && i > 0 && DEFINITE.contains(&lower(p, i - 1).as_str()) && !extended {
        return None; // "the two countries"
    }
    if i + 1 < p.toks.len() && lex.months.contains(&lower(p, i + 1)) {
        return None;
    }
    Some(i..end)
}

#[cfg(test)]
mod tests {
    use crate::suggest::{SuggestOptions, suggest_text};

    fn figures(text: &str) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        let options = SuggestOptions {
            labels: vec!["figure".into()],
        };
        suggest_text(text, &options)
            .spans
            .iter()
            .map(|(s, _)| chars[s.start..s.end].iter().collect())
            .collect()
    }

    #[test]
    fn numbers_keep_their_units_but_not_the_counted_noun() {
        assert_eq!(
            figures(
                "A 1,600-mile border, $2.3 billion, 12%, 30 per cent, five soldiers, two-thirds, a 9-2 vote, dozens died."
            ),
            [
                "1,600-mile",
                "$2.3 billion",
                "12%",
                "30 per cent",
                "five",
                "two-thirds",
                "9-2",
                "dozens"
            ]
        );
    }

    #[test]
    fn dates_years_times_ordinals_and_known_entities_are_not_figures() {
        let none = "On October 19 and 8 November 2021, at 8:30 a.m., on the 29th, a second round: \
                    the two countries met, one of them said, at https://x.org/a/7566637485.";
        assert_eq!(figures(none), Vec::<String>::new());
    }
}
