//! One slot for a value derived from the project: recomputed only when its key changes.
//! Keys start with the project's [`Stamp`](crate::model::Stamp) (lineage and revision), so
//! another project at the same revision — a colleague's copy just opened — never shows
//! this one's derived view.
pub struct Memo<K, V> {
    slot: Option<(K, V)>,
}

impl<K, V> Default for Memo<K, V> {
    fn default() -> Self {
        Self { slot: None }
    }
}

impl<K: PartialEq, V: Clone> Memo<K, V> {
    /// The value for `key`, computed by `compute` unless it is the key of the last call.
    pub fn get(&mut self, key: K, compute: impl FnOnce() -> V) -> V {
        match &self.slot {
            Some((k, v)) if *k == key => v.clone(),
            _ => {
                let v = compute();
                self.slot = Some((key, v.clone()));
                v
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Project;

    #[test]
    fn another_project_at_the_same_revision_is_computed_anew() {
        let (a, b) = (Project::new("a"), Project::new("b"));
        assert_eq!(a.revision(), b.revision());
        let mut memo: Memo<_, String> = Memo::default();
        assert_eq!(memo.get(a.stamp(), || a.name.clone()), "a");
        assert_eq!(memo.get(a.stamp(), || unreachable!()), "a");
        assert_eq!(memo.get(b.stamp(), || b.name.clone()), "b");
    }
}
