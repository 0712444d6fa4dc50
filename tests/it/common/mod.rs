//! A small project whose texts exercise every offset pitfall: curly quotes, an em dash,
//! `【】`, an astral emoji with a skin-tone modifier (two code points, four UTF-16 units)
//! and a combining accent. Ids and timestamps are fixed so exports are byte-for-byte stable.
//! Links: alice's quote in document 101 is attributed to her “the minister said”; in
//! document 104 her split quote (interrupted by “he said”, its second piece running over a
//! line break) and her figure share the source “he said”.
#![allow(dead_code)]
use marginalia::model::{Annotation, AnnotationId, DocId, Document, Edit, Link, Project, Span};
use marginalia::text::byte_to_char;

pub const TEXT_1: &str = "“Peace is near,” the minister said — 【Reuters】 reports 👍🏽 from Genève, \
a café e\u{301}té.\nSecond line: 42% said “yes”.";
pub const TEXT_2: &str = "Plain ASCII text with no spans at all.";
pub const TEXT_3: &str = "👍🏽👍🏽 x【和平】";
pub const TEXT_4: &str = "【Geneva】 “We will not sign 👍🏽,” he said, “until the guns\nfall silent.” \
He put the toll at 3,000 dead.";
/// The two pieces of the split quote in `TEXT_4`.
pub const SPLIT_QUOTE: [&str; 2] = ["“We will not sign 👍🏽,”", "“until the guns\nfall silent.”"];

/// Code-point range of the first `needle` in `text` (the `nth` occurrence, from 0).
pub fn span_of(text: &str, needle: &str) -> (usize, usize) {
    let byte = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in text"));
    let start = byte_to_char(text, byte).unwrap();
    let end = byte_to_char(text, byte + needle.len()).unwrap();
    (start, end)
}

fn ann(
    id: u64,
    doc: u64,
    text: &str,
    needle: &str,
    label: &str,
    who: &str,
    note: Option<&str>,
) -> Annotation {
    let (start, end) = span_of(text, needle);
    Annotation {
        id: AnnotationId(id),
        document: DocId(doc),
        start,
        end,
        label: label.into(),
        annotator: who.into(),
        note: note.map(String::from),
        created: "2025-01-02T03:04:05.000Z".into(),
        modified: "2025-01-02T03:04:05.000Z".into(),
        derived_from: Vec::new(),
        fragments: Vec::new(),
    }
}

/// A split span: one piece per needle (in text order), labeled and owned like `ann`.
fn split(
    id: u64,
    doc: u64,
    text: &str,
    needles: &[&str],
    label: &str,
    who: &str,
    note: Option<&str>,
) -> Annotation {
    let mut a = ann(id, doc, text, needles[0], label, who, note);
    a.set_spans(needles.iter().map(|n| {
        let (s, e) = span_of(text, n);
        Span::new(s, e)
    }));
    assert_eq!(a.fragments.len(), needles.len(), "pieces must not touch");
    a
}

/// The golden project: four documents, three annotators, overlaps, notes, a split span
/// and three links.
pub fn golden_project() -> Project {
    let mut p = Project::new("Golden");
    let mut edits = vec![
        Edit::AddDocument(Document::new(
            DocId(101),
            "Peace talks “stall” — 【Reuters】",
            "peace.txt",
            TEXT_1,
        )),
        Edit::AddDocument(Document::new(DocId(102), "Plain", "plain.txt", TEXT_2)),
        Edit::AddDocument(Document::new(DocId(103), "Émoji / 和平", "", TEXT_3)),
        Edit::AddDocument(Document::new(
            DocId(104),
            "“We will not sign,” he said",
            "split.txt",
            TEXT_4,
        )),
    ];
    let t1 = TEXT_1;
    edits.extend(
        [
            ann(1, 101, t1, "“Peace is near,”", "quote", "alice", None),
            ann(
                2,
                101,
                t1,
                "the minister said",
                "attribution",
                "alice",
                Some("reporting verb: “said”"),
            ),
            ann(3, 101, t1, "【Reuters】 reports", "claim", "bob", None),
            ann(
                4,
                101,
                t1,
                "👍🏽",
                "figure",
                "bob",
                Some("an emoji, \"quoted\", with a comma\nand a line break"),
            ),
            ann(5, 101, t1, "café e\u{301}té", "claim", "alice", None),
            ann(
                6,
                101,
                t1,
                "e\u{301}té.\nSecond line",
                "claim",
                "bob",
                Some("crosses a line break"),
            ),
            ann(7, 101, t1, "42%", "figure", "alice", None),
            ann(8, 101, t1, "Second line: 42%", "claim", "gold", None),
            ann(9, 103, TEXT_3, "👍🏽 x", "figure", "gold", None),
            ann(10, 103, TEXT_3, "【和平】", "quote", "gold", None),
            split(
                11,
                104,
                TEXT_4,
                &SPLIT_QUOTE,
                "quote",
                "alice",
                Some("split around “he said”"),
            ),
            ann(12, 104, TEXT_4, "he said", "attribution", "alice", None),
            ann(13, 104, TEXT_4, "3,000 dead", "figure", "alice", None),
        ]
        .into_iter()
        .map(Edit::AddAnnotation),
    );
    edits.extend([(1, 2), (11, 12), (13, 12)].map(|(content, source)| {
        Edit::AddLink(Link::attributed_to(
            AnnotationId(content),
            AnnotationId(source),
        ))
    }));
    // Annotation 9 must be the second emoji: "👍🏽 x" only occurs once, after the first.
    p.apply(&Edit::Batch(edits))
        .expect("the golden project is valid");
    p
}
