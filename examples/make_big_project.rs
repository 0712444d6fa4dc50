//! Writes a synthetic project of the size the speed targets name, to try them by hand:
//! `cargo run --release --example make_big_project -- /tmp/big.ron [ARTICLES] [SPANS_PER_ARTICLE] [--links]`
//! (default 10,000 articles of ~3,000 characters with 50 spans each: 500,000 annotations;
//! `--links` links each content span to the next source, as an analyst would).
fn main() {
    let links = std::env::args().any(|a| a == "--links");
    let mut args = std::env::args().skip(1).filter(|a| a != "--links");
    let path = args.next().unwrap_or_else(|| "big.ron".into());
    let docs = args.next().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let per_doc = args.next().and_then(|a| a.parse().ok()).unwrap_or(50);
    let mut project = marginalia::fixtures::many_documents_project(docs, 3000, per_doc, &["ada"]);
    if links {
        let ids: Vec<_> = project.documents().iter().map(|d| d.id).collect();
        for doc in ids {
            marginalia::fixtures::link_to_next_source(&mut project, doc);
        }
    }
    let path = std::path::Path::new(&path);
    if let Err(e) = marginalia::store::save(path, &project, marginalia::store::Overwrite::IfAbsent)
    {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
    println!(
        "wrote {} ({} documents, {} annotations, {} links)",
        path.display(),
        docs,
        project.annotation_count(),
        project.link_count()
    );
}
