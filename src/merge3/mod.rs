//! Three-way merge of project files: what git's merge driver and the window use when two
//! copies of a project changed since a common version (the base). Every part of the file
//! is merged at the level of the model, never as lines, and a conflict is settled by a
//! documented rule (docs/team.md) and recorded in the project, never left as markers.
mod aliases;
mod annotations;
mod documents;
mod labels;
mod summary;
#[cfg(test)]
mod tests;
mod three_way;

use rustc_hash::FxHashSet as HashSet;

pub use summary::{Incoming, Summary};

use crate::model::Alias;
use crate::model::{
    Annotation, DocId, DoneMark, Label, Link, MergeConflict, Problem, Project, ProjectFile,
    Rejection,
};
use three_way::{Log, Src, field, greater, member};

/// The result of a three-way merge.
#[derive(Debug)]
pub struct Merged {
    pub project: Project,
    /// What came into our side.
    pub summary: Summary,
    /// Conflicts this merge settled by rule; the project records them (with older ones).
    pub conflicts: Vec<MergeConflict>,
}

/// One version of the file, taken apart. Built by a destructuring without `..`, so a field
/// added to [`ProjectFile`] does not compile until the merge handles it.
struct Side {
    format_version: u32,
    name: String,
    labels: Vec<Label>,
    documents: Vec<crate::model::Document>,
    annotations: Vec<Annotation>,
    done: Vec<DoneMark>,
    links: Vec<Link>,
    merge_conflicts: Vec<MergeConflict>,
    rejected: Vec<Rejection>,
    aliases: Vec<Alias>,
}

impl From<ProjectFile> for Side {
    fn from(file: ProjectFile) -> Side {
        let ProjectFile {
            format_version,
            name,
            labels,
            documents,
            annotations,
            done,
            links,
            merge_conflicts,
            rejected,
            aliases,
        } = file;
        Side {
            format_version,
            name,
            labels,
            documents,
            annotations,
            done,
            links,
            merge_conflicts,
            rejected,
            aliases,
        }
    }
}

/// Gives documents the ids they have in the merge, in what refers to them.
fn remap(
    annotations: &mut [Annotation],
    done: &mut [DoneMark],
    rejected: &mut [Rejection],
    map: &rustc_hash::FxHashMap<DocId, DocId>,
) {
    if map.is_empty() {
        return;
    }
    {
        for a in annotations.iter_mut() {
            if let Some(&id) = map.get(&a.document) {
                a.document = id;
            }
        }
        for d in done.iter_mut() {
            if let Some(&id) = map.get(&d.document) {
                d.document = id;
            }
        }
        for r in rejected.iter_mut() {
            if let Some(&id) = map.get(&r.document) {
                r.document = id;
            }
        }
    }
}

