//! Text utilities shared by the model, the reader and the exporters.
pub mod bidi;
pub mod boundaries;
pub mod offsets;

pub use offsets::{TextIndex, byte_to_char, char_len, char_to_byte, slice_chars};

/// `text` cut to at most `max` characters, the last one an ellipsis when cut: for titles and
/// names in buttons and lists.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut s: String = text.chars().take(max.saturating_sub(1)).collect();
    s.push('…');
    s
}
