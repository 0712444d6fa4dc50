//! Who said what: every source in a project, grouped by its text (ignoring case and white
//! space), with the quotes, claims and figures attributed to it and where they come from.
//! The window's view, the `sources` command and the CSV export all read this.
use serde::Serialize;

use rustc_hash::FxHashMap as HashMap;

use std::path::Path;

use crate::export::{ExportError, refuse_project_files, refuse_special_file, spreadsheet_safe};
use crate::model::{Annotation, AnnotationId, DocId, Document, Project};
use crate::store::write_atomic;
use crate::text::TextIndex;

/// All mentions of one source, e.g. every "Pakistan's information minister" span.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SourceGroup {
    /// The grouping key: the text lower-cased, white space collapsed.
    pub key: String,
    /// The text as written, in its most frequent form (first in text order on a tie).
    pub name: String,
    /// The source spans themselves, in document order.
    pub mentions: Vec<Mention>,
    /// What was attributed to any of the mentions, in document order.
    pub contents: Vec<Mention>,
    /// Number of distinct documents with a mention.
    pub documents: usize,
}

/// One annotation, with what is needed to show it and to open it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Mention {
    pub id: AnnotationId,
    pub document: DocId,
    pub document_title: String,
    pub label: String,
    pub annotator: String,
    pub start: usize,
    pub end: usize,
    /// The annotation's text; fragments of a split span joined by " … ".
    pub text: String,
    /// For contents: the source mention it is linked to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<AnnotationId>,
}

