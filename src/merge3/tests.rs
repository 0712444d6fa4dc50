use proptest::prelude::*;

use super::merge3;
use crate::model::{
    Annotation, AnnotationId, DocId, Document, Edit, LabelEdit, Link, Project, ProjectFile, Span,
};
use crate::store::{project_file::parse_schema, to_ron};

const TEXT_A: &str = "The minister said the talks failed, and 42 people died in the clashes.";
const TEXT_B: &str = "A second article with its own words, numbers like 7 and quotes.";

fn file(p: &Project) -> ProjectFile {
    parse_schema(&to_ron(p)).expect("a saved project parses")
}

fn ann(id: u64, doc: u64, span: (usize, usize), label: &str, who: &str) -> Annotation {
    let mut a = Annotation::new(
        AnnotationId(id),
        DocId(doc),
        Span::new(span.0, span.1),
        label,
        who,
    );
    a.created = "2026-11-20T09:00:00.000Z".into();
    a.modified = a.created.clone();
    a
}

fn base() -> Project {
    let mut p = Project::new("team");
    for (id, text) in [(1, TEXT_A), (2, TEXT_B)] {
        p.apply(&Edit::AddDocument(Document::new(
            DocId(id),
            format!("Doc {id}"),
            "",
            text,
        )))
        .unwrap();
    }
    p.apply(&Edit::Batch(vec![
        Edit::AddAnnotation(ann(10, 1, (0, 16), "attribution", "ada")),
        Edit::AddAnnotation(ann(11, 1, (17, 34), "quote", "ada")),
        Edit::AddAnnotation(ann(12, 1, (40, 49), "figure", "ben")),
        Edit::AddAnnotation(ann(13, 2, (2, 8), "claim", "ben")),
        Edit::AddLink(Link::attributed_to(AnnotationId(11), AnnotationId(10))),
    ]))
    .unwrap();
    p
}

fn merged(b: &Project, o: &Project, t: &Project) -> super::Merged {
    merge3(file(b), file(o), file(t))
}

fn replaced(p: &Project, id: u64, change: impl FnOnce(&mut Annotation)) -> Edit {
    let before = p.annotation(AnnotationId(id)).unwrap().clone();
    let mut after = before.clone();
    change(&mut after);
    p.replace_edit(&before, after)
}

#[test]
fn one_side_changes_are_taken_from_either_side() {
    let b = base();
    let mut o = b.clone();
    o.apply(&Edit::AddAnnotation(ann(20, 2, (10, 20), "quote", "ada")))
        .unwrap();
    let mut t = b.clone();
    t.apply(&Edit::RemoveAnnotation(
        t.annotation(AnnotationId(13)).unwrap().clone(),
    ))
    .unwrap();
    t.apply(&Edit::SetDone {
        annotator: "ben".into(),
        document: DocId(2),
        done: true,
    })
    .unwrap();
    let m = merged(&b, &o, &t);
    assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
    assert!(m.project.annotation(AnnotationId(20)).is_some());
    assert!(m.project.annotation(AnnotationId(13)).is_none());
    assert!(m.project.is_done("ben", DocId(2)));
    assert_eq!(m.summary.incoming["ben"].removed, 1);
}

#[test]
fn fields_changed_on_different_sides_both_arrive() {
    let b = base();
    let mut o = b.clone();
    o.apply(&replaced(&o, 12, |a| a.label = "claim".into()))
        .unwrap();
    let mut t = b.clone();
    t.apply(&replaced(&t, 12, |a| a.note = Some("check".into())))
        .unwrap();
    let m = merged(&b, &o, &t);
    let a = m.project.annotation(AnnotationId(12)).unwrap();
    assert_eq!(
        (a.label.as_str(), a.note.as_deref()),
        ("claim", Some("check"))
    );
    assert!(m.conflicts.is_empty());
}

#[test]
fn a_real_conflict_keeps_the_later_edit_and_is_recorded() {
    let b = base();
    let mut o = b.clone();
    o.apply(&replaced(&o, 12, |a| {
        a.label = "claim".into();
        a.modified = "2026-11-21T10:00:00.000Z".into();
    }))
    .unwrap();
    let mut t = b.clone();
    t.apply(&replaced(&t, 12, |a| {
        a.label = "quote".into();
        a.modified = "2026-11-21T11:00:00.000Z".into();
    }))
    .unwrap();
    for m in [merged(&b, &o, &t), merged(&b, &t, &o)] {
        assert_eq!(
            m.project.annotation(AnnotationId(12)).unwrap().label,
            "quote"
        );
        assert_eq!(m.conflicts.len(), 1, "{:?}", m.conflicts);
        assert!(
            m.conflicts[0].message.contains("\"claim\""),
            "{:?}",
            m.conflicts
        );
        assert_eq!(m.project.merge_conflicts(), &m.conflicts[..]);
    }
    // Saved and read back, the conflict is listed as a problem.
    let m = merged(&b, &o, &t);
    let (_, problems) = crate::store::project_file::parse(&to_ron(&m.project)).unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
}

