//! Speaker aliases: the user's word on who is who in "who said what", where the automatic
//! grouping of name forms (see `crate::sources`) got it wrong. Saved in the project file
//! (`aliases`) and changed only by `Edit::SetAlias`, so it is journaled and undoable.
use serde::{Deserialize, Serialize};

use super::{EditError, Project};
use crate::model::Edit;

/// "The speaker form `form` is the person of form `person`" (a merge), or, when `person`
/// equals `form`, "`form` stands alone: no automatic match joins it" (a split). Forms are
/// the normalised keys of `crate::sources` ("tarar", "attaullah tarar", "the ministry").
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Alias {
    pub form: String,
    pub person: String,
}

impl Alias {
    /// Whether this alias keeps its form apart rather than joining it to another.
    pub fn is_split(&self) -> bool {
        self.form == self.person
    }
}

/// A speaker's text as forms are compared and stored: lower case, single spaces.
pub fn normal_form(text: &str) -> String {
    text.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Why a form cannot be stored: forms are compared after normalising ([`normal_form`]),
/// so an alias whose form is not normalised could never match anything.
pub fn alias_problem(form: &str) -> Option<String> {
    let normal = normal_form(form);
    if form.is_empty() {
        Some("a speaker alias needs a name".into())
    } else if normal != form {
        Some(format!(
            "speaker alias “{form}” is not normalised (expected “{normal}”)"
        ))
    } else {
        None
    }
}

impl Project {
    /// The person form `form` is set to be, if the user said so.
    pub fn alias(&self, form: &str) -> Option<&str> {
        self.aliases.get(form).map(String::as_str)
    }

    /// Every alias, by form.
    pub fn aliases(&self) -> impl Iterator<Item = Alias> + '_ {
        (self.aliases.iter()).map(|(form, person)| Alias {
            form: form.clone(),
            person: person.clone(),
        })
    }

    /// Applies `Edit::SetAlias`; returns the edit that restores what was there.
    pub(super) fn set_alias(
        &mut self,
        form: &str,
        person: Option<&str>,
    ) -> Result<Edit, EditError> {
        for f in std::iter::once(form).chain(person) {
            if let Some(why) = alias_problem(f) {
                return Err(EditError::BadAlias(why));
            }
        }
        let previous = match person {
            Some(p) => self.aliases.insert(form.to_owned(), p.to_owned()),
            None => self.aliases.remove(form),
        };
        Ok(Edit::SetAlias {
            form: form.to_owned(),
            person: previous.clone(),
            previous: person.map(str::to_owned),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alias_edits_undo_and_refuse_unnormalised_forms() {
        let mut p = Project::new("t");
        let set = |person: Option<&str>, previous: Option<&str>| Edit::SetAlias {
            form: "tarar".into(),
            person: person.map(Into::into),
            previous: previous.map(Into::into),
        };
        let undo = p
            .apply_undoable(&set(Some("attaullah tarar"), None))
            .unwrap();
        assert_eq!(p.alias("tarar"), Some("attaullah tarar"));
        assert_eq!(undo, set(None, Some("attaullah tarar")));
        p.apply(&set(Some("tarar"), Some("attaullah tarar")))
            .unwrap();
        assert!(p.aliases().next().unwrap().is_split());
        p.apply(&undo).unwrap();
        assert_eq!(p.alias("tarar"), None);
        let rev = p.revision();
        let bad = Edit::SetAlias {
            form: "Minister  Tarar".into(),
            person: Some("tarar".into()),
            previous: None,
        };
        assert!(matches!(p.apply(&bad), Err(EditError::BadAlias(_))));
        assert_eq!((p.revision(), p.aliases().count()), (rev, 0));
    }

    #[test]
    fn loading_refuses_unnormalised_aliases_and_saves_the_rest() {
        let mut p = Project::new("t");
        p.apply(&Edit::SetAlias {
            form: "tarar".into(),
            person: Some("attaullah tarar".into()),
            previous: None,
        })
        .unwrap();
        let text = crate::store::project_file::to_ron(&p);
        assert!(text.contains("aliases"), "{text}");
        let bad = text.replace(
            "(form: \"tarar\"",
            "(form: \"Tarar\", person: \"x\"), (form: \"tarar\"",
        );
        let (loaded, problems) = crate::store::project_file::parse(&bad).unwrap();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].to_string().contains("not normalised"));
        assert_eq!(loaded.aliases().count(), 1);
        assert_eq!(loaded.alias("tarar"), Some("attaullah tarar"));
    }
}
