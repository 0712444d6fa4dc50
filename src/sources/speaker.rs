//! The speaker of a source span: the span with its reporting verb group taken off
//! ("Attaullah Tarar confirmed" → "Attaullah Tarar", "said Maria Lopez, a spokeswoman" →
//! "Maria Lopez", "according to the ministry" → "the ministry"), and what kind of speaker
//! that is. The verbs are the suggester's (`assets/suggest/reporting_verbs.txt`), so a verb
//! added there is recognised here too; titles are in `assets/sources/titles.txt`.
use std::sync::OnceLock;

use rustc_hash::FxHashSet;
use serde::Serialize;

use crate::suggest::{AUX, is_pronoun, lexicon};

const TITLES: &str = include_str!("../../assets/sources/titles.txt");

/// Lower-case words allowed inside a name ("Ursula von der Leyen", "Osama bin Laden").
const PARTICLES: &[&str] = &[
    "al", "bin", "ibn", "da", "de", "del", "della", "der", "di", "du", "la", "le", "van", "von",
];

/// Words before a verb that make it a noun: "a report said" is not the speaker "a".
const NOT_BEFORE_VERB: &[&str] = &[
    "a", "an", "the", "of", "to", "his", "her", "its", "their", "our", "this", "that",
];

/// How a speaker is grouped (see `crate::sources`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SpeakerKind {
    /// A named person: grouped by name, surname and title + surname.
    Person,
    /// "he", "she", "they"…: who that is depends on the document, so never grouped across
    /// documents.
    Pronoun,
    /// Anonymous or organisational ("a security source", "the ministry"): by its text.
    Other,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Speaker {
    /// The speaker as written, without the verb group: "Information Minister Attaullah Tarar".
    pub text: String,
    pub kind: SpeakerKind,
    /// For a person, the name as written without titles ("Attaullah Tarar"); else the text.
    pub name: String,
    /// The name lower-cased with single spaces: what grouping and aliases compare.
    pub form: String,
}

/// The speaker of an attribution span.
pub fn speaker(span: &str) -> Speaker {
    let words: Vec<&str> = span.split_whitespace().collect();
    let mut phrase = speaker_words(&words);
    // An apposition ends the name ("Maria Lopez, a spokeswoman"), or is the name
    // ("Pakistan's Minister of Information, Attaullah Tarar,").
    if let Some(comma) = phrase.iter().position(|w| w.ends_with(',')) {
        let tail = &phrase[comma + 1..];
        let tail = &tail[..tail
            .iter()
            .position(|w| w.ends_with(','))
            .map_or(tail.len(), |c| c + 1)];
        let head = &phrase[..=comma];
        let names = |words: &[&str]| person_name(trim_marks(&words.join(" "))).is_some();
        phrase = if !names(head) && names(tail) {
            tail
        } else {
            head
        };
    }
    let text = trim_marks(&phrase.join(" ")).to_owned();
    let text = if text.is_empty() {
        trim_marks(span).to_owned()
    } else {
        text
    };
    let kind_and_name = if !text.contains(' ') && is_pronoun(&text) {
        (SpeakerKind::Pronoun, text.clone())
    } else {
        match person_name(&text) {
            Some(name) => (SpeakerKind::Person, name),
            None => (SpeakerKind::Other, text.clone()),
        }
    };
    let (kind, name) = kind_and_name;
    Speaker {
        form: super::normalize(&name),
        text,
        kind,
        name,
    }
}

/// The words of the source phrase: after "according to", after a leading verb ("said
/// Maria Lopez"), or before the first verb and its auxiliaries ("has criticized").
fn speaker_words<'a, 'w>(words: &'a [&'w str]) -> &'a [&'w str] {
    let lower = |w: &str| bare(w).to_lowercase();
    if words.len() > 2 && lower(words[0]) == "according" && lower(words[1]) == "to" {
        return &words[2..];
    }
    let lex = lexicon();
    let verb = (0..words.len()).find(|&i| {
        let w = bare(words[i]);
        // A capital inside the phrase is a name ("Says Ltd"), not a verb.
        let capital = w.chars().next().is_some_and(char::is_uppercase);
        lex.verb(w).is_some()
            && (i == 0 || (!capital && !NOT_BEFORE_VERB.contains(&lower(words[i - 1]).as_str())))
    });
    match verb {
        None => words,
        Some(0) => &words[1..],
        Some(mut end) => {
            while end > 0 && AUX.contains(&lower(words[end - 1]).as_str()) {
                end -= 1;
            }
            &words[..end]
        }
    }
}

