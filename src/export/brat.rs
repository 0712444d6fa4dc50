//! brat standoff: a folder with `NAME.txt` (the exact text), `NAME.ann` (`T` lines, notes
//! as `#` AnnotatorNotes lines, links as `R` lines) per document, plus `annotation.conf`
//! (entity types, the relation type with its argument types, overlaps allowed) and
//! `visual.conf` (label names and colours). Offsets are code points into the `.txt` file,
//! as brat's Python reads it.
//!
//! A split span is a discontinuous `T` line (`T3\tquote 0 5;12 17\tfirst second`: brat
//! joins the pieces' texts with one space). A piece containing a line break is split at the
//! break as well, because brat reads `.ann` files line by line (Python's `splitlines`, which
//! also breaks at U+2028 and the other Unicode line separators).
use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use super::{
    DocView, ExportError, ExportReport, Job, OffsetUnit, describe_doc, link_kinds, write_file,
};
use crate::model::{Annotation, Document, Label, Span};

pub(super) fn write(
    job: &Job<'_>,
    out: &Path,
    progress: &mut dyn FnMut(usize, usize),
    report: &mut ExportReport,
) -> Result<(), ExportError> {
    prepare_folder(out, job.opts.force)?;
    if job.exported_annotators().len() > 1 {
        report.warnings.push(
            "brat has no annotator field: spans of several annotators are mixed in one .ann \
             file; use --annotator to export one layer"
                .into(),
        );
    }
    // Each label with its brat type: the name the export writes for it, made a brat name.
    let labels: Vec<(String, &Label)> = (job.project.labels().iter())
        .map(|l| (type_name(job.label(&l.id)), l))
        .collect();
    let mut types = BTreeSet::new();
    if let Some((t, _)) = labels.iter().find(|(t, _)| !types.insert(t)) {
        report.warnings.push(format!(
            "brat type names hold only ASCII letters, digits, - and _: several labels are \
             written as “{t}”; rename one, or export with --label-ids"
        ));
    }
    let relations = relation_types(&labels, link_kinds(job.project));
    write_file(&out.join(ANNOTATION_CONF), report, |w, _| {
        w.write_all(annotation_conf(&labels, &relations).as_bytes())
    })?;
    write_file(&out.join(VISUAL_CONF), report, |w, _| {
        w.write_all(visual_conf(&labels, &relations).as_bytes())
    })?;
    if job.unit() != OffsetUnit::Codepoints {
        let note = format!(
            "Offsets in the .ann files of this folder count {} (exported with --offsets {0}), \
             not code points as brat expects.\n",
            job.unit().name()
        );
        write_file(&out.join(README), report, |w, _| {
            w.write_all(note.as_bytes())
        })?;
    }
    // Each document writes two files; errors inside are carried out of the callback.
    let mut failure = None;
    let mut files = Vec::new();
    let result = job.for_each_doc(progress, report, |view, report| {
        let ann = ann_text(view, &relations, report);
        let [txt, ann_path] = doc_files(out, view.doc);
        for (path, body) in [(txt, view.text()), (ann_path, ann.as_str())] {
            let mut sub = ExportReport::default();
            if let Err(e) = write_file(&path, &mut sub, |w, _| w.write_all(body.as_bytes())) {
                failure = Some(e);
                return Err(std::io::Error::other("stopped"));
            }
            files.push(path);
        }
        Ok(())
    });
    report.files.extend(files);
    match (failure, result) {
        (Some(e), _) => Err(e),
        (None, Err(source)) => Err(ExportError::Io {
            path: out.to_owned(),
            source,
        }),
        (None, Ok(())) => Ok(()),
    }
}

const ANNOTATION_CONF: &str = "annotation.conf";
const VISUAL_CONF: &str = "visual.conf";
/// Written only when offsets are not code points, to say so.
const README: &str = "README.txt";

/// Every file an export to the folder `out` may write.
pub(super) fn planned_files(job: &Job<'_>, out: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = [ANNOTATION_CONF, VISUAL_CONF, README]
        .iter()
        .map(|name| out.join(name))
        .collect();
    for doc in job.project.documents() {
        files.extend(doc_files(out, doc));
    }
    files
}

/// A document's `.txt` and `.ann` files.
fn doc_files(out: &Path, doc: &Document) -> [PathBuf; 2] {
    let name = file_stem(doc);
    [
        out.join(format!("{name}.txt")),
        out.join(format!("{name}.ann")),
    ]
}

/// Creates the folder, refusing a non-empty one unless forced.
fn prepare_folder(out: &Path, force: bool) -> Result<(), ExportError> {
    let io = ExportError::io(out);
    if out.is_file() {
        return Err(ExportError::FileGiven {
            path: out.to_owned(),
            format: "brat",
        });
    }
    if out.is_dir() {
        let mut entries = fs::read_dir(out).map_err(io)?;
        if !force && entries.next().is_some() {
            return Err(ExportError::FolderNotEmpty {
                path: out.to_owned(),
            });
        }
        return Ok(());
    }
    fs::create_dir_all(out).map_err(io)
}

/// `slug-of-title_1234`: readable, and unique through the document id.
fn file_stem(doc: &Document) -> String {
    let mut slug = String::new();
    for c in doc.title.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
        if slug.len() >= 40 {
            break;
        }
    }
    let slug = slug.trim_end_matches('-');
    let slug = if slug.is_empty() { "doc" } else { slug };
    format!("{slug}_{}", doc.id)
}

