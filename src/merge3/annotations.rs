//! Annotations by id, merged field by field; and the links between them, by content.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::Summary;
use super::three_way::{Log, Presence, Src, field, greater, presence, ron_of};
use crate::model::{Annotation, AnnotationId, Link};

fn by_id(list: &[Annotation]) -> HashMap<AnnotationId, &Annotation> {
    let mut map = HashMap::default();
    map.reserve(list.len());
    for a in list {
        map.entry(a.id).or_insert(a);
    }
    map
}

/// Where a merged annotation comes from: moved out of one side, or merged from both.
enum Choice {
    Ours,
    Theirs,
    New(Annotation),
}

/// Merges the annotations of the two sides against the base (all with their documents'
/// ids already made the same), and counts what came into ours. The sides' annotations are
/// moved into the result, not copied: on a big project they are most of the memory.
pub(super) fn merge_annotations(
    base: &[Annotation],
    ours: Vec<Annotation>,
    theirs: Vec<Annotation>,
    log: &mut Log,
) -> (Vec<Annotation>, Summary) {
    let mut keep = (vec![false; ours.len()], vec![false; theirs.len()]);
    let mut fresh = Vec::new();
    let mut summary = Summary::default();
    {
        let b = by_id(base);
        let (o, t) = (positions(&ours), positions(&theirs));
        let ids = (o.keys()).chain(t.keys().filter(|id| !o.contains_key(id)));
        for id in ids {
            let (oi, ti) = (o.get(id).copied(), t.get(id).copied());
            let (ao, at) = (oi.map(|i| &ours[i]), ti.map(|i| &theirs[i]));
            let base = b.get(id).copied();
            let side = |x: &Annotation| {
                if ao.is_some_and(|a| std::ptr::eq(a, x)) {
                    Choice::Ours
                } else {
                    Choice::Theirs
                }
            };
            let choice = match presence(base, ao, at) {
                Presence::Absent => None,
                Presence::One(x) => Some(side(x)),
                Presence::Both(x, y) => Some(merge_one(base, x, y, log)),
                Presence::DeletedAndChanged(x) => {
                    log.add(
                        location(x),
                        "deleted on one side and changed on the other; the changed version was kept",
                    );
                    Some(side(x))
                }
            };
            match (choice, oi, ti) {
                (Some(Choice::Ours), Some(i), _) => keep.0[i] = true,
                (Some(Choice::Theirs), _, Some(i)) => {
                    keep.1[i] = true;
                    summary.count(&theirs[i], ao.is_none());
                }
                (Some(Choice::New(a)), _, _) => {
                    summary.count(&a, ao.is_none());
                    fresh.push(a);
                }
                (None, Some(i), _) => summary.count_removed(&ours[i]),
                _ => {}
            }
        }
    }
    // Sized exactly: growing a list of half a million annotations copies it.
    let kept = keep.0.iter().chain(&keep.1).filter(|&&k| k).count();
    let mut merged = Vec::with_capacity(kept + fresh.len());
    merged.extend(
        ours.into_iter()
            .zip(keep.0)
            .filter_map(|(a, k)| k.then_some(a)),
    );
    merged.extend(
        theirs
            .into_iter()
            .zip(keep.1)
            .filter_map(|(a, k)| k.then_some(a)),
    );
    merged.extend(fresh);
    (merged, summary)
}

fn positions(list: &[Annotation]) -> HashMap<AnnotationId, usize> {
    let mut map = HashMap::default();
    map.reserve(list.len());
    for (i, a) in list.iter().enumerate() {
        map.entry(a.id).or_insert(i);
    }
    map
}

fn location(a: &Annotation) -> String {
    format!("annotation {} ({} “{}”)", a.id, a.annotator, a.label)
}

/// Everything of an annotation, in the order that decides which of two edits is the later:
/// the modification time first, the rest only to break ties the same way on every machine.
type Rank<'a> = (
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    usize,
    usize,
    &'a Option<String>,
    &'a [crate::model::Span],
    &'a [AnnotationId],
    crate::model::DocId,
);

