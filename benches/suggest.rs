//! Suggesting quotes, sources and figures: one article (target under 5 ms) and 10,000
//! articles of about 30 M characters (target under 5 s on two cores, with rayon).
//! Run with `cargo bench --bench suggest`.
use std::hint::black_box;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use marginalia::model::{DocId, Document};
use marginalia::suggest::{SuggestOptions, suggest_document, suggest_documents};

/// The sample's seed articles, each padded to about 3,000 characters by repeating
/// paragraphs: real news text with curly quotes, attributions and figures.
fn articles() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/corpus");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).unwrap();
            let mut out = String::new();
            while out.chars().count() < 3000 {
                out.push_str(&text);
                out.push('\n');
            }
            out.chars().take(3000).collect()
        })
        .collect()
}

fn docs(n: usize) -> Vec<Arc<Document>> {
    let texts = articles();
    (0..n)
        .map(|i| {
            let text = format!("{} {i}", texts[i % texts.len()]);
            Arc::new(Document::new(
                DocId(i as u64 + 1),
                format!("a{i}"),
                "bench",
                text,
            ))
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let options = SuggestOptions::default();
    let one = docs(1).remove(0);
    c.bench_function("suggest one 3,000-character article", |b| {
        b.iter(|| black_box(suggest_document(&one, &options)))
    });
    let many = docs(10_000);
    let chars: usize = many.iter().map(|d| d.text.chars().count()).sum();
    eprintln!("10,000 articles, {chars} characters");
    let mut group = c.benchmark_group("suggest many");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(30));
    group.bench_function("10,000 articles", |b| {
        b.iter(|| black_box(suggest_documents(&many, &options)))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
