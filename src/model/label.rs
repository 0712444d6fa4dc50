//! Labels: what a span is tagged as.
use serde::{Deserialize, Serialize};

/// A tag an annotator can give to a span.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Label {
    /// Stable identifier stored in annotations and exports (`claim`, `quote`...).
    pub id: String,
    /// Name shown in the window.
    pub name: String,
    /// `#RRGGBB`.
    pub color: String,
    /// Key that applies this label in the reader (`'1'`..`'9'`).
    #[serde(default)]
    pub hotkey: Option<char>,
    #[serde(default)]
    pub description: String,
    /// Spans with this label are sources ("the minister said"): other spans link to them.
    /// Since format 2; older files get it for the `attribution` label when they are read.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub is_source: bool,
}

impl Label {
    /// Parses `color` into RGB; falls back to grey so a hand-edited file never breaks drawing.
    pub fn rgb(&self) -> [u8; 3] {
        parse_hex_color(&self.color).unwrap_or([128, 128, 128])
    }

    /// The name exports write for this label, made from its name so that a rename reaches
    /// every dataset while annotations keep the stable id: lower case, each run of spaces,
    /// punctuation and symbols but `-` (`_` included) turned into one `_`, `_` trimmed
    /// from the ends. Letters of every script, digits and combining marks are kept (`Factual
    /// claim` → `factual_claim`, `Déclaration` → `déclaration`). For the default labels it
    /// equals the id. Empty for a name of punctuation only, which the label rules refuse.
    pub fn export_key(&self) -> String {
        export_key_of(&self.name)
    }
}

/// [`Label::export_key`] of a name.
pub fn export_key_of(name: &str) -> String {
    // `_` is a gap like a space, so `a _ b` gives `a_b`, not `a___b`.
    let keep = |c: char| {
        c.is_alphanumeric() || c == '-' || unicode_normalization::char::is_combining_mark(c)
    };
    let mut key = String::with_capacity(name.len());
    let mut in_gap = false;
    for c in name.chars() {
        if keep(c) {
            if in_gap && !key.is_empty() {
                key.push('_');
            }
            in_gap = false;
            key.extend(c.to_lowercase());
        } else {
            in_gap = true;
        }
    }
    key
}

/// Why `label` cannot be told apart from `other` in a dataset, if it cannot: the same
/// export name, or the export name of one being the id of the other (`import-dataset`
/// maps a label string by id, then export name).
pub fn export_key_clash(label: &Label, other: &Label) -> Option<String> {
    let (key, other_key) = (label.export_key(), other.export_key());
    if other_key == key {
        Some(format!(
            "exports would name it “{key}”, as they name “{}”",
            other.name
        ))
    } else if other.id == key {
        Some(format!(
            "its export name “{key}” is the id of “{}”",
            other.name
        ))
    } else if other_key == label.id {
        Some(format!(
            "its id “{}” is the export name of “{}”",
            label.id, other.name
        ))
    } else {
        None
    }
}

/// What keeps a label set's export names from standing for its labels one to one, per
/// label (id, why): an empty export name, or a clash ([`export_key_clash`]). Exports
/// write ids instead while there is any; a project file that has them is flagged.
pub fn export_key_problems(labels: &[Label]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (i, l) in labels.iter().enumerate() {
        if l.export_key().is_empty() {
            let why = format!("its name “{}” has no letters or digits", l.name);
            out.push((l.id.clone(), why));
        }
        for other in &labels[..i] {
            if let Some(why) = export_key_clash(l, other) {
                out.push((l.id.clone(), why));
            }
        }
    }
    out
}

/// `#RRGGBB` → RGB.
pub fn parse_hex_color(s: &str) -> Option<[u8; 3]> {
    let hex = s.strip_prefix('#')?;
    if hex.len() != 6 || !hex.is_ascii() {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}

/// The label set of a new project. Colours come from the Okabe–Ito palette, chosen to
/// stay distinguishable with the common colour-vision deficiencies and readable as
/// translucent fills on both light and dark backgrounds.
pub fn default_labels() -> Vec<Label> {
    let label = |id: &str, name: &str, color: &str, key: char, description: &str| Label {
        id: id.into(),
        name: name.into(),
        color: color.into(),
        hotkey: Some(key),
        description: description.into(),
        is_source: id == "attribution",
    };
    vec![
        label(
            "claim",
            "Claim",
            "#0072B2",
            '1',
            "A statement presented as fact that can be checked.",
        ),
        label(
            "quote",
            "Quote",
            "#E69F00",
            '2',
            "Words reported as someone's own, direct or indirect.",
        ),
        label(
            "figure",
            "Figure",
            "#009E73",
            '3',
            "A number, statistic or amount.",
        ),
        label(
            "attribution",
            "Attribution",
            "#CC79A7",
            '4',
            "Who said it: the source and the reporting verb.",
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_labels_have_distinct_ids_keys_and_valid_colours() {
        let labels = default_labels();
        let ids: Vec<_> = labels.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(ids, ["claim", "quote", "figure", "attribution"]);
        let keys: Vec<_> = labels.iter().map(|l| l.hotkey.unwrap()).collect();
        assert_eq!(keys, ['1', '2', '3', '4']);
        for l in &labels {
            assert!(parse_hex_color(&l.color).is_some(), "{}", l.color);
        }
    }

    #[test]
    fn export_keys_come_from_names_and_equal_the_default_ids() {
        for l in default_labels() {
            assert_eq!(l.export_key(), l.id);
        }
        for (name, key) in [
            ("Factual claim", "factual_claim"),
            ("  Opinion  piece ", "opinion_piece"),
            ("Claim (v2)", "claim_v2"),
            ("who/said: what?!", "who_said_what"),
            ("Well-known _fact_", "well-known_fact"),
            ("snake_case__name", "snake_case_name"),
            ("Déclaration", "déclaration"),
            ("Cafe\u{301} au lait", "cafe\u{301}_au_lait"),
            ("ΑΠΟΨΗ", "αποψη"),
            ("引用 文", "引用_文"),
            ("€ 👍🏽 !", ""),
        ] {
            assert_eq!(export_key_of(name), key, "{name:?}");
        }
    }

    #[test]
    fn bad_colour_falls_back_to_grey() {
        assert_eq!(parse_hex_color("#12345"), None);
        assert_eq!(parse_hex_color("#GG0000"), None);
        assert_eq!(parse_hex_color("#ff8000"), Some([255, 128, 0]));
    }
}
