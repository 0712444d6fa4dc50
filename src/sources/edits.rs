//! Merging and splitting speaker groups: the edits behind the window's buttons and
//! `marginalia sources PROJECT merge|split`, as aliases in the project (see
//! `model/project/aliases.rs`), so they are undoable and saved like any edit.
use super::{SourceGroup, normalize, speaker};
use crate::model::{Edit, Project};

/// Why a merge or split was refused; nothing changes then.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum AliasError {
    #[error("no source is called “{0}”; `marginalia sources PROJECT` lists them")]
    NoSuchSource(String),
    #[error("“{0}” and “{1}” are already one source")]
    SameGroup(String, String),
    #[error("“{0}” is the only name of its source; there is nothing to split off")]
    OnlyForm(String),
}

/// The group `name` refers to: its key, its name as shown, one of its name forms, or a
/// speaker as written ("Minister Tarar").
pub fn find_group<'g>(groups: &'g [SourceGroup], name: &str) -> Option<&'g SourceGroup> {
    find_form(groups, name).map(|(g, _)| g)
}

/// The group and the name form `name` refers to (see [`find_group`]).
pub fn find_form<'g>(groups: &'g [SourceGroup], name: &str) -> Option<(&'g SourceGroup, &'g str)> {
    let wanted = normalize(name);
    let spoken = speaker(name).form;
    let by_name = groups
        .iter()
        .find(|g| g.key == wanted || normalize(&g.name) == wanted)
        .map(|g| (g, g.key.as_str()));
    by_name.or_else(|| {
        groups.iter().find_map(|g| {
            let v = g.variants.iter().find(|v| {
                v.form == wanted
                    || v.form == spoken
                    || v.speakers.iter().any(|s| normalize(s) == wanted)
            })?;
            Some((g, v.form.as_str()))
        })
    })
}

/// "These two are one person": `from` joins `into`.
pub fn merge_edit(
    project: &Project,
    from: &SourceGroup,
    into: &SourceGroup,
) -> Result<Edit, AliasError> {
    if from.key == into.key {
        return Err(AliasError::SameGroup(from.name.clone(), into.name.clone()));
    }
    // The form with most mentions: the alias outlives any one mention being deleted.
    let person = (into.variants.iter())
        .rev()
        .max_by_key(|v| v.mentions)
        .map_or(&into.key, |v| &v.form);
    Ok(Edit::SetAlias {
        form: from.key.clone(),
        person: Some(person.clone()),
        previous: project.alias(&from.key).map(str::to_owned),
    })
}

/// "This name form is not that person": `form` leaves `group` and stands alone. Aliases
/// that joined others to `form` go too, or they would hold it in the group.
pub fn split_edit(project: &Project, group: &SourceGroup, form: &str) -> Result<Edit, AliasError> {
    if !group.variants.iter().any(|v| v.form == form) {
        return Err(AliasError::NoSuchSource(form.to_owned()));
    }
    if group.variants.len() < 2 {
        return Err(AliasError::OnlyForm(form.to_owned()));
    }
    let mut edits = vec![Edit::SetAlias {
        form: form.to_owned(),
        person: Some(form.to_owned()),
        previous: project.alias(form).map(str::to_owned),
    }];
    edits.extend(
        (project.aliases())
            .filter(|a| a.person == form && a.form != form)
            .map(|a| Edit::SetAlias {
                form: a.form,
                person: None,
                previous: Some(a.person),
            }),
    );
    Ok(Edit::Batch(edits))
}