/// Case and white space do not matter: "The  Minister" and "the minister" are one source.
pub fn normalize(text: &str) -> String {
    text.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The sources of `project`, most quoted first, then by name. Only annotations by
/// `annotators` count (all when empty).
pub fn who_said_what(project: &Project, annotators: &[String]) -> Vec<SourceGroup> {
    let counts = |a: &Annotation| annotators.is_empty() || annotators.contains(&a.annotator);
    let source_labels: Vec<&str> = (project.labels().iter())
        .filter(|l| l.is_source)
        .map(|l| l.id.as_str())
        .collect();
    // Key → index in `groups`: most mentions find their group without a copy of the key.
    let mut by_key: HashMap<String, usize> = HashMap::default();
    let mut groups: Vec<(SourceGroup, Forms)> = Vec::new();
    for doc in project.documents() {
        // Slicing through the document's index keeps each mention's cost independent of
        // the document's length.
        let idx = doc.index();
        let sources = (project.annotations_in(doc.id))
            .filter(|a| counts(a) && source_labels.contains(&a.label.as_str()));
        for a in sources {
            let mention = mention_of(doc, idx, a, None);
            let key = normalize(&mention.text);
            let k = match by_key.get(&key) {
                Some(&k) => k,
                None => {
                    by_key.insert(key.clone(), groups.len());
                    groups.push((SourceGroup::new(key), Forms::default()));
                    groups.len() - 1
                }
            };
            let (group, forms) = &mut groups[k];
            forms.add(&mention.text);
            let first = group.contents.len();
            group.contents.extend(
                (project.contents_of(a.id))
                    .filter_map(|c| project.annotation(c))
                    .map(|c| mention_of(doc, idx, c, Some(a.id))),
            );
            group.contents[first..].sort_by_key(|m| (m.start, m.end, m.id));
            group.mentions.push(mention);
        }
    }
    let mut out: Vec<SourceGroup> = (groups.into_iter())
        .map(|(mut g, forms)| {
            g.name = forms.most_frequent();
            let mut docs: Vec<DocId> = g.mentions.iter().map(|m| m.document).collect();
            docs.dedup();
            docs.sort_unstable();
            docs.dedup();
            g.documents = docs.len();
            g
        })
        .collect();
    out.sort_unstable_by(|a, b| {
        (b.contents.len().cmp(&a.contents.len())).then_with(|| a.key.cmp(&b.key))
    });
    out
}

impl SourceGroup {
    fn new(key: String) -> Self {
        Self {
            key,
            name: String::new(),
            mentions: Vec::new(),
            contents: Vec::new(),
            documents: 0,
        }
    }
}

fn mention_of(
    doc: &Document,
    idx: &TextIndex,
    a: &Annotation,
    source: Option<AnnotationId>,
) -> Mention {
    let parts: Vec<&str> = (a.spans())
        .filter_map(|s| idx.slice(&doc.text, s.start, s.end))
        .collect();
    let text = parts.join(" … ");
    Mention {
        id: a.id,
        document: a.document,
        document_title: doc.title.clone(),
        label: a.label.clone(),
        annotator: a.annotator.clone(),
        start: a.start,
        end: a.end,
        text,
        source,
    }
}

/// How often each written form of one source occurs, and which came first.
#[derive(Default)]
struct Forms {
    /// Form → (count, order of first appearance).
    seen: HashMap<String, (usize, usize)>,
}

impl Forms {
    fn add(&mut self, form: &str) {
        let order = self.seen.len();
        match self.seen.get_mut(form) {
            Some((n, _)) => *n += 1,
            None => {
                self.seen.insert(form.to_owned(), (1, order));
            }
        }
    }

    /// The most frequent form; the earliest on a tie.
    fn most_frequent(self) -> String {
        (self.seen.into_iter())
            .max_by(|(_, (n, i)), (_, (m, j))| n.cmp(m).then(j.cmp(i)))
            .map(|(form, _)| form)
            .unwrap_or_default()
    }
}

/// The CSV of who said what: one row per attributed content (and one per source with
/// nothing attributed yet), UTF-8 with a BOM so spreadsheet programs read it right, text
/// cells made safe from formula injection by [`spreadsheet_safe`] as in the dataset CSV.
pub fn to_csv(groups: &[SourceGroup]) -> Result<Vec<u8>, csv::Error> {
    let mut out = Vec::from("\u{feff}".as_bytes());
    {
        let mut w = csv::Writer::from_writer(&mut out);
        w.write_record([
            "source",
            "source_mentions",
            "label",
            "text",
            "document",
            "document_id",
            "start",
            "end",
            "annotator",
            "annotation_id",
            "source_text",
            "source_id",
        ])?;
        for g in groups {
            let mentions = g.mentions.len().to_string();
            let name = spreadsheet_safe(&g.name);
            if g.contents.is_empty() {
                let m = &g.mentions[0];
                w.write_record([
                    name.as_ref(),
                    mentions.as_str(),
                    "",
                    "",
                    &spreadsheet_safe(&m.document_title),
                    &m.document.to_string(),
                    "",
                    "",
                    &spreadsheet_safe(&m.annotator),
                    "",
                    &spreadsheet_safe(&m.text),
                    &m.id.to_string(),
                ])?;
            }
            for c in &g.contents {
                let source = g.mentions.iter().find(|m| Some(m.id) == c.source);
                w.write_record([
                    name.as_ref(),
                    mentions.as_str(),
                    &spreadsheet_safe(&c.label),
                    &spreadsheet_safe(&c.text),
                    &spreadsheet_safe(&c.document_title),
                    &c.document.to_string(),
                    &c.start.to_string(),
                    &c.end.to_string(),
                    &spreadsheet_safe(&c.annotator),
                    &c.id.to_string(),
                    &spreadsheet_safe(source.map_or("", |s| s.text.as_str())),
                    &source.map_or(String::new(), |s| s.id.to_string()),
                ])?;
            }
        }
        w.flush()?;
    }
    Ok(out)
}

/// Writes the who-said-what CSV to `out`, atomically: the one writer behind `sources --csv`
/// and the window's "Export CSV…". Refuses the project's own files and what is not a
/// regular file (whatever `replace` says), a folder, and an existing file unless `replace`.
pub fn write_csv(
    groups: &[SourceGroup],
    out: &Path,
    project_file: Option<&Path>,
    replace: bool,
) -> Result<(), ExportError> {
    if let Some(project_file) = project_file {
        refuse_project_files(project_file, &[out.to_owned()])?;
    }
    if out.is_dir() {
        return Err(ExportError::FolderGiven {
            path: out.to_owned(),
            format: "csv",
        });
    }
    refuse_special_file(out)?;
    if !replace && out.exists() {
        return Err(ExportError::Exists {
            path: out.to_owned(),
        });
    }
    let io = |source| ExportError::Io {
        path: out.to_owned(),
        source,
    };
    let bytes = to_csv(groups).map_err(|e| io(std::io::Error::other(e)))?;
    write_atomic(out, &bytes).map_err(io)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Document, Edit, Span};

    const TEXT: &str = "“We will talk,” the Minister said. “Never,” said THE  minister. \
                        Rebels said no.";

    fn tag(p: &mut Project, doc: DocId, needle: &str, nth: usize, label: &str) -> Annotation {
        let byte = TEXT.match_indices(needle).nth(nth).expect("needle").0;
        let start = TEXT[..byte].chars().count();
        let a = Annotation::new(
            p.fresh_annotation_id(),
            doc,
            Span::new(start, start + needle.chars().count()),
            label,
            "ada",
        );
        p.apply(&Edit::AddAnnotation(a.clone())).unwrap();
        a
    }

    #[test]
    fn sources_group_by_text_ignoring_case_and_spaces() {
        let mut p = Project::new("t");
        let d = DocId(1);
        p.apply(&Edit::AddDocument(Document::new(d, "Talks", "", TEXT)))
            .unwrap();
        let q1 = tag(&mut p, d, "“We will talk,”", 0, "quote");
        let s1 = tag(&mut p, d, "the Minister said", 0, "attribution");
        let q2 = tag(&mut p, d, "“Never,”", 0, "quote");
        let s2 = tag(&mut p, d, "THE  minister", 0, "attribution");
        let s3 = tag(&mut p, d, "Rebels said", 0, "attribution");
        // "the Minister said" and "THE  minister" differ by a word: two groups. Relabel to test
        // the grouping itself, with equal texts apart from case and spaces.
        let mut s1b = s1.clone();
        s1b.end = s1.start + "the Minister".chars().count();
        p.apply(&Edit::ReplaceAnnotation {
            before: s1.clone(),
            after: s1b,
        })
        .unwrap();
        p.apply(&p.link_edit(q1.id, s1.id).unwrap()).unwrap();
        p.apply(&p.link_edit(q2.id, s2.id).unwrap()).unwrap();
        let groups = who_said_what(&p, &[]);
        assert_eq!(groups.len(), 2, "{groups:#?}");
        let minister = &groups[0];
        assert_eq!(minister.key, "the minister");
        assert_eq!(minister.mentions.len(), 2);
        assert_eq!(minister.documents, 1);
        let said: Vec<&str> = minister.contents.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(said, ["“We will talk,”", "“Never,”"]);
        assert_eq!(minister.contents[1].source, Some(s2.id));
        assert_eq!(groups[1].key, "rebels said");
        assert!(groups[1].contents.is_empty());
        assert_eq!(groups[1].mentions[0].id, s3.id);
        let csv = String::from_utf8(to_csv(&groups).unwrap()).unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 4, "{csv}");
        assert!(
            lines[2].starts_with("the Minister,2,quote,\"“Never,”\",Talks,1,"),
            "{csv}"
        );
        assert!(
            lines[2].ends_with(&format!(",THE  minister,{}", s2.id)),
            "{csv}"
        );
        assert!(lines[3].starts_with("Rebels said,1,,,Talks,1,"), "{csv}");
        // Only the chosen annotators count.
        assert!(who_said_what(&p, &["ben".to_owned()]).is_empty());
    }

    #[test]
    fn split_contents_read_as_one_text() {
        let mut p = Project::new("t");
        let d = DocId(1);
        p.apply(&Edit::AddDocument(Document::new(d, "Talks", "", TEXT)))
            .unwrap();
        let mut q = tag(&mut p, d, "“We will talk,”", 0, "quote");
        let before = q.clone();
        let never = TEXT[..TEXT.find("“Never").unwrap()].chars().count();
        q.set_spans([q.span(), Span::new(never, never + 8)]);
        p.apply(&Edit::ReplaceAnnotation {
            before,
            after: q.clone(),
        })
        .unwrap();
        let s = tag(&mut p, d, "Rebels said", 0, "attribution");
        p.apply(&p.link_edit(q.id, s.id).unwrap()).unwrap();
        let groups = who_said_what(&p, &[]);
        assert_eq!(groups[0].contents[0].text, "“We will talk,” … “Never,”");
    }
}
