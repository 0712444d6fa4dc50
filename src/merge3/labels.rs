//! The label set: labels by id, each field (name, colour, key, description, source) merged
//! on its own, and the order of the list merged as a whole.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::three_way::{Log, Presence, Src, field, greater, presence};
use crate::model::Label;

fn by_id(list: &[Label]) -> HashMap<&str, &Label> {
    let mut map = HashMap::default();
    for l in list {
        map.entry(l.id.as_str()).or_insert(l);
    }
    map
}

/// `used`: label ids the merged annotations carry; such a label is kept even when one
/// side removed it (that side relabelled its own spans, not the other side's new ones).
pub(super) fn merge_labels(
    base: &[Label],
    ours: &[Label],
    theirs: &[Label],
    used: &HashSet<&str>,
    log: &mut Log,
) -> Vec<Label> {
    let (b, o, t) = (by_id(base), by_id(ours), by_id(theirs));
    let mut kept: HashMap<&str, Label> = HashMap::default();
    let ids = base.iter().chain(ours).chain(theirs).map(|l| l.id.as_str());
    for id in ids {
        if kept.contains_key(id) {
            continue;
        }
        let (lb, lo, lt) = (b.get(id).copied(), o.get(id).copied(), t.get(id).copied());
        let label = match presence(lb, lo, lt) {
            Presence::Absent if used.contains(id) && (lo.is_some() || lt.is_some()) => {
                log.add(
                    format!("label “{id}”"),
                    "removed on one side while the other still uses it; kept",
                );
                lo.or(lt).cloned()
            }
            Presence::Absent => None,
            Presence::One(l) => Some(l.clone()),
            Presence::Both(x, y) => Some(merge_fields(lb, x, y, log)),
            Presence::DeletedAndChanged(l) => {
                log.add(
                    format!("label “{id}”"),
                    "removed on one side and changed on the other; kept",
                );
                Some(l.clone())
            }
        };
        if let Some(label) = label {
            kept.insert(id, label);
        }
    }
    let order = merge_order(base, ours, theirs, &kept, log);
    let mut labels: Vec<Label> = order.into_iter().filter_map(|id| kept.remove(id)).collect();
    unique_hotkeys(&mut labels, log);
    labels
}

fn merge_fields(base: Option<&Label>, o: &Label, t: &Label, log: &mut Log) -> Label {
    let mut out = o.clone();
    let mut clashes = Vec::new();
    let pick = |s: Src| if s == Src::Ours { o } else { t };
    macro_rules! merge_field {
        ($f:ident) => {
            let (s, c) = field(base.map(|l| &l.$f), &o.$f, &t.$f, greater(&o.$f, &t.$f));
            out.$f = pick(s).$f.clone();
            c.then(|| clashes.push(stringify!($f)));
        };
    }
    merge_field!(name);
    merge_field!(color);
    merge_field!(hotkey);
    merge_field!(description);
    merge_field!(is_source);
    if !clashes.is_empty() {
        // In a fixed order, so the record is the same whichever side is ours.
        let versions = sorted(super::three_way::ron_of(o), super::three_way::ron_of(t));
        log.add(
            format!("label “{}”", out.id),
            format!(
                "{} changed differently on the two sides; kept the greater value. The \
                 versions were {} and {}",
                clashes.join(", "),
                versions.0,
                versions.1
            ),
        );
    }
    out
}

/// The order of the label list: a side that moved labels wins; if both moved them
/// differently, the order that sorts first is kept (noted). Labels new to the list
/// follow, by where they stand on their side.
fn merge_order<'a>(
    base: &'a [Label],
    ours: &'a [Label],
    theirs: &'a [Label],
    kept: &HashMap<&str, Label>,
    log: &mut Log,
) -> Vec<&'a str> {
    let (b, o, t) = (by_id(base), by_id(ours), by_id(theirs));
    let common = |l: &&'a Label| {
        b.contains_key(l.id.as_str())
            && o.contains_key(l.id.as_str())
            && t.contains_key(l.id.as_str())
    };
    let seq = |list: &'a [Label]| -> Vec<&'a str> {
        let mut v: Vec<&str> = list.iter().filter(common).map(|l| l.id.as_str()).collect();
        let mut seen = HashSet::default();
        v.retain(|id| seen.insert(*id));
        v
    };
    let (sb, so, st) = (seq(base), seq(ours), seq(theirs));
    let skeleton = if so == st || st == sb {
        so
    } else if so == sb {
        st
    } else {
        log.add("label order", "the labels were reordered differently on the two sides; the order that sorts first was kept");
        so.min(st)
    };
    let mut order: Vec<&str> = skeleton
        .into_iter()
        .filter(|id| kept.contains_key(id))
        .collect();
    let placed: HashSet<&str> = order.iter().copied().collect();
    let position = |id: &str| {
        [ours, theirs, base]
            .iter()
            .filter_map(|list| list.iter().position(|l| l.id == id))
            .min()
            .unwrap_or(usize::MAX)
    };
    let mut rest: Vec<&str> = (base.iter().chain(ours).chain(theirs))
        .map(|l| l.id.as_str())
        .filter(|id| kept.contains_key(id) && !placed.contains(id))
        .collect();
    rest.sort_unstable();
    rest.dedup();
    rest.sort_by_cached_key(|id| (position(id), *id));
    order.extend(rest);
    order
}

/// Two labels given one key on the two sides: the first in the list keeps it.
fn unique_hotkeys(labels: &mut [Label], log: &mut Log) {
    let mut seen = HashSet::default();
    for l in labels {
        if let Some(k) = l.hotkey
            && !seen.insert(k)
        {
            log.add(
                format!("label “{}”", l.id),
                format!("key {k} was given to another label on the other side; it has no key now"),
            );
            l.hotkey = None;
        }
    }
}

fn sorted<T: Ord>(a: T, b: T) -> (T, T) {
    if a <= b { (a, b) } else { (b, a) }
}
