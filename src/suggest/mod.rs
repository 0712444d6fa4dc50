//! Suggestions: quotes, attributions, figures and their links proposed by deterministic
//! rules (no model), following docs/guidelines.md. The window and `marginalia suggest`
//! call `suggest_document` and `suggestion_edit`; the suggestions become annotations of
//! the reserved annotator `suggested`.
pub mod accept;
mod attribution;
mod content;
mod edit;
mod figures;
mod lexicon;
mod para;
mod quotes;
pub mod score;
mod tokens;

use std::sync::Arc;

use rayon::prelude::*;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use crate::model::{Document, Span};
use content::Target;
pub use edit::{SUGGESTED, suggestion_edit, suggestion_edit_from, target_documents};
// Who said what strips the same reporting verbs from a source to find its speaker.
pub(crate) use attribution::{AUX, is_pronoun};
pub(crate) use lexicon::lexicon;

pub const QUOTE: &str = "quote";
pub const ATTRIBUTION: &str = "attribution";
pub const FIGURE: &str = "figure";

/// What to suggest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SuggestOptions {
    /// Label ids among `quote`, `attribution`, `figure`; links need both quote and
    /// attribution.
    pub labels: Vec<String>,
}

impl Default for SuggestOptions {
    fn default() -> Self {
        Self {
            labels: vec![QUOTE.into(), ATTRIBUTION.into(), FIGURE.into()],
        }
    }
}

impl SuggestOptions {
    fn wants(&self, label: &str) -> bool {
        self.labels.iter().any(|l| l == label)
    }
}

/// Suggested spans (code points, half-open) with their label ids, and links
/// `(quote index, attribution index)` into `spans`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Suggestions {
    pub spans: Vec<(Span, String)>,
    pub links: Vec<(usize, usize)>,
}

pub fn suggest_document(doc: &Document, options: &SuggestOptions) -> Suggestions {
    suggest_text(&doc.text, options)
}

/// Suggestions for many documents at once, on all cores.
pub fn suggest_documents(docs: &[Arc<Document>], options: &SuggestOptions) -> Vec<Suggestions> {
    docs.par_iter()
        .map(|d| suggest_document(d, options))
        .collect()
}

/// [`suggest_documents`] that counts finished documents in `done` (for a progress bar)
/// and gives up, returning `None`, soon after `cancel` is set.
pub fn suggest_documents_with_progress(
    docs: &[Arc<Document>],
    options: &SuggestOptions,
    done: &AtomicUsize,
    cancel: &AtomicBool,
) -> Option<Vec<Suggestions>> {
    docs.par_iter()
        .map(|d| {
            if cancel.load(Ordering::Relaxed) {
                return None;
            }
            let found = suggest_document(d, options);
            done.fetch_add(1, Ordering::Relaxed);
            Some(found)
        })
        .collect()
}

/// Lines that are never annotated: navigation, credits, notices, comment widgets.
fn out_of_scope(line: &str) -> bool {
    const STARTS: &[&str] = &[
        "Read:",
        "Read more:",
        "Also read:",
        "Reporting by",
        "Original:",
        "Statement:",
        "Based On",
        "Based on",
        "【By",
        "Editing by",
        "Leave a",
        "No comments",
        "Your email address",
        "Copyright",
        "©",
    ];
    let t = line.trim();
    STARTS.iter().any(|s| t.starts_with(s))
        || t.ends_with("contributed to this report.")
        || t.contains("Reproduction without permission")
}

/// Suggestions for one text: its lines are the paragraphs.
pub fn suggest_text(text: &str, options: &SuggestOptions) -> Suggestions {
    let lex = lexicon::lexicon();
    let mut lines: Vec<(usize, &str)> = Vec::new(); // (first code point, text)
    let mut chars = 0;
    for line in text.split('\n') {
        let body = line.strip_suffix('\r').unwrap_or(line);
        lines.push((chars, body));
        chars += line.chars().count() + 1;
    }
    let bodies: Vec<&str> = lines
        .iter()
        .map(|&(_, l)| if out_of_scope(l) { "" } else { l })
        .collect();
    let quotes = quotes::find_quotes(&bodies);
    let mut out = Builder::default();
    for (n, (body, quotes)) in bodies.iter().zip(quotes).enumerate() {
        if body.trim().is_empty() {
            continue;
        }
        let p = para::Para::new(body, quotes);
        let base = lines[n].0;
        let attrs = attribution::find_attributions(&p, lex);
        let found = content::analyse(&p, lex, &attrs);
        out.paragraph(n, base, &p, &attrs, &found);
        for r in figures::find_figures(&p, lex) {
            out.push(base, &p, p.bytes(r), FIGURE);
        }
    }
    out.resolve_elsewhere();
    out.finish(options)
}

#[derive(Default)]
struct Builder {
    spans: Vec<(Span, String)>,
    links: Vec<(usize, usize)>,
    /// Per paragraph: its attribution spans that have quotes linked.
    speakers: Vec<(usize, usize)>,
    /// Quotes whose speaker is in another paragraph: (paragraph, span, runs over paragraphs).
    elsewhere: Vec<(usize, usize, bool)>,
    /// Paragraphs seen, and those whose last quote goes on in the next one.
    paras: Vec<usize>,
    runs_on: Vec<usize>,
}

