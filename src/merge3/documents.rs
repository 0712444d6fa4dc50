//! Documents matched by the hash of their text, never by id or position: a text imported
//! on two machines is one document. Ids are made the same on every side before anything
//! else is merged, so annotations and done marks can be compared by id.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::three_way::{Log, Presence, Src, field, greater, presence};
use crate::model::{DocId, Document};

/// One document key (its text) on the three versions, and the id it has in the merge.
pub(super) struct Entry<'a> {
    key: String,
    pub id: DocId,
    base: Option<(usize, &'a Document)>,
    ours: Option<(usize, &'a Document)>,
    theirs: Option<(usize, &'a Document)>,
}

/// What ids each side's documents take in the merge (only the ones that change).
pub(super) struct Plan<'a> {
    pub entries: Vec<Entry<'a>>,
    pub remap: [HashMap<DocId, DocId>; 3],
}

/// Keys of a list: the text's hash; a second copy of one text gets its id appended.
fn keyed(docs: &[Document]) -> HashMap<String, (usize, &Document)> {
    let mut map = HashMap::default();
    for (i, d) in docs.iter().enumerate() {
        if map.contains_key(&d.hash) {
            map.insert(format!("{}#{}", d.hash, d.id), (i, d));
        } else {
            map.insert(d.hash.clone(), (i, d));
        }
    }
    map
}

/// Matches the documents of the three versions and chooses each one's id: the base's; for
/// a text new on both sides, the smaller id; an id taken by another text is replaced by
/// one derived from the text's hash, so every machine picks the same.
pub(super) fn plan<'a>(
    base: &'a [Document],
    ours: &'a [Document],
    theirs: &'a [Document],
) -> Plan<'a> {
    let (b, o, t) = (keyed(base), keyed(ours), keyed(theirs));
    let mut keys: Vec<&String> = b.keys().chain(o.keys()).chain(t.keys()).collect();
    keys.sort_unstable();
    keys.dedup();
    let mut taken: HashSet<DocId> = base.iter().map(|d| d.id).collect();
    let mut entries = Vec::with_capacity(keys.len());
    // Base documents first, so new ones never take a base document's id.
    keys.sort_by_key(|k| !b.contains_key(*k));
    for key in keys {
        let (eb, eo, et) = (
            b.get(key).copied(),
            o.get(key).copied(),
            t.get(key).copied(),
        );
        let mut id = match (eb, eo, et) {
            (Some((_, d)), _, _) => d.id,
            (None, Some((_, x)), Some((_, y))) => x.id.min(y.id),
            (None, Some((_, d)), None) | (None, None, Some((_, d))) => d.id,
            (None, None, None) => continue,
        };
        if eb.is_none() {
            while !taken.insert(id) {
                id = id_from_key(key, id);
            }
        }
        entries.push(Entry {
            key: key.clone(),
            id,
            base: eb,
            ours: eo,
            theirs: et,
        });
    }
    let mut remap: [HashMap<DocId, DocId>; 3] = Default::default();
    for e in &entries {
        for (side, doc) in [e.base, e.ours, e.theirs].into_iter().enumerate() {
            if let Some((_, d)) = doc
                && d.id != e.id
            {
                remap[side].insert(d.id, e.id);
            }
        }
    }
    Plan { entries, remap }
}

/// An id for a text whose own id is taken: from its hash, the same on every machine.
fn id_from_key(key: &str, previous: DocId) -> DocId {
    let hex: String = key
        .chars()
        .filter(char::is_ascii_hexdigit)
        .take(13)
        .collect();
    let derived = u64::from_str_radix(&hex, 16).unwrap_or(0) & ((1 << 53) - 1);
    DocId(if derived == previous.0 || derived == 0 {
        previous.0 % ((1 << 53) - 1) + 1
    } else {
        derived
    })
}

/// The documents of the merge, in order: the base's in their order, then new ones by
/// where they stand on their side. `used`: documents the merged annotations or done marks
/// need, kept even when one side deleted them.
pub(super) fn finish(plan: &Plan, used: &HashSet<DocId>, log: &mut Log) -> Vec<Document> {
    let mut out: Vec<((u8, usize, &str), Document)> = Vec::with_capacity(plan.entries.len());
    for e in &plan.entries {
        let (b, o, t) = (doc(e.base), doc(e.ours), doc(e.theirs));
        let kept = match presence(b, o, t) {
            Presence::Absent if used.contains(&e.id) => {
                log.add(
                    format!("document “{}”", title_of(e)),
                    "deleted on one side while the other still annotated it; kept",
                );
                o.or(t).or(b).cloned()
            }
            Presence::Absent => None,
            Presence::One(d) => Some(d.clone()),
            Presence::Both(x, y) => Some(merge_fields(b, x, y, log)),
            Presence::DeletedAndChanged(d) => {
                log.add(
                    format!("document “{}”", d.title),
                    "deleted on one side and renamed on the other; kept",
                );
                Some(d.clone())
            }
        };
        let Some(mut kept) = kept else { continue };
        kept.id = e.id;
        let position = match (e.base, e.ours, e.theirs) {
            (Some((i, _)), _, _) => (0, i),
            (None, x, y) => (
                1,
                x.map_or(usize::MAX, |p| p.0)
                    .min(y.map_or(usize::MAX, |p| p.0)),
            ),
        };
        out.push(((position.0, position.1, &e.key), kept));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out.into_iter().map(|(_, d)| d).collect()
}

fn doc(x: Option<(usize, &Document)>) -> Option<&Document> {
    x.map(|(_, d)| d)
}

fn title_of(e: &Entry) -> String {
    [e.ours, e.theirs, e.base]
        .into_iter()
        .flatten()
        .map(|(_, d)| d.title.clone())
        .next()
        .unwrap_or_default()
}

/// Title, source and direction merge separately; a clash keeps the greater value.
fn merge_fields(base: Option<&Document>, o: &Document, t: &Document, log: &mut Log) -> Document {
    let mut out = o.clone();
    let pick = |s: Src| if s == Src::Ours { o } else { t };
    let (s, c1) = field(
        base.map(|d| &d.title),
        &o.title,
        &t.title,
        greater(&o.title, &t.title),
    );
    out.title = pick(s).title.clone();
    let (s, c2) = field(
        base.map(|d| &d.source),
        &o.source,
        &t.source,
        greater(&o.source, &t.source),
    );
    out.source = pick(s).source.clone();
    let dir = |d: &Document| format!("{:?}", d.direction);
    let (s, c3) = field(base.map(dir), dir(o), dir(t), greater(dir(o), dir(t)));
    out.direction = pick(s).direction;
    if c1 || c2 || c3 {
        log.add(
            format!("document “{}”", out.title),
            format!(
                "title, source or direction changed differently on the two sides; kept the \
                 greater (“{}”, “{}”, {}); the versions were “{}” and “{}”",
                out.title,
                out.source,
                dir(&out),
                o.title.as_str().min(&t.title),
                o.title.as_str().max(&t.title)
            ),
        );
    }
    out
}
