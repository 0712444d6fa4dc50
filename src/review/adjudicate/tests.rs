use super::*;
use crate::review::fixture::{DOC, add, names, project, span_of};

/// Applies the edit `make` computes from the current project.
fn apply(p: &mut Project, make: impl FnOnce(&Project) -> Edit) {
    let edit = make(p);
    p.apply(&edit).expect("adjudication edits apply");
}

fn gold(p: &Project) -> Vec<(Span, String, Vec<AnnotationId>)> {
    (p.annotations_in(DOC))
        .filter(|a| a.annotator == GOLD)
        .map(|a| (a.span(), a.label.clone(), a.derived_from.clone()))
        .collect()
}

/// ada and ben disagree on the label of 【Minister】 and agree on the figure 12 May.
fn disputed() -> Project {
    let mut p = project();
    add(&mut p, 1, "ada", span_of("【Minister】"), "attribution");
    add(&mut p, 2, "ben", span_of("【Minister】"), "quote");
    add(&mut p, 3, "ada", span_of("12 May"), "figure");
    add(&mut p, 4, "ben", span_of("12 May"), "figure");
    p
}

#[test]
fn accepting_another_version_swaps_the_decision_and_keeps_derived_from() {
    let mut p = disputed();
    let before: Vec<_> = p
        .annotations()
        .filter(|a| a.annotator != GOLD)
        .cloned()
        .collect();
    apply(&mut p, |p| accept(p, &[AnnotationId(1)]));
    assert_eq!(
        gold(&p),
        [(
            span_of("【Minister】"),
            "attribution".into(),
            vec![AnnotationId(1)]
        )]
    );
    apply(&mut p, |p| accept(p, &[AnnotationId(2)]));
    assert_eq!(
        gold(&p),
        [(
            span_of("【Minister】"),
            "quote".into(),
            vec![AnnotationId(2)]
        )]
    );
    for a in &before {
        assert_eq!(
            p.annotation(a.id),
            Some(a),
            "colleagues' spans are never changed"
        );
    }
}

#[test]
fn accepting_the_same_version_twice_changes_nothing() {
    let mut p = disputed();
    apply(&mut p, |p| accept(p, &[AnnotationId(1)]));
    assert_eq!(accept(&p, &[AnnotationId(1)]), Edit::Batch(vec![]));
    assert_eq!(
        accept(&p, &[AnnotationId(999)]),
        Edit::Batch(vec![]),
        "unknown id"
    );
}

#[test]
fn accept_version_replaces_gold_anywhere_in_the_item() {
    let mut p = project();
    add(&mut p, 1, "ada", span_of("Ana Café — e\u{301}"), "claim");
    add(&mut p, 2, "ben", span_of("Ana"), "claim");
    add(&mut p, 3, "ben", span_of("e\u{301}"), "claim");
    let annotators = names(&["ada", "ben"]);
    let c = compare(&p, DOC, &annotators);
    apply(&mut p, |p| accept_version(p, DOC, &c.items[0], "ben"));
    assert_eq!(gold(&p).len(), 2);
    let c = compare(&p, DOC, &annotators);
    assert!(c.items[0].decided);
    apply(&mut p, |p| accept_version(p, DOC, &c.items[0], "ada"));
    assert_eq!(
        gold(&p),
        [(
            span_of("Ana Café — e\u{301}"),
            "claim".into(),
            vec![AnnotationId(1)]
        )]
    );
    let c = compare(&p, DOC, &annotators);
    apply(&mut p, |p| clear_decision(p, DOC, &c.items[0]));
    assert!(gold(&p).is_empty());
}

#[test]
fn accept_all_agreed_takes_only_undecided_agreed_items() {
    let mut p = disputed();
    let annotators = names(&["ada", "ben"]);
    let edit = accept_all_agreed(&p, DOC, &annotators);
    apply(&mut p, |_| edit);
    assert_eq!(
        gold(&p),
        [(
            span_of("12 May"),
            "figure".into(),
            vec![AnnotationId(3), AnnotationId(4)]
        )]
    );
    assert_eq!(accept_all_agreed(&p, DOC, &annotators), Edit::Batch(vec![]));
}

#[test]
fn review_status_goes_from_not_started_to_reviewed() {
    let mut p = disputed();
    let annotators = names(&["ada", "ben"]);
    let status = |p: &Project| doc_review(p, DOC, &annotators);
    assert_eq!(status(&p).status, ReviewStatus::NotStarted);
    assert_eq!(status(&p).disagreements, 1);
    assert_eq!(disagreement_count(&p, DOC, &annotators), 1);
    apply(&mut p, |p| accept_all_agreed(p, DOC, &annotators));
    assert_eq!(
        review_status(&p, DOC, &annotators),
        ReviewStatus::InProgress
    );
    apply(&mut p, |p| accept(p, &[AnnotationId(2)]));
    let done = status(&p);
    assert_eq!(
        (done.status, done.items, done.decided),
        (ReviewStatus::Reviewed, 2, 2)
    );
}

#[test]
fn marking_gold_done_finishes_a_review_that_rejected_spans() {
    let mut p = project();
    add(&mut p, 1, "ada", span_of("👍🏽"), "claim");
    let annotators = names(&["ada", "ben"]);
    assert_eq!(
        review_status(&p, DOC, &annotators),
        ReviewStatus::NotStarted
    );
    apply(&mut p, |_| Edit::SetDone {
        annotator: GOLD.into(),
        document: DOC,
        done: true,
    });
    assert_eq!(review_status(&p, DOC, &annotators), ReviewStatus::Reviewed);
}

#[test]
fn a_drawn_gold_span_keeps_nested_gold_decisions() {
    let mut p = disputed();
    apply(&mut p, |p| accept(p, &[AnnotationId(3)]));
    let drawn = gold_span(
        &p,
        DOC,
        span_of("on 12 May"),
        "claim",
        vec![AnnotationId(3)],
    );
    apply(&mut p, |_| drawn);
    let g = gold(&p);
    assert_eq!(g.len(), 2);
    assert!(g.contains(&(span_of("on 12 May"), "claim".into(), vec![AnnotationId(3)])));
    assert!(
        p.apply(&gold_span(&p, DOC, span_of("12"), "opinion", vec![]))
            .is_err()
    );
}
