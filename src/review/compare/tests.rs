use super::*;
use crate::model::Edit;
use crate::review::fixture::{DOC, add, add_split, at, link, names, project, span_of};

/// ada and ben on the fixture: one agreed quote, one label conflict on 【Minister】, one
/// boundary conflict on the claim, one figure only ada tagged, one mixed conflict.
fn two_annotators() -> Project {
    let mut p = project();
    let quote = Span::new(0, at("said") - 1);
    add(&mut p, 1, "ada", quote, "quote");
    add(&mut p, 2, "ben", quote, "quote");
    add(&mut p, 3, "ada", span_of("【Minister】"), "attribution");
    add(&mut p, 4, "ben", span_of("【Minister】"), "quote");
    add(&mut p, 5, "ada", span_of("Ana Café"), "claim");
    add(&mut p, 6, "ben", span_of("Café — e\u{301}"), "claim");
    add(&mut p, 7, "ada", span_of("12 May"), "figure");
    add(&mut p, 8, "ada", span_of("40%"), "figure");
    add(&mut p, 9, "ben", span_of("40% agree"), "claim");
    p
}

#[test]
fn items_get_their_verdicts_in_text_order() {
    let p = two_annotators();
    let c = compare(&p, DOC, &names(&["ada", "ben"]));
    let verdicts: Vec<_> = c.items.iter().map(|i| i.verdict.clone()).collect();
    assert_eq!(
        verdicts,
        [
            Verdict::Agreed,
            Verdict::LabelConflict,
            Verdict::BoundaryConflict,
            Verdict::Missing {
                missing_for: names(&["ben"])
            },
            Verdict::LabelAndBoundaryConflict,
        ]
    );
    let claim = &c.items[2];
    assert_eq!(claim.span, Span::new(at("Ana"), at("👍") - 1));
    assert_eq!(claim.version("ada").unwrap().ids(), [AnnotationId(5)]);
    assert_eq!(claim.version("ben").unwrap().ids(), [AnnotationId(6)]);
    assert_eq!(c.disagreements(), 4);
    assert!(c.items.iter().all(|i| !i.decided));
}

#[test]
fn keys_walk_disagreements_skipping_agreed_items() {
    let p = two_annotators();
    let c = compare(&p, DOC, &names(&["ada", "ben"]));
    assert_eq!(
        c.next_disagreement(0),
        Some(1),
        "the agreed quote is skipped"
    );
    let second = c.items[1].span.start;
    assert_eq!(c.next_disagreement(second), Some(2));
    assert_eq!(c.prev_disagreement(second), None);
    assert_eq!(c.prev_disagreement(usize::MAX), Some(4));
    let last = c.items[4].span.start;
    assert_eq!(c.next_disagreement(last), None);
    assert_eq!(c.item_at(at("Minister")), Some(1));
    assert_eq!(c.item_at(at("said")), None);
}

#[test]
fn gold_is_not_compared_but_marks_items_decided() {
    let mut p = two_annotators();
    add(&mut p, 20, GOLD, span_of("Minister"), "quote");
    let c = compare(&p, DOC, &names(&["ada", "ben", GOLD]));
    assert_eq!(c.annotators, names(&["ada", "ben"]));
    assert_eq!(c.items.len(), 5, "gold spans neither join nor split items");
    assert!(c.items[1].decided);
    assert_eq!(c.items[1].gold, [AnnotationId(20)]);
    assert!(!c.items[0].decided && !c.items[2].decided);
}

#[test]
fn nested_spans_agreed_by_everyone_are_one_agreed_item() {
    let mut p = project();
    for (id, who) in [(1, "ada"), (3, "ben"), (5, "cy")] {
        add(&mut p, id, who, span_of("40% agree"), "claim");
        add(&mut p, id + 1, who, span_of("40%"), "figure");
    }
    let c = compare(&p, DOC, &names(&["ada", "ben", "cy"]));
    assert_eq!(c.items.len(), 1);
    assert_eq!(c.items[0].verdict, Verdict::Agreed);
    assert_eq!(c.items[0].version("cy").unwrap().spans.len(), 2);
}

