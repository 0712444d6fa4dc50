//! Counts for a project at a glance: documents, annotations per label, per annotator and
//! per document, and who marked what done. Used by `marginalia stats` (text or JSON).
use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

use crate::model::Project;
use crate::text::{char_len, slice_chars};

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Stats {
    pub project: String,
    pub documents: usize,
    pub annotations: usize,
    /// In label-set order, zeros included; labels used but not in the set come last.
    pub labels: Vec<LabelCount>,
    /// By name.
    pub annotators: Vec<AnnotatorCount>,
    /// In project order.
    pub per_document: Vec<DocumentCount>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LabelCount {
    pub id: String,
    pub name: String,
    pub count: usize,
    /// False for a label id used by annotations but missing from the label set.
    pub in_label_set: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AnnotatorCount {
    pub annotator: String,
    pub annotations: usize,
    /// Documents this annotator marked done.
    pub documents_done: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DocumentCount {
    pub id: u64,
    pub title: String,
    pub annotations: usize,
    /// Annotators who marked it done, by name.
    pub done_by: Vec<String>,
}

impl Stats {
    pub fn of(project: &Project) -> Stats {
        Stats {
            project: project.name.clone(),
            documents: project.documents().len(),
            annotations: project.annotation_count(),
            labels: label_counts(project),
            annotators: annotator_counts(project),
            per_document: document_counts(project),
        }
    }

    /// The human-readable form (same as `Display`).
    pub fn render_text(&self) -> String {
        self.to_string()
    }
}

fn label_counts(project: &Project) -> Vec<LabelCount> {
    // Kept by the project: no pass over half a million annotations.
    let mut counts: BTreeMap<&str, usize> = project.annotations_per_label().collect();
    let mut out: Vec<LabelCount> = project
        .labels()
        .iter()
        .map(|l| LabelCount {
            id: l.id.clone(),
            name: l.name.clone(),
            count: counts.remove(l.id.as_str()).unwrap_or(0),
            in_label_set: true,
        })
        .collect();
    out.extend(counts.into_iter().map(|(id, count)| LabelCount {
        id: id.to_owned(),
        name: id.to_owned(),
        count,
        in_label_set: false,
    }));
    out
}

fn annotator_counts(project: &Project) -> Vec<AnnotatorCount> {
    let mut by_name: BTreeMap<&str, AnnotatorCount> = BTreeMap::new();
    let entry = |name: &str| AnnotatorCount {
        annotator: name.to_owned(),
        annotations: 0,
        documents_done: 0,
    };
    for (name, n) in project.annotations_per_annotator() {
        by_name
            .entry(name)
            .or_insert_with(|| entry(name))
            .annotations += n;
    }
    for mark in project.done_marks() {
        by_name
            .entry(&mark.annotator)
            .or_insert_with(|| entry(&mark.annotator))
            .documents_done += 1;
    }
    by_name.into_values().collect()
}

fn document_counts(project: &Project) -> Vec<DocumentCount> {
    let mut done_by: BTreeMap<u64, Vec<String>> = BTreeMap::new();
    // `done_marks` is sorted by annotator, so each list comes out sorted by name.
    for mark in project.done_marks() {
        done_by
            .entry(mark.document.0)
            .or_default()
            .push(mark.annotator.clone());
    }
    project
        .documents()
        .iter()
        .map(|d| DocumentCount {
            id: d.id.0,
            title: d.title.clone(),
            annotations: project.count_in(d.id),
            done_by: done_by.remove(&d.id.0).unwrap_or_default(),
        })
        .collect()
}

impl fmt::Display for Stats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Project “{}”: {} documents, {} annotations",
            self.project, self.documents, self.annotations
        )?;
        writeln!(f, "\nLabels")?;
        let rows: Vec<[String; 2]> = self
            .labels
            .iter()
            .map(|l| {
                let name = if l.in_label_set {
                    format!("{} ({})", l.name, l.id)
                } else {
                    format!("{} (not in the label set)", l.id)
                };
                [name, l.count.to_string()]
            })
            .collect();
        table(f, ["label", "annotations"], &rows)?;
        if !self.annotators.is_empty() {
            writeln!(f, "\nAnnotators")?;
            let rows: Vec<[String; 3]> = self
                .annotators
                .iter()
                .map(|a| {
                    [
                        a.annotator.clone(),
                        a.annotations.to_string(),
                        // "4 / 5", as the window's documents list says it.
                        format!("{} / {}", a.documents_done, self.documents),
                    ]
                })
                .collect();
            table(f, ["annotator", "annotations", "documents done"], &rows)?;
        }
        if !self.per_document.is_empty() {
            writeln!(f, "\nDocuments")?;
            let rows: Vec<[String; 3]> = self
                .per_document
                .iter()
                .map(|d| {
                    [
                        shorten(&d.title),
                        d.annotations.to_string(),
                        d.done_by.join(", "),
                    ]
                })
                .collect();
            table(f, ["title", "annotations", "done by"], &rows)?;
        }
        Ok(())
    }
}

