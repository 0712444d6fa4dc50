//! Speaker aliases, merged per form like labels per id: a side that set, changed or
//! cleared an alias wins over a side that left it alone; two different changes keep the
//! greater person (a rule that does not depend on which side is ours) and are recorded.
use std::collections::{BTreeMap, BTreeSet};

use super::three_way::{Log, Src, field, greater};
use crate::model::Alias;

fn by_form(list: &[Alias]) -> BTreeMap<&str, &str> {
    (list.iter())
        .map(|a| (a.form.as_str(), a.person.as_str()))
        .collect()
}

pub(super) fn merge_aliases(
    base: &[Alias],
    ours: &[Alias],
    theirs: &[Alias],
    log: &mut Log,
) -> Vec<Alias> {
    let (b, o, t) = (by_form(base), by_form(ours), by_form(theirs));
    let forms: BTreeSet<&str> = b.keys().chain(o.keys()).chain(t.keys()).copied().collect();
    let mut out = Vec::new();
    for form in forms {
        // Absent is a value too: a side that cleared an alias changed it.
        let (vb, vo, vt) = (b.get(form), o.get(form), t.get(form));
        let (src, clash) = field(Some(vb), vo, vt, greater(vo, vt));
        let kept = if src == Src::Ours { vo } else { vt };
        if clash {
            let shown = |v: Option<&&str>| v.map_or("no alias".to_owned(), |p| format!("“{p}”"));
            log.add(
                format!("speaker alias “{form}”"),
                format!(
                    "set differently on the two sides ({}, {}); kept {}",
                    shown(vo.min(vt)),
                    shown(vo.max(vt)),
                    shown(kept)
                ),
            );
        }
        if let Some(person) = kept {
            out.push(Alias {
                form: form.to_owned(),
                person: (*person).to_owned(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alias(form: &str, person: &str) -> Alias {
        Alias {
            form: form.into(),
            person: person.into(),
        }
    }

    #[test]
    fn one_sided_changes_win_and_clashes_are_recorded() {
        let base = [alias("tarar", "attaullah tarar"), alias("asif", "asif")];
        // Ours splits "tarar" and adds "mujahid"; theirs clears "asif" and sets "tarar" too.
        let ours = [
            alias("tarar", "tarar"),
            alias("asif", "asif"),
            alias("mujahid", "zabihullah mujahid"),
        ];
        let theirs = [alias("tarar", "ataullah tarar")];
        let mut log = Log::default();
        let merged = merge_aliases(&base, &ours, &theirs, &mut log);
        assert_eq!(
            merged,
            [
                alias("mujahid", "zabihullah mujahid"),
                alias("tarar", "tarar")
            ]
        );
        assert_eq!(log.conflicts.len(), 1, "{:?}", log.conflicts);
        assert!(log.conflicts[0].location.contains("tarar"));
        // The same result with the sides swapped.
        let swapped = merge_aliases(&base, &theirs, &ours, &mut Log::default());
        assert_eq!(merged, swapped);
    }
}
