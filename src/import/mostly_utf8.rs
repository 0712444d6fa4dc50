//! UTF-8 with a few damaged bytes: decoded as UTF-8, each bad sequence replaced by U+FFFD.
//!
//! A UTF-8 article with one stray byte (a cut-off download, a Windows-1252 character pasted
//! into it) is not valid UTF-8, and handing it to the legacy-encoding detector turns every
//! curly quote into mojibake (`Pakistan’s` → `PakistanтАЩs`) without a word. So before
//! guessing a legacy encoding we ask whether the bytes look like UTF-8.
//!
//! The rule ("UTF-8-like"): counting, in the order [`str::from_utf8`] reads them,
//! - `valid`: well-formed multi-byte sequences (every non-ASCII character of the text), and
//! - `invalid`: ill-formed sequences (each maximal ill-formed subpart, which is also what
//!   becomes one U+FFFD, as in the WHATWG decoder and `String::from_utf8_lossy`),
//!
//! the bytes are UTF-8-like when `valid >= 2 × invalid` ([`VALID_PER_INVALID`]): at least
//! two out of three non-ASCII sequences are real UTF-8. Legacy 8-bit text hardly ever
//! forms a valid sequence (it needs a byte C2–DF followed by one in 80–BF, or longer
//! patterns), so in Windows-125x, ISO-8859, KOI8, Shift_JIS, GBK, Big5 or EUC text nearly
//! every non-ASCII byte is invalid and the rule does not fire; the unit tests check those
//! encodings on real sentences. Text that is ASCII apart from one bad byte (`caf\xE9`) has
//! no valid sequence either: it is most likely Windows-1252, and the detector decodes it
//! right, so it is left to the detector too.
use std::fmt;

/// Valid multi-byte sequences needed for each invalid one.
pub const VALID_PER_INVALID: usize = 2;

/// How many byte offsets a warning lists before it only counts.
const SHOWN_OFFSETS: usize = 5;

/// The ill-formed sequences replaced while decoding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidUtf8 {
    /// How many ill-formed sequences (each became one U+FFFD).
    pub count: usize,
    /// The byte offsets in the file of the first few (at most five).
    pub offsets: Vec<usize>,
}

impl fmt::Display for InvalidUtf8 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (n, s) = (self.count, if self.count == 1 { "" } else { "s" });
        let at: Vec<String> = self.offsets.iter().map(usize::to_string).collect();
        write!(
            f,
            "{n} invalid UTF-8 byte sequence{s} replaced by U+FFFD (the replacement character), at byte{} {}",
            if self.offsets.len() == 1 { "" } else { "s" },
            at.join(", ")
        )?;
        if n > self.offsets.len() {
            write!(f, " and {} more", n - self.offsets.len())?;
        }
        Ok(())
    }
}

impl InvalidUtf8 {
    fn note(&mut self, offset: usize) {
        self.count += 1;
        if self.offsets.len() < SHOWN_OFFSETS {
            self.offsets.push(offset);
        }
    }
}

/// Decodes `bytes` as UTF-8 with replacements if they are UTF-8-like (see the module) and
/// not valid UTF-8; `base` is added to the reported offsets (the length of a byte-order
/// mark already stripped).
pub fn decode_mostly_utf8(bytes: &[u8], base: usize) -> Option<(String, InvalidUtf8)> {
    let (text, invalid, valid) = decode_lossy(bytes, base);
    (invalid.count > 0 && valid >= VALID_PER_INVALID * invalid.count).then_some((text, invalid))
}

