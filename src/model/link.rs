//! Links between annotations: "this quote was said by that source".
use serde::{Deserialize, Serialize};

use super::AnnotationId;

/// The one kind of link Marginalia makes: content (quote, claim, figure) → its source.
pub const ATTRIBUTED_TO: &str = "attributed_to";

/// A directed link from a content annotation to the source annotation it is attributed to.
/// Both ends belong to the same document and the same annotator; a content has at most one
/// source, a source may serve many contents.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Link {
    /// The content: a quote, claim or figure.
    pub from: AnnotationId,
    /// The source: an annotation whose label is a source label (`attribution`).
    pub to: AnnotationId,
    /// Relation type, as written in exports.
    #[serde(default = "default_kind")]
    pub kind: String,
}

fn default_kind() -> String {
    ATTRIBUTED_TO.into()
}

impl Link {
    /// An `attributed_to` link.
    pub fn attributed_to(content: AnnotationId, source: AnnotationId) -> Self {
        Self {
            from: content,
            to: source,
            kind: ATTRIBUTED_TO.into(),
        }
    }
}
