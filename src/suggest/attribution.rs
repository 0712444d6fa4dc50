//! Attributions: a source noun phrase with its first reporting verb group ("Pakistani
//! officials noted", "said Maria Lopez, a spokeswoman"), "According to X", and the later
//! verbs of the same source ("…, adding that …"), which continue it.
use std::ops::Range;

use super::lexicon::{Lexicon, Takes};
use super::para::Para;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttrKind {
    /// Subject, then verb.
    Normal,
    /// Verb, then subject: "said Maria Lopez".
    Inverted,
    /// "According to X".
    According,
    /// Another verb of an earlier attribution (its index): "…, adding that".
    Continues(usize),
}

#[derive(Clone, Debug)]
pub struct Attr {
    pub kind: AttrKind,
    /// The span's tokens (for a continuation: its verb).
    pub toks: Range<usize>,
    /// The reporting verb ("to" of "according to").
    pub verb: usize,
    pub takes: Takes,
    pub sent: usize,
    /// The source phrase starts right after this comma: what comes before it in the
    /// sentence may be the fronted content ("…, both sides said").
    pub after_comma: Option<usize>,
}

/// Auxiliaries, negation and adverbs that belong to the verb group.
pub(crate) const AUX: &[&str] = &[
    "has", "have", "had", "is", "was", "were", "are", "also", "not", "did", "does", "do", "again",
    "later", "then", "too", "further",
];

/// Words that end a source phrase scanned leftwards: they open a clause.
const CLAUSE_WORDS: &[&str] = &[
    "that", "and", "but", "while", "though", "although", "as", "when", "where", "what", "which",
    "because", "if", "so", "after", "before", "since", "until", "however", "than", "whether",
    "how", "why", "or", "nor", "yet", "once", "whereas", "despite",
];

/// Words before a verb that make it a noun or an adjective ("regarding alleged groups").
const NOT_SUBJECT_END: &[&str] = &[
    "of",
    "to",
    "in",
    "on",
    "at",
    "by",
    "for",
    "with",
    "from",
    "regarding",
    "about",
    "over",
    "against",
    "into",
    "the",
    "a",
    "an",
    "its",
    "their",
    "his",
    "her",
    "this",
    "our",
    "your",
    "be",
    "been",
    "being",
    "was",
    "were",
    "is",
    "are",
    "no",
    "any",
];

/// A modal before the verb: what someone should or might say is not a report.
const MODALS: &[&str] = &[
    "will", "would", "could", "may", "might", "should", "can", "must", "shall",
];

const PASSIVE: &[&str] = &[
    "was", "were", "been", "be", "being", "is", "are", "get", "got",
];

pub fn is_pronoun(w: &str) -> bool {
    matches!(
        w.to_lowercase().as_str(),
        "he" | "she" | "it" | "they" | "we" | "i" | "you"
    )
}

pub fn find_attributions(p: &Para, lex: &Lexicon) -> Vec<Attr> {
    let mut out: Vec<Attr> = Vec::new();
    for (s, sent) in p.sents.iter().enumerate() {
        let mut i = sent.start;
        while i < sent.end {
            if p.in_quote[i].is_some() || !p.is_word(i) {
                i += 1;
                continue;
            }
            if let Some(a) = according(p, i, s, sent.clone()) {
                i = a.toks.end;
                out.push(a);
                continue;
            }
            if let Some(a) = verb_attr(p, lex, i, s, sent.clone(), &out) {
                out.push(a);
            }
            i += 1;
        }
    }
    out
}

/// "According to X" up to a comma, the sentence's end or a trailing date.
fn according(p: &Para, i: usize, s: usize, sent: Range<usize>) -> Option<Attr> {
    if !p.word(i).eq_ignore_ascii_case("according") || i + 2 >= sent.end {
        return None;
    }
    if !p.word(i + 1).eq_ignore_ascii_case("to") {
        return None;
    }
    let mut end = i + 2;
    while end < sent.end && !p.is_mark(end) && !matches!(p.word(end), "," | "." | ";" | ":") {
        if p.word(end) == "on" && (p.is_cap(end + 1) || p.word(end + 1) == "the") {
            break;
        }
        end += 1;
    }
    if end == i + 2 {
        return None;
    }
    Some(Attr {
        kind: AttrKind::According,
        toks: i..end,
        verb: i + 1,
        takes: Takes::Say,
        sent: s,
        after_comma: None,
    })
}

