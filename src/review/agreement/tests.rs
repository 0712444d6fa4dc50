use super::*;
use crate::model::{Annotation, AnnotationId, Edit, ProjectFile, default_labels};
use crate::review::fixture::{DOC, add, add_split, link, names, project, span_of};

fn done(p: &mut Project, who: &[&str]) {
    for w in who {
        p.apply(&Edit::SetDone {
            annotator: w.to_string(),
            document: DOC,
            done: true,
        })
        .unwrap();
    }
}

fn three_annotators() -> Project {
    let mut p = project();
    add(&mut p, 1, "ada", span_of("“Peace is near,”"), "quote");
    add(&mut p, 2, "ben", span_of("“Peace is near,”"), "quote");
    add(&mut p, 3, "cy", span_of("Peace is near"), "claim");
    add(&mut p, 4, "ada", span_of("【Minister】"), "attribution");
    add(&mut p, 5, "cy", span_of("e\u{301} 👍🏽"), "figure");
    add(&mut p, 6, "ben", span_of("12 May: 40%"), "figure");
    done(&mut p, &["ada", "ben", "cy"]);
    p
}

#[test]
fn the_joint_histogram_and_the_per_pair_count_agree() {
    let p = three_annotators();
    let names = names(&["ada", "ben", "cy"]);
    let docs = done_by_all(&p, &names);
    let mut codes = LabelCodes::new(&p);
    let table = SpanTable::build(&p, &docs, &names, &mut codes);
    let joint = tally_parallel(&p, &docs, &table, 3, codes.len());
    let mut direct = Tally::new(3, codes.len());
    direct.joint.clear();
    let mut buf = Buffers::new(3);
    direct.add_document(&p, docs[0], &table, 0, &mut buf);
    for (a, b) in joint.pairs.iter().zip(&direct.pairs) {
        assert_eq!(a.confusion, b.confusion);
    }
    assert!(joint.pairs[0].confusion.iter().sum::<u64>() > 0);
}

#[test]
fn only_documents_everyone_marked_done_count() {
    let mut p = project();
    add(&mut p, 1, "ada", span_of("12 May"), "figure");
    add(&mut p, 2, "ben", span_of("12 May"), "figure");
    done(&mut p, &["ada"]);
    let r = agreement(&p, &names(&["ada", "ben"]));
    assert_eq!((r.documents, r.documents_not_done, r.units), (0, 1, 0));
    assert_eq!(r.pairs[0].cohen_kappa, None);
    assert_eq!(r.span_f1_exact, None);
    done(&mut p, &["ben"]);
    let r = agreement(&p, &names(&["ada", "ben"]));
    assert_eq!(r.documents, 1);
    assert_eq!(r.span_f1_exact, Some(1.0));
    assert_eq!(r.pairs[0].cohen_kappa, Some(1.0));
}

#[test]
fn units_skip_white_space_and_count_astral_and_combining_code_points() {
    let p = three_annotators();
    let r = agreement(&p, &names(&["ada", "ben"]));
    let text = &p.document(DOC).unwrap().text;
    let expected = text.chars().filter(|c| !c.is_whitespace()).count() as u64;
    assert_eq!(r.units, expected);
    // The emoji with its skin tone is two units, e + accent two more: all `O` for ada and ben.
    let c = &r.pairs[0].confusion;
    assert_eq!(c.categories[0], "O");
    let total: u64 = c.counts.iter().flatten().sum();
    assert_eq!(total, expected);
}

#[test]
fn pair_lookup_in_either_order_swaps_precision_and_recall() {
    let p = three_annotators();
    let r = agreement(&p, &names(&["ada", "ben", "cy"]));
    assert_eq!(r.pairs.len(), 3);
    let ab = r.pair("ada", "ben").unwrap();
    let ba = r.pair("ben", "ada").unwrap();
    assert_eq!(ab.cohen_kappa, ba.cohen_kappa);
    assert_eq!(ab.span_f1_overlap.precision, ba.span_f1_overlap.recall);
    assert_eq!(ab.confusion.counts[1][0], ba.confusion.counts[0][1]);
    assert!(r.pair("ada", "zoe").is_none());
}

