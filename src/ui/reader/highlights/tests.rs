//! A layout patched edit by edit draws exactly what a layout built afresh draws.
use proptest::prelude::*;

use super::*;
use crate::model::{Document, Edit, Link, Span};
use crate::ui::reader::pieces;

const DOC: DocId = DocId(1);
const LABELS: [&str; 4] = ["claim", "quote", "figure", "attribution"];

#[derive(Clone, Debug)]
enum Op {
    Add {
        start: usize,
        len: usize,
        label: usize,
        ben: bool,
    },
    Remove(usize),
    Relabel(usize, usize),
    Split(usize, usize),
    Link(usize, usize),
    Unlink(usize),
    Undo,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0..2900usize, 1..400usize, 0..4usize, any::<bool>())
            .prop_map(|(start, len, label, ben)| Op::Add { start, len, label, ben }),
        1 => any::<usize>().prop_map(Op::Remove),
        1 => (any::<usize>(), 0..4usize).prop_map(|(i, l)| Op::Relabel(i, l)),
        1 => (any::<usize>(), 1..50usize).prop_map(|(i, g)| Op::Split(i, g)),
        3 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Op::Link(a, b)),
        1 => any::<usize>().prop_map(Op::Unlink),
        1 => Just(Op::Undo),
    ]
}

/// The edit `op` stands for in `p` (indexes pick among the document's annotations).
fn edit_of(p: &Project, op: &Op, next_id: &mut u64) -> Option<Edit> {
    let anns: Vec<&Annotation> = p.annotations_in(DOC).collect();
    let pick = |i: usize| (!anns.is_empty()).then(|| anns[i % anns.len()]);
    let len = p.document_len(DOC).unwrap();
    Some(match *op {
        Op::Add {
            start,
            len: n,
            label,
            ben,
        } => {
            *next_id += 1;
            let span = Span::new(start, (start + n).min(len));
            let who = if ben { "ben" } else { "ada" };
            Edit::AddAnnotation(Annotation::new(
                AnnotationId(*next_id),
                DOC,
                span,
                LABELS[label],
                who,
            ))
        }
        Op::Remove(i) => p.delete_edit(pick(i)?),
        Op::Relabel(i, l) => {
            let before = pick(i)?;
            let mut after = before.clone();
            after.label = LABELS[l].into();
            p.replace_edit(before, after)
        }
        Op::Split(i, gap) => {
            let before = pick(i)?;
            let mid = before.start + (before.end - before.start) / 2;
            let mut after = before.clone();
            after.set_spans([
                Span::new(before.start, mid),
                Span::new(mid + gap, before.end),
            ]);
            p.replace_edit(before, after)
        }
        Op::Link(a, b) => {
            // A content and a source of one annotator, as the window offers them.
            let content = pick(a)?;
            let sources: Vec<&&Annotation> = (anns.iter())
                .filter(|s| s.label == "attribution" && s.annotator == content.annotator)
                .collect();
            let source = sources.get(b % sources.len().max(1))?;
            p.link_edit(content.id, source.id).ok()?
        }
        Op::Unlink(i) => {
            let links: Vec<Edit> = p
                .links_of(pick(i)?.id)
                .cloned()
                .map(Edit::RemoveLink)
                .collect();
            Edit::Batch(links)
        }
        Op::Undo => return None,
    })
}

/// What is drawn, in a comparable form: per piece the stretches (without lanes), and
/// every link.
type Drawn = (
    Vec<Vec<(u64, usize, usize, bool, Color32)>>,
    Vec<(u64, u64, usize, usize)>,
);

fn drawn(l: &SpanLayout) -> Drawn {
    let pieces = (0..l.by_piece.len())
        .map(|p| {
            let mut v: Vec<_> = l
                .in_piece(p)
                .map(|s| (s.id.0, s.start, s.end, s.gap, s.color))
                .collect();
            v.sort_by_key(|s| (s.0, s.1, s.2, s.3));
            v
        })
        .collect();
    let mut links: Vec<_> = (l.links_in(0..l.links_by_piece.len()).into_iter())
        .map(|k| (k.from.0, k.to.0, k.from_at, k.to_at))
        .collect();
    links.sort_unstable();
    (pieces, links)
}

