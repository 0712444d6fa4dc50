//! Scoring suggestions against hand-annotated texts (the development set under
//! `tests/suggest/`): exact and overlap precision/recall/F1 per label with one-to-one
//! matching, link precision/recall when both ends overlap, direct-quote recall.
use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::model::Span;

use super::{ATTRIBUTION, FIGURE, QUOTE, SuggestOptions, Suggestions, suggest_text};

/// A hand-annotated text: `{{a=ID|…}}` attribution ID, `{{q>ID|…}}` quote linked to ID,
/// `{{f|…}}` figure; figures may nest inside the others.
#[derive(Clone, Debug, Default)]
pub struct Gold {
    pub text: String,
    pub annotations: Suggestions,
}

/// Parses the markup. Errors name the character where the markup is broken.
pub fn parse_gold(markup: &str) -> Result<Gold, String> {
    let mut text = String::new();
    let mut len = 0;
    let mut open: Vec<(usize, String)> = Vec::new();
    let mut spans = Vec::new();
    let mut rest = markup;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("{{") {
            let bar = after
                .find('|')
                .ok_or(format!("unclosed tag at character {len}"))?;
            open.push((len, after[..bar].to_owned()));
            rest = &after[bar + 1..];
        } else if let Some(after) = rest.strip_prefix("}}") {
            let (start, tag) = open.pop().ok_or(format!("stray }}}} at character {len}"))?;
            spans.push((Span::new(start, len), tag));
            rest = after;
        } else {
            let c = rest.chars().next().unwrap_or(' ');
            text.push(c);
            len += 1;
            rest = &rest[c.len_utf8()..];
        }
    }
    if let Some((start, tag)) = open.last() {
        return Err(format!(
            "tag {tag} opened at character {start} is never closed"
        ));
    }
    spans.sort_by_key(|(s, _)| *s);
    let mut gold = Gold {
        text,
        annotations: Suggestions::default(),
    };
    let mut names = BTreeMap::new();
    for (i, (span, tag)) in spans.iter().enumerate() {
        let label = match tag.chars().next() {
            Some('a') => ATTRIBUTION,
            Some('q') => QUOTE,
            Some('f') => FIGURE,
            _ => return Err(format!("unknown tag {tag} at character {}", span.start)),
        };
        if let Some(name) = tag.strip_prefix("a=") {
            names.insert(name.to_owned(), i);
        }
        gold.annotations.spans.push((*span, label.to_owned()));
    }
    for (i, (span, tag)) in spans.iter().enumerate() {
        if let Some(name) = tag.strip_prefix("q>") {
            let to = names
                .get(name)
                .ok_or(format!("quote at {} links to unknown {name}", span.start))?;
            gold.annotations.links.push((i, *to));
        }
    }
    Ok(gold)
}