#[test]
fn labels_missing_from_the_label_set_still_count_as_their_own_category() {
    let mut p = project();
    add(&mut p, 1, "ada", span_of("12 May"), "figure");
    done(&mut p, &["ada", "ben"]);
    // An annotation whose label is not in the label set: a file edited by hand, or a
    // label deleted later. Loading keeps it (and reports it).
    let stray = Annotation::new(AnnotationId(9), DOC, span_of("12 May"), "opinion", "ben");
    let (p2, problems) = Project::from_file(ProjectFile {
        format_version: 1,
        name: "stray".into(),
        labels: default_labels(),
        documents: vec![p.document(DOC).unwrap().as_ref().clone()],
        annotations: p.annotations().cloned().chain([stray]).collect(),
        done: p.done_marks().cloned().collect(),
        links: Vec::new(),
        merge_conflicts: Vec::new(),
        rejected: Vec::new(),
        aliases: Vec::new(),
    });
    assert_eq!(problems.len(), 1, "{problems:?}");
    let r = agreement(&p2, &names(&["ada", "ben"]));
    let labels: Vec<_> = r.per_label.iter().map(|l| l.label.as_str()).collect();
    assert_eq!(
        labels,
        ["claim", "quote", "figure", "attribution", "opinion"]
    );
    assert_eq!(r.span_f1_exact, Some(0.0));
    assert!(r.pairs[0].cohen_kappa.unwrap() < 0.5);
}

/// ada and ben tag the same five spans; ada links three contents, ben two, one the same.
fn linked() -> Project {
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
        add(&mut p, base + 5, who, span_of("40% agree"), "claim");
    }
    // ada: quote → Minister, figure → Minister, claim → Ana Café.
    link(&mut p, 11, 12);
    link(&mut p, 14, 12);
    link(&mut p, 15, 13);
    // ben: quote → Minister (agreed), figure → Ana Café (another source), claim unlinked.
    link(&mut p, 21, 22);
    link(&mut p, 24, 23);
    p
}

fn close(x: Option<f64>, want: f64) -> bool {
    x.is_some_and(|x| (x - want).abs() < 1e-12)
}

#[test]
fn link_f1_counts_links_whose_ends_and_kind_are_equal() {
    let mut p = linked();
    done(&mut p, &["ada", "ben"]);
    let r = agreement(&p, &names(&["ada", "ben"]));
    assert_eq!(r.links, [3, 2]);
    assert_eq!(r.span_f1_exact, Some(1.0), "the spans all agree");
    let l = r.pairs[0].link_f1;
    assert_eq!((l.agreed, l.links_a, l.links_b), (1, 3, 2));
    // With ada as reference: P = 1/2, R = 1/3, F1 = 2·1 / (3 + 2).
    assert!(
        close(l.precision, 0.5) && close(l.recall, 1.0 / 3.0),
        "{l:?}"
    );
    assert!(close(l.f1, 0.4), "{l:?}");
    assert_eq!(
        r.link_f1, l,
        "two annotators: the pooled figure is the pair's"
    );
    let swapped = r.pair("ben", "ada").unwrap().link_f1;
    assert_eq!((swapped.links_a, swapped.links_b), (2, 3));
    assert_eq!((swapped.precision, swapped.recall), (l.recall, l.precision));
}

