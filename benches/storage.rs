//! Opening and saving a big project (issue 15: 10,000 articles / 500,000 annotations,
//! open < 1 s and save < 1 s). Criterion runs a fifth of that size by default so that
//! `cargo bench --bench storage` ends in a few minutes; `BENCH_ARTICLES=10000` runs the
//! full size. Whole-process timings of the full size are in docs/performance.md.
mod data;

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use marginalia::store::{self, Overwrite, snapshot};

fn articles() -> usize {
    std::env::var("BENCH_ARTICLES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(data::BIG_ARTICLES / 5)
}

fn bench_storage(c: &mut Criterion) {
    let project = data::big_project(articles(), data::BIG_SPANS_PER_ARTICLE);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.ron");
    store::save(&path, &project, Overwrite::Always).unwrap();
    let size = std::fs::metadata(&path).unwrap().len();
    eprintln!(
        "{} articles, {} annotations, {:.1} MB of RON",
        project.documents().len(),
        project.annotation_count(),
        size as f64 / 1e6
    );
    let mut group = c.benchmark_group("storage");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("open_with_snapshot", |b| {
        assert!(snapshot::path_of(&path).exists());
        b.iter(|| black_box(store::load(&path).unwrap()))
    });
    group.bench_function("open_ron_only", |b| {
        b.iter(|| {
            // The first open after an edit elsewhere: parse, and keep a new snapshot.
            std::fs::remove_file(snapshot::path_of(&path)).unwrap();
            black_box(store::load(&path).unwrap())
        })
    });
    group.bench_function("parse_ron", |b| {
        let text = std::fs::read_to_string(&path).unwrap();
        b.iter(|| black_box(store::project_file::parse(&text).unwrap()))
    });
    group.bench_function("to_ron", |b| b.iter(|| black_box(store::to_ron(&project))));
    group.bench_function("save", |b| {
        b.iter(|| black_box(store::save(&path, &project, Overwrite::Always).unwrap()))
    });
    group.finish();
}

criterion_group!(benches, bench_storage);
criterion_main!(benches);