fn verb_attr(
    p: &Para,
    lex: &Lexicon,
    v: usize,
    s: usize,
    sent: Range<usize>,
    found: &[Attr],
) -> Option<Attr> {
    let form = lex.verb(p.word(v))?;
    if form.takes == Takes::Copula && !(v > sent.start && PASSIVE.contains(&p.word(v - 1))) {
        return None;
    }
    if form.takes != Takes::Copula && !finite_use(p, v, sent.start) {
        return None;
    }
    if !form.participle && !takes_ok(p, v, form.takes, sent.clone()) {
        return None;
    }
    // "their war claims, were …": a verb before a comma needs a quote or "…, adding".
    if !form.participle && v + 2 < sent.end && p.word(v + 1) == "," {
        let next = p.word(v + 2).to_lowercase();
        let goes_on = p.is_mark(v + 2) || lex.verb(&next).is_some_and(|f| f.participle);
        if !goes_on && next != "according" {
            return None;
        }
    }
    let parent = found
        .iter()
        .rposition(|a| a.sent == s && !matches!(a.kind, AttrKind::Continues(_)) && a.toks.end <= v);
    if form.participle {
        // "…, adding that …": only as another verb of the sentence's source.
        let group = verb_group_start(p, v, sent.start, form.takes);
        let after_comma = group > sent.start && p.word(group - 1) == ",";
        return parent.filter(|_| after_comma).map(|a| Attr {
            kind: AttrKind::Continues(a),
            toks: v..v + 1,
            verb: v,
            takes: form.takes,
            sent: s,
            after_comma: None,
        });
    }
    let group = verb_group_start(p, v, sent.start, form.takes);
    if group > sent.start && MODALS.contains(&p.word(group - 1).to_lowercase().as_str()) {
        return None;
    }
    // The source phrase never reaches back into an earlier attribution.
    let floor = found
        .iter()
        .filter(|a| a.sent == s)
        .map(|a| a.toks.end)
        .max()
        .unwrap_or(sent.start)
        .max(sent.start);
    match subject(p, group, floor) {
        Some((np_start, after_comma)) => Some(Attr {
            kind: AttrKind::Normal,
            toks: np_start..v + 1,
            verb: v,
            takes: form.takes,
            sent: s,
            after_comma,
        }),
        None if group > sent.start && matches!(p.word(group - 1), "and" | "but" | ",") => parent
            .map(|a| Attr {
                kind: AttrKind::Continues(a),
                toks: v..v + 1,
                verb: v,
                takes: form.takes,
                sent: s,
                after_comma: None,
            }),
        None => inverted(p, v, s, sent, form.takes),
    }
}

/// Not an infinitive ("declined to say"), a passive ("was reported") or a noun/adjective
/// after a determiner or preposition ("regarding alleged groups").
fn finite_use(p: &Para, v: usize, start: usize) -> bool {
    if v == start {
        return true;
    }
    let before = p.word(v - 1).to_lowercase();
    !NOT_SUBJECT_END.contains(&before.as_str()) && !PASSIVE.contains(&before.as_str())
}

/// Whether the verb's use fits its tag: light verbs need "a … statement", quote verbs a
/// direct quote later in the sentence.
fn takes_ok(p: &Para, v: usize, takes: Takes, sent: Range<usize>) -> bool {
    match takes {
        Takes::Light => {
            let nouns = [
                "statement",
                "threat",
                "warning",
                "ultimatum",
                "appeal",
                "denial",
            ];
            v + 1 < sent.end
                && matches!(p.word(v + 1), "a" | "an")
                && (v + 2..(v + 6).min(sent.end))
                    .any(|k| nouns.contains(&p.word(k).to_lowercase().as_str()))
        }
        Takes::Quote => (v + 1..(v + 8).min(sent.end)).any(|k| p.in_quote[k].is_some()),
        _ => true,
    }
}

/// Where the verb group starts: auxiliaries, negation and -ly adverbs before the verb.
fn verb_group_start(p: &Para, v: usize, start: usize, takes: Takes) -> usize {
    let mut g = v;
    while g > start {
        let w = p.word(g - 1);
        let lower = w.to_lowercase();
        let adverb = p.is_lower(g - 1) && w.len() > 4 && w.ends_with("ly");
        let copula = takes == Takes::Copula && PASSIVE.contains(&lower.as_str());
        if AUX.contains(&lower.as_str()) && p.is_lower(g - 1) || adverb || copula {
            g -= 1;
        } else {
            break;
        }
    }
    g
}