/// `bytes` as UTF-8, each ill-formed sequence replaced by U+FFFD, with where those were
/// and how many well-formed multi-byte sequences there are.
pub fn decode_lossy(bytes: &[u8], base: usize) -> (String, InvalidUtf8, usize) {
    let mut text = String::with_capacity(bytes.len() + 16);
    let mut valid = 0usize;
    let mut invalid = InvalidUtf8 {
        count: 0,
        offsets: Vec::new(),
    };
    let mut at = base;
    for chunk in bytes.utf8_chunks() {
        let good = chunk.valid();
        // Lead bytes (11xxxxxx) start exactly one valid multi-byte sequence each.
        valid += good.bytes().filter(|&b| b >= 0xC0).count();
        text.push_str(good);
        at += good.len();
        let bad = chunk.invalid();
        if !bad.is_empty() {
            invalid.note(at);
            text.push('\u{FFFD}');
            at += bad.len();
        }
    }
    (text, invalid, valid)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARTICLE: &str = "Pakistan’s information minister said on Tuesday that “talks \
                           in Istanbul” had failed — for now.";

    #[test]
    fn one_stray_byte_in_a_utf8_article_is_replaced_and_located() {
        let mut bytes = ARTICLE.as_bytes().to_vec();
        bytes.insert(20, 0xE9); // a Windows-1252 "é" pasted in
        let (text, invalid) = decode_mostly_utf8(&bytes, 0).unwrap();
        assert!(text.starts_with("Pakistan’s informa\u{FFFD}"), "{text}");
        assert!(text.contains("“talks in Istanbul”"));
        assert_eq!(invalid.count, 1);
        assert_eq!(invalid.offsets, vec![20]);
        assert_eq!(
            invalid.to_string(),
            "1 invalid UTF-8 byte sequence replaced by U+FFFD (the replacement character), at byte 20"
        );
    }

    #[test]
    fn a_cut_multibyte_sequence_is_one_replacement() {
        // "’" is E2 80 99; a download cut after two of its bytes, then more text.
        let mut bytes = ARTICLE.as_bytes().to_vec();
        bytes.extend_from_slice(&[0xE2, 0x80]);
        bytes.extend_from_slice(" More “text”.".as_bytes());
        let (text, invalid) = decode_mostly_utf8(&bytes, 3).unwrap();
        assert!(text.ends_with("for now.\u{FFFD} More “text”."), "{text}");
        assert_eq!(invalid.count, 1);
        assert_eq!(invalid.offsets, vec![3 + ARTICLE.len()]);
    }

    #[test]
    fn offsets_list_the_first_five_and_count_the_rest() {
        let mut bytes = Vec::new();
        for _ in 0..8 {
            bytes.extend_from_slice("“a” ‘b’ ".as_bytes());
            bytes.push(0xFF);
        }
        let (_, invalid) = decode_mostly_utf8(&bytes, 0).unwrap();
        assert_eq!(invalid.count, 8);
        assert_eq!(invalid.offsets.len(), 5);
        assert!(invalid.to_string().ends_with(" and 3 more"), "{invalid}");
    }

    #[test]
    fn valid_utf8_and_ascii_with_one_legacy_byte_are_not_for_this_path() {
        assert!(decode_mostly_utf8(ARTICLE.as_bytes(), 0).is_none());
        // No valid multi-byte sequence at all: Windows-1252 "café" is the better reading.
        assert!(decode_mostly_utf8(b"The caf\xE9 was closed.", 0).is_none());
    }

    /// Real sentences in legacy encodings never pass for UTF-8.
    #[test]
    fn legacy_encodings_are_not_utf8_like() {
        let samples: &[(&str, &'static encoding_rs::Encoding)] = &[
            (
                "Die Straße war gesperrt, sagte der Bürgermeister: „Fuß” und „Maß”.",
                encoding_rs::WINDOWS_1252,
            ),
            (
                "Le président a déclaré que les négociations étaient « très difficiles ».",
                encoding_rs::WINDOWS_1252,
            ),
            (
                "Министр иностранных дел заявил, что переговоры в Стамбуле «провалились». США",
                encoding_rs::WINDOWS_1251,
            ),
            (
                "Министр иностранных дел заявил, что переговоры в Стамбуле провалились.",
                encoding_rs::KOI8_R,
            ),
            (
                "Ο υπουργός δήλωσε ότι οι συνομιλίες στην Κωνσταντινούπολη απέτυχαν.",
                encoding_rs::WINDOWS_1253,
            ),
            (
                "השר אמר כי השיחות באיסטנבול נכשלו.",
                encoding_rs::WINDOWS_1255,
            ),
            (
                "外務大臣は、イスタンブールでの協議は失敗したと述べた。",
                encoding_rs::SHIFT_JIS,
            ),
            (
                "外务部长表示，在伊斯坦布尔举行的会谈失败了。",
                encoding_rs::GBK,
            ),
            (
                "外務部長表示，在伊斯坦布爾舉行的會談失敗了。",
                encoding_rs::BIG5,
            ),
            (
                "외무장관은 이스탄불 회담이 실패했다고 말했다.",
                encoding_rs::EUC_KR,
            ),
        ];
        for (text, encoding) in samples {
            let (bytes, _, unmappable) = encoding.encode(text);
            assert!(!unmappable, "{} cannot hold {text}", encoding.name());
            assert!(
                decode_mostly_utf8(&bytes, 0).is_none(),
                "{} text taken for UTF-8: {text}",
                encoding.name()
            );
        }
    }
}