/// The person's name in a speaker phrase: the capitalised words after the last title,
/// or the whole phrase if it is only capitalised words. `None` when it is not a name.
fn person_name(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let titles = titles();
    let after_title = (words.iter())
        .rposition(|w| titles.contains(bare(w).to_lowercase().as_str()))
        .map_or(0, |t| t + 1);
    let name = &words[after_title..];
    let first = name.first()?;
    let is_cap = |w: &str| bare(w).chars().next().is_some_and(char::is_uppercase);
    let ok = is_cap(first)
        && !matches!(bare(first).to_lowercase().as_str(), "the" | "a" | "an")
        && name.last().is_some_and(|w| is_cap(w))
        && name.iter().all(|w| {
            let b = bare(w);
            !b.is_empty()
                && !is_possessive(w)
                && (is_cap(w) || PARTICLES.contains(&b.to_lowercase().as_str()))
        });
    ok.then(|| name.iter().map(|w| bare(w)).collect::<Vec<_>>().join(" "))
}

fn titles() -> &'static FxHashSet<String> {
    static TITLE_SET: OnceLock<FxHashSet<String>> = OnceLock::new();
    TITLE_SET.get_or_init(|| {
        (TITLES.lines())
            .filter(|l| !l.trim_start().starts_with('#'))
            .flat_map(str::split_whitespace)
            .map(str::to_lowercase)
            .collect()
    })
}

/// "Pakistan’s": a possessive is a modifier, never part of a name.
fn is_possessive(w: &str) -> bool {
    let w = bare(w);
    w.ends_with("'s") || w.ends_with("’s")
}

/// A word without the punctuation around it ("Tarar," → "Tarar", "Mr." → "Mr").
fn bare(w: &str) -> &str {
    w.trim_matches(|c: char| !c.is_alphanumeric())
}

/// The phrase without the quotes, commas and dashes around it; a closing quote whose
/// opening one is inside stays ("website 'Dawn'").
fn trim_marks(s: &str) -> &str {
    let mark = |c: char| c.is_whitespace() || (!c.is_alphanumeric() && c != '.');
    let start = s.len() - s.trim_start_matches(mark).len();
    let trimmed = s[start..].trim_end_matches(mark).trim_end_matches('.');
    let rest = &s[start + trimmed.len()..];
    let closing = [('\'', '\''), ('‘', '’'), ('"', '"'), ('“', '”')]
        .into_iter()
        .find(|&(open, close)| rest.starts_with(close) && trimmed.contains(open));
    match closing {
        Some((_, close)) => &s[start..start + trimmed.len() + close.len_utf8()],
        None => trimmed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speakers_lose_their_verb_group() {
        use SpeakerKind::*;
        let table = [
            (
                "Attaullah Tarar confirmed",
                "Attaullah Tarar",
                Person,
                "attaullah tarar",
            ),
            (
                "Pakistan Information Minister Attaullah Tarar confirmed",
                "Pakistan Information Minister Attaullah Tarar",
                Person,
                "attaullah tarar",
            ),
            (
                "said Maria Lopez, a spokeswoman",
                "Maria Lopez",
                Person,
                "maria lopez",
            ),
            (
                "according to the ministry",
                "the ministry",
                Other,
                "the ministry",
            ),
            ("According to Reuters", "Reuters", Person, "reuters"),
            ("Tarar told reporters", "Tarar", Person, "tarar"),
            ("Minister Tarar said", "Minister Tarar", Person, "tarar"),
            ("Mr. Tarar said", "Mr. Tarar", Person, "tarar"),
            ("he said", "he", Pronoun, "he"),
            ("She added", "She", Pronoun, "she"),
            ("they have also warned", "they", Pronoun, "they"),
            (
                "Afghanistan’s Taliban government has criticized",
                "Afghanistan’s Taliban government",
                Other,
                "afghanistan’s taliban government",
            ),
            (
                "Taliban spokesperson Zabihullah Mujahid issued a statement",
                "Taliban spokesperson Zabihullah Mujahid",
                Person,
                "zabihullah mujahid",
            ),
            (
                "Pakistan’s information minister asserted",
                "Pakistan’s information minister",
                Other,
                "pakistan’s information minister",
            ),
            (
                "A Pakistani security source informed Reuters",
                "A Pakistani security source",
                Other,
                "a pakistani security source",
            ),
            ("a report said", "a report", Other, "a report"),
            (
                "Ursula von der Leyen said",
                "Ursula von der Leyen",
                Person,
                "ursula von der leyen",
            ),
            ("said", "said", Other, "said"),
            (
                "Afghan news website 'Dawn' reported",
                "Afghan news website 'Dawn'",
                Other,
                "afghan news website 'dawn'",
            ),
            (
                "Pakistan's Minister of Information, Attaullah Tarar, said",
                "Attaullah Tarar",
                Person,
                "attaullah tarar",
            ),
        ];
        for (span, text, kind, form) in table {
            let s = speaker(span);
            assert_eq!(
                (s.text.as_str(), s.kind, s.form.as_str()),
                (text, kind, form),
                "{span}"
            );
        }
    }
}
