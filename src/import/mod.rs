//! Importing article texts: reading files of any common encoding as clean text, guessing a
//! title, and turning a set of files and folders into `AddDocument` edits.
//!
//! Nothing here touches the project: [`import_paths`] only proposes edits, and the caller
//! applies them (as one batch, so one undo removes the whole import).
mod batch;
pub mod datasets;
mod error;
mod mostly_utf8;
mod summary;
mod text;
mod title;

pub use batch::{
    Added, ImportReport, Skipped, import_paths, import_paths_with_limit, is_importable_name,
};
pub use error::ImportError;
pub use mostly_utf8::{InvalidUtf8, VALID_PER_INVALID};
pub use text::{ImportedText, decode_file_bytes, read_text_file};
pub use title::{looks_like_headline, title_for};

#[cfg(test)]
mod input_tests;
#[cfg(test)]
mod tests;
