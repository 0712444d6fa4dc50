//! What each attribution reports: indirect speech (the finite clause after the verb, after
//! "that", after "According to X,", or fronted before "…, officials said"), and which
//! attribution each direct quote belongs to.
use std::ops::Range;

use super::attribution::{Attr, AttrKind, is_pronoun};
use super::lexicon::{Lexicon, Takes};
use super::para::Para;

/// Where a direct quote's speaker is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// An attribution of this paragraph (index into `attrs`).
    Here(usize),
    /// The attribution of a quote running over paragraphs, or of the paragraph before.
    Elsewhere,
}

/// The rules' findings in one paragraph (token ranges).
#[derive(Default, Debug)]
pub struct Found {
    /// Attributions kept (indexes into the candidate list).
    pub attrs: Vec<usize>,
    /// Indirect quotes with their attribution.
    pub indirect: Vec<(Range<usize>, usize)>,
    /// Direct quotes (index into `Para::quotes`) with their speaker.
    pub direct: Vec<(usize, Target)>,
}

const DETERMINERS: &[&str] = &[
    "the", "a", "an", "this", "these", "those", "its", "his", "her", "their", "our", "some", "no",
    "all", "many", "several", "most", "both", "any", "each", "every", "there", "nobody", "none",
    "one", "more", "few", "if", "while", "although", "though", "because", "when",
];
const DAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "Today",
    "Yesterday",
];
/// Words that open an adverbial, not a reported clause.
const PREPOSITIONS: &[&str] = &[
    "in",
    "on",
    "at",
    "during",
    "after",
    "before",
    "with",
    "without",
    "for",
    "from",
    "by",
    "commenting",
    "speaking",
    "according",
    "despite",
    "under",
    "amid",
];
/// Words before a quoted term that make it a name, not someone's words.
const NAMING: &[&str] = &[
    "nicknamed",
    "dubbed",
    "so-called",
    "called",
    "named",
    "titled",
    "reading",
    "read",
    "as",
    "term",
    "word",
    "slogan",
    "chants",
    "of",
];

fn root(attrs: &[Attr], a: usize) -> usize {
    match attrs[a].kind {
        AttrKind::Continues(parent) => root(attrs, parent),
        _ => a,
    }
}

pub fn analyse(p: &Para, lex: &Lexicon, attrs: &[Attr]) -> Found {
    let mut found = Found::default();
    let mut regions: Vec<(Range<usize>, usize)> = Vec::new();
    let mut dropped = vec![false; attrs.len()];
    for (a, attr) in attrs.iter().enumerate() {
        let inside = regions.iter().any(|(r, _)| r.contains(&attr.verb));
        if inside || matches!(attr.kind, AttrKind::Continues(x) if dropped[x]) {
            dropped[a] = true;
            continue;
        }
        if !matches!(attr.kind, AttrKind::Continues(_)) {
            found.attrs.push(a);
        }
        let Some(region) = region(p, lex, attrs, a) else {
            continue;
        };
        for part in conjuncts(p, region.clone()) {
            let has_quote = part.clone().any(|i| p.in_quote[i].is_some());
            let words = part.clone().filter(|&i| p.is_word(i)).count();
            if !has_quote && words >= 3 {
                found.indirect.push((part, root(attrs, a)));
            }
        }
        regions.push((region, root(attrs, a)));
    }
    for q in 0..p.quotes.len() {
        let toks = p.quote_tokens(q);
        let in_source = found
            .attrs
            .iter()
            .any(|&a| attrs[a].toks.start <= toks.start && toks.end <= attrs[a].toks.end);
        if in_source {
            continue; // a name in marks within a source phrase: "website 'Dawn' reported"
        }
        if let Some(t) = quote_target(p, attrs, &dropped, &regions, q) {
            found.direct.push((q, t));
        }
    }
    found
}

