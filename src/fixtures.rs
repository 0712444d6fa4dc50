//! Deterministic synthetic projects for benchmarks and tests (not used by the app).
//! Texts are built from the sample articles' sentences, so they carry the corpus's curly
//! quotes, em dashes and 【】, plus an emoji and a combining accent.
use crate::model::{Annotation, AnnotationId, DocId, Document, Project};

const SENTENCES: &[&str] = &[
    "Peace talks, held in Istanbul, Turkey, concluded without a “workable solution,” Pakistan Information Minister Attaullah Tarar confirmed.",
    "【By Observer News, Chen Sijia】Last week, Pakistan and Afghanistan began a new round of dialogue in Istanbul.",
    "Dozens lost their lives in the most intense violence the area has seen since the Taliban’s 2021 takeover of Kabul — officials said 👍🏽.",
    "“The Afghan side kept deviating from the core issue,” he said, “on which the dialogue process was initiated.”",
    "Defense Minister Khawaja Asif warned that if necessary, Pakistan could defeat the Taliban regime; café e\u{301}tude.",
];
const LABELS: &[&str] = &["claim", "quote", "figure", "attribution"];

/// A text of about `chars` code points, in paragraphs of about `paragraph` code points.
pub fn article_text(chars: usize, paragraph: usize, seed: usize) -> String {
    let mut text = String::with_capacity(chars * 2);
    let (mut n, mut in_para, mut i) = (0, 0, seed);
    while n < chars {
        let s = SENTENCES[i % SENTENCES.len()];
        i += 1;
        let len = s.chars().count() + 1;
        text.push_str(s);
        n += len;
        in_para += len;
        if in_para >= paragraph {
            text.push('\n');
            in_para = 0;
        } else {
            text.push(' ');
        }
    }
    text
}

/// One document of `chars` code points with `spans` annotations spread over it, some nested.
pub fn long_document_project(chars: usize, spans: usize) -> (Project, DocId) {
    let mut p = Project::new("bench");
    let doc = Document::new(
        DocId(1),
        "Long article",
        "synthetic",
        article_text(chars, 1200, 0),
    );
    let len = crate::text::char_len(&doc.text);
    p.apply(&crate::model::Edit::AddDocument(doc))
        .expect("new document");
    let anns = spread_annotations(DocId(1), len, spans, &["ada", "ben"], 0);
    add_all(&mut p, anns);
    link_to_next_source(&mut p, DocId(1));
    (p, DocId(1))
}

/// Links every content span to the next attribution span of the same annotator, as an
/// analyst would (about three links for every four spans), so the reader draws arcs too.
pub fn link_to_next_source(p: &mut Project, doc: DocId) {
    let mut next_source: std::collections::HashMap<String, AnnotationId> = Default::default();
    let mut edits = Vec::new();
    let anns: Vec<Annotation> = p.annotations_in(doc).rev().cloned().collect();
    for a in anns {
        if a.label == "attribution" {
            next_source.insert(a.annotator.clone(), a.id);
        } else if let Some(&source) = next_source.get(&a.annotator) {
            edits.push(crate::model::Edit::AddLink(
                crate::model::Link::attributed_to(a.id, source),
            ));
        }
    }
    p.apply(&crate::model::Edit::Batch(edits))
        .expect("generated links are valid");
}

/// `docs` articles of about `chars` code points, `per_doc` annotations each per annotator.
pub fn many_documents_project(
    docs: usize,
    chars: usize,
    per_doc: usize,
    annotators: &[&str],
) -> Project {
    let mut p = Project::new("bench");
    let mut all = Vec::new();
    for d in 0..docs {
        let id = DocId(d as u64 + 1);
        let text = article_text(chars, 600, d);
        let len = crate::text::char_len(&text);
        p.apply(&crate::model::Edit::AddDocument(Document::new(
            id,
            format!("Article {d}"),
            "synthetic",
            text,
        )))
        .expect("new document");
        for (k, who) in annotators.iter().enumerate() {
            all.extend(spread_annotations(
                id,
                len,
                per_doc,
                &[who],
                (d * 31 + k * 7) as u64,
            ));
        }
    }
    add_all(&mut p, all);
    p
}

fn spread_annotations(
    doc: DocId,
    len: usize,
    n: usize,
    who: &[&str],
    seed: u64,
) -> Vec<Annotation> {
    let mut rng = fastrand::Rng::with_seed(seed ^ 0x5EED ^ doc.0);
    let step = (len / n.max(1)).max(2);
    (0..n)
        .map(|k| {
            let start = (k * step + rng.usize(0..step / 2 + 1)).min(len - 1);
            let span = rng.usize(1..(step * 3 / 2).max(2));
            let end = (start + span).min(len);
            Annotation {
                id: AnnotationId(doc.0 << 32 | (seed & 0xFF) << 20 | k as u64),
                document: doc,
                start,
                end,
                label: LABELS[rng.usize(0..LABELS.len())].to_owned(),
                annotator: who[k % who.len()].to_owned(),
                note: (k % 50 == 0).then(|| "check the figure".to_owned()),
                created: "2026-11-20T09:00:00.000Z".into(),
                modified: "2026-11-20T09:00:00.000Z".into(),
                derived_from: Vec::new(),
                fragments: Vec::new(),
            }
        })
        .collect()
}

fn add_all(p: &mut Project, anns: Vec<Annotation>) {
    for a in anns {
        p.apply(&crate::model::Edit::AddAnnotation(a))
            .expect("generated annotations are valid");
    }
}
