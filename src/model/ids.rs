//! Stable identifiers.
//!
//! Ids are random 53-bit integers rather than counters so that copies of one project
//! annotated by different people can be merged without renumbering, and so that they
//! survive a round trip through JavaScript-based tools (53 bits is the exact-integer
//! range of a JSON number there).
use serde::{Deserialize, Serialize};

const ID_BITS_MASK: u64 = (1 << 53) - 1;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub u64);

        impl $name {
            /// A fresh random id (never 0).
            pub fn random() -> Self {
                Self(fastrand::u64(1..=ID_BITS_MASK))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}", self.0)
            }
        }
    };
}

id_type!(
    /// Identifies a document within a project, and across copies of the project.
    DocId
);
id_type!(
    /// Identifies an annotation within a project, and across copies of the project.
    AnnotationId
);
