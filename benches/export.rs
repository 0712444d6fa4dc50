//! Exporting 10,000 articles with 500,000 annotations to JSONL (the target: under
//! 1 s on a 2-core machine). Run with `cargo bench --bench export`.
use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use marginalia::export::{ExportOptions, Format, export};
use marginalia::model::{Annotation, AnnotationId, DocId, Document, Edit, Project, Span};

const ARTICLES: usize = 10_000;
const SPANS_PER_ARTICLE: usize = 50;

/// A ~3 KB article with curly quotes, an em dash, CJK brackets, an emoji and an accent.
fn article(i: usize) -> String {
    let para = format!(
        "“Talks resume,” the minister said on day {i} — 【Reuters】 reports 👍🏽 from Genève, café e\u{301}té. \
         Officials said 42% of voters backed the plan, while critics called it “unworkable”.\n"
    );
    para.repeat(16)
}

fn big_project() -> Project {
    let mut p = Project::new("bench");
    let mut next = 1u64;
    for i in 0..ARTICLES {
        let doc = DocId(i as u64 + 1);
        let text = article(i);
        let len = text.chars().count();
        let mut edits = vec![Edit::AddDocument(Document::new(
            doc,
            format!("Article {i}"),
            "bench",
            text,
        ))];
        for k in 0..SPANS_PER_ARTICLE {
            let start = k * (len / SPANS_PER_ARTICLE);
            let span = Span::new(start, start + 12);
            let who = if k % 2 == 0 { "alice" } else { "bob" };
            edits.push(Edit::AddAnnotation(Annotation::new(
                AnnotationId(next),
                doc,
                span,
                "claim",
                who,
            )));
            next += 1;
        }
        p.apply(&Edit::Batch(edits)).unwrap();
    }
    p
}

fn bench_export(c: &mut Criterion) {
    let project = big_project();
    assert_eq!(project.annotation_count(), ARTICLES * SPANS_PER_ARTICLE);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bench.jsonl");
    let mut opts = ExportOptions::new(Format::Jsonl);
    opts.force = true;
    let mut group = c.benchmark_group("export");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("jsonl_10k_articles_500k_spans", |b| {
        b.iter(|| black_box(export(&project, &opts, &out, &mut |_, _| {}).unwrap()))
    });
    group.finish();
    let size = std::fs::metadata(&out).unwrap().len();
    eprintln!("jsonl output: {:.1} MB", size as f64 / 1e6);
}

criterion_group!(benches, bench_export);
criterion_main!(benches);