/// The tokens an attribution reports, if they are a clause (or hold direct quotes).
fn region(p: &Para, lex: &Lexicon, attrs: &[Attr], a: usize) -> Option<Range<usize>> {
    let attr = &attrs[a];
    let sent = p.sents[attr.sent].clone();
    let end = content_end(p, attrs, a, sent.clone());
    let others = |r: &Range<usize>| {
        attrs.iter().enumerate().any(|(b, x)| {
            b != a && r.contains(&x.verb) && !matches!(x.kind, AttrKind::Continues(_))
        })
    };
    if attr.kind == AttrKind::According {
        if p.word(attr.toks.end.min(sent.end - 1)) == "," {
            let r = attr.toks.end + 1..end;
            return (!others(&r)).then_some(r);
        }
        let c = attr.toks.start.checked_sub(1)?;
        let r = sent.start..c;
        return (p.word(c) == "," && !others(&r) && c > sent.start).then_some(r);
    }
    if !matches!(attr.takes, Takes::Say | Takes::That) {
        return None;
    }
    let v = attr.verb;
    // Fronted content: "[…], both sides said on October 19."
    let front_comma = match attr.kind {
        AttrKind::Inverted => Some(v - 1).filter(|&c| p.word(c) == ","),
        _ => attr.after_comma,
    };
    if let Some(c) = front_comma {
        // Nothing reported after the verb (no "that", clause or quote), and the fronted
        // part is neither an adverbial ("In a TV speech, he said") nor another source.
        let rest_empty = (v + 1..sent.end)
            .all(|i| p.in_quote[i].is_none() && (!p.is_word(i) || p.word(i) != "that"))
            && (v + 1 >= sent.end || !clause_start(p, lex, v + 1));
        let front = sent.start..c;
        let adverbial = PREPOSITIONS.contains(&p.word(sent.start).to_lowercase().as_str());
        let other = attrs
            .iter()
            .any(|x| x.toks.start < c && x.toks.end > sent.start && x.verb != v);
        if rest_empty && c > sent.start && !p.is_mark(c - 1) && !adverbial && !other {
            return Some(front);
        }
    }
    if attr.kind == AttrKind::Inverted {
        return None;
    }
    let limit = end.min(v + 16);
    for t in v + 1..limit {
        if p.in_quote[t].is_some() || matches!(p.word(t), ":" | ";") {
            break;
        }
        if p.word(t) == "that" {
            return (t + 1 < end).then_some(t + 1..end);
        }
    }
    let j = if matches!(p.word((v + 1).min(sent.end - 1)), "," | ":") {
        v + 2
    } else {
        v + 1
    };
    if attr.takes == Takes::Say && j < end && p.in_quote[j].is_none() && clause_start(p, lex, j) {
        return Some(j..end);
    }
    // A direct quote right after the verb ("declared, “…”") is its content.
    (j < end && p.in_quote[j].is_some()).then_some(j..end)
}

/// Whether a clause can start at token `j` (a subject: pronoun, determiner, name).
fn clause_start(p: &Para, lex: &Lexicon, j: usize) -> bool {
    let w = p.word(j);
    let lower = w.to_lowercase();
    if DAYS.contains(&w) || lex.months.contains(&lower) || p.is_mark(j) {
        return false;
    }
    let next_to = j + 1 < p.toks.len() && p.word(j + 1) == "to";
    !next_to
        && (is_pronoun(w)
            || DETERMINERS.contains(&lower.as_str())
            || lex.cardinals.contains(&lower)
            || p.is_cap(j)
            || p.kind(j) == super::tokens::Kind::Num)
}

/// Where the reported clause ends: the sentence's end (final period excluded), or before
/// the next attribution or continuing verb of the sentence.
fn content_end(p: &Para, attrs: &[Attr], a: usize, sent: Range<usize>) -> usize {
    let mut end = sent.end;
    while end > sent.start && matches!(p.word(end - 1), "." | "!" | "?") {
        end -= 1;
    }
    // Not an attribution embedded in the content ("… that Pakistan contends …").
    let next = attrs
        .iter()
        .filter(|x| x.sent == attrs[a].sent && x.toks.start > attrs[a].verb)
        .filter(|x| {
            let before = p.word(x.toks.start.saturating_sub(1));
            !matches!(x.kind, AttrKind::Normal) || matches!(before, "," | "and" | "but" | ";")
        })
        .map(|x| x.toks.start)
        .min();
    if let Some(mut n) = next {
        while n > sent.start && matches!(p.word(n - 1), "," | "and" | "but" | "further") {
            n -= 1;
        }
        end = end.min(n);
    }
    end
}