#[test]
fn deleted_on_one_side_and_changed_on_the_other_is_kept() {
    let b = base();
    let mut o = b.clone();
    o.apply(&o.delete_edit(o.annotation(AnnotationId(12)).unwrap()))
        .unwrap();
    let mut t = b.clone();
    t.apply(&replaced(&t, 12, |a| a.end = 50)).unwrap();
    let m = merged(&b, &o, &t);
    assert_eq!(m.project.annotation(AnnotationId(12)).unwrap().end, 50);
    assert_eq!(m.conflicts.len(), 1);
}

#[test]
fn documents_match_by_text_even_with_different_ids() {
    let b = base();
    let mut o = b.clone();
    let mut t = b.clone();
    let text = "Imported on both machines.";
    o.apply(&Edit::AddDocument(Document::new(
        DocId(77),
        "New",
        "",
        text,
    )))
    .unwrap();
    o.apply(&Edit::AddAnnotation(ann(30, 77, (0, 8), "claim", "ada")))
        .unwrap();
    t.apply(&Edit::AddDocument(Document::new(
        DocId(55),
        "New",
        "",
        text,
    )))
    .unwrap();
    t.apply(&Edit::AddAnnotation(ann(31, 55, (9, 11), "claim", "ben")))
        .unwrap();
    let m = merged(&b, &o, &t);
    assert_eq!(m.project.documents().len(), 3);
    assert_eq!(m.project.count_in(DocId(55)), 2);
    assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
    assert_eq!(to_ron(&m.project), to_ron(&merged(&b, &t, &o).project));
}

#[test]
fn label_edits_merge_per_field_and_order() {
    let b = base();
    let label = |p: &Project, id: &str| p.label(id).unwrap().clone();
    let mut o = b.clone();
    let mut renamed = label(&o, "claim");
    renamed.name = "Checkable claim".into();
    o.apply(&Edit::Label(LabelEdit::Replace {
        before: label(&o, "claim"),
        after: renamed,
    }))
    .unwrap();
    let mut t = b.clone();
    let mut recoloured = label(&t, "claim");
    recoloured.color = "#112233".into();
    t.apply(&Edit::Label(LabelEdit::Replace {
        before: label(&t, "claim"),
        after: recoloured,
    }))
    .unwrap();
    t.apply(&Edit::Label(LabelEdit::Move {
        id: "figure".into(),
        from: 2,
        to: 0,
    }))
    .unwrap();
    let m = merged(&b, &o, &t);
    let claim = m.project.label("claim").unwrap();
    assert_eq!(
        (claim.name.as_str(), claim.color.as_str()),
        ("Checkable claim", "#112233")
    );
    assert_eq!(m.project.labels()[0].id, "figure");
    assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
}

#[test]
fn a_link_to_an_annotation_deleted_on_the_other_side_is_dropped_and_noted() {
    let b = base();
    let mut o = b.clone();
    o.apply(&Edit::AddLink(Link::attributed_to(
        AnnotationId(12),
        AnnotationId(10),
    )))
    .unwrap_err(); // ben's figure cannot link to ada's source: use ada's own
    o.apply(&Edit::AddAnnotation(ann(40, 1, (50, 60), "figure", "ada")))
        .unwrap();
    o.apply(&Edit::AddLink(Link::attributed_to(
        AnnotationId(40),
        AnnotationId(10),
    )))
    .unwrap();
    let mut t = b.clone();
    t.apply(&t.delete_edit(t.annotation(AnnotationId(10)).unwrap()))
        .unwrap();
    let m = merged(&b, &o, &t);
    assert!(m.project.annotation(AnnotationId(10)).is_none());
    assert!(m.project.links().next().is_none());
    assert_eq!(m.conflicts.len(), 1, "{:?}", m.conflicts);
}

/// One random edit of an annotator's own work.
#[derive(Clone, Debug)]
enum Op {
    Add {
        doc: u64,
        start: usize,
        len: usize,
        label: usize,
    },
    Relabel {
        pick: usize,
        label: usize,
    },
    Note {
        pick: usize,
    },
    Delete {
        pick: usize,
    },
    Done {
        doc: u64,
    },
    Rename {
        label: usize,
    },
}

