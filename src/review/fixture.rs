//! Test fixture shared by the review tests: one document whose text has curly quotes,
//! an em dash, 【】, an emoji with a skin tone (two astral code points) and a combining accent.
use crate::model::{Annotation, AnnotationId, DocId, Document, Edit, Project, Span};
use crate::text::byte_to_char;

pub const TEXT: &str =
    "“Peace is near,” said 【Minister】 Ana Café — e\u{301} 👍🏽 on 12 May: 40% agree.";
pub const DOC: DocId = DocId(11);

/// Code-point offset of the first occurrence of `needle` in [`TEXT`].
pub fn at(needle: &str) -> usize {
    byte_to_char(TEXT, TEXT.find(needle).expect("needle in TEXT")).unwrap()
}

/// Code-point span of the first occurrence of `needle`.
pub fn span_of(needle: &str) -> Span {
    Span::new(at(needle), at(needle) + needle.chars().count())
}

pub fn project() -> Project {
    let mut p = Project::new("review test");
    p.apply(&Edit::AddDocument(Document::new(
        DOC,
        "Peace",
        "peace.txt",
        TEXT,
    )))
    .unwrap();
    p
}

/// Adds a span and returns its id (ids are given, so tests are deterministic).
pub fn add(p: &mut Project, id: u64, who: &str, span: Span, label: &str) -> AnnotationId {
    let a = Annotation::new(AnnotationId(id), DOC, span, label, who);
    p.apply(&Edit::AddAnnotation(a)).unwrap();
    AnnotationId(id)
}

pub fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// Adds a split span made of the given pieces and returns its id.
pub fn add_split(
    p: &mut Project,
    id: u64,
    who: &str,
    pieces: &[Span],
    label: &str,
) -> AnnotationId {
    let mut a = Annotation::new(AnnotationId(id), DOC, pieces[0], label, who);
    a.set_spans(pieces.iter().copied());
    assert!(a.is_split(), "the pieces are disjoint");
    p.apply(&Edit::AddAnnotation(a)).unwrap();
    AnnotationId(id)
}

/// Links a content annotation to its source.
pub fn link(p: &mut Project, content: u64, source: u64) {
    let edit = p
        .link_edit(AnnotationId(content), AnnotationId(source))
        .unwrap();
    p.apply(&edit).unwrap();
}
