//! The batch paths of issue 15 on the generated Label Studio export (2,000 tasks of ~3,000
//! characters, 20 one-word spans each): import < 0.2 s, export JSONL < 0.1 s and CoNLL
//! < 0.2 s, and `stats`. Run with `cargo bench --bench batch`.
mod data;

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use marginalia::export::{ExportOptions, Format, export};
use marginalia::import::datasets::{DatasetFormat, ImportOptions, import_dataset};
use marginalia::model::Project;

fn imported(json: &str) -> Project {
    let mut project = Project::new("bench");
    let imp = import_dataset(
        &project,
        "tasks.json",
        json,
        DatasetFormat::LabelStudio,
        &ImportOptions::default(),
    )
    .unwrap();
    project.apply(&imp.edit).unwrap();
    project
}

fn bench_batch(c: &mut Criterion) {
    let json =
        data::label_studio_tasks(data::LS_TASKS, data::LS_TASK_CHARS, data::LS_SPANS_PER_TASK);
    let project = imported(&json);
    eprintln!(
        "{:.1} MB of tasks: {} documents, {} spans",
        json.len() as f64 / 1e6,
        project.documents().len(),
        project.annotation_count()
    );
    let mut group = c.benchmark_group("batch");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(8));
    group.bench_function("import_label_studio_2000_tasks", |b| {
        b.iter(|| black_box(imported(&json)))
    });
    let dir = tempfile::tempdir().unwrap();
    for (name, format) in [
        ("export_jsonl", Format::Jsonl),
        ("export_conll", Format::Conll),
        ("export_csv", Format::Csv),
    ] {
        let out = dir.path().join(name);
        let mut opts = ExportOptions::new(format);
        opts.force = true;
        group.bench_function(name, |b| {
            b.iter(|| black_box(export(&project, &opts, &out, &mut |_, _| {}).unwrap()))
        });
    }
    group.finish();
}

fn bench_stats(c: &mut Criterion) {
    let project = data::big_project(data::BIG_ARTICLES / 5, data::BIG_SPANS_PER_ARTICLE);
    let mut group = c.benchmark_group("batch");
    group.sample_size(10);
    group.bench_function("stats_2000_articles_100k_annotations", |b| {
        b.iter(|| black_box(marginalia::stats::Stats::of(&project)))
    });
    group.finish();
}

criterion_group!(benches, bench_batch, bench_stats);
criterion_main!(benches);
