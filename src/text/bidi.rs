//! Lines of text in every script: the atoms a line is built from, where a line may end
//! (UAX #14) and the left-to-right order in which a line's atoms are drawn (UAX #9).
//!
//! Plain data, no window: the reader measures each atom, asks [`break_lines`] for its lines
//! and [`visual_order`] for their order, and the tests check the same functions.
//!
//! An atom is the unit the reader shapes and places: a run of text with one bidi level that
//! no line break, no direction change and no script change falls inside. egui shapes each
//! atom with harfrust, which draws a run of Arabic or Hebrew letters right to left by itself
//! (it guesses the direction from the script) but has no bidirectional algorithm. So atoms
//! are cut such that harfrust's guess is always right: right-to-left letters of an odd level
//! form words, anything else at an odd level (spaces, punctuation) stands alone, and
//! right-to-left script at an even level (Urdu digits inside a number) stands alone, one
//! grapheme each, whose own order cannot be wrong.
use std::ops::Range;

use unicode_bidi::{BidiClass, Level, ParagraphBidiInfo, bidi_class};

/// The direction of a paragraph.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Direction {
    Ltr,
    Rtl,
}

impl Direction {
    pub fn is_rtl(self) -> bool {
        self == Direction::Rtl
    }
    fn level(self) -> Level {
        match self {
            Direction::Ltr => Level::ltr(),
            Direction::Rtl => Level::rtl(),
        }
    }
}

/// A paragraph's direction from its first strong character (UAX #9 rules P2 and P3),
/// left to right when it has none. Stops at the first strong character or line break, so
/// `text` may run on past the paragraph.
pub fn paragraph_direction(text: &str) -> Direction {
    match unicode_bidi::get_base_direction(text) {
        unicode_bidi::Direction::Rtl => Direction::Rtl,
        _ => Direction::Ltr,
    }
}

/// Longest atom, in code points: a longer word is cut so that no atom is wider than a
/// narrow column (and the line breaker can still fill lines).
const MAX_ATOM: usize = 32;

/// A run of text drawn as one piece (see the module comment).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Atom {
    /// Code points, relative to the text given to [`atoms`].
    pub chars: Range<usize>,
    /// The same range in UTF-8 bytes.
    pub bytes: Range<usize>,
    /// UAX #9 resolved level: odd levels run right to left.
    pub level: u8,
    pub kind: AtomKind,
    /// A line may end after this atom (UAX #14).
    pub break_after: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AtomKind {
    /// Letters, digits and punctuation shaped together.
    Word,
    /// White space: hangs past the end of a line, where it takes the paragraph's level.
    Space,
    /// A tab or other segment separator (UAX #9 rule L1).
    Separator,
    /// One grapheme that must be shaped alone (see the module comment, and the caller's
    /// `alone` predicate: glyphs no font has, emoji sequences).
    Alone,
}

impl Atom {
    pub fn is_rtl(&self) -> bool {
        self.level % 2 == 1
    }
    /// Whether harfrust shapes this atom right to left: a word of right-to-left letters.
    pub fn shaped_rtl(&self) -> bool {
        self.is_rtl() && self.kind == AtomKind::Word
    }
    /// White space or a separator: not measured at the end of a line.
    pub fn hangs(&self) -> bool {
        matches!(self.kind, AtomKind::Space | AtomKind::Separator)
    }
}

/// Cuts `text` (one paragraph or part of one, without line breaks) into atoms, in logical
/// order. `alone(grapheme)` marks graphemes to shape on their own.
pub fn atoms(text: &str, direction: Direction, alone: impl Fn(&str) -> bool) -> Vec<Atom> {
    if text.is_empty() {
        return Vec::new();
    }
    // Most paragraphs of most articles have no right-to-left character: in a left-to-right
    // paragraph they are all at level 0, and the bidi pass is skipped.
    let levels = if direction.is_rtl() || text.chars().any(may_be_rtl) {
        ParagraphBidiInfo::new(text, Some(direction.level())).levels
    } else {
        Vec::new()
    };
    let mut breaks = unicode_linebreak::linebreaks(text)
        .map(|(b, _)| b)
        .peekable();
    let mut out: Vec<Atom> = Vec::with_capacity(text.len() / 4);
    let mut c = 0;
    for (b, g) in graphemes(text) {
        let n = if g.len() == 1 { 1 } else { g.chars().count() };
        while breaks.peek().is_some_and(|&x| x < b) {
            breaks.next();
        }
        let break_before = b > 0 && breaks.peek() == Some(&b);
        let level = levels.get(b).map_or(0, |l| l.number());
        let kind = kind_of(g, level, &alone);
        match out.last_mut() {
            Some(a)
                if !break_before
                    && a.level == level
                    && a.kind == kind
                    && matches!(kind, AtomKind::Word | AtomKind::Space)
                    && a.chars.len() + n <= MAX_ATOM =>
            {
                a.chars.end += n;
                a.bytes.end += g.len();
            }
            last => {
                if let Some(a) = last {
                    a.break_after = break_before;
                }
                out.push(Atom {
                    chars: c..c + n,
                    bytes: b..b + g.len(),
                    level,
                    kind,
                    break_after: false,
                });
            }
        }
        c += n;
    }
    if let Some(a) = out.last_mut() {
        a.break_after = true;
    }
    out
}