#[test]
fn annotators_without_spans_make_everything_missing_and_no_document_means_no_items() {
    let mut p = project();
    add(&mut p, 1, "ada", span_of("👍🏽"), "claim");
    let c = compare(&p, DOC, &names(&["ada", "ben"]));
    assert_eq!(
        c.items[0].verdict,
        Verdict::Missing {
            missing_for: names(&["ben"])
        }
    );
    assert_eq!(c.items[0].span.len(), 2, "the emoji is two code points");
    p.apply(&Edit::RemoveAnnotation(
        p.annotation(AnnotationId(1)).unwrap().clone(),
    ))
    .unwrap();
    assert!(compare(&p, DOC, &names(&["ada", "ben"])).items.is_empty());
    assert!(compare(&p, DocId(999), &names(&["ada"])).items.is_empty());
}

#[test]
fn versions_differing_only_in_their_sources_are_a_link_conflict() {
    let mut p = project();
    for (base, who) in [(10, "ada"), (20, "ben")] {
        add(&mut p, base + 1, who, span_of("“Peace is near,”"), "quote");
        add(
            &mut p,
            base + 2,
            who,
            span_of("【Minister】"),
            "attribution",
        );
        add(&mut p, base + 3, who, span_of("Ana Café"), "attribution");
        add(&mut p, base + 4, who, span_of("12 May"), "figure");
    }
    // Both attribute the quote to the Minister; the figure ada to Ana, ben to nobody.
    link(&mut p, 11, 12);
    link(&mut p, 21, 22);
    link(&mut p, 14, 13);
    let c = compare(&p, DOC, &names(&["ada", "ben"]));
    let verdicts: Vec<_> = c.items.iter().map(|i| i.verdict.clone()).collect();
    assert_eq!(
        verdicts,
        [
            Verdict::Agreed,
            Verdict::Agreed,
            Verdict::Agreed,
            Verdict::LinkConflict
        ]
    );
    assert_eq!(c.items[3].verdict.describe(), "link conflict");
    assert_eq!(c.next_disagreement(0), Some(3), "N reaches it");
    let figure = &c.items[3];
    let ada = &figure.version("ada").unwrap().spans[0];
    let source = ada.source.as_ref().unwrap();
    assert_eq!(
        (source.id, source.span),
        (AnnotationId(13), span_of("Ana Café"))
    );
    assert_eq!(source.label, "attribution");
    assert_eq!(figure.version("ben").unwrap().spans[0].source, None);
    let quote = &c.items[0].version("ben").unwrap().spans[0];
    assert_eq!(quote.source.as_ref().unwrap().id, AnnotationId(22));

    // Linking ben's figure to his own Ana Café (the same span as ada's) settles it.
    link(&mut p, 24, 23);
    let c = compare(&p, DOC, &names(&["ada", "ben"]));
    assert_eq!(c.disagreements(), 0);
    // To his Minister instead: a conflict again.
    let edit = p.link_edit(AnnotationId(24), AnnotationId(22)).unwrap();
    p.apply(&edit).unwrap();
    assert_eq!(
        compare(&p, DOC, &names(&["ada", "ben"])).items[3].verdict,
        Verdict::LinkConflict
    );
}

#[test]
fn a_split_span_and_its_unsplit_extent_are_a_boundary_conflict() {
    let mut p = project();
    let pieces = [span_of("“Peace"), span_of("near,”")];
    add_split(&mut p, 1, "ada", &pieces, "quote");
    add(&mut p, 2, "ben", span_of("“Peace is near,”"), "quote");
    let c = compare(&p, DOC, &names(&["ada", "ben"]));
    assert_eq!(c.items[0].verdict, Verdict::BoundaryConflict);
    let ada = &c.items[0].version("ada").unwrap().spans[0];
    assert_eq!(ada.pieces(), pieces);
    assert_eq!(ada.span, span_of("“Peace is near,”"));
    add_split(&mut p, 3, "ben", &pieces, "quote");
    p.apply(&Edit::RemoveAnnotation(
        p.annotation(AnnotationId(2)).unwrap().clone(),
    ))
    .unwrap();
    let c = compare(&p, DOC, &names(&["ada", "ben"]));
    assert_eq!(c.items[0].verdict, Verdict::Agreed);
}
