//! Label colours: a colour-blind-safe palette for new labels, and checks that a set of
//! colours stays readable (contrast with the text drawn on them) and tellable apart,
//! also for the common colour-vision deficiencies (protanopia and deuteranopia, simulated
//! with the matrices of Machado, Oliveira and Fernandes 2009).
use super::{Label, parse_hex_color};

/// Okabe & Ito's eight colours (black dropped: text is drawn in it), then a few more
/// from Paul Tol's "bright" scheme for sets larger than that.
pub const PALETTE: &[&str] = &[
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#F0E442", "#4477AA",
    "#EE6677", "#228833", "#CCBB44", "#66CCEE", "#AA3377",
];

/// The first palette colour no label uses yet (the palette again when all are used).
pub fn next_free(labels: &[Label]) -> String {
    let used = |c: &&str| labels.iter().any(|l| l.color.eq_ignore_ascii_case(c));
    let pick = PALETTE.iter().find(|c| !used(c));
    pick.unwrap_or(&PALETTE[labels.len() % PALETTE.len()])
        .to_string()
}

/// sRGB channel (0–255) to linear light.
fn linear(c: u8) -> f64 {
    let c = f64::from(c) / 255.0;
    if c <= 0.04045 {
        c / 12.92
    } else {
        ((c + 0.055) / 1.055).powf(2.4)
    }
}

/// WCAG relative luminance.
fn luminance(rgb: [u8; 3]) -> f64 {
    let [r, g, b] = rgb.map(linear);
    0.2126 * r + 0.7152 * g + 0.0722 * b
}

/// WCAG contrast ratio, 1 to 21.
pub fn contrast(a: [u8; 3], b: [u8; 3]) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// Black or white, whichever reads better on `background`.
pub fn text_on(background: [u8; 3]) -> [u8; 3] {
    if contrast(background, [0, 0, 0]) >= contrast(background, [255, 255, 255]) {
        [0, 0, 0]
    } else {
        [255, 255, 255]
    }
}

/// How a colour looks with a colour-vision deficiency, in linear RGB.
#[derive(Clone, Copy, Debug)]
enum Vision {
    Typical,
    Protan,
    Deutan,
}

fn seen(rgb: [u8; 3], vision: Vision) -> [f64; 3] {
    // Machado, Oliveira and Fernandes 2009, severity 1, applied in linear RGB.
    const PROTAN: [[f64; 3]; 3] = [
        [0.152286, 1.052583, -0.204868],
        [0.114503, 0.786281, 0.099216],
        [-0.003882, -0.048116, 1.051998],
    ];
    const DEUTAN: [[f64; 3]; 3] = [
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.011820, 0.042940, 0.968881],
    ];
    let c = rgb.map(linear);
    let m = match vision {
        Vision::Typical => return c,
        Vision::Protan => PROTAN,
        Vision::Deutan => DEUTAN,
    };
    m.map(|row| (row[0] * c[0] + row[1] * c[1] + row[2] * c[2]).clamp(0.0, 1.0))
}

/// CIE L*a*b* of a linear-RGB colour (D65).
fn lab([r, g, b]: [f64; 3]) -> [f64; 3] {
    let x = 0.4124 * r + 0.3576 * g + 0.1805 * b;
    let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    let z = 0.0193 * r + 0.1192 * g + 0.9505 * b;
    let f = |t: f64| {
        if t > 0.008856 {
            t.cbrt()
        } else {
            7.787 * t + 16.0 / 116.0
        }
    };
    let (fx, fy, fz) = (f(x / 0.95047), f(y), f(z / 1.08883));
    [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
}

/// ΔE (CIE 1976) between two colours as seen with `vision`.
fn distance(a: [u8; 3], b: [u8; 3], vision: Vision) -> f64 {
    let (a, b) = (lab(seen(a, vision)), lab(seen(b, vision)));
    ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)).sqrt()
}

/// Colours closer than this (ΔE) are hard to tell apart at a glance.
const MIN_DISTANCE: f64 = 12.0;

/// Text colour of the dark theme. egui's default (grey 140 on grey 27, 5:1) is dim for
/// long reading and drops under 3:1 on an orange span; the window sets this instead.
pub const DARK_TEXT: [u8; 3] = [205, 205, 205];

/// The reader's page and text in its two themes, and how strongly a span's colour fills
/// the text it covers (the reader's fill alphas).
const THEMES: [(&str, [u8; 3], [u8; 3], f64); 2] = [
    ("light", [248, 248, 248], [80, 80, 80], 0.22),
    ("dark", [27, 27, 27], DARK_TEXT, 0.30),
];

/// The reader's text selection in the light and dark themes, painted opaque under the
/// text: a neutral grey, which no label's tinted fill looks like (checked by [`warnings`]),
/// unlike egui's default selection blue, which is nearly the Claim label's.
pub const SELECTION: [[u8; 3]; 2] = [[184, 184, 184], [88, 88, 88]];

