//! Bundled fallback fonts: egui's defaults lack CJK (and the 【】 brackets of our corpus),
//! Arabic and Hebrew script. They are added after the default fonts, so Latin text keeps
//! its look. Anything else falls back to the fonts installed on the system: eframe's
//! `system_fonts` feature (on by default) asks the system's own font fallback, found on a
//! background thread, only for characters these fonts lack. What is still missing is drawn
//! by the reader as a framed stand-in (see `reader::glyphs`).
use eframe::egui::{
    self, FontData, FontFamily,
    epaint::text::{FontInsert, FontPriority, InsertFontFamily},
};

/// Droid Sans Fallback (Apache-2.0): CJK ideographs, kana, hangul, CJK punctuation.
const CJK: &[u8] = include_bytes!("../../assets/fonts/DroidSansFallbackFull.ttf");
/// Noto Sans Arabic (OFL-1.1): Arabic, Urdu, Pashto and Persian letters and digits.
const ARABIC: &[u8] = include_bytes!("../../assets/fonts/NotoSansArabic-Regular.ttf");
/// Noto Sans Hebrew (OFL-1.1, 27 kB).
const HEBREW: &[u8] = include_bytes!("../../assets/fonts/NotoSansHebrew-Regular.ttf");

pub fn install(ctx: &egui::Context) {
    for (name, data) in [
        ("droid-sans-fallback", CJK),
        ("noto-sans-arabic", ARABIC),
        ("noto-sans-hebrew", HEBREW),
    ] {
        ctx.add_font(FontInsert::new(
            name,
            FontData::from_static(data),
            vec![
                InsertFontFamily {
                    family: FontFamily::Proportional,
                    priority: FontPriority::Lowest,
                },
                InsertFontFamily {
                    family: FontFamily::Monospace,
                    priority: FontPriority::Lowest,
                },
            ],
        ));
    }
}