#[test]
fn link_f1_pools_every_pair_and_only_done_documents() {
    let mut p = linked();
    add(&mut p, 31, "cy", span_of("“Peace is near,”"), "quote");
    done(&mut p, &["ada", "ben"]);
    let r = agreement(&p, &names(&["ada", "ben", "cy"]));
    assert_eq!(r.documents, 0);
    assert_eq!(r.link_f1, LinkF1::default(), "cy has not marked it done");
    done(&mut p, &["cy"]);
    let r = agreement(&p, &names(&["ada", "ben", "cy"]));
    assert_eq!(r.links, [3, 2, 0]);
    // Pairs: ada×ben 1 of 3/2, ada×cy 0 of 3/0, ben×cy 0 of 2/0 → 1 of 8/2.
    let l = r.link_f1;
    assert_eq!((l.agreed, l.links_a, l.links_b), (1, 8, 2));
    assert!(close(l.f1, 0.2) && close(l.precision, 0.5) && close(l.recall, 0.125));
    let cy = r.pair("ada", "cy").unwrap().link_f1;
    assert_eq!(
        (cy.f1, cy.precision, cy.recall),
        (Some(0.0), None, Some(0.0))
    );
}

#[test]
fn a_split_end_that_matches_only_on_its_extent_is_a_link_disagreement() {
    let pieces = [span_of("“Peace"), span_of("near,”")];
    let build = |ben_split: bool| {
        let mut p = project();
        add_split(&mut p, 1, "ada", &pieces, "quote");
        if ben_split {
            add_split(&mut p, 2, "ben", &pieces, "quote");
        } else {
            add(&mut p, 2, "ben", span_of("“Peace is near,”"), "quote");
        }
        add(&mut p, 3, "ada", span_of("【Minister】"), "attribution");
        add(&mut p, 4, "ben", span_of("【Minister】"), "attribution");
        link(&mut p, 1, 3);
        link(&mut p, 2, 4);
        done(&mut p, &["ada", "ben"]);
        agreement(&p, &names(&["ada", "ben"]))
    };
    let same = build(true);
    assert_eq!(same.link_f1.f1, Some(1.0));
    assert_eq!(same.span_f1_exact, Some(1.0));
    let hull = build(false);
    let l = hull.link_f1;
    assert_eq!((l.agreed, l.links_a, l.links_b, l.f1), (0, 1, 1, Some(0.0)));
    // Spans: the quotes differ (1 of 2 + 2 agree: the sources), but overlap.
    assert!(close(hull.span_f1_exact, 0.5));
    assert_eq!(hull.span_f1_overlap.f1, Some(1.0));
}

#[test]
fn split_spans_leave_their_gap_untagged_in_the_character_units() {
    let mut p = project();
    add_split(
        &mut p,
        1,
        "ada",
        &[span_of("“Peace"), span_of("near,”")],
        "quote",
    );
    add(&mut p, 2, "ben", span_of("“Peace is near,”"), "quote");
    done(&mut p, &["ada", "ben"]);
    let r = agreement(&p, &names(&["ada", "ben"]));
    let c = &r.pairs[0].confusion;
    let quote = c.categories.iter().position(|l| l == "quote").unwrap();
    // “Peace and near,” are 6 units each; "is" in the gap is ada's O and ben's quote.
    assert_eq!(c.counts[quote][quote], 12);
    assert_eq!(c.counts[0][quote], 2);
    assert_eq!(c.counts[quote][0], 0);
    assert_eq!(r.span_f1_exact, Some(0.0));
    assert_eq!(r.span_f1_overlap.f1, Some(1.0));
}

#[test]
fn without_links_link_f1_is_undefined_and_null_in_json() {
    let p = three_annotators();
    let r = agreement(&p, &names(&["ada", "ben", "cy"]));
    assert_eq!(r.links, [0, 0, 0]);
    assert_eq!(
        (r.link_f1.f1, r.link_f1.precision, r.link_f1.recall),
        (None, None, None)
    );
    let json = serde_json::to_value(&r).unwrap();
    assert!(json["link_f1"]["f1"].is_null());
    assert_eq!(json["link_f1"]["links_a"], 0);
    assert!(json["pairs"][0]["link_f1"]["precision"].is_null());
    assert_eq!(json["links"], serde_json::json!([0, 0, 0]));
}
