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
    fn bad_colour_falls_back_to_grey() {
        assert_eq!(parse_hex_color("#12345"), None);
        assert_eq!(parse_hex_color("#GG0000"), None);
        assert_eq!(parse_hex_color("#ff8000"), Some([255, 128, 0]));
    }
}