/// Counts for one row: true positives, predicted, gold.
#[derive(Clone, Copy, Debug, Default)]
pub struct Counts {
    pub tp: usize,
    pub predicted: usize,
    pub gold: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.predicted)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.gold)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn add(&mut self, o: Counts) {
        self.tp += o.tp;
        self.predicted += o.predicted;
        self.gold += o.gold;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// Scores over a set of texts.
#[derive(Clone, Debug, Default)]
pub struct Score {
    pub exact: BTreeMap<String, Counts>,
    pub overlap: BTreeMap<String, Counts>,
    pub links: Counts,
    pub direct_quotes: Counts,
}

/// One-to-one matching of predicted to gold spans of one label: exact (same bounds) or
/// by overlap (largest overlaps first). Returns predicted index → gold index.
fn matching(pred: &[(usize, Span)], gold: &[(usize, Span)], exact: bool) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    for &(p, ps) in pred {
        for &(g, gs) in gold {
            let shared = ps.end.min(gs.end).saturating_sub(ps.start.max(gs.start));
            if (exact && ps == gs) || (!exact && shared > 0) {
                pairs.push((shared, p, g));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let (mut used_p, mut used_g, mut out) = (Vec::new(), Vec::new(), Vec::new());
    for (_, p, g) in pairs {
        if !used_p.contains(&p) && !used_g.contains(&g) {
            used_p.push(p);
            used_g.push(g);
            out.push((p, g));
        }
    }
    out
}

impl Score {
    /// Adds one text's suggestions against its gold annotations.
    pub fn add(&mut self, gold: &Gold, found: &Suggestions) {
        let g = &gold.annotations;
        let mut to_gold = BTreeMap::new();
        for label in [QUOTE, ATTRIBUTION, FIGURE] {
            let of = |s: &Suggestions| -> Vec<(usize, Span)> {
                s.spans
                    .iter()
                    .enumerate()
                    .filter(|(_, (_, l))| l == label)
                    .map(|(i, (s, _))| (i, *s))
                    .collect()
            };
            let (ps, gs) = (of(found), of(g));
            for exact in [true, false] {
                let m = matching(&ps, &gs, exact);
                let c = Counts {
                    tp: m.len(),
                    predicted: ps.len(),
                    gold: gs.len(),
                };
                let table = if exact {
                    &mut self.exact
                } else {
                    &mut self.overlap
                };
                table.entry(label.to_owned()).or_default().add(c);
                if !exact {
                    to_gold.extend(m.iter().copied());
                    if label == QUOTE {
                        let direct: Vec<usize> = gs
                            .iter()
                            .filter(|(_, s)| starts_with_mark(&gold.text, *s))
                            .map(|(i, _)| *i)
                            .collect();
                        let hit = direct
                            .iter()
                            .filter(|d| m.iter().any(|(_, x)| x == *d))
                            .count();
                        self.direct_quotes.add(Counts {
                            tp: hit,
                            predicted: hit,
                            gold: direct.len(),
                        });
                    }
                }
            }
        }
        let tp = found
            .links
            .iter()
            .filter(|(q, a)| match (to_gold.get(q), to_gold.get(a)) {
                (Some(gq), Some(ga)) => g.links.contains(&(*gq, *ga)),
                _ => false,
            })
            .count();
        self.links.add(Counts {
            tp,
            predicted: found.links.len(),
            gold: g.links.len(),
        });
    }

    /// The table as text.
    pub fn table(&self) -> String {
        let mut out =
            String::from("label        exact P/R/F1          overlap P/R/F1        n(pred/gold)\n");
        for (label, o) in &self.overlap {
            let e = self.exact[label];
            let _ = writeln!(
                out,
                "{label:<12} {:.2} {:.2} {:.2}        {:.2} {:.2} {:.2}        {}/{}",
                e.precision(),
                e.recall(),
                e.f1(),
                o.precision(),
                o.recall(),
                o.f1(),
                o.predicted,
                o.gold
            );
        }
        let l = self.links;
        let _ = writeln!(
            out,
            "links        P {:.2} R {:.2} F1 {:.2}  ({}/{})",
            l.precision(),
            l.recall(),
            l.f1(),
            l.predicted,
            l.gold
        );
        let d = self.direct_quotes;
        let _ = writeln!(
            out,
            "direct-quote recall {:.2} ({}/{})",
            d.recall(),
            d.tp,
            d.gold
        );
        out
    }
}

fn starts_with_mark(text: &str, s: Span) -> bool {
    text.chars()
        .nth(s.start)
        .is_some_and(|c| "“\"‘'«„".contains(c))
}

/// Scores every `.txt` markup file of a folder; also returns per-file details of misses.
pub fn score_folder(
    dir: &std::path::Path,
    options: &SuggestOptions,
) -> Result<(Score, String), String> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    let mut score = Score::default();
    let mut details = String::new();
    for f in files {
        let markup = std::fs::read_to_string(&f).map_err(|e| format!("{}: {e}", f.display()))?;
        let gold = parse_gold(&markup).map_err(|e| format!("{}: {e}", f.display()))?;
        let found = suggest_text(&gold.text, options);
        let _ = writeln!(details, "== {}", f.display());
        diff(&gold, &found, &mut details);
        score.add(&gold, &found);
    }
    Ok((score, details))
}

/// Lists spans only one side has exactly (for tuning by eye).
fn diff(gold: &Gold, found: &Suggestions, out: &mut String) {
    let chars: Vec<char> = gold.text.chars().collect();
    let show = |s: &Span| chars[s.start..s.end].iter().collect::<String>();
    for (s, l) in &found.spans {
        if !gold.annotations.spans.contains(&(*s, l.clone())) {
            let _ = writeln!(out, "  + {l} {:?}", show(s));
        }
    }
    for (s, l) in &gold.annotations.spans {
        if !found.spans.contains(&(*s, l.clone())) {
            let _ = writeln!(out, "  - {l} {:?}", show(s));
        }
    }
}
