//! Export → import gives back the same documents, labels, spans, split spans and links,
//! over random projects whose texts mix curly quotes, CJK, astral emoji, combining accents
//! and line breaks.
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

/// A span: start fraction, length, label, annotator, note, and for a split span the size of
/// its first piece and of the gap after it.
type SpanSpec = (
    f64,
    usize,
    usize,
    usize,
    Option<String>,
    Option<(usize, usize)>,
);

/// Random documents with spans (some split), and links from random spans to attribution
/// spans of the same annotator (kept when the project's rules allow them).
fn project() -> impl Strategy<Value = Project> {
    let span = (
        0.0..1.0f64,
        1usize..12,
        0..LABELS.len(),
        0..ANNOTATORS.len(),
        proptest::option::of("[a-z “”\n]{0,8}"),
        proptest::option::of((1usize..4, 1usize..4)),
    );
    let links = prop::collection::vec((0usize..8, 0usize..8), 0..8);
    prop::collection::vec((text(), prop::collection::vec(span, 0..8), links), 1..5).prop_map(
        |docs| {
            let mut p = Project::new("random");
            let mut seen_texts = BTreeSet::new();
            let mut next_id = 1;
            for (i, (text, spans, links)) in docs.into_iter().enumerate() {
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
                let mut ids = Vec::new();
                for spec in spans {
                    let a = annotation(AnnotationId(next_id), doc, len, spec);
                    next_id += 1;
                    // Same span, label and annotator twice is one span on import.
                    let dup = p.annotations_in(doc).any(|b| {
                        (b.start, b.end, &b.fragments, &b.label, &b.annotator)
                            == (a.start, a.end, &a.fragments, &a.label, &a.annotator)
                    });
                    if !dup {
                        ids.push(a.id);
                        p.apply(&Edit::AddAnnotation(a)).unwrap();
                    }
                }
                // Each link: a span and one of its annotator's attribution spans.
                for (c, s) in links {
                    let Some(&content) = ids.get(c % ids.len().max(1)) else {
                        continue;
                    };
                    let who = p.annotation(content).unwrap().annotator.clone();
                    let sources: Vec<AnnotationId> = (p.annotations_in(doc))
                        .filter(|a| a.label == "attribution" && a.annotator == who)
                        .map(|a| a.id)
                        .collect();
                    if sources.is_empty() || p.source_link(content).is_some() {
                        continue;
                    }
                    if let Ok(edit) = p.link_edit(content, sources[s % sources.len()]) {
                        p.apply(&edit).unwrap();
                    }
                }
            }
            p
        },
    )
}

fn annotation(id: AnnotationId, doc: DocId, len: usize, spec: SpanSpec) -> Annotation {
    let (at, n, label, who, note, split) = spec;
    let start = ((len as f64 * at) as usize).min(len - 1);
    let mut a = Annotation::new(
        id,
        doc,
        Span::new(start, (start + n).min(len)),
        LABELS[label],
        ANNOTATORS[who],
    );
    a.note = note.filter(|n| !n.is_empty());
    if let Some((first, gap)) = split {
        let second = start + first + gap;
        if second < len {
            a.set_spans([
                Span::new(start, start + first),
                Span::new(second, (second + n).min(len)),
            ]);
        }
    }
    a
}

type Key = (
    String,
    String,
    usize,
    usize,
    Vec<Span>,
    String,
    String,
    Option<String>,
);

/// Every span as (doc title, doc text, start, end, fragments, label, annotator, note).
/// `pieces` lists each piece of a split span as a span of its own, as formats without
/// split spans write them.
fn keys(p: &Project, annotator: Option<&str>, notes: bool, pieces: bool) -> BTreeSet<Key> {
    let mut out = BTreeSet::new();
    for d in p.documents() {
        for a in p.annotations_in(d.id) {
            let who = annotator.map_or(a.annotator.clone(), String::from);
            let note = if notes { a.note.clone() } else { None };
            let key = |s: usize, e: usize, fragments: Vec<Span>| {
                let (title, text) = (d.title.clone(), d.text.clone());
                (
                    title,
                    text,
                    s,
                    e,
                    fragments,
                    a.label.clone(),
                    who.clone(),
                    note.clone(),
                )
            };
            if pieces {
                out.extend(a.spans().map(|p| key(p.start, p.end, Vec::new())));
            } else {
                out.insert(key(a.start, a.end, a.fragments.clone()));
            }
        }
    }
    out
}

