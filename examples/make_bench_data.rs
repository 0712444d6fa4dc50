//! Writes the data of the speed targets (issue 15) for whole-process timings:
//! `cargo run --release --example make_bench_data -- DIR` writes `DIR/tasks.json` (2,000
//! Label Studio tasks, ~12.6 MB) and `DIR/big.ron` (10,000 articles, 500,000 annotations,
//! ~121 MB). Deterministic; see docs/performance.md for the commands that time them.
#[path = "../benches/data/mod.rs"]
mod data;

use std::path::PathBuf;

fn main() {
    let dir = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "bench-data".into()),
    );
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("error: cannot create {}: {e}", dir.display());
        std::process::exit(1);
    }
    let tasks = dir.join("tasks.json");
    let json =
        data::label_studio_tasks(data::LS_TASKS, data::LS_TASK_CHARS, data::LS_SPANS_PER_TASK);
    if let Err(e) = std::fs::write(&tasks, &json) {
        eprintln!("error: cannot write {}: {e}", tasks.display());
        std::process::exit(1);
    }
    println!(
        "wrote {} ({:.1} MB)",
        tasks.display(),
        json.len() as f64 / 1e6
    );
    let big = dir.join("big.ron");
    let project = data::big_project(data::BIG_ARTICLES, data::BIG_SPANS_PER_ARTICLE);
    let text = marginalia::store::to_ron(&project);
    if let Err(e) = std::fs::write(&big, &text) {
        eprintln!("error: cannot write {}: {e}", big.display());
        std::process::exit(1);
    }
    println!(
        "wrote {} ({:.1} MB, {} documents, {} annotations)",
        big.display(),
        text.len() as f64 / 1e6,
        project.documents().len(),
        project.annotation_count()
    );
}