impl Builder {
    fn push(
        &mut self,
        base: usize,
        p: &para::Para,
        bytes: std::ops::Range<usize>,
        label: &str,
    ) -> usize {
        let start = base + p.text[..bytes.start].chars().count();
        let end = start + p.text[bytes].chars().count();
        self.spans.push((Span::new(start, end), label.to_owned()));
        self.spans.len() - 1
    }

    fn paragraph(
        &mut self,
        n: usize,
        base: usize,
        p: &para::Para,
        attrs: &[attribution::Attr],
        found: &content::Found,
    ) {
        self.paras.push(n);
        if p.quotes.last().is_some_and(|q| q.runs_on) {
            self.runs_on.push(n);
        }
        let mut ids = vec![usize::MAX; attrs.len()];
        for &a in &found.attrs {
            ids[a] = self.push(base, p, p.bytes(attrs[a].toks.clone()), ATTRIBUTION);
        }
        let mut quotes: Vec<(usize, Option<usize>)> = Vec::new();
        for (r, a) in &found.indirect {
            quotes.push((p.bytes(r.clone()).start, Some(*a)));
            let q = self.push(base, p, p.bytes(r.clone()), QUOTE);
            self.link(n, q, ids[*a]);
        }
        for &(q, target) in &found.direct {
            let quote = p.quotes[q];
            let s = self.push(base, p, quote.start..quote.end, QUOTE);
            match target {
                Target::Here(a) => self.link(n, s, ids[a]),
                Target::Elsewhere => self
                    .elsewhere
                    .push((n, s, quote.runs_on || quote.continues)),
            }
        }
    }

    fn link(&mut self, n: usize, quote: usize, attr: usize) {
        if attr != usize::MAX {
            self.links.push((quote, attr));
            self.speakers.push((n, attr));
        }
    }

    /// Quotes running over paragraphs take the speaker named anywhere along the run; a
    /// stand-alone quote paragraph takes the speaker of the paragraph before.
    fn resolve_elsewhere(&mut self) {
        let pending = std::mem::take(&mut self.elsewhere);
        for (n, span, running) in pending {
            let mut last = n;
            while self.runs_on.contains(&last) {
                match self.paras.iter().find(|&&m| m > last) {
                    Some(&m) => last = m,
                    None => break,
                }
            }
            let along = running
                .then(|| self.speakers.iter().find(|&&(m, _)| m >= n && m <= last))
                .flatten();
            let before = self.speakers.iter().rev().find(|&&(m, _)| m < n);
            if let Some(&(_, a)) = along.or(before) {
                self.links.push((span, a));
            }
        }
    }

    fn finish(self, options: &SuggestOptions) -> Suggestions {
        let keep: Vec<bool> = self.spans.iter().map(|(_, l)| options.wants(l)).collect();
        let mut index = vec![usize::MAX; self.spans.len()];
        let mut spans = Vec::new();
        for (i, s) in self.spans.into_iter().enumerate() {
            if keep[i] {
                index[i] = spans.len();
                spans.push(s);
            }
        }
        let mut links: Vec<(usize, usize)> = self
            .links
            .into_iter()
            .filter(|&(q, a)| keep[q] && keep[a])
            .map(|(q, a)| (index[q], index[a]))
            .collect();
        links.sort_unstable();
        links.dedup_by_key(|l| l.0);
        Suggestions { spans, links }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (label or quote text, text) pairs.
    type Pairs = Vec<(String, String)>;

    fn shown(text: &str) -> (Pairs, Pairs) {
        let chars: Vec<char> = text.chars().collect();
        let s = suggest_text(text, &SuggestOptions::default());
        let t = |i: usize| {
            chars[s.spans[i].0.start..s.spans[i].0.end]
                .iter()
                .collect::<String>()
        };
        let spans = (0..s.spans.len())
            .map(|i| (s.spans[i].1.clone(), t(i)))
            .collect();
        let links = s.links.iter().map(|&(q, a)| (t(q), t(a))).collect();
        (spans, links)
    }

    #[test]
    fn a_quote_over_paragraphs_links_every_part_to_its_speaker() {
        let text = "“We will win.\n“Nobody doubts it,” said Maria Lopez, a spokeswoman.\nThe weather was fine.";
        let (_, links) = shown(text);
        let speaker = "said Maria Lopez, a spokeswoman".to_owned();
        assert_eq!(
            links,
            [
                ("“We will win.".to_owned(), speaker.clone()),
                ("“Nobody doubts it,”".to_owned(), speaker)
            ]
        );
    }

    #[test]
    fn indirect_speech_and_scare_quotes() {
        let (spans, links) =
            shown("Officials said the ceasefire would hold. The so-called “peace plan” failed.");
        assert!(spans.contains(&("attribution".into(), "Officials said".into())));
        assert_eq!(
            links,
            [(
                "the ceasefire would hold".to_owned(),
                "Officials said".to_owned()
            )]
        );
        assert!(!spans.iter().any(|(_, t)| t.contains("peace plan")));
    }
}