/// Every link as (document text, content, source), each end as its first piece.
fn links(p: &Project) -> BTreeSet<LinkKey> {
    let first = |id| {
        let a = p.annotation(id).unwrap();
        (a.spans().next().unwrap(), a.label.clone())
    };
    p.links()
        .map(|l| {
            let doc = &p
                .document(p.annotation(l.from).unwrap().document)
                .unwrap()
                .text;
            let ((c, _), (s, label)) = (first(l.from), first(l.to));
            (doc.clone(), c, s, label)
        })
        .collect()
}

type LinkKey = (String, Span, Span, String);

/// The linked contents: (document text, first piece).
fn contents(links: &BTreeSet<LinkKey>) -> BTreeSet<(String, Span)> {
    links.iter().map(|(d, c, _, _)| (d.clone(), *c)).collect()
}

fn link_ids(p: &Project) -> BTreeSet<(AnnotationId, AnnotationId)> {
    p.links().map(|l| (l.from, l.to)).collect()
}

fn docs(p: &Project) -> Vec<(String, String)> {
    p.documents()
        .iter()
        .map(|d| (d.title.clone(), d.text.clone()))
        .collect()
}

fn round_trip(original: &Project, opts: &ExportOptions) -> Project {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("export");
    export(original, opts, &out, &mut |_, _| {}).unwrap();
    let dataset = match opts.format {
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

fn options(format: Format, offsets: OffsetUnit) -> ExportOptions {
    let mut opts = ExportOptions::new(format);
    opts.offsets = offsets;
    opts
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn jsonl_round_trip_keeps_everything(p in project(), unit in prop_oneof![Just(OffsetUnit::Codepoints), Just(OffsetUnit::Utf16), Just(OffsetUnit::Utf8)]) {
        let back = round_trip(&p, &options(Format::Jsonl, unit));
        prop_assert_eq!(docs(&back), docs(&p));
        prop_assert_eq!(keys(&back, None, true, false), keys(&p, None, true, false));
        let ids = |p: &Project| p.annotations().map(|a| (a.id, a.document)).collect::<BTreeSet<_>>();
        prop_assert_eq!(ids(&back), ids(&p));
        prop_assert_eq!(link_ids(&back), link_ids(&p));
        for d in p.documents() {
            for who in back.annotators() {
                prop_assert_eq!(back.is_done(&who, d.id), back.annotations_in(d.id).any(|a| a.annotator == who));
            }
        }
    }

    #[test]
    fn label_studio_round_trip_keeps_everything(p in project(), utf16 in any::<bool>()) {
        let unit = if utf16 { OffsetUnit::Utf16 } else { OffsetUnit::Codepoints };
        let back = round_trip(&p, &options(Format::LabelStudio, unit));
        prop_assert_eq!(docs(&back), docs(&p));
        // Split spans come back whole: their regions are named <id>-<n>.
        prop_assert_eq!(keys(&back, None, true, false), keys(&p, None, true, false));
        prop_assert_eq!(link_ids(&back), link_ids(&p));
    }

    #[test]
    fn doccano_round_trip_keeps_texts_titles_spans_and_links(p in project()) {
        // doccano has no annotator: everything comes back as "imported" (duplicates merge),
        // and no split spans: each piece comes back as a span, the link on the first.
        let back = round_trip(&p, &options(Format::Doccano, OffsetUnit::Codepoints));
        prop_assert_eq!(docs(&back), docs(&p));
        prop_assert_eq!(keys(&back, Some("imported"), false, false), keys(&p, Some("imported"), false, true));
        // Merged layers can give a span two sources; the first is kept.
        let (got, sent) = (links(&back), links(&p));
        prop_assert!(got.is_subset(&sent), "{got:?} ⊄ {sent:?}");
        prop_assert_eq!(contents(&got), contents(&sent));
    }

    #[test]
    fn doccano_round_trip_of_one_layer_keeps_every_link(p in project(), who in 0..ANNOTATORS.len()) {
        prop_assume!(p.annotators().iter().any(|a| a == ANNOTATORS[who]));
        let mut opts = options(Format::Doccano, OffsetUnit::Codepoints);
        opts.annotators = vec![ANNOTATORS[who].into()];
        let back = round_trip(&p, &opts);
        let mut layer = p.clone();
        let theirs: Vec<Edit> = (p.links())
            .filter(|l| p.annotation(l.from).unwrap().annotator != ANNOTATORS[who])
            .cloned()
            .map(Edit::RemoveLink)
            .collect();
        layer.apply(&Edit::Batch(theirs)).unwrap();
        let (got, sent) = (links(&back), links(&layer));
        prop_assert!(got.is_subset(&sent), "{got:?} ⊄ {sent:?}");
        // Every content keeps a source (two spans that become one keep the first's).
        prop_assert_eq!(contents(&got), contents(&sent));
    }
}
