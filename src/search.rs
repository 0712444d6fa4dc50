//! Finding text: in one document (Ctrl+F) or across a project (Ctrl+Shift+F), matching case
//! and diacritics or not, literally or as a regular expression. Hits are code-point spans of
//! the original text, widened to whole grapheme clusters, so a hit is always something the
//! reader can highlight and a tag made from it is exactly what was highlighted.
use regex::{Regex, RegexBuilder};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;
use unicode_segmentation::UnicodeSegmentation;

use crate::model::{Annotation, DocId, Document, Edit, Project, Span};

/// What to look for, and how.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Query {
    pub text: String,
    /// "Tarar" does not find "TARAR".
    pub match_case: bool,
    /// "cafe" does not find "café".
    pub match_diacritics: bool,
    /// `text` is a regular expression (the `regex` crate's syntax).
    pub regex: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    #[error("not a valid regular expression: {0}")]
    BadRegex(String),
}

/// A query made ready to run on many texts.
pub struct Matcher {
    pattern: Regex,
    fold_case: bool,
    fold_marks: bool,
}

impl Query {
    /// `None` for an empty query (nothing to find).
    pub fn compile(&self) -> Result<Option<Matcher>, QueryError> {
        if self.text.is_empty() {
            return Ok(None);
        }
        // The text is folded the same way as the haystack, so "CAFÉ" finds "cafe" when
        // neither case nor diacritics count.
        let folded = fold(&self.text, !self.match_case, !self.match_diacritics).0;
        let source = if self.regex {
            // Marks only: lowercasing would turn escapes like \W or \P{L} into others.
            fold(&self.text, false, !self.match_diacritics).0
        } else {
            regex::escape(&folded)
        };
        let pattern = RegexBuilder::new(&source)
            .case_insensitive(!self.match_case)
            .build()
            .map_err(|e| QueryError::BadRegex(e.to_string()))?;
        Ok(Some(Matcher {
            pattern,
            fold_case: !self.match_case,
            fold_marks: !self.match_diacritics,
        }))
    }
}

impl Matcher {
    /// Every hit in `text`, in order, as code-point spans of `text`, each widened to whole
    /// grapheme clusters. Empty matches (a regex like `a*`) are skipped.
    pub fn find_all(&self, text: &str) -> Vec<Span> {
        let (haystack, origin) = fold(text, self.fold_case, self.fold_marks);
        let graphemes = grapheme_starts(text);
        let mut hits: Vec<Span> = Vec::new();
        for m in self.pattern.find_iter(&haystack) {
            if m.start() == m.end() {
                continue;
            }
            let start = origin[haystack[..m.start()].chars().count()];
            let last = haystack[..m.end()].chars().count() - 1;
            let end = origin[last] + 1;
            let span = widen(&graphemes, start, end);
            // Two matches inside one cluster widen to the same span: keep it once.
            if hits.last() != Some(&span) {
                hits.push(span);
            }
        }
        hits
    }
}

/// `text` with case and/or combining marks folded away, and for each character of the
/// result the code point of `text` it came from.
fn fold(text: &str, case: bool, marks: bool) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut origin = Vec::with_capacity(text.len());
    let mut push = |c: char, at: usize| {
        out.push(c);
        origin.push(at);
    };
    for (at, c) in text.chars().enumerate() {
        let mut add = |c: char| {
            if case {
                c.to_lowercase().for_each(|l| push(l, at));
            } else {
                push(c, at);
            }
        };
        if marks {
            c.nfd()
                .filter(|d| !is_combining_mark(*d))
                .for_each(&mut add);
        } else {
            add(c);
        }
    }
    (out, origin)
}

/// Code-point offsets where grapheme clusters start, and the text's length at the end.
fn grapheme_starts(text: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut at = 0;
    for g in text.graphemes(true) {
        starts.push(at);
        at += g.chars().count();
    }
    starts.push(at);
    starts
}

/// Widens [start, end) to the grapheme clusters it touches.
fn widen(starts: &[usize], start: usize, end: usize) -> Span {
    let s = match starts.binary_search(&start) {
        Ok(i) => starts[i],
        Err(i) => starts[i - 1],
    };
    let e = match starts.binary_search(&end) {
        Ok(i) => starts[i],
        Err(i) => starts[i],
    };
    Span::new(s, e)
}

/// A hit somewhere in a project, with the line around it for a result list.
#[derive(Clone, Debug, PartialEq)]
pub struct ProjectHit {
    pub document: DocId,
    pub span: Span,
    /// Up to about 40 characters either side, on one line.
    pub before: String,
    pub hit: String,
    pub after: String,
}

/// Every hit in every document, in document order; at most `limit` (the list says when
/// there are more).
pub fn find_in_project(
    project: &Project,
    matcher: &Matcher,
    limit: usize,
) -> (Vec<ProjectHit>, usize) {
    let mut hits = Vec::new();
    let mut total = 0;
    for doc in project.documents() {
        let found = matcher.find_all(&doc.text);
        total += found.len();
        for span in found.into_iter().take(limit.saturating_sub(hits.len())) {
            hits.push(context(doc, span));
        }
    }
    (hits, total)
}

fn context(doc: &Document, span: Span) -> ProjectHit {
    const EITHER_SIDE: usize = 40;
    let chars: Vec<char> = doc.text.chars().collect();
    let line = |r: std::ops::Range<usize>| -> String {
        chars[r]
            .iter()
            .map(|&c| if c == '\n' { ' ' } else { c })
            .collect()
    };
    ProjectHit {
        document: doc.id,
        span,
        before: line(span.start.saturating_sub(EITHER_SIDE)..span.start),
        hit: line(span.start..span.end),
        after: line(span.end..(span.end + EITHER_SIDE).min(chars.len())),
    }
}

/// Tags every hit with `label` for `annotator`, as one undoable edit. Hits this annotator
/// already tagged with that label exactly are left alone. `None` when there is nothing new.
pub fn tag_all(
    project: &Project,
    document: DocId,
    hits: &[Span],
    label: &str,
    annotator: &str,
) -> Option<Edit> {
    let mut taken = std::collections::HashSet::new();
    let edits: Vec<Edit> = hits
        .iter()
        .filter(|span| {
            !project
                .annotations_overlapping(document, **span)
                .any(|a| a.annotator == annotator && a.label == label && a.span() == **span)
        })
        .map(|span| {
            // Ids are random (copies merge without clashes); none twice in one batch.
            let id = std::iter::repeat_with(|| project.fresh_annotation_id())
                .find(|id| taken.insert(*id))
                .expect("random ids run out never");
            Edit::AddAnnotation(Annotation::new(id, document, *span, label, annotator))
        })
        .collect();
    (!edits.is_empty()).then_some(Edit::Batch(edits))
}

#[cfg(test)]
mod tests;
