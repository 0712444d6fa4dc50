//! Documents: imported article texts, immutable after import.
use serde::{Deserialize, Serialize};

use super::ids::DocId;
use crate::text::TextIndex;
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
    /// The text's code-point index, built the first time something asks for it.
    #[serde(skip)]
    index: LazyIndex,
}

/// A [`TextIndex`] made on first use: the reader, the side panels, exports and who said
/// what all need one, and each used to build its own.
#[derive(Clone, Debug, Default)]
struct LazyIndex(std::sync::OnceLock<TextIndex>);

/// Derived from the text, so it never makes two documents differ.
impl PartialEq for LazyIndex {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for LazyIndex {}

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
            index: LazyIndex::default(),
        }
    }

    /// The code-point index of the text (built once, on first use).
    pub fn index(&self) -> &TextIndex {
        self.index.0.get_or_init(|| TextIndex::new(&self.text))
    }

    /// Whether `hash` still matches `text`.
    pub fn hash_matches(&self) -> bool {
        self.hash == text_hash(&self.text)
    }

    /// The problem to report when `hash` no longer matches `text` (a file or a journal
    /// edited by hand): the same words wherever the document came from.
    pub fn hash_problem(&self) -> Option<super::Problem> {
        (!self.hash_matches()).then(|| {
            super::Problem::new(
                format!("document {} “{}”", self.id, self.title),
                "its text no longer matches its hash: the text was changed outside Marginalia, \
                 so annotation offsets may point at the wrong words",
            )
        })
    }
}

/// The content hash stored with each document.
pub fn text_hash(text: &str) -> String {
    format!("blake3:{}", blake3::hash(text.as_bytes()).to_hex())
}
