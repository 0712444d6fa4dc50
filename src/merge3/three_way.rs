//! The two questions every part of a three-way merge asks: is this item still there, and
//! which side's value does this field take.
use crate::model::MergeConflict;

/// Which side a merged value comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Src {
    Ours,
    Theirs,
}

/// Whose value a field takes: a change made on one side only wins; the same change on
/// both sides is one change; two different changes are a conflict (`true`), settled by
/// `winner`, which the caller chose by a rule that does not depend on which side is ours.
pub(super) fn field<T: PartialEq>(base: Option<T>, ours: T, theirs: T, winner: Src) -> (Src, bool) {
    if ours == theirs || base.as_ref() == Some(&theirs) {
        (Src::Ours, false)
    } else if base.as_ref() == Some(&ours) {
        (Src::Theirs, false)
    } else {
        (winner, true)
    }
}

/// The side whose value is the greater one: the symmetric rule for values with no time.
pub(super) fn greater<T: PartialOrd>(ours: T, theirs: T) -> Src {
    if theirs > ours {
        Src::Theirs
    } else {
        Src::Ours
    }
}

/// Whether an item keyed the same on the three versions is in the merge.
pub(super) enum Presence<'a, T> {
    Absent,
    /// Added on one side, or unchanged on one side and kept on the other.
    One(&'a T),
    /// Present on both sides: merge its fields.
    Both(&'a T, &'a T),
    /// Deleted on one side, changed on the other: kept, since nothing is lost that way.
    DeletedAndChanged(&'a T),
}

pub(super) fn presence<'a, T: PartialEq>(
    base: Option<&'a T>,
    ours: Option<&'a T>,
    theirs: Option<&'a T>,
) -> Presence<'a, T> {
    match (ours, theirs) {
        (None, None) => Presence::Absent,
        (Some(o), Some(t)) => Presence::Both(o, t),
        (Some(x), None) | (None, Some(x)) => match base {
            None => Presence::One(x),
            Some(b) if b == x => Presence::Absent,
            Some(_) => Presence::DeletedAndChanged(x),
        },
    }
}

/// Whether a member of a set (a done mark, a recorded conflict) stays in it: removed when
/// either side removed it, added when either side added it.
pub(super) fn member(base: bool, ours: bool, theirs: bool) -> bool {
    if base { ours && theirs } else { ours || theirs }
}

/// The conflicts this merge resolved by rule.
#[derive(Default)]
pub(super) struct Log {
    pub conflicts: Vec<MergeConflict>,
}

impl Log {
    pub fn add(&mut self, location: impl Into<String>, message: impl Into<String>) {
        self.conflicts.push(MergeConflict {
            location: location.into(),
            message: message.into(),
        });
    }
}

/// A value as RON, quoted in a conflict so the set-aside version can be restored by hand.
pub(super) fn ron_of<T: serde::Serialize>(value: &T) -> String {
    ron::to_string(value).unwrap_or_default()
}