/// The source phrase before the verb group at `g`: its first token, and the comma it
/// follows when it starts mid-sentence. `None` when there is no plausible subject.
fn subject(p: &Para, g: usize, start: usize) -> Option<(usize, Option<usize>)> {
    let mut k = g;
    // "X, who …, said" / "Minister, Khawaja Asif, said": skip the parenthetical.
    if k > start && p.word(k - 1) == "," {
        let open = (start..k - 1)
            .rev()
            .find(|&j| p.word(j) == "," || p.is_mark(j))?;
        if p.is_mark(open) || open == start {
            return None;
        }
        k = open;
    }
    let head_end = k;
    while k > start {
        let j = k - 1;
        let w = p.word(j);
        let lower = w.to_lowercase();
        if let Some(q) = p.in_quote[j].filter(|_| p.is_mark(j)) {
            // A short name in marks inside the source phrase: "news website 'Dawn' reported".
            let r = p.quote_tokens(q);
            let words = r.clone().filter(|&x| p.is_word(x)).count();
            let named = r.start > start && p.is_word(r.start - 1) && p.is_word(j - 1);
            if r.end != j + 1 || words > 3 || !p.is_cap(r.start + 1) || !named {
                break;
            }
            k = r.start;
        } else if p.is_word(j) || p.kind(j) == super::tokens::Kind::Num {
            let between_caps = p.is_cap(j + 1) && j > start && p.is_cap(j - 1);
            if CLAUSE_WORDS.contains(&lower.as_str()) && !(lower == "and" && between_caps) {
                break;
            }
            k -= 1;
        } else if w == "," && p.is_cap(j + 1) && j > start && p.is_cap(j - 1) && head_end - j < 6 {
            k -= 1; // "Minister for Tribes, Borders, and Tribal Affairs"
        } else if matches!(w, "-" | "(" | ")" | "’" | "'") && no_space_around(p, j) {
            k -= 1;
        } else {
            break;
        }
    }
    if k < head_end && !plausible_subject(p, k..head_end) {
        // "Commenting on …, Khawaja Asif said": retry after the last comma.
        k = (k..head_end)
            .rev()
            .find(|&x| p.word(x) == ",")
            .map_or(head_end, |c| c + 1);
    }
    if k == head_end || !plausible_subject(p, k..head_end) {
        return None;
    }
    let after_comma = (k > start && p.word(k - 1) == ",").then(|| k - 1);
    Some((k, after_comma))
}

fn no_space_around(p: &Para, j: usize) -> bool {
    j > 0 && j + 1 < p.toks.len() && p.toks[j - 1].end == p.toks[j].start
}

/// A short noun phrase: no past-tense or -ing word, not led by a preposition.
fn plausible_subject(p: &Para, r: Range<usize>) -> bool {
    let words = r.clone().filter(|&i| p.is_word(i)).count();
    if words == 0 || words > 10 {
        return false;
    }
    let first = p.word(r.start).to_lowercase();
    if NOT_SUBJECT_END[..12].contains(&first.as_str()) && first != "the" {
        return false;
    }
    !r.clone().any(|i| {
        let w = p.word(i);
        p.is_lower(i)
            && w.len() > 4
            && (w.ends_with("ed") || w.ends_with("ing"))
            && !matches!(w, "united" | "armed" | "elected" | "unnamed" | "ruling")
    }) && !r
        .clone()
        .any(|i| PASSIVE.contains(&p.word(i)) || p.word(i) == "had")
}

/// "“…,” said Maria Lopez, a spokeswoman for the party." (verb, then the source).
fn inverted(p: &Para, v: usize, s: usize, sent: Range<usize>, takes: Takes) -> Option<Attr> {
    let before = v.checked_sub(1).filter(|&b| b >= sent.start)?;
    let after_quote = p.is_mark(before) || (p.word(before) == "," && before > sent.start);
    if !after_quote {
        return None;
    }
    let first = v + 1;
    let starts_np = p.is_cap(first)
        || matches!(p.word(first).to_lowercase().as_str(), "the" | "a" | "an")
        || is_pronoun(p.word(first));
    if first >= sent.end || !starts_np {
        return None;
    }
    let mut end = first;
    while end < sent.end {
        let w = p.word(end);
        if matches!(w, "." | ";" | ":" | "!" | "?") || p.is_mark(end) {
            break;
        }
        if w == "," {
            let next = p.word((end + 1).min(sent.end - 1));
            let appositive =
                matches!(next, "a" | "an" | "the" | "who" | "which") || p.is_cap(end + 1);
            if !appositive || end + 1 >= sent.end {
                break;
            }
        }
        end += 1;
    }
    Some(Attr {
        kind: AttrKind::Inverted,
        toks: v..end,
        verb: v,
        takes,
        sent: s,
        after_comma: None,
    })
}
