//! Characters no font draws. egui falls back through the bundled fonts and then the fonts
//! installed on the system (eframe's `system_fonts`); what is still missing would be an
//! empty `.notdef` box that reads like a space. The reader draws a framed stand-in instead
//! (the code point in hex, or a flag's letters) and names the code points in a tooltip.
//! Emoji sequences (flags, ZWJ sequences, keycaps) are shaped alone: one glyph when a font
//! joins them, a stand-in when none does.
use std::collections::{BTreeMap, HashSet};

use eframe::egui::{FontId, Galley, Ui};

use crate::text::bidi::{Atom, AtomKind};

/// Atoms drawn as stand-ins, with what their tooltip says.
pub type StandIns = BTreeMap<usize, String>;

/// The characters of `text` no font has a glyph for (among those that need one).
pub fn missing_chars(ui: &Ui, font: &FontId, text: &str) -> HashSet<char> {
    let mut seen = HashSet::new();
    let mut missing = HashSet::new();
    if text.is_ascii() {
        return missing; // every font egui bundles covers ASCII
    }
    ui.fonts_mut(|f| {
        for c in text.chars().filter(|c| !c.is_ascii() && needs_glyph(*c)) {
            if seen.insert(c) && !f.has_glyph(font, c) {
                missing.insert(c);
            }
        }
    });
    missing
}

/// Joiners, variation selectors, marks and emoji modifiers need no glyph of their own: a
/// font without them still draws the character they attach to.
fn needs_glyph(c: char) -> bool {
    !(c.is_control()
        || c.is_whitespace()
        || matches!(c as u32,
            0x200B..=0x200F | 0x2060..=0x206F | 0xFE00..=0xFE0F | 0xFEFF
            | 0x0300..=0x036F | 0x1F3FB..=0x1F3FF | 0xE0000..=0xE007F | 0xE0100..=0xE01EF)
        || unicode_bidi::bidi_class(c) == unicode_bidi::BidiClass::NSM)
}

/// Whether grapheme `g` has a character no font draws.
pub fn is_missing(g: &str, missing: &HashSet<char>) -> bool {
    !missing.is_empty() && g.chars().any(|c| missing.contains(&c))
}

/// An emoji sequence: a flag (two regional indicators), a ZWJ sequence, a keycap or a tag
/// sequence. Only a font that knows the sequence draws it as one glyph.
pub fn is_sequence(g: &str) -> bool {
    let mut chars = g.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    chars.next().is_some()
        && (is_regional(first)
            || g.chars()
                .any(|c| matches!(c, '\u{200D}' | '\u{20E3}' | '\u{E0020}'..='\u{E007F}')))
}

fn is_regional(c: char) -> bool {
    ('\u{1F1E6}'..='\u{1F1FF}').contains(&c)
}

/// Atoms (alone by construction) with a character no font draws.
pub fn missing_atoms(text: &str, atoms: &[Atom], missing: &HashSet<char>) -> StandIns {
    let mut out = StandIns::new();
    if missing.is_empty() {
        return out;
    }
    for (k, a) in atoms.iter().enumerate() {
        let s = &text[a.bytes.clone()];
        if a.kind == AtomKind::Alone && is_missing(s, missing) {
            out.insert(
                k,
                format!("{} — no installed font has this character", code_points(s)),
            );
        }
    }
    out
}

/// Emoji sequences that were shaped as more than one visible glyph: no font joins them.
pub fn unjoined_sequences(
    text: &str,
    atoms: &[Atom],
    galley: &Galley,
    done: &StandIns,
) -> StandIns {
    let mut out = StandIns::new();
    for (k, a) in atoms.iter().enumerate() {
        let s = &text[a.bytes.clone()];
        if a.kind != AtomKind::Alone || done.contains_key(&k) || !is_sequence(s) {
            continue;
        }
        let inked = (galley.rows.get(k).into_iter())
            .flat_map(|r| &r.row.glyphs)
            .filter(|g| !g.uv_rect.is_nothing())
            .count();
        if inked > 1 {
            out.insert(
                k,
                format!(
                    "{s} {} — no installed font draws this sequence as one emoji",
                    code_points(s)
                ),
            );
        }
    }
    out
}

/// What a stand-in shows: a flag's two letters, a sequence's first emoji, else the code
/// point in hex.
pub fn stand_in_label(s: &str) -> String {
    let first = s.chars().next().unwrap_or(' ');
    if is_regional(first) {
        s.chars()
            .filter(|&c| is_regional(c))
            .filter_map(|c| char::from_u32(c as u32 - 0x1F1E6 + 'A' as u32))
            .collect()
    } else if is_sequence(s) {
        first.to_string()
    } else {
        format!("{:04X}", first as u32)
    }
}

/// "U+1F1F5 U+1F1F0".
pub fn code_points(s: &str) -> String {
    let cps: Vec<String> = s.chars().map(|c| format!("U+{:04X}", c as u32)).collect();
    cps.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sequences_and_labels() {
        assert!(is_sequence("🇵🇰"));
        assert!(is_sequence("👨🏻\u{200D}💼"));
        assert!(is_sequence("1\u{FE0F}\u{20E3}"));
        assert!(
            !is_sequence("👍🏽"),
            "a skin tone alone is drawn by the base glyph"
        );
        assert!(!is_sequence("e\u{301}"));
        assert_eq!(stand_in_label("🇵🇰"), "PK");
        assert_eq!(stand_in_label("𠀀"), "20000");
        assert_eq!(stand_in_label("👨🏻\u{200D}💼"), "👨");
        assert_eq!(code_points("🇵🇰"), "U+1F1F5 U+1F1F0");
        assert!(!needs_glyph('\u{200D}') && !needs_glyph('\u{650}') && needs_glyph('𠀀'));
    }
}
