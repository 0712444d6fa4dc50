use super::*;
use crate::review::fixture::{DOC, add, link, names, project, span_of};

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

fn gold_links(p: &Project) -> Vec<(String, String)> {
    let text = |id| {
        let a: &Annotation = p.annotation(id).unwrap();
        assert_eq!(a.annotator, GOLD, "gold links join gold spans");
        format!("{} {:?}", a.label, a.span())
    };
    let mut links: Vec<_> = (p.links())
        .filter(|l| p.annotation(l.from).unwrap().annotator == GOLD)
        .map(|l| (text(l.from), text(l.to)))
        .collect();
    links.sort();
    links
}

fn pair(content: &str, c: &str, source: &str, s: &str) -> (String, String) {
    (
        format!("{c} {:?}", span_of(content)),
        format!("{s} {:?}", span_of(source)),
    )
}

/// ada and ben tag the same quote and source; only ada links them.
fn one_linked() -> Project {
    let mut p = project();
    add(&mut p, 1, "ada", span_of("“Peace is near,”"), "quote");
    add(&mut p, 2, "ada", span_of("【Minister】"), "attribution");
    add(&mut p, 11, "ben", span_of("“Peace is near,”"), "quote");
    add(&mut p, 12, "ben", span_of("【Minister】"), "attribution");
    link(&mut p, 1, 2);
    p
}

#[test]
fn accepting_the_version_with_the_link_brings_the_link() {
    let mut p = one_linked();
    let annotators = names(&["ada", "ben"]);
    // The source is agreed (A takes it); the quote is a link conflict (A leaves it).
    apply(&mut p, |p| accept_all_agreed(p, DOC, &annotators));
    assert_eq!(gold(&p).len(), 1);
    let c = compare(&p, DOC, &annotators);
    let quote = c
        .items
        .iter()
        .position(|i| i.verdict.is_disagreement())
        .unwrap();
    assert_eq!(c.items[quote].verdict, Verdict::LinkConflict);
    // ben's version: the quote without a source.
    apply(&mut p, |p| accept_version(p, DOC, &c.items[quote], "ben"));
    assert!(gold_links(&p).is_empty());
    // ada's: the same span, now with her link to the gold copy of her source.
    let c = compare(&p, DOC, &annotators);
    apply(&mut p, |p| accept_version(p, DOC, &c.items[quote], "ada"));
    assert_eq!(
        gold_links(&p),
        [pair(
            "“Peace is near,”",
            "quote",
            "【Minister】",
            "attribution"
        )]
    );
    let q = (p.annotations_in(DOC))
        .find(|a| a.annotator == GOLD && a.label == "quote")
        .unwrap();
    assert_eq!(q.derived_from, [AnnotationId(1)]);
    // Accepting it again changes nothing.
    let c = compare(&p, DOC, &annotators);
    assert_eq!(
        accept_version(&p, DOC, &c.items[quote], "ada"),
        Edit::Batch(vec![])
    );
    // A link removed by hand comes back when the version is accepted again, once.
    let l = p.links().find(|l| l.from == q.id).unwrap().clone();
    apply(&mut p, |_| Edit::RemoveLink(l.clone()));
    assert_eq!(
        accept_version(&p, DOC, &c.items[quote], "ada"),
        Edit::Batch(vec![Edit::AddLink(l)])
    );
}

#[test]
fn accepting_the_source_later_links_up_the_contents_accepted_earlier() {
    let mut p = one_linked();
    apply(&mut p, |p| accept(p, &[AnnotationId(1)]));
    assert!(gold_links(&p).is_empty(), "no gold source yet");
    let edit = accept(&p, &[AnnotationId(12)]);
    assert!(matches!(&edit, Edit::Batch(e) if matches!(e.last(), Some(Edit::AddLink(_)))));
    apply(&mut p, |_| edit.clone());
    assert_eq!(
        gold_links(&p),
        [pair(
            "“Peace is near,”",
            "quote",
            "【Minister】",
            "attribution"
        )],
        "ben's source is identical to ada's, so it is her source's copy too"
    );
    // Undo takes the link away with the source.
    apply(&mut p, |_| edit.inverse());
    assert!(gold_links(&p).is_empty());
    assert_eq!(gold(&p).len(), 1);
}