/// Whether `c` may raise a left-to-right paragraph's level somewhere: a right-to-left
/// letter or digit, or an explicit embedding, override or isolate.
fn may_be_rtl(c: char) -> bool {
    !c.is_ascii()
        && (is_rtl_script(c)
            || matches!(c, '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
}

/// The extended grapheme clusters of `text` with their byte offsets (UAX #29), without the
/// segmenter's cost between two ASCII characters, which are always apart (but CR LF).
fn graphemes(text: &str) -> impl Iterator<Item = (usize, &str)> {
    use unicode_segmentation::GraphemeCursor;
    let bytes = text.as_bytes();
    let mut b = 0;
    std::iter::from_fn(move || {
        if b >= bytes.len() {
            return None;
        }
        let start = b;
        let simple = bytes[b].is_ascii()
            && bytes[b] != b'\r'
            && bytes.get(b + 1).is_none_or(|x| x.is_ascii());
        b = if simple {
            b + 1
        } else {
            let mut cursor = GraphemeCursor::new(b, bytes.len(), true);
            loop {
                match cursor.next_boundary(text, 0) {
                    Ok(next) => break next.unwrap_or(bytes.len()),
                    Err(unicode_segmentation::GraphemeIncomplete::PreContext(n)) => {
                        cursor.provide_context(&text[..n], 0)
                    }
                    Err(_) => break bytes.len(),
                }
            }
        };
        Some((start, &text[start..b]))
    })
}

fn kind_of(g: &str, level: u8, alone: &impl Fn(&str) -> bool) -> AtomKind {
    if let [byte] = g.as_bytes() {
        // ASCII alone: no right-to-left letter, no missing glyph, no emoji sequence.
        return match byte {
            b'\t' | 0x0B | 0x1F => AtomKind::Separator,
            _ if byte.is_ascii_whitespace() => AtomKind::Space,
            _ if level % 2 == 1 => AtomKind::Alone,
            _ => AtomKind::Word,
        };
    }
    let first = g.chars().next().unwrap_or(' ');
    let class = bidi_class(first);
    if class == BidiClass::S || first == '\t' {
        return AtomKind::Separator;
    }
    if g.chars().all(char::is_whitespace) {
        return AtomKind::Space;
    }
    let rtl_letter = matches!(class, BidiClass::R | BidiClass::AL);
    let alone_here = if level % 2 == 1 {
        !rtl_letter
    } else {
        rtl_letter || is_rtl_script(first)
    };
    if alone_here || alone(g) {
        AtomKind::Alone
    } else {
        AtomKind::Word
    }
}

/// Characters of the right-to-left scripts' blocks (Hebrew, Arabic, Syriac, Thaana, N'Ko,
/// their presentation forms and the historic ones): harfrust shapes a run that starts with
/// one right to left, digits included.
fn is_rtl_script(c: char) -> bool {
    matches!(c as u32,
        0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF)
}

/// Lines as ranges of atoms: as many atoms as fit in `max_width`, each line ending where
/// UAX #14 allows (so no line ends with an opening bracket or starts with closing
/// punctuation). White space at the end of a line does not count. An unbreakable run wider
/// than a line is cut where it overflows.
pub fn break_lines(atoms: &[Atom], widths: &[f32], max_width: f32) -> Vec<Range<usize>> {
    let mut lines = Vec::new();
    let mut start = 0;
    while start < atoms.len() {
        let mut width = 0.0;
        let mut last_break = None;
        let mut end = atoms.len();
        for (i, a) in atoms.iter().enumerate().skip(start) {
            if !a.hangs() && i > start && width + widths[i] > max_width {
                end = last_break.unwrap_or(i);
                break;
            }
            width += widths[i];
            if a.break_after {
                last_break = Some(i + 1);
            }
        }
        lines.push(start..end);
        start = end;
    }
    lines
}

/// The atoms of `line` from left to right, each with whether it runs right to left:
/// UAX #9 rule L1 (white space at the end of the line and before a separator takes the
/// paragraph's level) and rule L2 (reverse runs from the highest level down).
pub fn visual_order(
    atoms: &[Atom],
    line: Range<usize>,
    direction: Direction,
) -> Vec<(usize, bool)> {
    let base = direction.level();
    let mut levels: Vec<Level> = atoms[line.clone()]
        .iter()
        .map(|a| Level::new(a.level).unwrap_or(base))
        .collect();
    let mut reset = true;
    for (k, a) in atoms[line.clone()].iter().enumerate().rev() {
        match a.kind {
            AtomKind::Separator => {
                levels[k] = base;
                reset = true;
            }
            AtomKind::Space if reset => levels[k] = base,
            _ => reset = false,
        }
    }
    ParagraphBidiInfo::reorder_visual(&levels)
        .into_iter()
        .map(|k| (line.start + k, levels[k].is_rtl()))
        .collect()
}

/// The code points of `line` in the order they are drawn, left to right (characters of a
/// right-to-left atom reversed): what UAX #9's reference implementations output for a line.
pub fn visual_chars(atoms: &[Atom], line: Range<usize>, direction: Direction) -> Vec<usize> {
    let mut out = Vec::new();
    for (k, rtl) in visual_order(atoms, line, direction) {
        let r = atoms[k].chars.clone();
        if rtl {
            out.extend(r.rev());
        } else {
            out.extend(r);
        }
    }
    out
}

/// The character drawn for `c` in a right-to-left run (UAX #9 rule L4): "(" becomes ")".
pub fn mirrored(c: char) -> char {
    unicode_bidi_mirroring::get_mirrored(c).unwrap_or(c)
}

#[cfg(test)]
mod tests;
