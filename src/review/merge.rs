//! Bringing a colleague's copy of the project into this one: documents matched by the hash
//! of their text (never by position), labels by id then by name, annotations by id, links
//! by their content annotation. `plan_merge` only reads; the caller applies
//! `Edit::Batch(plan.edits)` in one go.
use std::collections::{HashMap, HashSet};

use crate::model::{
    Annotation, AnnotationId, DocId, Document, Edit, Label, Link, Project, text_hash,
};
use crate::text::slice_chars;

/// What merging one other copy would do, and what it found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MergePlan {
    /// Apply as one `Edit::Batch`: nothing changes unless all of it applies.
    pub edits: Vec<Edit>,
    /// One line per notable event, for the user.
    pub report: Vec<String>,
    /// Annotations of this project that the plan replaces by a newer version from the
    /// other copy: the window asks first, the command line needs `--prefer-newer`.
    pub would_lose: Vec<LostEdit>,
    pub added: usize,
    pub updated: usize,
    /// Annotations identical in both copies, or newer here.
    pub unchanged: usize,
    /// Annotations not merged: unknown document, unmappable label, bad span, id clash.
    pub skipped: usize,
    pub done_marks: usize,
    /// Links of the other copy added here.
    pub links_added: usize,
    /// Links of the other copy whose content is linked to another source here: ours kept.
    pub links_kept_ours: usize,
    /// Links of the other copy not merged: an end not merged, or the link no longer valid.
    pub links_skipped: usize,
    /// Titles of the other copy's documents whose text is not in this project.
    pub documents_not_in_project: Vec<String>,
    /// The other copy's label ids that match no label here.
    pub unmapped_labels: Vec<String>,
}

/// An annotation of this project that the merge would replace.
#[derive(Clone, Debug, PartialEq)]
pub struct LostEdit {
    pub ours: Annotation,
    pub theirs: Annotation,
    pub document_title: String,
}

impl MergePlan {
    pub fn is_empty(&self) -> bool {
        self.edits.is_empty()
    }
}

/// The annotations of the other copy as the plan leaves them here.
#[derive(Default)]
struct Merged {
    /// Added, or replaced by the other copy's newer version: the version after the merge.
    planned: HashMap<AnnotationId, Annotation>,
    /// The same annotation here (unchanged, or newer here): ours stays.
    kept: HashSet<AnnotationId>,
    /// Contents whose link here the plan removes (a replaced end that changed role).
    unlinked: HashSet<AnnotationId>,
}

impl Merged {
    /// The annotation `id` of the other copy as it will be here, if it was merged.
    fn end<'a>(&'a self, project: &'a Project, id: AnnotationId) -> Option<&'a Annotation> {
        match self.planned.get(&id) {
            Some(a) => Some(a),
            None if self.kept.contains(&id) => project.annotation(id),
            None => None,
        }
    }
}

/// Plans merging `other` into `project`.
pub fn plan_merge(project: &Project, other: &Project) -> MergePlan {
    let mut plan = MergePlan::default();
    let docs = map_documents(project, other, &mut plan);
    let labels = map_labels(project, other, &mut plan);
    let mut annotations: Vec<&Annotation> = other.annotations().collect();
    annotations.sort_by_key(|a| (other.document_index(a.document), a.start, a.end, a.id));
    let mut merged = Merged::default();
    for theirs in annotations {
        let Some(&doc) = docs.get(&theirs.document) else {
            // Counted per document in `map_documents`.
            plan.skipped += 1;
            continue;
        };
        merge_annotation(project, theirs, doc, &labels, &mut merged, &mut plan);
    }
    merge_links(project, other, &docs, &merged, &mut plan);
    for mark in other.done_marks() {
        if let Some(&doc) = docs.get(&mark.document)
            && !project.is_done(&mark.annotator, doc)
        {
            plan.edits.push(Edit::SetDone {
                annotator: mark.annotator.clone(),
                document: doc,
                done: true,
            });
            plan.done_marks += 1;
        }
    }
    plan
}

