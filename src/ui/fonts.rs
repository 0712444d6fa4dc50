//! Bundled fallback fonts: egui's defaults lack CJK (and the 【】 brackets of our corpus)
//! and Arabic script. They are added after the default fonts, so Latin text keeps its look.
use eframe::egui::{
    self, FontData, FontFamily,
    epaint::text::{FontInsert, FontPriority, InsertFontFamily},
};

/// Droid Sans Fallback (Apache-2.0): CJK ideographs, kana, hangul, CJK punctuation.
const CJK: &[u8] = include_bytes!("../../assets/fonts/DroidSansFallbackFull.ttf");
/// Noto Sans Arabic (OFL-1.1). egui does not shape Arabic, so letters show in isolated forms.
const ARABIC: &[u8] = include_bytes!("../../assets/fonts/NotoSansArabic-Regular.ttf");

pub fn install(ctx: &egui::Context) {
    for (name, data) in [("droid-sans-fallback", CJK), ("noto-sans-arabic", ARABIC)] {
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