/// brat type names cannot hold spaces, punctuation or non-ASCII letters.
fn type_name(label: &str) -> String {
    // brat's `normalize_to_storage_form`: anything outside [a-zA-Z0-9_-] becomes `_`.
    label
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// A relation type as written in `.ann` files, keyed by the link type it stands for.
type RelationTypes = Vec<(String, String)>;

/// brat names for the link types: the type itself made a brat name, with `_rel` added while
/// it collides with an entity type (brat would take it for one).
fn relation_types<'a>(
    labels: &[(String, &Label)],
    kinds: impl IntoIterator<Item = &'a str>,
) -> RelationTypes {
    let mut taken: BTreeSet<String> = labels.iter().map(|(t, _)| t.clone()).collect();
    let mut out = Vec::new();
    for kind in kinds {
        let mut name = type_name(kind);
        while taken.contains(&name) {
            name.push_str("_rel");
        }
        taken.insert(name.clone());
        out.push((kind.to_owned(), name));
    }
    out
}

fn ann_text(view: &DocView<'_>, relations: &RelationTypes, report: &mut ExportReport) -> String {
    let mut ann = String::new();
    let mut t = 0;
    // Annotation id → its T number.
    let mut t_of: HashMap<u64, usize> = HashMap::with_capacity(view.spans.len());
    for a in &view.spans {
        let fragments = fragments(view, a);
        if fragments.is_empty() {
            report.warnings.push(format!(
                "brat: {}: skipped {} [{}, {}) by {}: it holds only line breaks",
                describe_doc(view.doc),
                a.label,
                a.start,
                a.end,
                a.annotator
            ));
            continue;
        }
        t += 1;
        t_of.insert(a.id.0, t);
        let ranges: Vec<String> = fragments
            .iter()
            .map(|&(s, e)| format!("{} {}", view.offset(s), view.offset(e)))
            .collect();
        let texts: Vec<&str> = fragments
            .iter()
            .map(|&(s, e)| view.index.slice(view.text(), s, e).unwrap_or(""))
            .collect();
        let _ = writeln!(
            ann,
            "T{t}\t{} {}\t{}",
            type_name(view.label(a)),
            ranges.join(";"),
            texts.join(" ")
        );
        if let Some(note) = &a.note {
            let note = note.replace(|c: char| c == '\t' || is_line_break(c), " ");
            let _ = writeln!(ann, "#{t}\tAnnotatorNotes T{t}\t{note}");
        }
    }
    let mut r = 0;
    for l in &view.links {
        let (Some(from), Some(to)) = (t_of.get(&l.content.id.0), t_of.get(&l.source.id.0)) else {
            continue; // an end held only line breaks and was skipped, with a warning
        };
        let name = (relations.iter())
            .find(|(kind, _)| kind == l.kind)
            .map(|(_, name)| name.as_str())
            .expect("every link type is declared");
        r += 1;
        let _ = writeln!(ann, "R{r}\t{name} Arg1:T{from} Arg2:T{to}");
    }
    ann
}

/// The span's pieces (its fragments, each split again at line breaks), in code points;
/// empty pieces dropped.
fn fragments(view: &DocView<'_>, a: &Annotation) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for piece in a.spans() {
        split_at_line_breaks(view, piece, &mut out);
    }
    out
}

fn split_at_line_breaks(view: &DocView<'_>, piece: Span, out: &mut Vec<(usize, usize)>) {
    let mut start = piece.start;
    for (i, c) in view.piece_text(piece).chars().enumerate() {
        if is_line_break(c) {
            let at = piece.start + i;
            if at > start {
                out.push((start, at));
            }
            start = at + 1;
        }
    }
    if piece.end > start {
        out.push((start, piece.end));
    }
}

/// The characters at which Python's `str.splitlines` (brat's line reader) breaks a line.
fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r'
            | '\u{0B}'
            | '\u{0C}'
            | '\u{1C}'
            | '\u{1D}'
            | '\u{1E}'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

fn annotation_conf(labels: &[(String, &Label)], relations: &RelationTypes) -> String {
    let mut conf = String::from("# Written by Marginalia.\n[entities]\n");
    for (t, _) in labels {
        let _ = writeln!(conf, "{t}");
    }
    conf.push_str(
        "\n[relations]\n# Spans of one document may overlap (several annotators, nested tags).\n\
         <OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n",
    );
    let types = |source: bool| {
        let names: Vec<&str> = (labels.iter())
            .filter(|(_, l)| l.is_source == source)
            .map(|(t, _)| t.as_str())
            .collect();
        names.join("|")
    };
    let (contents, sources) = (types(false), types(true));
    if !relations.is_empty() && !contents.is_empty() && !sources.is_empty() {
        conf.push_str("# A content (Arg1) is attributed to its source (Arg2).\n");
        for (_, name) in relations {
            let _ = writeln!(conf, "{name}\tArg1:{contents}, Arg2:{sources}");
        }
    }
    conf.push_str("\n[events]\n\n[attributes]\n");
    conf
}

fn visual_conf(labels: &[(String, &Label)], relations: &RelationTypes) -> String {
    let mut conf = String::from("[labels]\n");
    for (t, l) in labels {
        let _ = writeln!(conf, "{t} | {}", display_name(&l.name));
    }
    for (kind, name) in relations {
        let _ = writeln!(conf, "{name} | {}", display_name(&kind.replace('_', " ")));
    }
    conf.push_str("\n[drawing]\n");
    for (t, l) in labels {
        let _ = writeln!(conf, "{t}\tbgColor:{}", l.color);
    }
    for (_, name) in relations {
        let _ = writeln!(conf, "{name}\tcolor:#555555");
    }
    conf
}

/// A label's name for visual.conf: `|` separates names there and brat takes `<…>` for a
/// macro, so those become look-alikes.
fn display_name(name: &str) -> String {
    name.replace('|', "/").replace('<', "‹").replace('>', "›")
}
