//! Who said what: every source in a project, grouped by who is speaking, with the quotes,
//! claims and figures attributed to it and where they come from. A source's speaker is
//! the span without its reporting verb ([`speaker`]); named people are grouped by name
//! (full name, surname, title + surname: see `people.rs`), pronouns per document, other
//! sources by their text; the project's aliases say where the user knows better.
//! The window's view, the `sources` command and the CSV export all read this.
mod edits;
mod people;
mod speaker;

use serde::Serialize;

use rustc_hash::FxHashMap as HashMap;

use std::path::Path;

use crate::export::{
    ExportError, LabelNames, refuse_project_files, refuse_special_file, spreadsheet_safe,
};
use crate::model::{Annotation, AnnotationId, DocId, Document, Project};
use crate::store::write_atomic;
use crate::text::TextIndex;
pub use edits::{AliasError, find_form, find_group, merge_edit, split_edit};
pub use speaker::{Speaker, SpeakerKind, speaker};

/// All mentions of one speaker, e.g. "Attaullah Tarar confirmed", "Tarar said", …
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SourceGroup {
    /// The form of the group's name ("attaullah tarar"; a pronoun's carries its document:
    /// "he (document 2)"): what merge and split refer to.
    pub key: String,
    /// The fullest name form as written ("Attaullah Tarar"; "he (in “Title”)").
    pub name: String,
    pub kind: SpeakerKind,
    /// The name forms in the group, fullest first.
    pub variants: Vec<Variant>,
    /// The source spans themselves, in document order.
    pub mentions: Vec<Mention>,
    /// What was attributed to any of the mentions, in document order.
    pub contents: Vec<Mention>,
    /// Number of distinct documents with a mention.
    pub documents: usize,
}

/// One name form of a speaker and how it was written.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Variant {
    /// The form compared and stored in aliases: "tarar".
    pub form: String,
    /// The name as most often written: "Tarar" (a pronoun's or description's text).
    pub name: String,
    /// The speakers written with this form, by first appearance: "Minister Tarar", "Tarar".
    pub speakers: Vec<String>,
    pub mentions: usize,
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

/// Case and white space do not matter: "The  Minister" and "the minister" are one source
/// (the form aliases are stored in, so the model holds the rule).
pub use crate::model::normal_form as normalize;

/// One name form while grouping: its speakers and names as written.
struct Form {
    form: String,
    kind: SpeakerKind,
    names: Forms,
    speakers: Vec<String>,
    mentions: usize,
    /// For a pronoun, the document it is read in.
    document_title: Option<String>,
}

impl Form {
    /// What makes a form the group's name: a person's name over a pronoun or a
    /// description, then more words, then more mentions.
    fn rank(&self) -> (bool, usize, usize) {
        let words = self.form.split(' ').count();
        (self.kind == SpeakerKind::Person, words, self.mentions)
    }
}

/// A source mention with what is attributed to it, and its form.
struct Entry {
    mention: Mention,
    contents: Vec<Mention>,
    form: usize,
}

/// The sources of `project`, most quoted first, then by name. Only annotations by
/// `annotators` count (all when empty).
pub fn who_said_what(project: &Project, annotators: &[String]) -> Vec<SourceGroup> {
    let (forms, entries) = collect(project, annotators);
    let keys: Vec<(&str, SpeakerKind)> = forms.iter().map(|f| (f.form.as_str(), f.kind)).collect();
    let roots = people::resolve(&keys, project);
    // Root form → group index, groups in order of first mention.
    let mut group_of: HashMap<usize, usize> = HashMap::default();
    let mut members: Vec<Vec<usize>> = Vec::new();
    for (f, &root) in roots.iter().enumerate() {
        let g = *group_of.entry(root).or_insert_with(|| {
            members.push(Vec::new());
            members.len() - 1
        });
        members[g].push(f);
    }
    let mut groups: Vec<SourceGroup> = members.iter().map(|m| new_group(&forms, m)).collect();
    for e in entries {
        let g = &mut groups[group_of[&roots[e.form]]];
        g.contents.extend(e.contents);
        g.mentions.push(e.mention);
    }
    for g in &mut groups {
        let mut docs: Vec<DocId> = g.mentions.iter().map(|m| m.document).collect();
        docs.sort_unstable();
        docs.dedup();
        g.documents = docs.len();
    }
    groups.sort_unstable_by(|a, b| {
        (b.contents.len().cmp(&a.contents.len())).then_with(|| a.key.cmp(&b.key))
    });
    groups
}