/// A reported content split where each part has its own subject ("A, and B").
fn conjuncts(p: &Para, r: Range<usize>) -> Vec<Range<usize>> {
    let mut parts = Vec::new();
    let mut start = r.start;
    let mut i = r.start;
    while i + 2 < r.end {
        let comma_and = p.word(i) == "," && matches!(p.word(i + 1), "and" | "but");
        if p.word(i) == "and" && p.word(i + 1) == "that" && i > r.start {
            parts.push(start..i);
            start = i + 2;
            i = start;
            continue;
        }
        let subject = |j: usize| is_pronoun(p.word(j)) || p.is_cap(j);
        if (comma_and && subject(i + 2)) || p.word(i) == ";" {
            parts.push(start..i);
            start = if p.word(i) == ";" { i + 1 } else { i + 2 };
            if p.word(start) == "that" {
                start += 1;
            }
            i = start;
            continue;
        }
        i += 1;
    }
    parts.push(start..r.end);
    parts
        .into_iter()
        .map(|mut part| {
            while part.end > part.start
                && !p.is_word(part.end - 1)
                && !p.is_mark(part.end - 1)
                && p.kind(part.end - 1) != super::tokens::Kind::Num
                && p.word(part.end - 1) != ")"
            {
                part.end -= 1;
            }
            part
        })
        .filter(|part| !part.is_empty())
        .collect()
}

fn quote_target(
    p: &Para,
    attrs: &[Attr],
    dropped: &[bool],
    regions: &[(Range<usize>, usize)],
    q: usize,
) -> Option<Target> {
    let toks = p.quote_tokens(q);
    if toks.is_empty() {
        return None;
    }
    if let Some((_, a)) = regions.iter().find(|(r, _)| r.contains(&toks.start)) {
        return Some(Target::Here(*a));
    }
    let mut before = toks.start;
    while before > 0 && matches!(p.word(before - 1), "the" | "a" | "an") {
        before -= 1;
    }
    if before > 0 && NAMING.contains(&p.word(before - 1).to_lowercase().as_str()) {
        let is_attr = attrs.iter().any(|a| a.verb == before - 1);
        if !is_attr {
            return None;
        }
    }
    let s = p.sentence_of(toks.start);
    let live = |a: &usize| !dropped[*a] && attrs[*a].sent == s;
    let same: Vec<usize> = (0..attrs.len()).filter(live).collect();
    let after = |a: &&usize| {
        let gap = attrs[**a].toks.start.saturating_sub(toks.end);
        attrs[**a].toks.start >= toks.end && gap <= 1
    };
    if let Some(a) = same.iter().find(after) {
        return Some(Target::Here(root(attrs, *a)));
    }
    if let Some(a) = same
        .iter()
        .rev()
        .find(|a| attrs[**a].toks.end <= toks.start)
    {
        return Some(Target::Here(root(attrs, *a)));
    }
    if let Some(a) = same.first() {
        return Some(Target::Here(root(attrs, *a)));
    }
    let quote = p.quotes[q];
    if quote.runs_on || quote.continues {
        return Some(Target::Elsewhere);
    }
    // A quote that is a whole sentence belongs to the paragraph's speaker.
    let sent = p.sents[s].clone();
    let whole = toks.start <= sent.start + 1 && toks.end + 1 >= sent.end;
    if !whole {
        return None;
    }
    let before = (0..attrs.len())
        .rev()
        .find(|&a| !dropped[a] && attrs[a].toks.end <= toks.start);
    let any = (0..attrs.len()).find(|&a| !dropped[a]);
    match before.or(any) {
        Some(a) => Some(Target::Here(root(attrs, a))),
        None if p.sents.len() == 1 || p.quotes.len() == 1 => Some(Target::Elsewhere),
        None => Some(Target::Elsewhere),
    }
}
