//! The suggester's word lists, read from data files under `assets/suggest/` so they are
//! easy to extend without touching the rules.
use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet};

const REPORTING_VERBS: &str = include_str!("../../assets/suggest/reporting_verbs.txt");
const NUMBERS: &str = include_str!("../../assets/suggest/numbers.txt");

/// How a reporting verb takes its content (the tags of `reporting_verbs.txt`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Takes {
    /// A finite clause with or without "that".
    Say,
    /// A finite clause only after "that".
    That,
    /// Never a finite clause: the attribution alone.
    None,
    /// An attribution only when a direct quote follows in the sentence.
    Quote,
    /// An attribution only before "a/an … statement".
    Light,
    /// An attribution after "is/was": "The statement was explicit:".
    Copula,
}

/// One form of a reporting verb.
#[derive(Clone, Copy, Debug)]
pub struct VerbForm {
    pub takes: Takes,
    /// An -ing form: continues an earlier attribution ("…, adding that …").
    pub participle: bool,
}

pub struct Lexicon {
    pub verbs: FxHashMap<String, VerbForm>,
    pub cardinals: FxHashSet<String>,
    pub approx: FxHashSet<String>,
    pub scales: FxHashSet<String>,
    /// Units, each as its lower-case words.
    pub units: Vec<Vec<String>>,
    pub months: FxHashSet<String>,
}

/// The lexicon, parsed once.
pub fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| Lexicon::parse(REPORTING_VERBS, NUMBERS))
}

fn entries(text: &str) -> impl Iterator<Item = (&str, &str)> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once(':'))
        .map(|(tag, rest)| (tag.trim(), rest.trim()))
}

impl Lexicon {
    fn parse(verbs_text: &str, numbers_text: &str) -> Lexicon {
        let mut verbs = FxHashMap::default();
        for (tag, forms) in entries(verbs_text) {
            let takes = match tag {
                "say" => Takes::Say,
                "that" => Takes::That,
                "quote" => Takes::Quote,
                "light" => Takes::Light,
                "copula" => Takes::Copula,
                _ => Takes::None,
            };
            for form in forms.split_whitespace() {
                let participle = form.ends_with("ing") && form.len() > 4;
                verbs.insert(form.to_lowercase(), VerbForm { takes, participle });
            }
        }
        let mut lex = Lexicon {
            verbs,
            cardinals: FxHashSet::default(),
            approx: FxHashSet::default(),
            scales: FxHashSet::default(),
            units: Vec::new(),
            months: FxHashSet::default(),
        };
        for (tag, words) in entries(numbers_text) {
            let list = words.split_whitespace().map(str::to_lowercase);
            match tag {
                "card" => lex.cardinals.extend(list),
                "approx" => lex.approx.extend(list),
                "scale" => lex.scales.extend(list),
                "month" => lex.months.extend(list),
                "unit" => lex.units.push(list.collect()),
                _ => {}
            }
        }
        // Longest units first, so "square kilometres" wins over "kilometres".
        lex.units.sort_by_key(|u| std::cmp::Reverse(u.len()));
        lex
    }

    pub fn verb(&self, word: &str) -> Option<VerbForm> {
        if word.bytes().all(|b| b.is_ascii_lowercase()) {
            self.verbs.get(word).copied()
        } else {
            self.verbs.get(&word.to_lowercase()).copied()
        }
    }
}
