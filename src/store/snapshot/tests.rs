//! The snapshot must give exactly what parsing the RON gives, and never be used for
//! another file than the one it was made from.
use std::path::Path;

use super::*;
use crate::fixtures;
use crate::model::{Edit, Project};
use crate::store::{Overwrite, load, project_file, save};

/// A project big enough to get a snapshot, with a note that needs a raw string.
fn big() -> Project {
    let mut project = fixtures::many_documents_project(40, 2000, 600, &["ada", "ben"]);
    let before = project.annotations().next().unwrap().clone();
    let mut after = before.clone();
    after.note = Some("two\nlines, “quoted”".into());
    project
        .apply(&Edit::ReplaceAnnotation { before, after })
        .unwrap();
    project
}

/// What the RON text alone gives: the reference for every snapshot load.
fn plain(path: &Path) -> (String, Vec<String>) {
    let text = std::fs::read_to_string(path).unwrap();
    let (project, problems) = project_file::parse(&text).unwrap();
    (
        project_file::to_ron(&project),
        problems.iter().map(ToString::to_string).collect(),
    )
}

fn loaded(path: &Path) -> (String, Vec<String>) {
    let l = load(path).unwrap();
    (
        project_file::to_ron(&l.project),
        l.problems.iter().map(ToString::to_string).collect(),
    )
}

#[test]
fn a_save_keeps_a_snapshot_that_loads_as_the_ron_does() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.ron");
    let project = big();
    save(&path, &project, Overwrite::IfAbsent).unwrap();
    let snap = std::fs::read(path_of(&path)).unwrap();
    let hash = blake3::hash(&std::fs::read(&path).unwrap()).to_hex();
    let from_snapshot = decode(&snap, &hash).expect("the snapshot describes the saved file");
    let text = std::fs::read_to_string(&path).unwrap();
    let from_ron = project_file::parse_schema(&text).unwrap();
    assert_eq!(from_snapshot.annotations, from_ron.annotations);
    assert_eq!(from_snapshot.documents, from_ron.documents);
    assert_eq!(from_snapshot.labels, from_ron.labels);
    assert_eq!(from_snapshot.done, from_ron.done);
    assert_eq!(from_snapshot.links, from_ron.links);
    assert_eq!(from_snapshot.name, from_ron.name);
    assert_eq!(loaded(&path), plain(&path));
    assert_eq!(loaded(&path).0, project_file::to_ron(&project));
}

#[test]
fn a_file_changed_outside_marginalia_is_read_from_its_text_and_gets_a_new_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.ron");
    save(&path, &big(), Overwrite::IfAbsent).unwrap();
    let old_snapshot = std::fs::read(path_of(&path)).unwrap();
    // Edited by hand (or checked out): same length even, so only the hash tells.
    let text = std::fs::read_to_string(&path).unwrap();
    let edited = text.replacen("Article 7\"", "Artikel 7\"", 1);
    assert_ne!(edited, text);
    std::fs::write(&path, &edited).unwrap();
    let (project, _) = loaded(&path);
    assert!(project.contains("Artikel 7\""), "the edit is seen");
    assert_eq!(loaded(&path), plain(&path));
    assert_ne!(
        std::fs::read(path_of(&path)).unwrap(),
        old_snapshot,
        "made again"
    );
}

#[test]
fn a_snapshot_of_another_file_is_never_used() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.ron"), dir.path().join("b.ron"));
    save(&a, &big(), Overwrite::IfAbsent).unwrap();
    let mut other = fixtures::many_documents_project(45, 2000, 500, &["cy"]);
    other.name = "other".into();
    save(&b, &other, Overwrite::IfAbsent).unwrap();
    std::fs::copy(path_of(&a), path_of(&b)).unwrap();
    assert_eq!(loaded(&b), plain(&b));
    assert!(loaded(&b).0.contains("name: \"other\""));
}

#[test]
fn a_damaged_snapshot_is_ignored_and_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.ron");
    save(&path, &big(), Overwrite::IfAbsent).unwrap();
    let good = std::fs::read(path_of(&path)).unwrap();
    for damage in [
        |b: &mut Vec<u8>| b.truncate(b.len() / 2),
        |b: &mut Vec<u8>| {
            let at = b.len() - 100;
            b[at] ^= 0x20;
        },
        |b: &mut Vec<u8>| b.clear(),
        |b: &mut Vec<u8>| b[3] = b'X',
    ] {
        let mut bad = good.clone();
        damage(&mut bad);
        std::fs::write(path_of(&path), &bad).unwrap();
        assert_eq!(loaded(&path), plain(&path));
        assert_eq!(std::fs::read(path_of(&path)).unwrap(), good, "rebuilt");
    }
}

#[test]
fn problems_are_reported_the_same_from_a_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.ron");
    save(&path, &big(), Overwrite::IfAbsent).unwrap();
    // A span past its text and an unknown label, as a hand edit might leave them.
    let text = std::fs::read_to_string(&path).unwrap();
    let bad = text.replacen("end: 1", "end: 999991", 1).replacen(
        "label: \"claim\"",
        "label: \"nonsense\"",
        1,
    );
    std::fs::write(&path, &bad).unwrap();
    let first = loaded(&path);
    assert!(path_of(&path).exists(), "kept on the first open");
    let second = loaded(&path);
    assert!(first.1.len() >= 2, "{:?}", first.1);
    assert_eq!(first, second);
    assert_eq!(second, plain(&path));
}

#[test]
fn small_projects_get_no_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.ron");
    save(
        &path,
        &fixtures::many_documents_project(2, 300, 3, &["a"]),
        Overwrite::IfAbsent,
    )
    .unwrap();
    load(&path).unwrap();
    assert!(!path_of(&path).exists());
}

#[test]
fn every_cut_of_a_snapshot_is_refused_without_a_panic() {
    let project = fixtures::many_documents_project(2, 200, 4, &["a"]);
    let payload = {
        let mut out = Vec::new();
        codec::encode(&project.to_file(), &mut out);
        out
    };
    assert!(codec::decode(&payload).is_ok());
    for cut in 0..payload.len() {
        assert!(codec::decode(&payload[..cut]).is_err(), "cut at {cut}");
    }
    let mut longer = payload.clone();
    longer.push(0);
    assert!(codec::decode(&longer).is_err());
}

#[test]
fn speaker_aliases_survive_save_snapshot_and_load() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.ron");
    let mut project = big();
    let set = |form: &str, person: &str| Edit::SetAlias {
        form: form.into(),
        person: Some(person.into()),
        previous: None,
    };
    project.apply(&set("tarar", "attaullah tarar")).unwrap();
    project
        .apply(&set("he (document 2)", "he (document 2)"))
        .unwrap();
    save(&path, &project, Overwrite::IfAbsent).unwrap();
    let snap = std::fs::read(path_of(&path)).unwrap();
    let hash = blake3::hash(&std::fs::read(&path).unwrap()).to_hex();
    let from_snapshot = decode(&snap, &hash).expect("the snapshot describes the saved file");
    let from_ron = project_file::parse_schema(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(from_snapshot.aliases, from_ron.aliases);
    assert_eq!(from_snapshot.aliases.len(), 2);
    let l = load(&path).unwrap();
    assert_eq!(l.project.alias("tarar"), Some("attaullah tarar"));
    assert_eq!(loaded(&path), plain(&path));
}
