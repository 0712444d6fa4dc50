//! Agreement over 10,000 articles with 3 annotators × 100,000 spans each (issue target:
//! under 1 s in release on 2 cores).
use criterion::{Criterion, criterion_group, criterion_main};
use marginalia::model::{Annotation, AnnotationId, DocId, Document, Edit, Project, Span};
use marginalia::review::agreement;

const ARTICLES: usize = 10_000;
const SPANS_PER_ARTICLE: usize = 10; // per annotator: 100,000 each
const ANNOTATORS: [&str; 3] = ["ada", "ben", "cy"];
const LABELS: [&str; 4] = ["claim", "quote", "figure", "attribution"];
const WORDS: [&str; 12] = [
    "the",
    "minister",
    "said",
    "“peace",
    "is",
    "near”",
    "—",
    "【report】",
    "40%",
    "café",
    "e\u{301}",
    "👍🏽",
];

/// An article of about 3,000 code points, in words with multi-byte and astral characters.
fn article(rng: &mut fastrand::Rng) -> String {
    let mut text = String::with_capacity(4_000);
    while text.len() < 3_200 {
        text.push_str(WORDS[rng.usize(..WORDS.len())]);
        text.push(if rng.u8(..20) == 0 { '\n' } else { ' ' });
    }
    text
}

/// Spans loosely shared between annotators, so the numbers are not trivial.
fn project() -> Project {
    let mut rng = fastrand::Rng::with_seed(7);
    let mut p = Project::new("bench");
    let mut next = 1;
    for d in 0..ARTICLES {
        let doc = Document::new(DocId(d as u64 + 1), format!("a{d}"), "", article(&mut rng));
        let len = marginalia::text::char_len(&doc.text);
        let id = doc.id;
        let mut edits = vec![Edit::AddDocument(doc)];
        let base: Vec<(usize, usize, &str)> = (0..SPANS_PER_ARTICLE)
            .map(|_| {
                let s = rng.usize(..len - 200);
                (s, s + rng.usize(5..150), LABELS[rng.usize(..4)])
            })
            .collect();
        for who in ANNOTATORS {
            for &(s, e, label) in &base {
                let (s, label) = match rng.u8(..10) {
                    0..=5 => (s, label),
                    6..=7 => (s + rng.usize(..4), label),
                    _ => (s, LABELS[rng.usize(..4)]),
                };
                let a = Annotation::new(AnnotationId(next), id, Span::new(s, e), label, who);
                next += 1;
                edits.push(Edit::AddAnnotation(a));
            }
            edits.push(Edit::SetDone {
                annotator: who.into(),
                document: id,
                done: true,
            });
        }
        p.apply(&Edit::Batch(edits)).expect("bench data is valid");
    }
    p
}

fn bench(c: &mut Criterion) {
    let p = project();
    let names: Vec<String> = ANNOTATORS.iter().map(|s| s.to_string()).collect();
    let report = agreement(&p, &names);
    assert_eq!(report.documents, ARTICLES);
    let spans: u64 = report.spans.iter().sum();
    assert!(
        (299_000..=300_000).contains(&spans),
        "{spans} spans (exact duplicates count once)"
    );
    let mut group = c.benchmark_group("agreement");
    group.sample_size(10);
    group.bench_function("10k articles, 3 annotators x 100k spans", |b| {
        b.iter(|| agreement(&p, &names))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
