//! The mapping's round trips, without a window: every grapheme's box leads back to it.
use eframe::egui::{self, Color32, FontId, Pos2, pos2};
use unicode_segmentation::UnicodeSegmentation;

use super::*;

/// Lays out `text` at `width` in a headless egui context and runs `check` on it.
fn with_lines(text: &str, width: f32, check: impl Fn(&PieceLines)) {
    let ctx = egui::Context::default();
    crate::ui::fonts::install(&ctx);
    for _ in 0..2 {
        // Fonts added by `install` are in place from the second pass on.
        let mut out = ctx.run_ui(Default::default(), |ui| {
            let style = LineStyle {
                width,
                font: FontId::proportional(16.0),
                color: Color32::BLACK,
                row_height: 30.0,
                pixels_per_point: 1.0,
                direction: bidi::paragraph_direction(text),
            };
            check(&PieceLines::lay_out(ui, text, &style));
        });
        out.textures_delta.clear();
    }
}

const TEXTS: &[&str] = &[
    "اسلام آباد: وزیر اطلاعات Attaullah Tarar نے بتایا کہ ۴۸ افراد ہلاک ہوئے (۲۰۲۱ کے بعد)۔",
    "هرات: به گفته‌ی سخنگوی وزارت خارجه، Ishaq Dar روز دوشنبه ۱۴۰۳/۸/۲۰ دیدار کرد.",
    "ירושלים: שר החוץ Gideon Saar אמר כי 48 בני אדם נהרגו מאז 2021.",
    "Minister Tarar said «مذاکرات ناکام» (talks failed), adding ۴۸ died.",
    "【观察者网】巴新闻部长塔拉尔表示：“和谈未能达成‘可行的解决方案’。”",
    "Reactions 👍🏽👎 🇵🇰 👨🏻\u{200D}💼 café e\u{301}t 𠀀",
];

#[test]
fn every_grapheme_box_hits_that_grapheme_and_its_edges_hit_its_boundaries() {
    for text in TEXTS {
        for width in [700.0, 180.0] {
            with_lines(text, width, |l| {
                let mut c = 0;
                for g in text.graphemes(true) {
                    let n = g.chars().count();
                    let boxes = l.boxes(c, c + n);
                    assert_eq!(boxes.len(), 1, "{g:?} at {c} in {text:?}");
                    let r = boxes[0];
                    if r.width() > 0.5 {
                        assert_eq!(l.grapheme_at(r.center()), c, "{g:?} at {c} in {text:?}");
                    }
                    // The caret before it is at the box's reading-start edge.
                    let caret = l.caret(c);
                    let start = if l.is_rtl_at(c) { r.max.x } else { r.min.x };
                    assert!(
                        (caret.x - start).abs() < 0.5,
                        "{g:?} at {c}: {caret:?} {r:?}"
                    );
                    c += n;
                }
            });
        }
    }
}

#[test]
fn right_to_left_paragraphs_are_aligned_right_and_left_to_right_ones_left() {
    with_lines(TEXTS[0], 700.0, |l| {
        let all = l.boxes(0, TEXTS[0].chars().count());
        let right = all.iter().map(|r| r.max.x).fold(0.0, f32::max);
        assert!((right - 700.0).abs() < 1.0, "{all:?}");
        assert!(
            all.iter().all(|r| r.min.x > 100.0),
            "one short line, on the right"
        );
    });
    with_lines(TEXTS[3], 700.0, |l| {
        assert_eq!(l.boxes(0, 1)[0].min.x, 0.0);
    });
}

#[test]
fn a_span_across_a_change_of_direction_is_several_boxes() {
    // "Minister Tarar said «مذاکرات" : the Latin words and the Urdu word are drawn apart.
    let text = TEXTS[3];
    with_lines(text, 700.0, |l| {
        let s = text.find('«').unwrap();
        let end = text[..s].chars().count() + 4; // «مذا
        let boxes = l.boxes(15, end);
        assert_eq!(boxes.len(), 2, "{boxes:?}");
    });
}

#[test]
fn hits_beyond_a_line_go_to_its_nearest_end() {
    with_lines(TEXTS[2], 700.0, |l| {
        let n = TEXTS[2].chars().count();
        // Right of a right-to-left line: its logical start.
        assert_eq!(l.hit(pos2(10_000.0, 5.0)), 0);
        // Far left: its logical end.
        assert_eq!(l.hit(Pos2::new(-50.0, 5.0)), n);
    });
}