const LABELS: [&str; 3] = ["claim", "quote", "figure"];

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (1..3u64, 0..40usize, 1..20usize, 0..3usize).prop_map(|(doc, start, len, label)| Op::Add {
            doc,
            start,
            len,
            label
        }),
        (0..16usize, 0..3usize).prop_map(|(pick, label)| Op::Relabel { pick, label }),
        (0..16usize).prop_map(|pick| Op::Note { pick }),
        (0..16usize).prop_map(|pick| Op::Delete { pick }),
        (1..3u64).prop_map(|doc| Op::Done { doc }),
        (0..3usize).prop_map(|label| Op::Rename { label }),
    ]
}

/// Applies `ops` as `who`, at time `minute`; edits that do not apply are skipped.
fn play(base: &Project, who: &str, id_base: u64, ops: &[Op]) -> Project {
    let mut p = base.clone();
    for (k, op) in ops.iter().enumerate() {
        let stamp = format!("2026-11-21T10:{:02}:00.000Z", k % 60);
        let pick = |p: &Project, i: usize| {
            let mut ids: Vec<_> = p.annotations().map(|a| a.id.0).collect();
            ids.sort();
            (!ids.is_empty()).then(|| ids[i % ids.len()])
        };
        let edit = match op {
            Op::Add {
                doc,
                start,
                len,
                label,
            } => {
                let mut a = ann(
                    id_base + k as u64,
                    *doc,
                    (*start, start + len),
                    LABELS[*label],
                    who,
                );
                a.modified = stamp;
                Edit::AddAnnotation(a)
            }
            Op::Relabel { pick: i, label } => match pick(&p, *i) {
                Some(id) => replaced(&p, id, |a| {
                    a.label = LABELS[*label].into();
                    a.modified = stamp;
                }),
                None => continue,
            },
            Op::Note { pick: i } => match pick(&p, *i) {
                Some(id) => replaced(&p, id, |a| {
                    a.note = Some(format!("{who} {k}"));
                    a.modified = stamp;
                }),
                None => continue,
            },
            Op::Delete { pick: i } => match pick(&p, *i) {
                Some(id) => p.delete_edit(p.annotation(AnnotationId(id)).unwrap()),
                None => continue,
            },
            Op::Done { doc } => Edit::SetDone {
                annotator: who.into(),
                document: DocId(*doc),
                done: true,
            },
            Op::Rename { label } => {
                let before = p.label(LABELS[*label]).unwrap().clone();
                let mut after = before.clone();
                after.name = format!("{} ({who})", before.id);
                Edit::Label(LabelEdit::Replace { before, after })
            }
        };
        let _ = p.apply(&edit);
    }
    p
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn merging_is_symmetric_and_keeps_every_uncontested_edit(
        a_ops in prop::collection::vec(op(), 0..12),
        b_ops in prop::collection::vec(op(), 0..12),
    ) {
        let b = base();
        let a = play(&b, "ada", 1000, &a_ops);
        let c = play(&b, "ben", 2000, &b_ops);
        let ab = merged(&b, &a, &c);
        let ba = merged(&b, &c, &a);
        prop_assert_eq!(to_ron(&ab.project), to_ron(&ba.project));
        for (side, other) in [(&a, &c), (&c, &a)] {
            for x in side.annotations() {
                let before = b.annotation(x.id);
                let untouched = other.annotation(x.id) == before;
                if before != Some(x) && untouched {
                    prop_assert_eq!(ab.project.annotation(x.id), Some(x));
                }
            }
            for x in b.annotations() {
                if side.annotation(x.id).is_none() && other.annotation(x.id) == Some(x) {
                    prop_assert!(ab.project.annotation(x.id).is_none());
                }
            }
            for l in side.labels() {
                let before = b.label(&l.id);
                if before != Some(l) && other.label(&l.id) == before {
                    prop_assert_eq!(ab.project.label(&l.id), Some(l));
                }
            }
        }
    }
}

#[test]
fn speaker_aliases_merge_per_form_and_reach_the_project() {
    let b = base();
    let alias = |p: &mut Project, form: &str, person: Option<&str>| {
        let previous = p.alias(form).map(str::to_owned);
        p.apply(&Edit::SetAlias {
            form: form.into(),
            person: person.map(Into::into),
            previous,
        })
        .unwrap();
    };
    let (mut o, mut t) = (b.clone(), b.clone());
    alias(&mut o, "the minister", Some("the minister"));
    alias(&mut t, "tarar", Some("attaullah tarar"));
    let m = merged(&b, &o, &t);
    assert_eq!(m.project.alias("the minister"), Some("the minister"));
    assert_eq!(m.project.alias("tarar"), Some("attaullah tarar"));
    assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
    // Base without aliases saves as it did: the field is left out when empty.
    assert!(!to_ron(&b).contains("aliases"));
}
