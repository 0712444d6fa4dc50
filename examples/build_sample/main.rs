//! Builds `projects/sample.ron`, the project the window opens by default: the five
//! articles of `projects/corpus/`, annotated by hand by `amira` and `ben`.
//!
//! Run with `cargo run --example build_sample`. The output is deterministic (fixed ids
//! and timestamps), so regenerating it after editing `table.rs` gives a readable diff.
mod table;

use std::path::{Path, PathBuf};

use marginalia::model::{Annotation, AnnotationId, DocId, Document, Edit, Project, Span};
use marginalia::store::{to_ron, write_atomic};
use marginalia::text::byte_to_char;
use table::{ARTICLES, LINKS, NOTES, ROWS, Row, SPLITS, Who};

const PROJECT_NAME: &str = "Sample: Pakistan–Afghanistan talks in Istanbul";
const ANNOTATORS: [&str; 2] = ["amira", "ben"];
/// Annotation ids start here, so they never look like document ids.
const FIRST_ANNOTATION_ID: u64 = 1000;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("projects");
    let project = build(&root);
    let out = root.join("sample.ron");
    write_atomic(&out, to_ron(&project).as_bytes())
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", out.display()));
    println!(
        "wrote {}: {} documents, {} annotations by {}",
        out.display(),
        project.documents().len(),
        project.annotation_count(),
        project.annotators().join(" and ")
    );
}

/// The whole sample project, from the corpus under `root/corpus`.
fn build(root: &Path) -> Project {
    let mut project = Project::new(PROJECT_NAME);
    for &(id, file, title) in ARTICLES {
        let text = read_article(&root.join("corpus").join(file));
        let doc = Document::new(DocId(id), title, format!("corpus/{file}"), text);
        apply(&mut project, Edit::AddDocument(doc));
    }
    for (n, ann) in annotations(&project).into_iter().enumerate() {
        let ann = Annotation {
            id: AnnotationId(FIRST_ANNOTATION_ID + n as u64),
            created: timestamp(n),
            modified: timestamp(n),
            ..ann
        };
        apply(&mut project, Edit::AddAnnotation(ann));
    }
    for &(doc, who, first, next) in SPLITS {
        for annotator in annotators_of(who) {
            split(&mut project, DocId(doc), annotator, first, next);
        }
    }
    for &(doc, who, content, source) in LINKS {
        for annotator in annotators_of(who) {
            let content = find(&project, DocId(doc), annotator, content);
            let source = find(&project, DocId(doc), annotator, source);
            let edit = project
                .link_edit(content, source)
                .unwrap_or_else(|e| panic!("doc {doc}, {annotator}: {e}"));
            apply(&mut project, edit);
        }
    }
    for &(id, _, _) in ARTICLES {
        for annotator in ANNOTATORS {
            // Ben has not finished the last article: the review shows it as in progress.
            let done = !(annotator == "ben" && id == last_doc());
            if done {
                let edit = Edit::SetDone {
                    annotator: annotator.into(),
                    document: DocId(id),
                    done,
                };
                apply(&mut project, edit);
            }
        }
    }
    project
}

/// Every row of the table as annotations (ids and times still unset), `Both` rows
/// expanded to one annotation per annotator, notes attached.
fn annotations(project: &Project) -> Vec<Annotation> {
    let mut out = Vec::new();
    for (i, row) in ROWS.iter().enumerate() {
        let span = locate(project, i, row);
        for annotator in annotators_of(row.1) {
            let mut ann = Annotation::new(AnnotationId(0), DocId(row.0), span, row.2, annotator);
            ann.note = note_for(row, annotator);
            out.push(ann);
        }
    }
    check_notes_used(&out);
    out
}

fn annotators_of(who: Who) -> &'static [&'static str] {
    match who {
        Who::Both => &ANNOTATORS,
        Who::Amira => &ANNOTATORS[..1],
        Who::Ben => &ANNOTATORS[1..],
    }
}

fn who_is(who: Who, annotator: &str) -> bool {
    annotators_of(who).contains(&annotator)
}

