//! Importing article texts: reading files of any common encoding as clean text, guessing a
//! title, and turning a set of files and folders into `AddDocument` edits.
//!
//! Nothing here touches the project: [`import_paths`] only proposes edits, and the caller
//! applies them (as one batch, so one undo removes the whole import).
mod batch;
pub mod datasets;
mod error;
mod text;
mod title;

pub use batch::{Added, ImportReport, Skipped, import_paths, is_importable_name};
pub use error::ImportError;
pub use text::{ImportedText, decode_file_bytes, read_text_file};
pub use title::{looks_like_headline, title_for};

#[cfg(test)]
mod tests;