/// The colour a span's fill gives the page it covers (egui blends in gamma space).
fn filled(page: [u8; 3], color: [u8; 3], alpha: f64) -> [u8; 3] {
    std::array::from_fn(|i| {
        (f64::from(page[i]) * (1.0 - alpha) + f64::from(color[i]) * alpha).round() as u8
    })
}

/// One label's colour in both themes: text on its fill must stay readable (3:1), its bars
/// must stand out from the page (1.5:1), and its fill must not pass for the selection.
fn theme_warning(l: &Label, c: [u8; 3]) -> Option<String> {
    let contrast_problem = THEMES.iter().find_map(|&(theme, page, text, alpha)| {
        let on_fill = contrast(text, filled(page, c, alpha));
        let on_page = contrast(c, page);
        if on_fill < 3.0 {
            Some(format!(
                "“{}” ({}): text on its spans is hard to read in the {theme} theme \
                 (contrast {on_fill:.1}:1)",
                l.name, l.color
            ))
        } else if on_page < 1.5 {
            Some(format!(
                "“{}” ({}): its marks hardly show on the {theme} theme's page (contrast \
                 {on_page:.1}:1)",
                l.name, l.color
            ))
        } else {
            None
        }
    });
    contrast_problem.or_else(|| {
        (THEMES.iter().zip(SELECTION)).find_map(|(&(theme, page, _, alpha), selection)| {
            (distance(filled(page, c, alpha), selection, Vision::Typical) < MIN_DISTANCE).then(
                || {
                    format!(
                        "“{}” ({}): its spans look like the text selection in the {theme} theme",
                        l.name, l.color
                    )
                },
            )
        })
    })
}

/// What is wrong with a label set's colours, in words; empty when nothing is.
pub fn warnings(labels: &[Label]) -> Vec<String> {
    let rgb: Vec<Option<[u8; 3]>> = labels.iter().map(|l| parse_hex_color(&l.color)).collect();
    let mut out: Vec<String> = (labels.iter().zip(&rgb))
        .filter_map(|(l, c)| theme_warning(l, (*c)?))
        .collect();
    for i in 0..labels.len() {
        for j in i + 1..labels.len() {
            let (Some(a), Some(b)) = (rgb[i], rgb[j]) else {
                continue;
            };
            let close = [
                (Vision::Typical, "for anyone"),
                (Vision::Protan, "with protanopia"),
                (Vision::Deutan, "with deuteranopia"),
            ]
            .into_iter()
            .find(|(v, _)| distance(a, b, *v) < MIN_DISTANCE);
            if let Some((_, who)) = close {
                out.push(format!(
                    "“{}” and “{}” look alike {who}",
                    labels[i].name, labels[j].name
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::default_labels;

    #[test]
    fn the_default_labels_are_readable_and_tellable_apart() {
        assert_eq!(warnings(&default_labels()), Vec::<String>::new());
    }

    #[test]
    fn no_palette_colour_looks_like_the_selection_and_a_grey_label_is_named() {
        // The reader once used egui's selection blue, nearly the Claim blue; the grey now
        // used differs from every colour a label gets by default, and a label coloured
        // like it is named.
        let mut labels = default_labels();
        for colour in PALETTE {
            labels[1].color = (*colour).into();
            let said = warnings(&labels).join("\n");
            assert!(!said.contains("selection"), "{colour}: {said}");
        }
        labels[1].color = "#5A5A5A".into();
        let said = warnings(&labels).join("\n");
        assert!(
            said.contains("“Quote” (#5A5A5A): its spans look like the text selection"),
            "{said}"
        );
    }

    #[test]
    fn red_and_green_look_alike_with_deuteranopia_and_low_contrast_is_named() {
        let mut labels = default_labels();
        labels[0].color = "#D81B1B".into();
        labels[1].color = "#5A8A00".into();
        let said = warnings(&labels).join("\n");
        assert!(
            said.contains("“Claim” and “Quote” look alike with"),
            "{said}"
        );
        labels[1].color = "#D91C1C".into();
        assert!(
            warnings(&labels)
                .join("\n")
                .contains("look alike for anyone")
        );
        labels[1].color = "#202020".into();
        assert!(
            warnings(&labels)
                .join("\n")
                .contains("hardly show on the dark theme")
        );
        labels[1].color = "#F4F4EC".into();
        assert!(
            warnings(&labels)
                .join("\n")
                .contains("hardly show on the light theme")
        );
    }

    #[test]
    fn contrast_matches_wcag() {
        assert!((contrast([0, 0, 0], [255, 255, 255]) - 21.0).abs() < 1e-9);
        assert_eq!(text_on([240, 228, 66]), [0, 0, 0]);
        assert_eq!(text_on([0, 114, 178]), [255, 255, 255]);
    }

    #[test]
    fn new_labels_take_the_next_unused_palette_colour() {
        let labels = default_labels();
        assert_eq!(next_free(&labels), "#D55E00");
    }
}