#[test]
fn accept_all_agreed_copies_links_everyone_agrees_on() {
    let mut p = one_linked();
    link(&mut p, 11, 12);
    add(&mut p, 3, "ada", span_of("12 May"), "figure");
    add(&mut p, 13, "ben", span_of("12 May"), "figure");
    let annotators = names(&["ada", "ben"]);
    let edit = accept_all_agreed(&p, DOC, &annotators);
    apply(&mut p, |_| edit);
    assert_eq!(gold(&p).len(), 3);
    assert_eq!(
        gold_links(&p),
        [pair(
            "“Peace is near,”",
            "quote",
            "【Minister】",
            "attribution"
        )],
    );
    assert_eq!(accept_all_agreed(&p, DOC, &annotators), Edit::Batch(vec![]));
}

#[test]
fn replacing_or_clearing_a_linked_gold_source_takes_its_links_along() {
    let mut p = project();
    add(&mut p, 1, "ada", span_of("“Peace is near,”"), "quote");
    add(&mut p, 2, "ada", span_of("【Minister】"), "attribution");
    add(&mut p, 11, "ben", span_of("“Peace is near,”"), "quote");
    add(&mut p, 12, "ben", span_of("Minister"), "attribution");
    link(&mut p, 1, 2);
    link(&mut p, 11, 12);
    let annotators = names(&["ada", "ben"]);
    apply(&mut p, |p| accept(p, &[AnnotationId(1), AnnotationId(2)]));
    assert_eq!(
        gold_links(&p),
        [pair(
            "“Peace is near,”",
            "quote",
            "【Minister】",
            "attribution"
        )]
    );
    // ben's narrower source replaces ada's: the gold quote (ada's, linked to her source)
    // loses its link rather than pointing at a span that is gone.
    apply(&mut p, |p| accept(p, &[AnnotationId(12)]));
    assert!(gold_links(&p).is_empty());
    // Accepting ben's quote (his link leads to the gold source now) links them again.
    let c = compare(&p, DOC, &annotators);
    let quote = c.item_at(span_of("“Peace").start).unwrap();
    assert_eq!(c.items[quote].verdict, Verdict::LinkConflict);
    apply(&mut p, |p| accept_version(p, DOC, &c.items[quote], "ben"));
    assert_eq!(
        gold_links(&p),
        [pair("“Peace is near,”", "quote", "Minister", "attribution")]
    );
    let c = compare(&p, DOC, &annotators);
    let source = c.item_at(span_of("Minister").start).unwrap();
    apply(&mut p, |p| clear_decision(p, DOC, &c.items[source]));
    assert!(gold_links(&p).is_empty());
    assert_eq!(gold(&p).len(), 1);
}

#[test]
fn a_drawn_gold_content_is_linked_up_only_when_its_annotators_agree_on_the_source() {
    for ben_says_ana in [true, false] {
        let mut p = one_linked();
        add(&mut p, 3, "ada", span_of("Ana Café"), "attribution");
        add(&mut p, 13, "ben", span_of("Ana Café"), "attribution");
        link(&mut p, 11, if ben_says_ana { 13 } else { 12 });
        // The reviewer draws the quote (derived from both versions), then takes the sources.
        let drawn = gold_span(
            &p,
            DOC,
            span_of("“Peace is near,”"),
            "quote",
            vec![AnnotationId(1), AnnotationId(11)],
        );
        apply(&mut p, |_| drawn);
        apply(&mut p, |p| accept(p, &[AnnotationId(2), AnnotationId(3)]));
        if ben_says_ana {
            assert!(gold_links(&p).is_empty(), "ada says Minister, ben Ana");
        } else {
            assert_eq!(
                gold_links(&p),
                [pair(
                    "“Peace is near,”",
                    "quote",
                    "【Minister】",
                    "attribution"
                )]
            );
        }
    }
}

#[test]
fn a_drawn_gold_source_links_up_the_contents_its_annotators_attributed_to_it() {
    let mut p = one_linked();
    apply(&mut p, |p| accept(p, &[AnnotationId(1)]));
    // The reviewer draws the source one character narrower, from both versions.
    let narrower = Span::new(
        span_of("【Minister】").start + 1,
        span_of("【Minister】").end,
    );
    let drawn = gold_span(
        &p,
        DOC,
        narrower,
        "attribution",
        vec![AnnotationId(2), AnnotationId(12)],
    );
    assert!(matches!(&drawn, Edit::Batch(e) if e.len() == 2));
    apply(&mut p, |_| drawn);
    let links = gold_links(&p);
    assert_eq!(links.len(), 1);
    assert_eq!(links[0].1, format!("attribution {narrower:?}"));
    // Nothing to link: a plain AddAnnotation, as before.
    let figure = gold_span(&p, DOC, span_of("12 May"), "figure", vec![]);
    assert!(matches!(figure, Edit::AddAnnotation(_)));
}
