//! Exports a project built from the sample articles (`projects/corpus`) in every format
//! and checks each output the way its own tools read it. With `MARGINALIA_EXPORT_DIR`
//! set, the exports are kept there for `tests/python/check_exports.py`.
use std::path::{Path, PathBuf};

use marginalia::export::{ExportOptions, Format, export};
use marginalia::model::{Annotation, AnnotationId, DocId, Document, Edit, Link, Project, Span};
use marginalia::text::{TextIndex, slice_chars};
use serde_json::Value;
use unicode_segmentation::UnicodeSegmentation;

const LABELS: [&str; 4] = ["claim", "quote", "figure", "attribution"];

/// Every article of the corpus, with a span on every 5th word (alice and bob alternating)
/// and a two-word `gold` span on every 11th word, overlapping some of them. Bob's quotes
/// are attributed to his next attribution span, and every other one of them is split
/// (its word and the word after next).
fn corpus_project() -> Project {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/corpus");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let mut p = Project::new("Sample corpus");
    let mut id = 1;
    for (i, path) in files.iter().enumerate() {
        let text = std::fs::read_to_string(path).unwrap();
        let doc = DocId(i as u64 + 1);
        let title = text
            .lines()
            .next()
            .unwrap_or("")
            .chars()
            .take(50)
            .collect::<String>();
        let mut edits = vec![Edit::AddDocument(Document::new(
            doc,
            title,
            path.file_name().unwrap().to_string_lossy(),
            text.as_str(),
        ))];
        let index = TextIndex::new(&text);
        let words: Vec<(usize, usize)> = text
            .split_word_bound_indices()
            .filter(|(_, w)| w.chars().any(char::is_alphanumeric))
            .map(|(b, w)| {
                (
                    index.char_of(&text, b).unwrap(),
                    index.char_of(&text, b + w.len()).unwrap(),
                )
            })
            .collect();
        // Bob's quotes waiting for his next attribution span.
        let mut quotes: Vec<AnnotationId> = Vec::new();
        let mut links = Vec::new();
        for (k, &(s, e)) in words.iter().enumerate() {
            let mut add = |span: Span, label: &str, who: &str, pieces: Option<[Span; 2]>| {
                let mut a = Annotation::new(AnnotationId(id), doc, span, label, who);
                if let Some(pieces) = pieces {
                    a.set_spans(pieces);
                }
                edits.push(Edit::AddAnnotation(a));
                id += 1;
                AnnotationId(id - 1)
            };
            if k % 5 == 0 {
                let (label, who) = (LABELS[k % 4], if k % 2 == 0 { "alice" } else { "bob" });
                let split = (label == "quote" && k % 40 == 5 && k + 2 < words.len())
                    .then(|| [Span::new(s, e), Span::new(words[k + 2].0, words[k + 2].1)]);
                let end = split.map_or(e, |p| p[1].end);
                let added = add(Span::new(s, end), label, who, split);
                match (label, who) {
                    ("quote", "bob") => quotes.push(added),
                    ("attribution", "bob") => {
                        links.extend(quotes.drain(..).map(|q| Link::attributed_to(q, added)));
                    }
                    _ => {}
                }
            }
            if k % 11 == 0 && k + 1 < words.len() {
                add(
                    Span::new(s, words[k + 1].1),
                    LABELS[(k + 1) % 4],
                    "gold",
                    None,
                );
            }
        }
        edits.extend(links.into_iter().map(Edit::AddLink));
        p.apply(&Edit::Batch(edits)).unwrap();
    }
    p
}

fn out_dir() -> (Option<tempfile::TempDir>, PathBuf) {
    match std::env::var_os("MARGINALIA_EXPORT_DIR") {
        Some(d) => {
            let d = PathBuf::from(d);
            std::fs::create_dir_all(&d).unwrap();
            (None, d)
        }
        None => {
            let t = tempfile::tempdir().unwrap();
            let d = t.path().to_owned();
            (Some(t), d)
        }
    }
}

#[test]
fn sample_corpus_exports_in_every_format() {
    let p = corpus_project();
    assert!(
        p.documents().len() >= 5 && p.annotation_count() > 500,
        "{}",
        p.annotation_count()
    );
    let splits = p.annotations().filter(|a| a.is_split()).count();
    assert!(
        p.link_count() > 50 && splits > 10,
        "{} {splits}",
        p.link_count()
    );
    let (_keep, dir) = out_dir();
    std::fs::write(dir.join("sample.ron"), marginalia::store::to_ron(&p)).unwrap();
    let names = [
        (Format::Jsonl, "sample.jsonl"),
        (Format::Doccano, "sample.doccano.jsonl"),
        (Format::LabelStudio, "sample.label-studio.json"),
        (Format::Spacy, "sample.spacy.jsonl"),
        (Format::Conll, "sample.conll"),
        (Format::Brat, "brat"),
        (Format::Csv, "sample.csv"),
    ];
    for (format, name) in names {
        let mut opts = ExportOptions::new(format);
        opts.force = true;
        let report = export(&p, &opts, &dir.join(name), &mut |_, _| {}).unwrap();
        assert_eq!(
            (
                report.documents,
                report.spans,
                report.links,
                report.split_spans
            ),
            (
                p.documents().len(),
                p.annotation_count(),
                p.link_count(),
                splits
            ),
            "{name}"
        );
    }

    // jsonl: Python's text[start:end] is the span text, for every span.
    let jsonl = std::fs::read_to_string(dir.join("sample.jsonl")).unwrap();
    let mut n = 0;
    for line in jsonl.lines() {
        let r: Value = serde_json::from_str(line).unwrap();
        let text = r["text"].as_str().unwrap();
        for a in r["annotations"].as_array().unwrap() {
            let (s, e) = (
                a["start"].as_u64().unwrap() as usize,
                a["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(slice_chars(text, s, e), a["text"].as_str());
            n += 1;
        }
    }
    assert_eq!(n, p.annotation_count());

    // Label Studio: a JSON list with one task per document.
    let ls: Vec<Value> = serde_json::from_str(
        &std::fs::read_to_string(dir.join("sample.label-studio.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(ls.len(), p.documents().len());
    assert!(dir.join("sample.label-studio.config.xml").exists());

    // CoNLL: two fields per line, one -DOCSTART- per document, tags well formed.
    let conll = std::fs::read_to_string(dir.join("sample.conll")).unwrap();
    assert_eq!(conll.matches("-DOCSTART- O\n").count(), p.documents().len());
    let mut previous = "O".to_string();
    for line in conll.lines() {
        if line.is_empty() {
            previous = "O".into();
            continue;
        }
        let (_, tag) = line.split_once(' ').unwrap();
        if let Some(label) = tag.strip_prefix("I-") {
            assert!(previous.ends_with(label), "I- after {previous}: {line}");
        }
        previous = tag.to_string();
    }

    // brat: a .txt identical to the document, and an .ann, per document.
    for d in p.documents() {
        let txt = std::fs::read_dir(dir.join("brat"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|path| {
                path.extension().is_some_and(|x| x == "txt")
                    && path.to_string_lossy().ends_with(&format!("_{}.txt", d.id))
            });
        assert_eq!(std::fs::read_to_string(txt.unwrap()).unwrap(), d.text);
    }

    // CSV: one row per annotation.
    let csv_text = std::fs::read_to_string(dir.join("sample.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(csv_text.trim_start_matches('\u{FEFF}').as_bytes());
    assert_eq!(reader.records().count(), p.annotation_count());
}
