//! Export → import gives back the same documents, labels and spans, over random projects
//! whose texts mix curly quotes, CJK, astral emoji, combining accents and line breaks.
use std::collections::BTreeSet;

use marginalia::export::{ExportOptions, Format, OffsetUnit, export};
use marginalia::import::datasets::{DatasetFormat, ImportOptions, read_dataset};
use marginalia::model::{Annotation, AnnotationId, DocId, Document, Edit, Project, Span};
use proptest::prelude::*;

const ANNOTATORS: [&str; 3] = ["alice", "bob", "gold"];
const LABELS: [&str; 4] = ["claim", "quote", "figure", "attribution"];

fn text() -> impl Strategy<Value = String> {
    "([a-z ]|“|”|—|【|】|👍🏽|e\u{301}|\n|和){1,60}"
}

/// (text, spans as (start fraction, length, label, annotator, note?)) per document.
fn project() -> impl Strategy<Value = Project> {
    let span = (
        0.0..1.0f64,
        1usize..12,
        0..LABELS.len(),
        0..ANNOTATORS.len(),
        proptest::option::of("[a-z “”\n]{0,8}"),
    );
    prop::collection::vec((text(), prop::collection::vec(span, 0..6)), 1..5).prop_map(|docs| {
        let mut p = Project::new("random");
        let mut seen_texts = BTreeSet::new();
        let mut next_id = 1;
        for (i, (text, spans)) in docs.into_iter().enumerate() {
            // Identical texts are one document on import (matched by hash).
            if !seen_texts.insert(text.clone()) {
                continue;
            }
            let doc = DocId(1000 + i as u64);
            p.apply(&Edit::AddDocument(Document::new(
                doc,
                format!("Doc “{i}”"),
                "random.txt",
                text.as_str(),
            )))
            .unwrap();
            let len = p.document_len(doc).unwrap();
            for (at, n, label, who, note) in spans {
                let start = ((len as f64 * at) as usize).min(len - 1);
                let end = (start + n).min(len);
                let mut a = Annotation::new(
                    AnnotationId(next_id),
                    doc,
                    Span::new(start, end),
                    LABELS[label],
                    ANNOTATORS[who],
                );
                a.note = note.filter(|n| !n.is_empty());
                next_id += 1;
                // Same span, label and annotator twice is one span on import.
                let dup = p.annotations_in(doc).any(|b| {
                    (b.start, b.end, &b.label, &b.annotator)
                        == (a.start, a.end, &a.label, &a.annotator)
                });
                if !dup {
                    p.apply(&Edit::AddAnnotation(a)).unwrap();
                }
            }
        }
        p
    })
}

type Key = (String, String, usize, usize, String, String, Option<String>);

/// Every span as (doc title, doc text, start, end, label, annotator, note).
fn keys(p: &Project, with_titles: bool, annotator: Option<&str>, notes: bool) -> BTreeSet<Key> {
    p.documents()
        .iter()
        .flat_map(|d| {
            p.annotations_in(d.id).map(move |a| {
                let title = if with_titles {
                    d.title.clone()
                } else {
                    String::new()
                };
                let who = annotator.map_or(a.annotator.clone(), String::from);
                let note = if notes { a.note.clone() } else { None };
                (
                    title,
                    d.text.clone(),
                    a.start,
                    a.end,
                    a.label.clone(),
                    who,
                    note,
                )
            })
        })
        .collect()
}

fn docs(p: &Project) -> Vec<(String, String)> {
    p.documents()
        .iter()
        .map(|d| (d.title.clone(), d.text.clone()))
        .collect()
}

fn round_trip(original: &Project, format: Format, offsets: OffsetUnit) -> Project {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("export");
    let mut opts = ExportOptions::new(format);
    opts.offsets = offsets;
    export(original, &opts, &out, &mut |_, _| {}).unwrap();
    let dataset = match format {
        Format::Jsonl => DatasetFormat::Jsonl,
        Format::Doccano => DatasetFormat::Doccano,
        Format::LabelStudio => DatasetFormat::LabelStudio,
        _ => unreachable!(),
    };
    let mut back = Project::with_labels("back", original.labels().to_vec());
    let imp = read_dataset(&back, &out, dataset, &ImportOptions::default()).unwrap();
    assert!(imp.skipped.is_empty());
    back.apply(&imp.edit).unwrap();
    back
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn jsonl_round_trip_keeps_everything(p in project(), unit in prop_oneof![Just(OffsetUnit::Codepoints), Just(OffsetUnit::Utf16), Just(OffsetUnit::Utf8)]) {
        let back = round_trip(&p, Format::Jsonl, unit);
        prop_assert_eq!(docs(&back), docs(&p));
        prop_assert_eq!(keys(&back, true, None, true), keys(&p, true, None, true));
        let ids = |p: &Project| p.annotations().map(|a| (a.id, a.document)).collect::<BTreeSet<_>>();
        prop_assert_eq!(ids(&back), ids(&p));
        for d in p.documents() {
            for who in back.annotators() {
                prop_assert_eq!(back.is_done(&who, d.id), back.annotations_in(d.id).any(|a| a.annotator == who));
            }
        }
    }

    #[test]
    fn label_studio_round_trip_keeps_everything(p in project(), utf16 in any::<bool>()) {
        let unit = if utf16 { OffsetUnit::Utf16 } else { OffsetUnit::Codepoints };
        let back = round_trip(&p, Format::LabelStudio, unit);
        prop_assert_eq!(docs(&back), docs(&p));
        prop_assert_eq!(keys(&back, true, None, true), keys(&p, true, None, true));
    }

    #[test]
    fn doccano_round_trip_keeps_texts_titles_and_spans(p in project()) {
        // doccano has no annotator: everything comes back as "imported" (duplicates merge).
        let back = round_trip(&p, Format::Doccano, OffsetUnit::Codepoints);
        prop_assert_eq!(docs(&back), docs(&p));
        prop_assert_eq!(keys(&back, true, Some("imported"), false), keys(&p, true, Some("imported"), false));
    }
}
