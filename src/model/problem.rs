//! Problems found in a project: reported to the user, never a panic.
use std::fmt;

/// Something wrong in a project that the user should know about, with where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Where: "document 12 “Title”", "annotation 345"...
    pub location: String,
    /// What, and what to do about it.
    pub message: String,
    /// The item was not loaded: saving would drop it, so the file is kept as it was first.
    pub refused: bool,
}

impl Problem {
    pub fn new(location: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            location: location.into(),
            message: message.into(),
            refused: false,
        }
    }

    /// A problem whose item was left out of the project.
    pub fn refused(location: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            refused: true,
            ..Self::new(location, message)
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}
