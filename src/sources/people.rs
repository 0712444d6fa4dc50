//! Which speaker forms are one person. A full name joins another full name with the same
//! surname and a matching given name ("Attaullah Tarar", "Ataullah Tarar"); a surname alone
//! ("Tarar", from "Minister Tarar" too) joins the one person of that surname, and stays
//! apart when the project has none or several. The user's aliases come first: a split
//! form joins nothing by itself, a merged form joins its person whatever the names say.
use rustc_hash::FxHashMap as HashMap;

use super::speaker::SpeakerKind;
use crate::model::Project;

/// The group of each form, as an index into `forms`' groups: forms with the same value
/// are one group. `forms` are distinct.
pub(super) fn resolve(forms: &[(&str, SpeakerKind)], project: &Project) -> Vec<usize> {
    let index: HashMap<&str, usize> = (forms.iter().enumerate())
        .map(|(i, (f, _))| (*f, i))
        .collect();
    let mut sets = UnionFind::new(forms.len());
    let apart = |f: &str| project.alias(f) == Some(f);
    for alias in project.aliases().filter(|a| !a.is_split()) {
        if let (Some(&a), Some(&b)) = (
            index.get(alias.form.as_str()),
            index.get(alias.person.as_str()),
        ) {
            sets.union(a, b);
        }
    }
    // Full names by surname: only persons the user did not set apart match automatically.
    let mut by_surname: HashMap<&str, Vec<usize>> = HashMap::default();
    for (i, (form, kind)) in forms.iter().enumerate() {
        if *kind == SpeakerKind::Person && form.contains(' ') && !apart(form) {
            let surname = form.rsplit(' ').next().unwrap_or(form);
            by_surname.entry(surname).or_default().push(i);
        }
    }
    for full in by_surname.values() {
        for (n, &a) in full.iter().enumerate() {
            for &b in &full[n + 1..] {
                if same_given_name(forms[a].0, forms[b].0) {
                    sets.union(a, b);
                }
            }
        }
    }
    for (i, (form, kind)) in forms.iter().enumerate() {
        if *kind != SpeakerKind::Person || form.contains(' ') || apart(form) {
            continue;
        }
        let Some(full) = by_surname.get(form) else {
            continue;
        };
        let mut people: Vec<usize> = full.iter().map(|&f| sets.find(f)).collect();
        people.sort_unstable();
        people.dedup();
        // "Tarar" when the project has two Tarars could be either: the user decides.
        if let [person] = people[..] {
            sets.union(i, person);
        }
    }
    (0..forms.len()).map(|i| sets.find(i)).collect()
}

/// First given names that are the same person's: equal, an initial ("A. Tarar"), or one
/// letter apart in a longer name (transliterations: "Attaullah", "Ataullah").
fn same_given_name(a: &str, b: &str) -> bool {
    let first = |f: &str| {
        f.split(' ')
            .next()
            .unwrap_or(f)
            .trim_end_matches('.')
            .to_owned()
    };
    let (a, b) = (first(a), first(b));
    let initial = |x: &str, y: &str| x.chars().count() == 1 && y.starts_with(x);
    a == b
        || initial(&a, &b)
        || initial(&b, &a)
        || (a.chars().count() >= 5 && b.chars().count() >= 5 && strsim::levenshtein(&a, &b) <= 1)
}

/// Disjoint sets of indices, the smallest index as each set's name so the result does not
/// depend on the order of the unions.
struct UnionFind(Vec<usize>);

impl UnionFind {
    fn new(n: usize) -> Self {
        Self((0..n).collect())
    }

    fn find(&mut self, mut i: usize) -> usize {
        while self.0[i] != i {
            self.0[i] = self.0[self.0[i]];
            i = self.0[i];
        }
        i
    }

    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        let (lo, hi) = (a.min(b), a.max(b));
        self.0[hi] = lo;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Edit;
    use SpeakerKind::*;

    fn groups(forms: &[(&str, SpeakerKind)], p: &Project) -> Vec<usize> {
        resolve(forms, p)
    }

    #[test]
    fn surnames_join_the_one_person_of_that_name() {
        let mut p = Project::new("t");
        let forms = [
            ("attaullah tarar", Person),
            ("ataullah tarar", Person),
            ("tarar", Person),
            ("khawaja asif", Person),
            ("asif", Person),
            ("the minister", Other),
        ];
        assert_eq!(groups(&forms, &p), [0, 0, 0, 3, 3, 5]);
        // A second Asif makes "asif" ambiguous: it stays apart.
        let two = [
            ("khawaja asif", Person),
            ("ali asif", Person),
            ("asif", Person),
        ];
        assert_eq!(groups(&two, &p), [0, 1, 2]);
        // The user's word: "tarar" is not that person; "the minister" is Tarar.
        let set = |form: &str, person: &str| Edit::SetAlias {
            form: form.into(),
            person: Some(person.into()),
            previous: None,
        };
        p.apply(&set("tarar", "tarar")).unwrap();
        p.apply(&set("the minister", "attaullah tarar")).unwrap();
        assert_eq!(groups(&forms, &p), [0, 0, 2, 3, 3, 0]);
    }
}