/// Their document id → our document with the same text.
fn map_documents(
    project: &Project,
    other: &Project,
    plan: &mut MergePlan,
) -> HashMap<DocId, DocId> {
    let ours: HashMap<String, DocId> = (project.documents().iter())
        .map(|d| (text_hash(&d.text), d.id))
        .collect();
    let mut map = HashMap::new();
    for d in other.documents() {
        if let Some(&id) = ours.get(&text_hash(&d.text)) {
            map.insert(d.id, id);
            continue;
        }
        let n = other.count_in(d.id);
        let why = if project.document(d.id).is_some() {
            "has a different text here (it was edited or re-imported), so it is not merged by position"
        } else {
            "is not in this project; import it first if it should be"
        };
        plan.report.push(format!(
            "document “{}” {why}: its {n} annotations were not merged",
            d.title
        ));
        plan.documents_not_in_project.push(d.title.clone());
    }
    map
}

/// Their label id → our label id: same id, else same name ignoring case.
fn map_labels(project: &Project, other: &Project, plan: &mut MergePlan) -> HashMap<String, String> {
    let mut map = HashMap::new();
    let mut theirs: Vec<Label> = other.labels().to_vec();
    // Label ids used in annotations but missing from their label set: match by id only.
    for a in other.annotations() {
        if !theirs.iter().any(|l| l.id == a.label) {
            theirs.push(Label {
                id: a.label.clone(),
                name: a.label.clone(),
                color: String::new(),
                hotkey: None,
                description: String::new(),
                is_source: false,
            });
        }
    }
    for l in theirs {
        let by_id = project.label(&l.id).map(|m| m.id.clone());
        let by_name = || {
            let name = l.name.to_lowercase();
            (project.labels().iter())
                .find(|m| m.name.to_lowercase() == name || m.id.to_lowercase() == name)
                .map(|m| m.id.clone())
        };
        match by_id.or_else(by_name) {
            Some(id) => {
                if id != l.id {
                    plan.report
                        .push(format!("label “{}” mapped by name to “{id}”", l.id));
                }
                map.insert(l.id, id);
            }
            None => {
                let n = other.annotations().filter(|a| a.label == l.id).count();
                if n > 0 {
                    plan.report.push(format!(
                        "label “{}” ({}) matches no label here by id or name: its {n} spans are \
                         skipped; add the label to this project and merge again",
                        l.id, l.name
                    ));
                    plan.unmapped_labels.push(l.id);
                }
            }
        }
    }
    map
}

fn merge_annotation(
    project: &Project,
    theirs: &Annotation,
    doc: DocId,
    labels: &HashMap<String, String>,
    merged: &mut Merged,
    plan: &mut MergePlan,
) {
    let Some(document) = project.document(doc) else {
        return;
    };
    let Some(label) = labels.get(&theirs.label) else {
        plan.skipped += 1;
        plan.report.push(format!(
            "skipped, label “{}” has no match here: {}",
            theirs.label,
            describe(theirs, document)
        ));
        return;
    };
    let mut incoming = theirs.clone();
    incoming.document = doc;
    incoming.label = label.clone();
    let len = project.document_len(doc).unwrap_or(0);
    if incoming.start >= incoming.end || incoming.end > len {
        plan.skipped += 1;
        plan.report.push(format!(
            "skipped, its span is outside the text: {}",
            describe(theirs, document)
        ));
        return;
    }
    let Some(ours) = project.annotation(theirs.id) else {
        plan.added += 1;
        merged.planned.insert(incoming.id, incoming.clone());
        plan.edits.push(Edit::AddAnnotation(incoming));
        return;
    };
    if ours.document != doc {
        plan.skipped += 1;
        plan.report.push(format!(
            "skipped, its id is used here by an annotation of another document: {}",
            describe(theirs, document)
        ));
    } else if same_content(ours, &incoming) {
        plan.unchanged += 1;
        merged.kept.insert(ours.id);
    } else if incoming.modified > ours.modified {
        plan.report.push(format!(
            "edited in both copies, kept the newer (from the other copy, by {}, {}): {}",
            incoming.annotator,
            incoming.modified,
            describe(ours, document)
        ));
        plan.would_lose.push(LostEdit {
            ours: ours.clone(),
            theirs: incoming.clone(),
            document_title: document.title.clone(),
        });
        plan.updated += 1;
        // A source relabelled as a quote (or back) loses the links it can no longer have.
        let edit = project.replace_edit(ours, incoming.clone());
        if let Edit::Batch(edits) = &edit {
            for e in edits {
                if let Edit::RemoveLink(l) = e {
                    merged.unlinked.insert(l.from);
                }
            }
        }
        merged.planned.insert(incoming.id, incoming);
        plan.edits.push(edit);
    } else {
        plan.unchanged += 1;
        merged.kept.insert(ours.id);
        plan.report.push(format!(
            "edited in both copies, kept the newer (from this project, {}): {}",
            ours.modified,
            describe(ours, document)
        ));
    }
}