/// Overlapping annotations drawn in one piece never share a lane.
fn lanes_apart(l: &SpanLayout) -> bool {
    (0..l.by_piece.len()).all(|p| {
        let items: Vec<&SpanItem> = l.in_piece(p).collect();
        items.iter().all(|a| {
            items
                .iter()
                .all(|b| a.id == b.id || a.lane != b.lane || a.end <= b.start || b.end <= a.start)
        })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn patched_layout_draws_what_a_fresh_one_draws(
        ops in proptest::collection::vec(op(), 1..40),
        hide_ben in any::<bool>(),
    ) {
        let text = crate::fixtures::article_text(3000, 900, 0);
        let pieces = pieces::cut(&text);
        let mut p = Project::new("t");
        p.apply(&Edit::AddDocument(Document::new(DOC, "t", "t", text))).unwrap();
        let visible = move |a: &Annotation| !(hide_ben && a.annotator == "ben");
        let color = |label: &str| match label {
            "claim" => Color32::RED,
            "quote" => Color32::GREEN,
            "figure" => Color32::BLUE,
            _ => Color32::YELLOW,
        };
        let key = SpanKey { doc: DOC, filter: 0 };
        let mut patched = SpanLayout::build(key, &Sources { project: &p, pieces: &pieces, visible: &visible, color: &color });
        let (mut next_id, mut history) = (0, Vec::new());
        for op in &ops {
            match edit_of(&p, op, &mut next_id) {
                Some(edit) => {
                    if p.apply(&edit).is_ok() {
                        history.push(edit);
                    }
                }
                None => {
                    if let Some(edit) = history.pop() {
                        p.apply(&edit.inverse()).unwrap();
                    }
                }
            }
            let src = Sources { project: &p, pieces: &pieces, visible: &visible, color: &color };
            prop_assert!(patched.update(&src), "one edit is always in the record");
            let fresh = SpanLayout::build(key, &src);
            prop_assert_eq!(drawn(&patched), drawn(&fresh), "after {:?}", op);
            prop_assert!(lanes_apart(&patched), "after {:?}", op);
            prop_assert_eq!(patched.stamp, p.stamp());
        }
    }
}

#[test]
fn an_unknown_past_means_a_rebuild() {
    let text = crate::fixtures::article_text(500, 200, 0);
    let pieces = pieces::cut(&text);
    let mut p = Project::new("t");
    p.apply(&Edit::AddDocument(Document::new(DOC, "t", "t", text)))
        .unwrap();
    let (visible, color) = (|_: &Annotation| true, |_: &str| Color32::RED);
    let key = SpanKey {
        doc: DOC,
        filter: 0,
    };
    let mut l = SpanLayout::build(
        key,
        &Sources {
            project: &p,
            pieces: &pieces,
            visible: &visible,
            color: &color,
        },
    );
    let many: Vec<Edit> = (0..5000)
        .map(|i| {
            Edit::AddAnnotation(Annotation::new(
                AnnotationId(i + 1),
                DOC,
                Span::new(i as usize % 400, i as usize % 400 + 3),
                "quote",
                "ada",
            ))
        })
        .collect();
    p.apply(&Edit::Batch(many)).unwrap();
    let src = Sources {
        project: &p,
        pieces: &pieces,
        visible: &visible,
        color: &color,
    };
    assert!(
        !l.update(&src),
        "a 5,000-span batch is not itemised: the caller rebuilds"
    );
    assert_eq!(
        l.stamp.revision, 1,
        "a refused update leaves the layout as it was"
    );
}

#[test]
fn deleting_a_source_takes_its_arcs_and_undo_brings_them_back() {
    let text = crate::fixtures::article_text(2000, 300, 0);
    let pieces = pieces::cut(&text);
    let mut p = Project::new("t");
    p.apply(&Edit::AddDocument(Document::new(DOC, "t", "t", text)))
        .unwrap();
    let ann = |id, start, label| {
        Annotation::new(
            AnnotationId(id),
            DOC,
            Span::new(start, start + 20),
            label,
            "ada",
        )
    };
    let source = ann(1, 900, "attribution");
    for a in [ann(2, 100, "quote"), ann(3, 1500, "claim"), source.clone()] {
        p.apply(&Edit::AddAnnotation(a)).unwrap();
    }
    for content in [2, 3] {
        p.apply(&Edit::AddLink(Link::attributed_to(
            AnnotationId(content),
            AnnotationId(1),
        )))
        .unwrap();
    }
    let (visible, color) = (|_: &Annotation| true, |_: &str| Color32::RED);
    let key = SpanKey {
        doc: DOC,
        filter: 0,
    };
    let src = Sources {
        project: &p,
        pieces: &pieces,
        visible: &visible,
        color: &color,
    };
    let mut l = SpanLayout::build(key, &src);
    let arcs = |l: &SpanLayout| {
        l.links_in(0..pieces.len())
            .iter()
            .map(|k| (k.from.0, k.from_at, k.to_at))
            .collect::<Vec<_>>()
    };
    assert_eq!(arcs(&l), [(2, 100, 900), (3, 1500, 900)]);

    let delete = p.delete_edit(&source);
    p.apply(&delete).unwrap();
    assert!(l.update(&Sources {
        project: &p,
        pieces: &pieces,
        visible: &visible,
        color: &color
    }));
    assert!(arcs(&l).is_empty());
    assert!(l.first(AnnotationId(1)).is_none());

    p.apply(&delete.inverse()).unwrap();
    assert!(l.update(&Sources {
        project: &p,
        pieces: &pieces,
        visible: &visible,
        color: &color
    }));
    let mut back = arcs(&l);
    back.sort_unstable();
    assert_eq!(back, [(2, 100, 900), (3, 1500, 900)]);
}
