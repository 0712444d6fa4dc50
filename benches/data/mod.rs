//! Test data of the sizes the speed targets of issue 15 name, made the same way every
//! time (fixed seeds): a Label Studio export of 2,000 tasks cut from the seed articles, and
//! a project of 10,000 articles with 500,000 annotations. Used by the benches and by
//! `examples/make_bench_data.rs` (whole-process timings). Nothing it writes is committed.
#![allow(dead_code)] // each bench uses a part of it

use std::path::{Path, PathBuf};

use marginalia::model::Project;

/// Label Studio tasks in the import target (about 12.6 MB of JSON).
pub const LS_TASKS: usize = 2_000;
/// Code points of article text per task.
pub const LS_TASK_CHARS: usize = 3_000;
/// One-word spans per task.
pub const LS_SPANS_PER_TASK: usize = 20;
/// The open/save target: 10,000 articles, 50 annotations each (about 121 MB of RON).
pub const BIG_ARTICLES: usize = 10_000;
pub const BIG_SPANS_PER_ARTICLE: usize = 50;

const LABELS: [&str; 4] = ["claim", "quote", "figure", "attribution"];

/// The seed articles (the same five as the shared corpus), joined by a blank line, in
/// name order so the data does not depend on directory order.
pub fn seed_text() -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/corpus");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("projects/corpus holds the seed articles")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let texts: Vec<String> = files
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("seed article reads"))
        .collect();
    texts.join("\n\n")
}

/// A Label Studio JSON export of `tasks` tasks, each `chars` code points cut from the seed
/// text (starting at a word, wrapping around), with `spans` one-word `labels` results whose
/// labels cycle through claim, quote, figure, attribution.
pub fn label_studio_tasks(tasks: usize, chars: usize, spans: usize) -> String {
    let seed: Vec<char> = seed_text().chars().collect();
    let starts: Vec<usize> = (1..seed.len())
        .filter(|&i| seed[i - 1].is_whitespace() && seed[i].is_alphanumeric())
        .collect();
    // Each task starts at another word (until they run out), so no two texts are equal
    // and every task is a new document.
    let mut starts = starts;
    fastrand::Rng::with_seed(0x15_2000).shuffle(&mut starts);
    let mut out = Vec::with_capacity(tasks);
    for t in 0..tasks {
        let from = starts[t % starts.len()];
        let text: Vec<char> = (0..chars).map(|k| seed[(from + k) % seed.len()]).collect();
        let mut result = Vec::with_capacity(spans);
        for (k, (start, end)) in words(&text, spans).into_iter().enumerate() {
            let word: String = text[start..end].iter().collect();
            result.push(serde_json::json!({
                "id": format!("t{t}r{k}"),
                "from_name": "label",
                "to_name": "text",
                "type": "labels",
                "origin": "manual",
                "value": {
                    "start": start,
                    "end": end,
                    "text": word,
                    "labels": [LABELS[(t * spans + k) % LABELS.len()]],
                },
            }));
        }
        out.push(serde_json::json!({
            "id": t + 1,
            "data": { "text": text.iter().collect::<String>() },
            "annotations": [{ "id": t + 1, "completed_by": 1, "result": result }],
        }));
    }
    serde_json::to_string(&out).expect("JSON values serialize")
}

/// `n` words spread evenly over `text`, as [start, end) in code points: the first run of
/// letters or digits at or after each of `n` equally spaced points.
fn words(text: &[char], n: usize) -> Vec<(usize, usize)> {
    let mut found = Vec::with_capacity(n);
    let mut after = 0;
    for k in 0..n {
        let mut i = (k * text.len() / n).max(after);
        while i < text.len()
            && (!text[i].is_alphanumeric() || i > 0 && text[i - 1].is_alphanumeric())
        {
            i += 1;
        }
        let mut end = i;
        while end < text.len() && text[end].is_alphanumeric() {
            end += 1;
        }
        if end > i {
            found.push((i, end));
            after = end;
        }
    }
    found
}

/// The open/save target project: `articles` articles of ~3,000 characters with `per_article`
/// annotations each (the same generator as `examples/make_big_project.rs`).
pub fn big_project(articles: usize, per_article: usize) -> Project {
    marginalia::fixtures::many_documents_project(articles, 3_000, per_article, &["ada"])
}