/// Equal apart from the timestamps.
fn same_content(a: &Annotation, b: &Annotation) -> bool {
    (
        a.start,
        a.end,
        &a.fragments,
        &a.label,
        &a.annotator,
        &a.note,
        &a.derived_from,
    ) == (
        b.start,
        b.end,
        &b.fragments,
        &b.label,
        &b.annotator,
        &b.note,
        &b.derived_from,
    )
}

/// Brings the other copy's links: a link is added when both its ends exist after the merge
/// and its content has no source here. A content linked to another source here keeps ours
/// (reported); the same link here changes nothing, so merging twice adds nothing.
fn merge_links(
    project: &Project,
    other: &Project,
    docs: &HashMap<DocId, DocId>,
    merged: &Merged,
    plan: &mut MergePlan,
) {
    for link in other.links() {
        let Some(theirs) = other.annotation(link.from) else {
            continue;
        };
        let Some(document) = (docs.get(&theirs.document)).and_then(|&d| project.document(d)) else {
            // The whole document was not merged, and that was said.
            plan.links_skipped += 1;
            continue;
        };
        let (Some(content), Some(source)) =
            (merged.end(project, link.from), merged.end(project, link.to))
        else {
            plan.links_skipped += 1;
            plan.report.push(format!(
                "link not merged, one of its ends was not: {}",
                describe(theirs, document)
            ));
            continue;
        };
        if let Err(why) = link_problem(project, link, content, source) {
            plan.links_skipped += 1;
            plan.report.push(format!(
                "link not merged, {why}: {}",
                describe(content, document)
            ));
            continue;
        }
        let ours =
            (project.source_link(link.from)).filter(|_| !merged.unlinked.contains(&link.from));
        match ours {
            Some(ours) if ours == link => {}
            Some(ours) => {
                plan.links_kept_ours += 1;
                let here = project.annotation(ours.to).map_or_else(String::new, |s| {
                    let text = slice_chars(&document.text, s.start, s.end).unwrap_or("");
                    format!(" (“{text}”)")
                });
                plan.report.push(format!(
                    "attributed to different sources in the two copies, kept this project's{here}: {}",
                    describe(content, document)
                ));
            }
            None => {
                plan.links_added += 1;
                plan.edits.push(Edit::AddLink(link.clone()));
            }
        }
    }
}

/// Why a link cannot hold between these two annotations as they will be after the merge.
fn link_problem(
    project: &Project,
    link: &Link,
    content: &Annotation,
    source: &Annotation,
) -> Result<(), String> {
    let is_source = |a: &Annotation| project.label(&a.label).is_some_and(|l| l.is_source);
    if link.kind.trim().is_empty() {
        Err("it has no type".into())
    } else if content.document != source.document || content.annotator != source.annotator {
        Err("its ends are in different documents or by different annotators".into())
    } else if !is_source(source) {
        Err(format!("its source is a “{}” span here", source.label))
    } else if is_source(content) {
        Err("its content is a source span here".into())
    } else {
        Ok(())
    }
}

/// “excerpt” [start, end) label by annotator in “title”.
fn describe(a: &Annotation, doc: &Document) -> String {
    let text = slice_chars(&doc.text, a.start, a.end).unwrap_or("");
    let mut chars = text.chars();
    let mut excerpt: String = chars.by_ref().take(40).collect();
    if chars.next().is_some() {
        excerpt.push('…');
    }
    format!(
        "“{excerpt}” [{}, {}) {} by {} in “{}”",
        a.start, a.end, a.label, a.annotator, doc.title
    )
}

#[cfg(test)]
mod tests;
