//! Text utilities shared by the model, the reader and the exporters.
pub mod bidi;
pub mod boundaries;
pub mod offsets;

pub use offsets::{TextIndex, byte_to_char, char_len, char_to_byte, slice_chars};
