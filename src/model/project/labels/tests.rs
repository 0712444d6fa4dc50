use super::*;
use crate::model::{DocId, Document, Span};

fn project() -> Project {
    let mut p = Project::new("t");
    p.apply(&Edit::AddDocument(Document::new(
        DocId(1),
        "T",
        "",
        "Tarar said no.",
    )))
    .unwrap();
    for (id, label) in [(1, "attribution"), (2, "quote")] {
        let mut a = Annotation::new(
            crate::model::AnnotationId(id),
            DocId(1),
            Span::new(0, 5),
            label,
            "ada",
        );
        a.created = "x".into();
        p.apply(&Edit::AddAnnotation(a)).unwrap();
    }
    p
}

#[test]
fn a_new_label_gets_an_id_a_free_key_and_an_unused_palette_colour() {
    let mut p = project();
    let opinion = p.new_label("Opinion piece");
    assert_eq!(opinion.id, "opinion_piece");
    assert_eq!(opinion.hotkey, Some('5'));
    assert_eq!(opinion.color, "#D55E00");
    p.apply(&p.add_label_edit(opinion.clone()).unwrap())
        .unwrap();
    assert_eq!(p.labels().last(), Some(&opinion));
    let again = p.new_label("opinion piece");
    assert_eq!(again.id, "opinion_piece_2");
    assert!(
        p.add_label_edit(again).is_err(),
        "the name is taken (any case)"
    );
}

#[test]
fn a_rename_keeps_the_id_and_every_annotation() {
    let mut p = project();
    let mut quote = p.label("quote").unwrap().clone();
    quote.name = "Direct quote".into();
    quote.color = "#56B4E9".into();
    p.apply(&p.change_label_edit(quote).unwrap()).unwrap();
    assert_eq!(p.label("quote").unwrap().name, "Direct quote");
    assert_eq!(p.label_uses("quote"), 1);
}

#[test]
fn keys_names_ids_and_colours_are_checked() {
    let p = project();
    let mut l = p.new_label("Opinion");
    l.hotkey = Some('1');
    assert!(
        p.add_label_edit(l.clone())
            .unwrap_err()
            .to_string()
            .contains("key 1 belongs to “Claim”")
    );
    l.hotkey = Some('L');
    assert!(
        p.add_label_edit(l.clone()).is_err(),
        "letters are command keys"
    );
    l.hotkey = None;
    l.color = "red".into();
    assert!(p.add_label_edit(l.clone()).is_err());
    l.color = "#123456".into();
    l.id = "Opinion!".into();
    assert!(p.add_label_edit(l).is_err());
}

#[test]
fn export_names_must_be_distinct_from_every_other_name_and_id() {
    let mut p = project();
    let err = |p: &Project, l: Label| p.add_label_edit(l).unwrap_err().to_string();
    let mut factual = p.new_label("Factual claim");
    p.apply(&p.add_label_edit(factual.clone()).unwrap())
        .unwrap();
    // Another spelling of the same export name: refused, though the names differ.
    let twin = p.new_label("factual  claim!");
    assert!(
        err(&p, twin)
            .contains("exports would name it “factual_claim”, as they name “Factual claim”"),
    );
    assert!(err(&p, p.new_label("?!")).contains("no letters or digits"));
    // Renaming into another label's export name or id is refused too, and changes nothing.
    factual.name = "Factual-claim".into();
    p.apply(&p.change_label_edit(factual.clone()).unwrap())
        .unwrap();
    factual.name = "Quote".into();
    assert!(p.change_label_edit(factual.clone()).is_err());
    let mut claim = p.label("claim").unwrap().clone();
    claim.name = "Assertion".into();
    p.apply(&p.change_label_edit(claim).unwrap()).unwrap();
    // "Claim" would be exported as `claim`, the id a dataset string `claim` already means.
    assert!(
        err(&p, p.new_label("Claim")).contains("its export name “claim” is the id of “Assertion”")
    );
    let mut by_id = p.new_label("Opinion");
    by_id.id = "assertion".into();
    assert!(err(&p, by_id).contains("its id “assertion” is the export name of “Assertion”"));
    assert_eq!(p.label("claim").unwrap().export_key(), "assertion");
}

#[test]
fn removing_a_label_in_use_says_where_its_annotations_go_and_undoes_in_one_step() {
    let mut p = project();
    let before = crate::store::to_ron(&p);
    assert!(matches!(
        p.apply(&Edit::Label(LabelEdit::Remove {
            label: p.label("quote").unwrap().clone(),
            at: 1
        })),
        Err(EditError::LabelInUse { count: 1, .. })
    ));
    let edit = p
        .remove_label_edit("quote", &LabelFate::Relabel("claim".into()))
        .unwrap();
    let undo = p.apply_undoable(&edit).unwrap();
    assert!(p.label("quote").is_none());
    assert_eq!(p.label_uses("claim"), 1);
    p.apply(&undo).unwrap();
    assert_eq!(crate::store::to_ron(&p), before);
    let edit = p.remove_label_edit("quote", &LabelFate::Delete).unwrap();
    p.apply(&edit).unwrap();
    assert_eq!(p.annotation_count(), 1);
}

#[test]
fn a_label_moves_in_the_list() {
    let mut p = project();
    p.apply(&p.move_label_edit("attribution", 0).unwrap())
        .unwrap();
    assert_eq!(p.labels()[0].id, "attribution");
    assert_eq!(p.labels()[1].id, "claim");
}
