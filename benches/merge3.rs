//! The git merge driver's three-way merge on 10,000 articles / 500,000 annotations with
//! 5,000 changes per side (the target: under 3 s and 1 GB). `cargo bench --bench
//! merge3` times the merge itself; with MERGE3_FILES=DIR it instead writes base.ron,
//! ours.ron and theirs.ron there, for timing the whole driver process:
//! `/usr/bin/time -v marginalia merge-driver DIR/base.ron DIR/ours.ron DIR/theirs.ron`.
use std::hint::black_box;
use std::time::Duration;

use criterion::Criterion;
use marginalia::merge3::{file_of as file, merge3};
use marginalia::model::{Annotation, AnnotationId, DocId, Document, Edit, Project, Span};

const ARTICLES: usize = 10_000;
const SPANS_PER_ARTICLE: usize = 50;
const CHANGES: usize = 5_000;

/// A ~3 KB article with curly quotes, an em dash, CJK brackets, an emoji and an accent.
fn article(i: usize) -> String {
    let para = format!(
        "“Talks resume,” the minister said on day {i} — 【Reuters】 reports 👍🏽 from Genève, café e\u{301}té. \
         Officials said 42% of voters backed the plan, while critics called it “unworkable”.\n"
    );
    para.repeat(16)
}

fn span(id: u64, doc: DocId, start: usize, who: &str) -> Annotation {
    let mut a = Annotation::new(
        AnnotationId(id),
        doc,
        Span::new(start, start + 12),
        "claim",
        who,
    );
    a.created = "2026-11-20T09:00:00.000Z".into();
    a.modified = a.created.clone();
    a
}

fn base() -> Project {
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
            let who = if k % 2 == 0 { "alice" } else { "bob" };
            edits.push(Edit::AddAnnotation(span(
                next,
                doc,
                k * (len / SPANS_PER_ARTICLE),
                who,
            )));
            next += 1;
        }
        p.apply(&Edit::Batch(edits)).unwrap();
    }
    p
}

/// 5,000 changes by `who`: new spans, relabels, notes and deletions of their own spans,
/// spread over the whole project (`offset` keeps the two sides' choices apart).
fn side(base: &Project, who: &str, offset: u64) -> Project {
    let mut p = base.clone();
    let mut edits = Vec::with_capacity(CHANGES);
    let stamp = "2026-11-21T10:00:00.000Z";
    for k in 0..CHANGES as u64 {
        let doc = DocId(k * 2 % ARTICLES as u64 + 1);
        let own = AnnotationId((k * 97 + offset) % (ARTICLES * SPANS_PER_ARTICLE) as u64 + 1);
        let before = p.annotation(own).unwrap().clone();
        let mut after = before.clone();
        after.modified = stamp.into();
        edits.push(match k % 4 {
            0 | 1 => Edit::AddAnnotation(span(10_000_000 * offset + k, doc, 7, who)),
            2 => {
                after.label = "quote".into();
                Edit::ReplaceAnnotation { before, after }
            }
            _ if offset == 1 => {
                after.note = Some(format!("{who} checked"));
                Edit::ReplaceAnnotation { before, after }
            }
            _ => Edit::RemoveAnnotation(before),
        });
    }
    p.apply(&Edit::Batch(edits)).unwrap();
    p
}

fn bench_merge3(c: &mut Criterion, base: &Project, ours: &Project, theirs: &Project) {
    let mut group = c.benchmark_group("merge3");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(30));
    group.bench_function("10k_articles_500k_spans_5k_changes_per_side", |b| {
        b.iter_batched(
            || (file(base), file(ours), file(theirs)),
            |(b, o, t)| black_box(merge3(b, o, t)),
            criterion::BatchSize::LargeInput,
        )
    });
    group.finish();
}

fn main() {
    let base = base();
    let ours = side(&base, "alice", 1);
    let theirs = side(&base, "bob", 2);
    if let Ok(dir) = std::env::var("MERGE3_FILES") {
        let dir = std::path::Path::new(&dir);
        for (name, p) in [("base", &base), ("ours", &ours), ("theirs", &theirs)] {
            std::fs::write(
                dir.join(format!("{name}.ron")),
                marginalia::store::to_ron(p),
            )
            .unwrap();
        }
        return;
    }
    let merged = merge3(file(&base), file(&ours), file(&theirs));
    eprintln!(
        "merged: {} annotations, {} conflicts; {:?}",
        merged.project.annotation_count(),
        merged.conflicts.len(),
        merged.summary.lines()
    );
    let mut c = Criterion::default().configure_from_args();
    bench_merge3(&mut c, &base, &ours, &theirs);
    c.final_summary();
}
