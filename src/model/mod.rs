//! The data model: plain Rust data and the rules that keep it consistent.
//! No egui types here; the window, the command line and the tests all use this.
mod annotation;
mod changes;
mod conflict;
mod document;
mod edit;
mod ids;
mod label;
pub mod label_colors;
mod link;
mod problem;
mod project;

pub use annotation::{Annotation, Span, merge_spans, now_timestamp};
pub use conflict::{MERGE_CONFLICT_AT, MergeConflict};
pub use document::{Document, text_hash};
pub use edit::Edit;
pub use ids::{AnnotationId, DocId};
pub use label::{
    Label, default_labels, export_key_clash, export_key_of, export_key_problems, parse_hex_color,
};
pub use link::{ATTRIBUTED_TO, Link};
pub use problem::Problem;
pub use project::{
    Alias, DoneMark, EditError, FORMAT_VERSION, LabelEdit, LabelFate, Project, ProjectFile,
    ProjectFileRef, Rejection, Stamp, alias_problem, normal_form,
};