/// The code-point span of a row's substring in its document.
fn locate(project: &Project, i: usize, &(doc, _, label, needle, occurrence): &Row) -> Span {
    let where_ = || format!("row {i} (doc {doc}, {label} “{needle}”)");
    let document = project
        .document(DocId(doc))
        .unwrap_or_else(|| panic!("{}: no document {doc}", where_()));
    let text = &document.text;
    let hits: Vec<usize> = text.match_indices(needle).map(|(b, _)| b).collect();
    let byte = match (hits.len(), occurrence) {
        (0, _) => panic!("{}: not found in {}", where_(), document.source),
        (1, 0) => hits[0],
        (n, 0) => panic!(
            "{}: appears {n} times in {}; give its occurrence (1..={n})",
            where_(),
            document.source
        ),
        (n, k) if k > n => panic!(
            "{}: asks for occurrence {k} but it appears {n} times",
            where_()
        ),
        (_, k) => hits[k - 1],
    };
    let start = byte_to_char(text, byte).expect("match_indices yields char boundaries");
    let end = byte_to_char(text, byte + needle.len()).expect("a match ends on a char boundary");
    Span::new(start, end)
}

/// The one span of `annotator` in `doc` whose text (its first fragment, for a split span)
/// is exactly `text`.
fn find(project: &Project, doc: DocId, annotator: &str, text: &str) -> AnnotationId {
    let document = project.document(doc).expect("document");
    let hits: Vec<AnnotationId> = project
        .annotations_in(doc)
        .filter(|a| a.annotator == annotator)
        .filter(|a| {
            let first = a.spans().next().expect("a span has a piece");
            marginalia::text::slice_chars(&document.text, first.start, first.end) == Some(text)
        })
        .map(|a| a.id)
        .collect();
    match hits[..] {
        [id] => id,
        _ => panic!(
            "doc {doc}: {annotator} has {} spans “{text}”; a link end must match one",
            hits.len()
        ),
    }
}

/// Adds the text `next` to `annotator`'s span `first` as a second fragment.
fn split(project: &mut Project, doc: DocId, annotator: &str, first: &str, next: &str) {
    let id = find(project, doc, annotator, first);
    let before = project.annotation(id).expect("found").clone();
    let text = &project.document(doc).expect("document").text;
    let hits: Vec<usize> = text.match_indices(next).map(|(b, _)| b).collect();
    let [byte] = hits[..] else {
        panic!("doc {doc}: fragment “{next}” appears {} times", hits.len());
    };
    let start = byte_to_char(text, byte).expect("char boundary");
    let fragment = Span::new(start, start + next.chars().count());
    let mut after = before.clone();
    after.set_spans(before.spans().chain([fragment]));
    apply(project, Edit::ReplaceAnnotation { before, after });
}

/// The note this annotator left on this row's span, if any.
fn note_for(&(doc, _, _, needle, _): &Row, annotator: &str) -> Option<String> {
    NOTES
        .iter()
        .find(|&&(d, who, text, _)| d == doc && text == needle && who_is(who, annotator))
        .map(|&(_, _, _, note)| note.to_owned())
}

/// A note whose substring matches no row of its annotator is a typo in the table.
fn check_notes_used(annotations: &[Annotation]) {
    for &(doc, _, needle, note) in NOTES {
        let used = annotations
            .iter()
            .any(|a| a.document == DocId(doc) && a.note.as_deref() == Some(note));
        assert!(
            used,
            "note on doc {doc} “{needle}” matches no span of its annotator"
        );
    }
}

/// "2026-11-20T09:00:00.000Z" plus `n` minutes: row order is the order of tagging.
fn timestamp(n: usize) -> String {
    let minutes = 9 * 60 + n;
    assert!(minutes < 24 * 60, "too many rows for one day of timestamps");
    format!("2026-11-20T{:02}:{:02}:00.000Z", minutes / 60, minutes % 60)
}

fn last_doc() -> u64 {
    ARTICLES.iter().map(|a| a.0).max().expect("articles")
}

/// The article exactly as stored: the offsets refer to these bytes.
fn read_article(path: &PathBuf) -> String {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read article {}: {e}", path.display()))
}

fn apply(project: &mut Project, edit: Edit) {
    if let Err(e) = project.apply(&edit) {
        panic!("cannot apply {}: {e}", edit.describe());
    }
}
