//! brat standoff: a folder with `NAME.txt` (the exact text), `NAME.ann` (`T` lines, notes
//! as `#` AnnotatorNotes lines) per document, plus `annotation.conf` and `visual.conf`
//! (label names and colours). Offsets are code points into the `.txt` file, as brat's
//! Python reads it. A span containing a line break becomes a discontinuous span split at
//! the break, because a `.ann` line cannot hold one.
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use super::{DocView, ExportError, ExportReport, Job, OffsetUnit, describe_doc, write_file};
use crate::model::{Annotation, Document, Label};

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
    let labels = job.project.labels();
    write_file(&out.join("annotation.conf"), report, |w, _| {
        w.write_all(annotation_conf(labels).as_bytes())
    })?;
    write_file(&out.join("visual.conf"), report, |w, _| {
        w.write_all(visual_conf(labels).as_bytes())
    })?;
    if job.unit() != OffsetUnit::Codepoints {
        let note = format!(
            "Offsets in the .ann files of this folder count {} (exported with --offsets {0}), \
             not code points as brat expects.\n",
            job.unit().name()
        );
        write_file(&out.join("README.txt"), report, |w, _| {
            w.write_all(note.as_bytes())
        })?;
    }
    // Each document writes two files; errors inside are carried out of the callback.
    let mut failure = None;
    let mut files = Vec::new();
    let result = job.for_each_doc(progress, report, |view, report| {
        let name = file_stem(view.doc);
        let ann = ann_text(view, report);
        for (path, body) in [
            (out.join(format!("{name}.txt")), view.text()),
            (out.join(format!("{name}.ann")), ann.as_str()),
        ] {
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

/// Creates the folder, refusing a non-empty one unless forced.
fn prepare_folder(out: &Path, force: bool) -> Result<(), ExportError> {
    let io = ExportError::io(out);
    if out.is_file() {
        return Err(ExportError::Exists {
            path: out.to_owned(),
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

/// brat type names cannot hold spaces or most punctuation.
fn type_name(label: &str) -> String {
    label
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn ann_text(view: &DocView<'_>, report: &mut ExportReport) -> String {
    let mut ann = String::new();
    let mut t = 0;
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
            type_name(&a.label),
            ranges.join(";"),
            texts.join(" ")
        );
        if let Some(note) = &a.note {
            let note = note.replace(['\n', '\r', '\t'], " ");
            let _ = writeln!(ann, "#{t}\tAnnotatorNotes T{t}\t{note}");
        }
    }
    ann
}

/// The span's pieces between line breaks, in code points; empty pieces dropped.
fn fragments(view: &DocView<'_>, a: &Annotation) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = a.start;
    for (i, c) in view.span_text(a).chars().enumerate() {
        if is_line_break(c) {
            let at = a.start + i;
            if at > start {
                out.push((start, at));
            }
            start = at + 1;
        }
    }
    if a.end > start {
        out.push((start, a.end));
    }
    out
}

fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

fn annotation_conf(labels: &[Label]) -> String {
    let mut conf = String::from("# Written by Marginalia.\n[entities]\n");
    for l in labels {
        let _ = writeln!(conf, "{}", type_name(&l.id));
    }
    conf.push_str(
        "\n[relations]\n# Spans of one document may overlap (several annotators, nested tags).\n\
         <OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n\n[events]\n\n[attributes]\n",
    );
    conf
}

fn visual_conf(labels: &[Label]) -> String {
    let mut conf = String::from("[labels]\n");
    for l in labels {
        let _ = writeln!(conf, "{} | {}", type_name(&l.id), l.name.replace('|', "/"));
    }
    conf.push_str("\n[drawing]\n");
    for l in labels {
        let _ = writeln!(conf, "{}\tbgColor:{}", type_name(&l.id), l.color);
    }
    conf
}