fn rank(a: &Annotation) -> Rank<'_> {
    (
        &a.modified,
        &a.created,
        &a.annotator,
        &a.label,
        a.start,
        a.end,
        &a.note,
        &a.fragments,
        &a.derived_from,
        a.document,
    )
}

/// One annotation present on both sides: each field takes the side that changed it; a
/// field changed differently on both sides takes the later edit (`modified`).
fn merge_one(base: Option<&Annotation>, o: &Annotation, t: &Annotation, log: &mut Log) -> Choice {
    if o == t || base == Some(t) {
        return Choice::Ours;
    }
    if base == Some(o) {
        return Choice::Theirs;
    }
    let winner = greater(rank(o), rank(t));
    let mut out = o.clone();
    let mut clashes = Vec::new();
    let pick = |s: Src| if s == Src::Ours { o } else { t };
    let extent = |a: &Annotation| (a.start, a.end, a.fragments.clone());
    let (s, c) = field(base.map(extent), extent(o), extent(t), winner);
    (out.start, out.end, out.fragments) = extent(pick(s));
    c.then(|| clashes.push("span"));
    macro_rules! merge_field {
        ($f:ident) => {
            let (s, c) = field(base.map(|a| &a.$f), &o.$f, &t.$f, winner);
            out.$f = pick(s).$f.clone();
            c.then(|| clashes.push(stringify!($f)));
        };
    }
    merge_field!(label);
    merge_field!(note);
    merge_field!(derived_from);
    merge_field!(document);
    merge_field!(annotator);
    merge_field!(created);
    out.modified = o.modified.clone().max(t.modified.clone());
    if !clashes.is_empty() {
        let (kept, other) = if winner == Src::Ours { (o, t) } else { (t, o) };
        log.add(
            location(&out),
            format!(
                "{} changed differently on the two sides; kept the later edit ({}), set aside \
                 {}",
                clashes.join(", "),
                kept.modified,
                ron_of(other)
            ),
        );
    }
    Choice::New(out)
}

/// Links keyed by their content annotation: a content has one source. Two different new
/// sources for one content: the greater link (by source id) is kept and the other noted.
/// A link whose end is no longer in the merge is dropped and noted.
pub(super) fn merge_links(
    base: &[Link],
    ours: &[Link],
    theirs: &[Link],
    annotations: &HashSet<AnnotationId>,
    log: &mut Log,
) -> Vec<Link> {
    let (b, o, t) = (by_from(base), by_from(ours), by_from(theirs));
    let mut merged = Vec::new();
    let froms = (o.keys()).chain(t.keys().filter(|id| !o.contains_key(id)));
    for from in froms {
        let link = match presence(
            b.get(from).copied(),
            o.get(from).copied(),
            t.get(from).copied(),
        ) {
            Presence::Absent => continue,
            Presence::One(l) => l,
            Presence::Both(x, y) if x == y => x,
            Presence::Both(x, y) => {
                let base = b.get(from).copied();
                let (s, clash) = field(base, x, y, greater(x, y));
                let (kept, other) = if s == Src::Ours { (x, y) } else { (y, x) };
                if clash {
                    log.add(
                        format!("link from annotation {from}"),
                        format!(
                            "attributed to different sources on the two sides; kept source {}, \
                             set aside source {}",
                            kept.to, other.to
                        ),
                    );
                }
                kept
            }
            Presence::DeletedAndChanged(l) => {
                log.add(
                    format!("link from annotation {from}"),
                    "removed on one side and changed on the other; the changed link was kept",
                );
                l
            }
        };
        if annotations.contains(&link.from) && annotations.contains(&link.to) {
            merged.push(link.clone());
        } else {
            log.add(
                format!("link {} -> {}", link.from, link.to),
                "dropped: one of its annotations was deleted on the other side",
            );
        }
    }
    merged
}

fn by_from(list: &[Link]) -> HashMap<AnnotationId, &Link> {
    list.iter().map(|l| (l.from, l)).collect()
}