/// Merges `ours` and `theirs`, two versions that both started from `base`. The result does
/// not depend on which side is ours (only the summary does).
pub fn merge3(base: ProjectFile, ours: ProjectFile, theirs: ProjectFile) -> Merged {
    let (mut b, mut o, mut t) = (Side::from(base), Side::from(ours), Side::from(theirs));
    let mut log = Log::default();
    let (documents, annotations, done, mut summary) = {
        let plan = documents::plan(&b.documents, &o.documents, &t.documents);
        remap(
            &mut b.annotations,
            &mut b.done,
            &mut b.rejected,
            &plan.remap[0],
        );
        remap(
            &mut o.annotations,
            &mut o.done,
            &mut o.rejected,
            &plan.remap[1],
        );
        remap(
            &mut t.annotations,
            &mut t.done,
            &mut t.rejected,
            &plan.remap[2],
        );
        let (annotations, summary) = annotations::merge_annotations(
            &b.annotations,
            std::mem::take(&mut o.annotations),
            std::mem::take(&mut t.annotations),
            &mut log,
        );
        let done = merge_done(&b.done, &o.done, &t.done);
        let used: HashSet<DocId> = (annotations.iter().map(|a| a.document))
            .chain(done.iter().map(|d| d.document))
            .collect();
        let documents = documents::finish(&plan, &used, &mut log);
        (documents, annotations, done, summary)
    };
    let used_labels: HashSet<&str> = annotations.iter().map(|a| a.label.as_str()).collect();
    let labels = labels::merge_labels(&b.labels, &o.labels, &t.labels, &used_labels, &mut log);
    let ids = annotations.iter().map(|a| a.id).collect();
    let links = annotations::merge_links(&b.links, &o.links, &t.links, &ids, &mut log);
    let name = merge_name(&b.name, &o.name, &t.name, &mut log);
    let ours_docs: HashSet<&str> = o.documents.iter().map(|d| d.hash.as_str()).collect();
    summary.documents_added = (documents.iter())
        .filter(|d| !ours_docs.contains(d.hash.as_str()))
        .count();
    let recorded = merge_recorded(&b.merge_conflicts, &o.merge_conflicts, &t.merge_conflicts);
    // Rejected suggestions as a set, like done marks: one side's rejection is kept.
    let rejected = set_merge(&b.rejected, &o.rejected, &t.rejected);
    let aliases = aliases::merge_aliases(&b.aliases, &o.aliases, &t.aliases, &mut log);
    let format_version = o.format_version.min(t.format_version);
    drop(ours_docs);
    // Three versions of a big project are most of the merge's memory: gone before the
    // merged one is indexed.
    drop((b, o, t));
    let file = ProjectFile {
        format_version,
        name,
        labels,
        documents,
        annotations,
        done,
        links,
        merge_conflicts: Vec::new(),
        rejected,
        aliases,
    };
    let (mut project, problems) = Project::from_file(file);
    log.conflicts
        .extend(problems.into_iter().map(|p: Problem| MergeConflict {
            location: p.location,
            message: format!("after merging: {}", p.message),
        }));
    log.conflicts.sort();
    log.conflicts.dedup();
    let mut all = recorded;
    all.extend(log.conflicts.iter().cloned());
    all.sort();
    all.dedup();
    project.set_merge_conflicts(all);
    summary.conflicts = log.conflicts.len();
    Merged {
        project,
        summary,
        conflicts: log.conflicts,
    }
}

/// The file form of a project, owned (what [`merge3`] takes), without going through text.
pub fn file_of(p: &Project) -> ProjectFile {
    ProjectFile {
        format_version: crate::model::FORMAT_VERSION,
        name: p.name.clone(),
        labels: p.labels().to_vec(),
        documents: p.documents().iter().map(|d| d.as_ref().clone()).collect(),
        annotations: p.annotations().cloned().collect(),
        done: p.done_marks().cloned().collect(),
        links: p.links().cloned().collect(),
        merge_conflicts: p.merge_conflicts().to_vec(),
        rejected: p.rejections().cloned().collect(),
        aliases: p.aliases().collect(),
    }
}

fn merge_name(base: &str, ours: &str, theirs: &str, log: &mut Log) -> String {
    let (s, clash) = field(Some(base), ours, theirs, greater(ours, theirs));
    let kept = if s == Src::Ours { ours } else { theirs };
    if clash {
        log.add(
            "project name",
            format!(
                "renamed differently on the two sides (“{}”, “{}”); kept “{kept}”",
                ours.min(theirs),
                ours.max(theirs)
            ),
        );
    }
    kept.to_owned()
}

/// Done marks as a set: a mark either side removed goes, a mark either side added comes.
fn merge_done(base: &[DoneMark], ours: &[DoneMark], theirs: &[DoneMark]) -> Vec<DoneMark> {
    set_merge(base, ours, theirs)
}

/// Recorded conflicts as a set: one side clearing them clears them.
fn merge_recorded(
    base: &[MergeConflict],
    ours: &[MergeConflict],
    theirs: &[MergeConflict],
) -> Vec<MergeConflict> {
    set_merge(base, ours, theirs)
}

fn set_merge<T: Ord + Clone + std::hash::Hash>(base: &[T], ours: &[T], theirs: &[T]) -> Vec<T> {
    let set = |l: &[T]| -> HashSet<T> { l.iter().cloned().collect() };
    let (b, o, t) = (set(base), set(ours), set(theirs));
    let mut out: Vec<T> = (o.iter().chain(t.iter()))
        .filter(|x| member(b.contains(*x), o.contains(*x), t.contains(*x)))
        .cloned()
        .collect();
    out.sort();
    out.dedup();
    out
}
