use super::*;
use crate::text::slice_chars;

fn hits(text: &str, q: Query) -> Vec<&str> {
    let m = q.compile().unwrap().unwrap();
    m.find_all(text)
        .into_iter()
        .map(|s| slice_chars(text, s.start, s.end).unwrap())
        .collect()
}

fn q(text: &str) -> Query {
    Query {
        text: text.into(),
        ..Default::default()
    }
}

const TEXT: &str = "Tarar said 👍🏽 TARAR; Taràr — café e\u{301}té, Café. İstanbul";

#[test]
fn by_default_case_and_diacritics_do_not_count() {
    assert_eq!(hits(TEXT, q("tarar")), ["Tarar", "TARAR", "Taràr"]);
    assert_eq!(hits(TEXT, q("CAFE")), ["café", "Café"]);
    assert_eq!(
        hits(TEXT, q("ete")),
        ["e\u{301}té"],
        "a combining accent is folded too"
    );
    assert_eq!(
        hits(TEXT, q("istanbul")),
        ["İstanbul"],
        "İ lowercases to two characters"
    );
}

#[test]
fn case_and_diacritics_can_count() {
    let exact = Query {
        match_case: true,
        match_diacritics: true,
        ..q("Tarar")
    };
    assert_eq!(hits(TEXT, exact), ["Tarar"]);
    let marks = Query {
        match_diacritics: true,
        ..q("café")
    };
    assert_eq!(hits(TEXT, marks), ["café", "Café"]);
}

#[test]
fn regular_expressions_and_offsets_after_emoji() {
    let re = Query {
        regex: true,
        ..q(r"t\w+r")
    };
    let m = re.compile().unwrap().unwrap();
    let spans = m.find_all(TEXT);
    assert_eq!(spans.len(), 3);
    // "TARAR" starts after an emoji with a skin tone: two code points, both counted.
    assert_eq!(spans[1], Span::new(14, 19));
    assert!(
        Query {
            regex: true,
            ..q("(")
        }
        .compile()
        .is_err()
    );
    assert!(q("").compile().unwrap().is_none());
}

#[test]
fn a_hit_inside_a_cluster_widens_to_the_whole_cluster() {
    // Searching for the bare thumb must not split the thumb from its skin tone.
    assert_eq!(hits(TEXT, q("👍")), ["👍🏽"]);
}

#[test]
fn tag_all_is_one_edit_that_skips_what_is_tagged_already() {
    let mut p = Project::new("t");
    p.apply(&Edit::AddDocument(Document::new(DocId(1), "T", "", TEXT)))
        .unwrap();
    let m = q("tarar").compile().unwrap().unwrap();
    let found = m.find_all(TEXT);
    let edit = tag_all(&p, DocId(1), &found, "attribution", "ada").unwrap();
    p.apply(&edit).unwrap();
    assert_eq!(p.annotation_count(), 3);
    assert!(tag_all(&p, DocId(1), &found, "attribution", "ada").is_none());
    assert!(tag_all(&p, DocId(1), &found, "attribution", "ben").is_some());
    let (listed, total) = find_in_project(&p, &m, 2);
    assert_eq!((listed.len(), total), (2, 3));
    assert_eq!(listed[1].hit, "TARAR");
    assert!(listed[1].before.ends_with("said 👍🏽 "));
}
