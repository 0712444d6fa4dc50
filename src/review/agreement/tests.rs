use super::*;
use crate::model::{Annotation, AnnotationId, Edit, ProjectFile, default_labels};
use crate::review::fixture::{DOC, add, names, project, span_of};

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