/// Writes an aligned table: number columns right-aligned, widths in characters (not bytes)
/// so curly quotes and accents line up. Wide CJK characters still take two terminal cells;
/// close enough for a summary.
fn table<const N: usize>(
    f: &mut fmt::Formatter<'_>,
    header: [&str; N],
    rows: &[[String; N]],
) -> fmt::Result {
    let mut widths = header.map(char_len);
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(char_len(cell));
        }
    }
    let numeric: [bool; N] =
        std::array::from_fn(|i| i > 0 && rows.iter().all(|r| r[i].parse::<usize>().is_ok()));
    let line = |f: &mut fmt::Formatter<'_>, cells: [&str; N]| -> fmt::Result {
        let mut out = String::from(" ");
        for (i, cell) in cells.iter().enumerate() {
            let pad = " ".repeat(widths[i] - char_len(cell));
            if numeric[i] {
                out.push_str(&format!(" {pad}{cell}"));
            } else {
                out.push_str(&format!(" {cell}{pad}"));
            }
        }
        writeln!(f, "{}", out.trim_end())
    };
    line(f, header)?;
    for row in rows {
        line(f, row.each_ref().map(String::as_str))?;
    }
    Ok(())
}

/// Long headlines would make the table too wide to read.
fn shorten(title: &str) -> String {
    const MAX: usize = 60;
    match slice_chars(title, 0, MAX - 1) {
        Some(head) if char_len(title) > MAX => format!("{head}…"),
        _ => title.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Annotation, AnnotationId, DocId, Document, Edit, Span};

    fn project() -> Project {
        let mut p = Project::new("Peace talks");
        let a = Document::new(
            DocId(1),
            "“Peace” — 【Istanbul】 👍🏽",
            "a.txt",
            "café\u{301} says “no”.",
        );
        let b = Document::new(DocId(2), "Second", "b.txt", "Another text here.");
        p.apply(&Edit::AddDocument(a)).unwrap();
        p.apply(&Edit::AddDocument(b)).unwrap();
        let ann = |id, doc, start, end, label: &str, who: &str| {
            Edit::AddAnnotation(Annotation::new(
                AnnotationId(id),
                DocId(doc),
                Span::new(start, end),
                label,
                who,
            ))
        };
        for edit in [
            ann(1, 1, 0, 5, "claim", "zoe"),
            ann(2, 1, 12, 16, "quote", "zoe"),
            ann(3, 1, 0, 5, "claim", "ana"),
            ann(4, 2, 0, 7, "figure", "ana"),
        ] {
            p.apply(&edit).unwrap();
        }
        for (who, doc) in [("zoe", 1), ("ana", 1), ("ana", 2)] {
            p.apply(&Edit::SetDone {
                annotator: who.into(),
                document: DocId(doc),
                done: true,
            })
            .unwrap();
        }
        p
    }

    #[test]
    fn counts_per_label_annotator_and_document() {
        let s = Stats::of(&project());
        assert_eq!(
            (s.project.as_str(), s.documents, s.annotations),
            ("Peace talks", 2, 4)
        );
        let labels: Vec<_> = s.labels.iter().map(|l| (l.id.as_str(), l.count)).collect();
        assert_eq!(
            labels,
            [
                ("claim", 2),
                ("quote", 1),
                ("figure", 1),
                ("attribution", 0)
            ]
        );
        let people: Vec<_> = s
            .annotators
            .iter()
            .map(|a| (a.annotator.as_str(), a.annotations, a.documents_done))
            .collect();
        assert_eq!(people, [("ana", 2, 2), ("zoe", 2, 1)]);
        assert_eq!(s.per_document[0].annotations, 3);
        assert_eq!(s.per_document[0].done_by, ["ana", "zoe"]);
        assert_eq!(s.per_document[1].done_by, ["ana"]);
    }

    #[test]
    fn json_has_the_documented_fields() {
        let json = serde_json::to_value(Stats::of(&project())).unwrap();
        assert_eq!(json["labels"][3]["id"], "attribution");
        assert_eq!(json["labels"][3]["count"], 0);
        assert_eq!(
            json["per_document"][0]["title"],
            "“Peace” — 【Istanbul】 👍🏽"
        );
        assert_eq!(json["annotators"][1]["annotator"], "zoe");
    }

    #[test]
    fn text_table_is_aligned_in_characters() {
        let text = Stats::of(&project()).render_text();
        assert!(
            text.starts_with("Project “Peace talks”: 2 documents, 4 annotations\n"),
            "{text}"
        );
        let rows: Vec<&str> = text
            .lines()
            .skip_while(|l| *l != "Documents")
            .skip(1)
            .collect();
        assert_eq!(rows.len(), 3, "{text}");
        // The right-aligned "annotations" column ends at the same character on every row.
        let header_end = rows[0].find("annotations").unwrap() + "annotations".len();
        let mut ends = vec![char_len(&rows[0][..header_end])];
        for row in &rows[1..] {
            let last_digit = row.rfind(|c: char| c.is_ascii_digit()).unwrap();
            ends.push(char_len(&row[..=last_digit]));
        }
        assert!(ends.windows(2).all(|w| w[0] == w[1]), "{ends:?}\n{text}");
        assert!(rows[1].ends_with("ana, zoe"), "{text}");
        assert_eq!(shorten(&"é".repeat(80)), format!("{}…", "é".repeat(59)));
    }

    #[test]
    fn labels_missing_from_the_set_are_listed_last() {
        let text = "(format_version: 1, name: \"x\", documents: [(id: 1, title: \"t\", hash: \"\", text: \"abc\")], \
                    annotations: [(id: 9, document: 1, start: 0, end: 1, label: \"rumour\", annotator: \"a\")])";
        let (p, _) = crate::store::project_file::parse(text).unwrap();
        let s = Stats::of(&p);
        let last = s.labels.last().unwrap();
        assert_eq!(
            (last.id.as_str(), last.count, last.in_label_set),
            ("rumour", 1, false)
        );
        assert!(s.render_text().contains("rumour (not in the label set)"));
    }
}
