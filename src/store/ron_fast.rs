//! The project file's annotation list, parsed and printed on all cores and line by line
//! (see [`super::annotation_lines`]) beside `ron` for the rest of the file. The result is
//! always exactly what `ron` alone reads or writes; anything unexpected goes back to it.
use super::annotation_lines::{parse_line, write_line};
use crate::model::{Annotation, ProjectFile};

pub const ANNOTATIONS_OPEN: &str = "\n  annotations: [\n";
pub const LIST_CLOSE: &str = "\n  ],\n";

/// Below this the list is read in one piece on the calling thread.
const SPLIT_FROM: usize = 1 << 18;

/// Fast path for files in the layout Marginalia writes (one annotation per line): the
/// annotation list is cut at line ends and its pieces read on all cores beside the rest of
/// the file. Any surprise (a hand-edited layout, a syntax error) returns `None` and the
/// whole file is parsed the ordinary way, which also gives exact error positions.
///
/// Every line must read as one whole element, so a string running over several lines (a
/// note with a line break) always falls back: its first line holds an unclosed string.
pub fn parse_in_parallel(text: &str) -> Option<ProjectFile> {
    let open = text.find(ANNOTATIONS_OPEN)?;
    let body_start = open + ANNOTATIONS_OPEN.len();
    let body_end = body_start + text[body_start..].find(LIST_CLOSE)?;
    let body = &text[body_start..body_end];
    let head = format!(
        "{}\n  annotations: [],\n{}",
        &text[..open],
        &text[body_end + LIST_CLOSE.len()..]
    );
    // The last line of the list may go without its comma.
    let last = body.trim_end_matches(is_blank).len();
    if body.len() < SPLIT_FROM {
        let mut file = ron::from_str::<ProjectFile>(&head).ok()?;
        file.annotations = parse_lines(body, 0, last)?;
        return Some(file);
    }
    let chunks = 2 * std::thread::available_parallelism().map_or(2, |n| n.get());
    let mut pieces = Vec::with_capacity(chunks);
    let mut at = 0;
    for k in (1..chunks).rev() {
        let cut = at + (body.len() - at) / (k + 1);
        let end = body[cut..].find('\n').map_or(body.len(), |i| cut + i + 1);
        pieces.push((at, &body[at..end]));
        at = end;
    }
    pieces.push((at, &body[at..]));
    std::thread::scope(|scope| {
        let head = scope.spawn(|| ron::from_str::<ProjectFile>(&head).ok());
        let parts: Vec<_> = (pieces.iter())
            .map(|&(offset, p)| scope.spawn(move || parse_lines(p, offset, last)))
            .collect();
        let mut annotations = Vec::with_capacity(body.len() / 150);
        for part in parts {
            annotations.extend(part.join().ok()??);
        }
        let mut file = head.join().ok()??;
        file.annotations = annotations;
        Some(file)
    })
}

/// What `ron` skips between tokens, short of a comment.
fn is_blank(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

/// The annotations of `piece`, which starts `offset` bytes into the list's body whose
/// last non-blank byte ends at `last`. A line the fast reader does not know is read by
/// `ron` alone; `None` when that fails too (then the caller reads the whole file with `ron`).
fn parse_lines(piece: &str, offset: usize, last: usize) -> Option<Vec<Annotation>> {
    let mut out = Vec::with_capacity(piece.len() / 150);
    let mut at = offset;
    for line in piece.split_inclusive('\n') {
        let end = at + line.len();
        at = end;
        let line = line.trim_end_matches(is_blank);
        if line.is_empty() {
            continue;
        }
        if let Some(a) = parse_line(line) {
            out.push(a);
            continue;
        }
        let unlisted = match line.strip_suffix(',') {
            Some(item) => item,
            None if end >= last => line,
            None => return None,
        };
        // An element of the list, not a whole document (which may start with `#![enable`).
        if !unlisted.trim_start_matches(is_blank).starts_with('(') {
            return None;
        }
        out.push(ron::from_str::<Annotation>(unlisted).ok()?);
    }
    Some(out)
}

/// The lines of the annotation list as the pretty printer writes them inside the file
/// (indented, each ending in `,\n`), on all cores.
pub fn annotation_lines(annotations: &[&Annotation]) -> Vec<String> {
    let chunk = annotations
        .len()
        .div_ceil(2 * std::thread::available_parallelism().map_or(2, |n| n.get()))
        .max(1);
    std::thread::scope(|scope| {
        let workers: Vec<_> = annotations
            .chunks(chunk)
            .map(|part| scope.spawn(move || write_lines(part)))
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().expect("serializer thread"))
            .collect()
    })
}

fn write_lines(part: &[&Annotation]) -> String {
    let mut text = String::with_capacity(part.len() * 190);
    for a in part {
        if !write_line(a, &mut text) {
            text.push_str(&ron_lines(&[a]));
        }
    }
    text
}

/// `ron`'s own lines for these annotations: what [`write_line`] leaves to it.
pub fn ron_lines(part: &[&Annotation]) -> String {
    // Same nesting as in the file, so the printer lays the lines out the same.
    #[derive(serde::Serialize)]
    struct Chunk<'a> {
        annotations: &'a [&'a Annotation],
    }
    let chunk = Chunk { annotations: part };
    let text = ron::ser::to_string_pretty(&chunk, super::project_file::pretty_config(2))
        .expect("annotations serialize");
    let start = text.find(ANNOTATIONS_OPEN).expect("list opens") + ANNOTATIONS_OPEN.len();
    let end = text.rfind(LIST_CLOSE).expect("list closes") + 1;
    text[start..end].to_owned()
}

#[cfg(test)]
mod tests;