/// Every source mention with its speaker's form, and the forms.
fn collect(project: &Project, annotators: &[String]) -> (Vec<Form>, Vec<Entry>) {
    let counts = |a: &Annotation| annotators.is_empty() || annotators.contains(&a.annotator);
    let source_labels: Vec<&str> = (project.labels().iter())
        .filter(|l| l.is_source)
        .map(|l| l.id.as_str())
        .collect();
    let mut forms: Vec<Form> = Vec::new();
    let mut form_of: HashMap<String, usize> = HashMap::default();
    // The same source text recurs across documents and annotators: read it once.
    let mut speakers: HashMap<String, Speaker> = HashMap::default();
    let mut entries = Vec::new();
    for doc in project.documents() {
        // Slicing through the document's index keeps each mention's cost independent of
        // the document's length.
        let idx = doc.index();
        let sources = (project.annotations_in(doc.id))
            .filter(|a| counts(a) && source_labels.contains(&a.label.as_str()));
        for a in sources {
            let mention = mention_of(doc, idx, a, None);
            let s =
                (speakers.entry(mention.text.clone())).or_insert_with(|| speaker(&mention.text));
            let pronoun = s.kind == SpeakerKind::Pronoun;
            let key = if pronoun {
                format!("{} (document {})", s.form, doc.id)
            } else {
                s.form.clone()
            };
            let f = *form_of.entry(key).or_insert_with_key(|key| {
                forms.push(Form {
                    form: key.clone(),
                    kind: s.kind,
                    names: Forms::default(),
                    speakers: Vec::new(),
                    mentions: 0,
                    document_title: pronoun.then(|| doc.title.clone()),
                });
                forms.len() - 1
            });
            let form = &mut forms[f];
            form.names.add(&s.name);
            form.mentions += 1;
            if !form.speakers.contains(&s.text) {
                form.speakers.push(s.text.clone());
            }
            let mut contents: Vec<Mention> = (project.contents_of(a.id))
                .filter_map(|c| project.annotation(c))
                .map(|c| mention_of(doc, idx, c, Some(a.id)))
                .collect();
            contents.sort_by_key(|m| (m.start, m.end, m.id));
            entries.push(Entry {
                mention,
                contents,
                form: f,
            });
        }
    }
    (forms, entries)
}

/// An empty group of the forms `members` (indices into `forms`, in order of appearance).
fn new_group(forms: &[Form], members: &[usize]) -> SourceGroup {
    let mut order: Vec<usize> = members.to_vec();
    // Fullest first; the earliest among equals (a stable sort keeps appearance order).
    order.sort_by(|&a, &b| forms[b].rank().cmp(&forms[a].rank()));
    let top = &forms[order[0]];
    let name = top.names.most_frequent();
    let name = match &top.document_title {
        Some(title) => format!("{name} (in “{}”)", crate::text::shorten(title, 40)),
        None => name,
    };
    SourceGroup {
        key: top.form.clone(),
        name,
        kind: top.kind,
        variants: (order.iter())
            .map(|&f| Variant {
                form: forms[f].form.clone(),
                name: forms[f].names.most_frequent(),
                speakers: forms[f].speakers.clone(),
                mentions: forms[f].mentions,
            })
            .collect(),
        mentions: Vec::new(),
        contents: Vec::new(),
        documents: 0,
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
    fn most_frequent(&self) -> String {
        (self.seen.iter())
            .max_by(|(_, (n, i)), (_, (m, j))| n.cmp(m).then(j.cmp(i)))
            .map(|(form, _)| form.clone())
            .unwrap_or_default()
    }
}

/// The CSV of who said what: one row per attributed content (and one per source with
/// nothing attributed yet), UTF-8 with a BOM so spreadsheet programs read it right, text
/// cells made safe from formula injection by [`spreadsheet_safe`] as in the dataset CSV.
/// Labels are written by their export names, as the dataset exports write them.
pub fn to_csv(groups: &[SourceGroup], project: &Project) -> Result<Vec<u8>, csv::Error> {
    let names = LabelNames::new(project, false);
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
                    &spreadsheet_safe(names.get(&c.label)),
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
    project: &Project,
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
    let bytes = to_csv(groups, project).map_err(|e| io(std::io::Error::other(e)))?;
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
        // The verb is not part of the speaker.
        assert_eq!(groups[1].key, "rebels");
        assert!(groups[1].contents.is_empty());
        assert_eq!(groups[1].mentions[0].id, s3.id);
        let csv = String::from_utf8(to_csv(&groups, &p).unwrap()).unwrap();
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
        assert!(lines[3].starts_with("Rebels,1,,,Talks,1,"), "{csv}");
        // A renamed label is written by its new export name, as the dataset CSV does.
        let mut quote = p.label("quote").unwrap().clone();
        quote.name = "Direct quote".into();
        let rename = p.change_label_edit(quote).unwrap();
        p.apply(&rename).unwrap();
        let csv = String::from_utf8(to_csv(&groups, &p).unwrap()).unwrap();
        assert!(csv.contains(",direct_quote,\"“Never,”\","), "{csv}");
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
