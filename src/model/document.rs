//! Documents: imported article texts, immutable after import.
use serde::{Deserialize, Serialize};

use super::ids::DocId;
use crate::text::bidi::Direction;

/// One article. Its text never changes after import: every annotation's offsets refer to it,
/// and `hash` lets a reopened or merged project prove that it is still the same text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    pub id: DocId,
    pub title: String,
    /// File name or address the text came from.
    #[serde(default)]
    pub source: String,
    /// `blake3:` followed by the hex digest of the UTF-8 text.
    pub hash: String,
    pub text: String,
    /// The direction chosen for the whole text, or `None` for each paragraph's own (from
    /// its first strong character, UAX #9). Only changes how the text is drawn.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
}

impl Document {
    pub fn new(
        id: DocId,
        title: impl Into<String>,
        source: impl Into<String>,
        text: impl Into<String>,
    ) -> Self {
        let text = text.into();
        Self {
            id,
            title: title.into(),
            source: source.into(),
            hash: text_hash(&text),
            text,
            direction: None,
        }
    }

    /// Whether `hash` still matches `text`.
    pub fn hash_matches(&self) -> bool {
        self.hash == text_hash(&self.text)
    }
}

/// The content hash stored with each document.
pub fn text_hash(text: &str) -> String {
    format!("blake3:{}", blake3::hash(text.as_bytes()).to_hex())
}
