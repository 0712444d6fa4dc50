//! CoNLL IOB2: `token TAG` per line, a blank line after each sentence, and a
//! `-DOCSTART- O` line (followed by a blank line) before each document, as in CoNLL-2003.
//! Words and sentences follow UAX #29, so CJK characters and punctuation are tokens of
//! their own. IOB2 cannot hold overlapping spans: the earlier (then longer) span wins,
//! and every span dropped is listed in the report. A span covers every token it touches;
//! a span running over a sentence end starts again with `B-` in the next sentence. Each
//! piece of a split span is tagged as a span of its own (starting with `B-`); links cannot
//! be written (the report says how many of each).
use std::io::Write;
use std::path::Path;

use super::segments::{Piece, Segmenter};
use super::{
    DocView, ExportError, ExportReport, Job, OffsetUnit, check_target, describe_doc, write_file,
};
use crate::model::{Annotation, Span};

pub(super) fn write(
    job: &Job<'_>,
    out: &Path,
    progress: &mut dyn FnMut(usize, usize),
    report: &mut ExportReport,
) -> Result<(), ExportError> {
    check_target(out, job.opts.force)?;
    if job.unit() != OffsetUnit::Codepoints {
        report
            .warnings
            .push("CoNLL files hold no offsets; --offsets was ignored".into());
    }
    write_file(out, report, |w, report| {
        job.for_each_doc(progress, report, |view, report| {
            w.write_all(b"-DOCSTART- O\n\n")?;
            write_document(w, view, report)
        })
    })
}

fn write_document(
    w: &mut dyn Write,
    view: &DocView<'_>,
    report: &mut ExportReport,
) -> std::io::Result<()> {
    let text = view.text();
    let seg = Segmenter::new(text);
    let sentences: Vec<Vec<Piece>> = (seg.sentences().iter())
        .map(|s| seg.words(s))
        .filter(|words| !words.is_empty())
        .collect();
    let pieces = view.pieces();
    let owner = assign_tokens(view, &pieces, &sentences, report);
    let mut k = 0;
    for words in &sentences {
        let mut previous = None;
        for word in words {
            write_token(w, word.as_str(text))?;
            match owner[k] {
                None => w.write_all(b" O\n")?,
                Some(p) => {
                    w.write_all(if previous == Some(p) { b" I-" } else { b" B-" })?;
                    w.write_all(view.label(pieces[p].0).as_bytes())?;
                    w.write_all(b"\n")?;
                }
            }
            previous = owner[k];
            k += 1;
        }
        w.write_all(b"\n")?;
    }
    Ok(())
}

/// For each token (in document order), the index in `pieces` of the span (or piece of a
/// split span) it belongs to. Pieces are taken by start, longest first; a piece that would
/// share a token with one already taken is dropped and reported.
fn assign_tokens(
    view: &DocView<'_>,
    pieces: &[(&Annotation, Span)],
    sentences: &[Vec<Piece>],
    report: &mut ExportReport,
) -> Vec<Option<usize>> {
    let tokens: Vec<&Piece> = sentences.iter().flatten().collect();
    let mut owner: Vec<Option<usize>> = vec![None; tokens.len()];
    let mut order: Vec<usize> = (0..pieces.len()).collect();
    order.sort_by_key(|&i| (pieces[i].1.start, std::cmp::Reverse(pieces[i].1.end)));
    for i in order {
        let (a, piece) = pieces[i];
        let first = tokens.partition_point(|t| t.chars.end <= piece.start);
        let last = tokens.partition_point(|t| t.chars.start < piece.end);
        let covered = first..last.max(first);
        if covered.is_empty() {
            let why = "it covers only whitespace".into();
            report.warnings.push(dropped(view, a, piece, why));
            continue;
        }
        if let Some(&Some(other)) = owner[covered.clone()].iter().find(|o| o.is_some()) {
            let (b, b_piece) = pieces[other];
            let why = format!(
                "it overlaps {} [{}, {}) by {}",
                b.label, b_piece.start, b_piece.end, b.annotator
            );
            report.warnings.push(dropped(view, a, piece, why));
            continue;
        }
        owner[covered].fill(Some(i));
    }
    owner
}

fn dropped(view: &DocView<'_>, a: &Annotation, piece: Span, why: String) -> String {
    let what = if a.is_split() {
        format!("a piece of the split {} [{}, {})", a.label, a.start, a.end)
    } else {
        a.label.clone()
    };
    format!(
        "conll: {}: dropped {what} [{}, {}) by {} “{}”: {why}",
        describe_doc(view.doc),
        piece.start,
        piece.end,
        a.annotator,
        view.piece_text(piece)
    )
}

/// A token as one field: whitespace inside it (rare: a space carrying a combining mark)
/// would split the line, so it becomes `_`.
fn write_token(w: &mut dyn Write, token: &str) -> std::io::Result<()> {
    if !token.chars().any(char::is_whitespace) {
        return w.write_all(token.as_bytes());
    }
    let field: String = (token.chars())
        .map(|c| if c.is_whitespace() { '_' } else { c })
        .collect();
    w.write_all(field.as_bytes())
}
