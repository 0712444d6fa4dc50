use super::*;

fn word_atoms(text: &str, dir: Direction) -> Vec<Atom> {
    atoms(text, dir, |_| false)
}

fn visual(text: &str) -> String {
    let dir = paragraph_direction(text);
    let a = word_atoms(text, dir);
    let chars: Vec<char> = text.chars().collect();
    visual_chars(&a, 0..a.len(), dir)
        .into_iter()
        .map(|k| chars[k])
        .collect()
}

#[test]
fn paragraph_direction_comes_from_the_first_strong_character() {
    assert_eq!(paragraph_direction("۴۸ افراد ہلاک"), Direction::Rtl);
    assert_eq!(paragraph_direction("“123” Imran خان"), Direction::Ltr);
    assert_eq!(paragraph_direction("123 ..."), Direction::Ltr);
    // Only the first paragraph counts.
    assert_eq!(paragraph_direction("۴۸\nسلام"), Direction::Ltr);
}

#[test]
fn numbers_and_latin_keep_their_order_inside_right_to_left_text() {
    // Logical: "A B 48 C" with Urdu letters and Extended Arabic-Indic digits.
    assert_eq!(visual("اب ۴۸ ج"), "ج ۴۸ با");
    assert_eq!(visual("عمران خان PTI 2024"), "PTI 2024 ناخ نارمع");
    // Latin paragraph with an Arabic name: only the name is reversed.
    assert_eq!(visual("Imran خان said"), "Imran ناخ said");
}

#[test]
fn atoms_never_mix_directions_and_keep_graphemes_whole() {
    let text = "نے ۴۸ PTI 👨🏻‍💼 🇵🇰 e\u{301}";
    let a = word_atoms(text, Direction::Rtl);
    let idx = crate::text::TextIndex::new(text);
    for atom in &a {
        let s = idx.slice(text, atom.chars.start, atom.chars.end).unwrap();
        assert_eq!(&text[atom.bytes.clone()], s);
        // Urdu digits at an even level are one grapheme each, so harfrust cannot reverse them.
        if atom.level % 2 == 0 && s.chars().any(|c| ('۰'..='۹').contains(&c)) {
            assert_eq!(s.chars().count(), 1, "{s:?}");
        }
    }
    let texts: Vec<&str> = a.iter().map(|x| &text[x.bytes.clone()]).collect();
    assert!(texts.contains(&"👨🏻‍💼"), "{texts:?}");
    assert!(texts.contains(&"🇵🇰"), "{texts:?}");
    assert!(texts.contains(&"e\u{301}"), "{texts:?}");
}

#[test]
fn lines_never_end_with_an_opening_quote_or_start_with_closing_punctuation() {
    let text = "他说：“我们将在【伊斯兰堡】举行会谈。”随后，代表团离开了。";
    let a = word_atoms(text, Direction::Ltr);
    let widths = vec![1.0; a.len()];
    let chars: Vec<char> = text.chars().collect();
    // Every width from 3 to 12 characters: each possible place of the line end.
    for max in 3..=12 {
        for line in break_lines(&a, &widths, max as f32) {
            let first = chars[a[line.start].chars.start];
            let last = chars[a[line.end - 1].chars.end - 1];
            assert!(
                !"“【（《「".contains(last),
                "line ends with {last:?} at {max}"
            );
            assert!(
                !"：，。”】）》」".contains(first),
                "line starts with {first:?} at {max}"
            );
        }
    }
}

#[test]
fn lines_fill_the_width_and_trailing_space_hangs() {
    let text = "one two three four";
    let a = word_atoms(text, Direction::Ltr);
    let widths: Vec<f32> = a.iter().map(|x| x.chars.len() as f32).collect();
    let lines = break_lines(&a, &widths, 8.0);
    let texts: Vec<String> = lines
        .iter()
        .map(|l| text[a[l.start].bytes.start..a[l.end - 1].bytes.end].to_owned())
        .collect();
    assert_eq!(texts, ["one two ", "three ", "four"]);
}

#[test]
fn trailing_space_takes_the_paragraph_level() {
    // A right-to-left paragraph whose line ends with Latin and a space: the space goes to
    // the left end of the line (rule L1), not between the Latin words.
    let text = "سلام PTI ";
    let a = word_atoms(text, Direction::Rtl);
    let order = visual_chars(&a, 0..a.len(), Direction::Rtl);
    assert_eq!(order[0], text.chars().count() - 1, "{order:?}");
}

#[test]
fn brackets_are_mirrored_in_right_to_left_runs() {
    assert_eq!(mirrored('('), ')');
    assert_eq!(mirrored('«'), '»');
    assert_eq!(mirrored('a'), 'a');
}

#[test]
fn the_fast_grapheme_walk_agrees_with_unicode_segmentation() {
    use unicode_segmentation::UnicodeSegmentation;
    for text in [
        "plain ASCII, CR LF\r\n and tabs\t.",
        "e\u{301}tude 👍🏽 🇵🇰🇦🇫 👨🏻\u{200D}💼 a\u{200D}b x\r\ny ۴۸ ک\u{650}تاب 1\u{FE0F}\u{20E3}",
        "🇵🇰🇦🇫🇺",
    ] {
        let fast: Vec<(usize, &str)> = graphemes(text).collect();
        let reference: Vec<(usize, &str)> = text.grapheme_indices(true).collect();
        assert_eq!(fast, reference, "{text:?}");
    }
}

#[test]
fn left_to_right_text_without_right_to_left_characters_skips_the_bidi_pass_alike() {
    // The fast path must give the levels the bidi pass would (all 0).
    let text = "“Peace” — 【Kabul】 2021, 👍🏽 café";
    assert!(!text.chars().any(may_be_rtl));
    let levels = ParagraphBidiInfo::new(text, Some(Level::ltr())).levels;
    assert!(levels.iter().all(|l| l.number() == 0));
    assert!(
        word_atoms(text, Direction::Ltr)
            .iter()
            .all(|a| a.level == 0)
    );
    assert!("ab\u{202E}cd".chars().any(may_be_rtl));
}
