//! The name each label gets in an export.
// Fx, not SipHash: looked up once per span written, with a handful of label ids as keys.
use rustc_hash::FxHashMap as HashMap;

use crate::model::{Project, export_key_problems};

/// The name an export writes for each label id, looked up once per export: the label's
/// export name ([`crate::model::Label::export_key`]), or its id with `--label-ids` or when the
/// export names of the set do not stand for its labels one to one (a hand-edited file).
pub(crate) struct LabelNames {
    /// Label id → name to write; ids missing here (a label not in the set) are written as is.
    by_id: HashMap<String, String>,
    /// Why ids are written although export names were asked for.
    pub(super) warning: Option<String>,
}

impl LabelNames {
    pub(crate) fn new(project: &Project, label_ids: bool) -> Self {
        let labels = project.labels();
        let problems = export_key_problems(labels);
        let warning = (!label_ids && !problems.is_empty()).then(|| {
            let (id, why) = &problems[0];
            format!(
                "labels were written by id, not by name: the label “{id}” cannot be told apart \
                 from another in exports ({why}); rename it with `marginalia labels`"
            )
        });
        let by_id = if label_ids || warning.is_some() {
            HashMap::default()
        } else {
            (labels.iter())
                .map(|l| (l.id.clone(), l.export_key()))
                .collect()
        };
        Self { by_id, warning }
    }

    /// The name to write for the label `id`.
    pub(crate) fn get<'a>(&'a self, id: &'a str) -> &'a str {
        self.by_id.get(id).map_or(id, String::as_str)
    }
}
