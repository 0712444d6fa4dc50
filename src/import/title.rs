//! A document's title: its headline when the text starts with one, else the file name.
use std::path::Path;

use crate::text::char_len;

/// Longer first lines are the opening paragraph, not a headline.
pub const MAX_HEADLINE_CHARS: usize = 150;

/// Closing quotes and brackets that may follow a sentence's final period.
const CLOSERS: &[char] = &[
    '"', '\'', '”', '’', '»', '›', ')', ']', '}', '」', '』', '】', '〕', '）',
];

/// The title for a text read from `path`.
pub fn title_for(text: &str, path: &Path) -> String {
    match headline(text) {
        Some(line) => line.to_owned(),
        None => title_from_file_name(path),
    }
}

/// The first non-empty line, when it looks like a headline and more text follows it.
fn headline(text: &str) -> Option<&str> {
    let mut lines = text.lines().map(str::trim);
    let first = lines.find(|l| !l.is_empty())?;
    let more_follows = lines.any(|l| !l.is_empty());
    let first = strip_markdown_heading(first);
    (more_follows && looks_like_headline(first)).then_some(first)
}

/// Whether one line reads like a headline: short, not a sentence (no final period), and
/// not starting mid-sentence with a lowercase letter.
pub fn looks_like_headline(line: &str) -> bool {
    let line = line.trim();
    let Some(first) = line.chars().next() else {
        return false;
    };
    char_len(line) <= MAX_HEADLINE_CHARS && !first.is_lowercase() && !ends_with_period(line)
}

fn ends_with_period(line: &str) -> bool {
    let core = line.trim_end_matches(|c: char| CLOSERS.contains(&c) || c.is_whitespace());
    core.ends_with(['.', '。', '．'])
}

/// `# Title` in a Markdown file is titled "Title".
fn strip_markdown_heading(line: &str) -> &str {
    match line.trim_start_matches('#') {
        rest if rest.len() < line.len() && rest.starts_with(' ') => rest.trim(),
        _ => line,
    }
}

/// `peace_talks-2024.txt` → "peace talks 2024".
fn title_from_file_name(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let words: Vec<&str> = stem
        .split(['_', '-', ' '])
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() {
        "Untitled".into()
    } else {
        words.join(" ")
    }
}
