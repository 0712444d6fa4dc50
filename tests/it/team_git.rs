//! Three annotators share the sample project through one git repository, with the merge
//! driver set up by `marginalia git init`: they tag, relabel, delete, link, mark done and
//! edit the label set, then commit, pull (merge and rebase) and push in every order. At
//! the end every clone holds everyone's work, `validate` passes and no file has markers.
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use marginalia::model::{Annotation, AnnotationId, Edit, LabelEdit, Link, Project, Span};
use marginalia::store::{project_file::parse, to_ron};

const BIN: &str = env!("CARGO_BIN_EXE_marginalia");
const FILE: &str = "project.ron";

fn run(dir: &Path, program: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .current_dir(dir)
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir.parent().unwrap())
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success(),
        "{program} {args:?} in {}: {text}",
        dir.display()
    );
    text
}

fn git(dir: &Path, args: &[&str]) -> String {
    run(dir, "git", args)
}

/// A bare repository seeded with the sample project, and three set-up clones.
fn team(root: &Path) -> [PathBuf; 3] {
    let origin = root.join("origin.git");
    git(
        root,
        &[
            "init",
            "-q",
            "--bare",
            "-b",
            "main",
            origin.to_str().unwrap(),
        ],
    );
    let seed = root.join("seed");
    git(root, &["clone", "-q", origin.to_str().unwrap(), "seed"]);
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/sample.ron");
    std::fs::copy(sample, seed.join(FILE)).unwrap();
    let clones = ["ada", "bo", "cyd"].map(|who| root.join(who));
    for dir in std::iter::once(&seed).chain(&clones) {
        if dir != &seed {
            git(
                root,
                &[
                    "clone",
                    "-q",
                    origin.to_str().unwrap(),
                    dir.to_str().unwrap(),
                ],
            );
        }
        let who = dir.file_name().unwrap().to_str().unwrap();
        git(dir, &["config", "user.name", who]);
        git(
            dir,
            &["config", "user.email", &format!("{who}@example.org")],
        );
        git(dir, &["checkout", "-q", "-B", "main"]);
        let said = run(dir, BIN, &["git", "init"]);
        assert!(said.contains("merge.marginalia.driver"), "{said}");
        if dir == &seed {
            commit(dir, "sample project");
            git(dir, &["push", "-q", "origin", "main"]);
        } else {
            git(dir, &["pull", "-q", "--no-rebase", "origin", "main"]);
        }
    }
    clones
}

fn commit(dir: &Path, message: &str) {
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", message]);
}

/// Edits the project file of a clone through the library, as the window would save it.
fn edit(dir: &Path, change: impl FnOnce(&mut Project)) {
    let path = dir.join(FILE);
    let (mut p, problems) = parse(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    change(&mut p);
    std::fs::write(&path, to_ron(&p)).unwrap();
}

fn tag(p: &mut Project, id: u64, doc: usize, span: (usize, usize), label: &str, who: &str) {
    let doc = p.documents()[doc].id;
    let a = Annotation::new(AnnotationId(id), doc, Span::new(span.0, span.1), label, who);
    p.apply(&Edit::AddAnnotation(a)).unwrap();
}

fn change(p: &mut Project, id: u64, f: impl FnOnce(&mut Annotation)) {
    let before = p.annotation(AnnotationId(id)).unwrap().clone();
    let mut after = before.clone();
    f(&mut after);
    let edit = p.replace_edit(&before, after);
    p.apply(&edit).unwrap();
}

fn delete(p: &mut Project, id: u64) {
    let edit = p.delete_edit(p.annotation(AnnotationId(id)).unwrap());
    p.apply(&edit).unwrap();
}

fn relabel_set(p: &mut Project, id: &str, f: impl FnOnce(&mut marginalia::model::Label)) {
    let before = p.label(id).unwrap().clone();
    let mut after = before.clone();
    f(&mut after);
    p.apply(&Edit::Label(LabelEdit::Replace { before, after }))
        .unwrap();
}

/// Round one: everyone tags, some spans overlap other annotators' spans.
fn round_one(ada: &Path, bo: &Path, cyd: &Path) {
    edit(ada, |p| {
        tag(p, 9_001, 0, (0, 12), "claim", "ada");
        tag(p, 9_002, 0, (14, 57), "attribution", "ada");
        tag(p, 9_003, 1, (5, 30), "quote", "ada");
        p.apply(&Edit::AddLink(Link::attributed_to(
            AnnotationId(9_001),
            AnnotationId(9_002),
        )))
        .unwrap();
    });
    edit(bo, |p| {
        tag(p, 9_101, 0, (5, 20), "quote", "bo");
        tag(p, 9_102, 0, (14, 57), "attribution", "bo");
        tag(p, 9_103, 2, (0, 9), "figure", "bo");
        tag(p, 9_104, 2, (10, 19), "claim", "bo");
    });
    edit(cyd, |p| {
        tag(p, 9_201, 0, (0, 12), "claim", "cyd");
        tag(p, 9_202, 3, (3, 40), "quote", "cyd");
        relabel_set(p, "claim", |l| l.name = "Checkable claim".into());
    });
    commit(ada, "ada: first tags");
    git(ada, &["push", "-q", "origin", "main"]);
    commit(bo, "bo: first tags");
    git(bo, &["pull", "-q", "--no-rebase", "origin", "main"]);
    git(bo, &["push", "-q", "origin", "main"]);
    commit(cyd, "cyd: first tags, claim renamed");
    git(cyd, &["pull", "-q", "--rebase", "origin", "main"]);
    git(cyd, &["push", "-q", "origin", "main"]);
}

/// Round two, another order: relabels, deletions, links, done marks, label colours.
fn round_two(ada: &Path, bo: &Path, cyd: &Path) {
    for dir in [ada, bo] {
        git(dir, &["pull", "-q", "--no-rebase", "origin", "main"]);
    }
    edit(cyd, |p| {
        relabel_set(p, "quote", |l| l.color = "#AA5500".into());
        change(p, 9_202, |a| a.note = Some("check the wording".into()));
        let doc = p.documents()[3].id;
        p.apply(&Edit::SetDone {
            annotator: "cyd".into(),
            document: doc,
            done: true,
        })
        .unwrap();
    });
    edit(ada, |p| {
        change(p, 9_003, |a| a.label = "claim".into());
        tag(p, 9_004, 1, (40, 60), "figure", "ada");
        relabel_set(p, "figure", |l| l.description = "Any number.".into());
    });
    edit(bo, |p| {
        delete(p, 9_104);
        p.apply(&Edit::AddLink(Link::attributed_to(
            AnnotationId(9_101),
            AnnotationId(9_102),
        )))
        .unwrap();
        change(p, 9_103, |a| a.end = 12);
        relabel_set(p, "claim", |l| l.color = "#123456".into());
    });
    commit(cyd, "cyd: notes and colours");
    git(cyd, &["push", "-q", "origin", "main"]);
    commit(bo, "bo: links, one deletion");
    git(bo, &["pull", "-q", "--rebase", "origin", "main"]);
    git(bo, &["push", "-q", "origin", "main"]);
    commit(ada, "ada: relabel");
    git(ada, &["pull", "-q", "--no-rebase", "origin", "main"]);
    git(ada, &["push", "-q", "origin", "main"]);
    for dir in [bo, cyd] {
        git(dir, &["pull", "-q", "--no-rebase", "origin", "main"]);
    }
}

fn load(dir: &Path) -> (String, Project) {
    let text = std::fs::read_to_string(dir.join(FILE)).unwrap();
    let (p, problems) = parse(&text).unwrap();
    assert!(problems.is_empty(), "{}: {problems:?}", dir.display());
    (text, p)
}

#[test]
fn three_annotators_share_the_sample_through_git() {
    let tmp = tempfile::tempdir().unwrap();
    let [ada, bo, cyd] = team(tmp.path());
    round_one(&ada, &bo, &cyd);
    round_two(&ada, &bo, &cyd);
    let (text, p) = load(&ada);
    for dir in [&ada, &bo, &cyd] {
        let (other, _) = load(dir);
        assert_eq!(other, text, "{} differs", dir.display());
        assert!(!other.contains("<<<<<<<") && !other.contains(">>>>>>>"));
        let said = run(dir, BIN, &["validate", FILE]);
        assert!(said.starts_with("OK"), "{said}");
    }
    let ids: BTreeSet<u64> = p
        .annotations()
        .map(|a| a.id.0)
        .filter(|&i| i > 9_000)
        .collect();
    let want: BTreeSet<u64> = [
        9_001, 9_002, 9_003, 9_004, 9_101, 9_102, 9_103, 9_201, 9_202,
    ]
    .into();
    assert_eq!(ids, want);
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/sample.ron");
    let (before, _) = parse(&std::fs::read_to_string(sample).unwrap()).unwrap();
    assert_eq!(p.annotation_count(), before.annotation_count() + want.len());
    assert_eq!(p.annotation(AnnotationId(9_003)).unwrap().label, "claim");
    assert_eq!(p.annotation(AnnotationId(9_103)).unwrap().end, 12);
    assert_eq!(
        p.annotation(AnnotationId(9_202)).unwrap().note.as_deref(),
        Some("check the wording")
    );
    assert_eq!(
        p.source_link(AnnotationId(9_101)).map(|l| l.to),
        Some(AnnotationId(9_102))
    );
    assert_eq!(
        p.source_link(AnnotationId(9_001)).map(|l| l.to),
        Some(AnnotationId(9_002))
    );
    assert!(p.is_done("cyd", p.documents()[3].id));
    let claim = p.label("claim").unwrap();
    assert_eq!(
        (claim.name.as_str(), claim.color.as_str()),
        ("Checkable claim", "#123456")
    );
    assert_eq!(p.label("quote").unwrap().color, "#AA5500");
    assert_eq!(p.label("figure").unwrap().description, "Any number.");
    assert!(p.merge_conflicts().is_empty());
    // The dance again with nothing new changes nothing; setting up again finds all in place.
    for dir in [&ada, &bo, &cyd] {
        git(dir, &["pull", "-q", "--rebase", "origin", "main"]);
        git(dir, &["push", "-q", "origin", "main"]);
        assert_eq!(load(dir).0, text);
        let said = run(dir, BIN, &["git", "init"]);
        assert!(!said.contains("wrote") && !said.contains("set:"), "{said}");
    }
    assert!(git(&ada, &["status", "--porcelain"]).trim().is_empty());
}

#[test]
fn the_driver_refuses_a_side_it_cannot_read_and_leaves_ours_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/sample.ron");
    let [base, ours, theirs] = ["base", "ours", "theirs"].map(|n| tmp.path().join(n));
    for p in [&base, &ours] {
        std::fs::copy(&sample, p).unwrap();
    }
    std::fs::write(&theirs, "(format_version: 2, <<<<<<< HEAD").unwrap();
    let before = std::fs::read(&ours).unwrap();
    let out = Command::new(BIN)
        .args(["merge-driver"])
        .args([&base, &ours, &theirs])
        .arg("project.ron")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot merge project.ron"));
    assert_eq!(std::fs::read(&ours).unwrap(), before);
}

#[test]
fn one_new_annotation_in_a_hundred_documents_changes_one_line() {
    let tmp = tempfile::tempdir().unwrap();
    let mut p = marginalia::fixtures::many_documents_project(100, 1500, 5, &["ada", "bo"]);
    let (old, new) = (tmp.path().join("old.ron"), tmp.path().join("new.ron"));
    std::fs::write(&old, to_ron(&p)).unwrap();
    let doc = p.documents()[57].id;
    let a = Annotation::new(AnnotationId(77), doc, Span::new(100, 120), "quote", "cyd");
    p.apply(&Edit::AddAnnotation(a)).unwrap();
    std::fs::write(&new, to_ron(&p)).unwrap();
    let out = Command::new("git")
        .args(["diff", "--no-index", "--numstat"])
        .args([&old, &new])
        .output()
        .unwrap();
    let stat = String::from_utf8_lossy(&out.stdout);
    let changed: usize = (stat.split_whitespace().take(2))
        .map(|n| n.parse::<usize>().unwrap())
        .sum();
    assert!((1..=3).contains(&changed), "{stat}");
}

/// The window's case: `git pull` replaces the file under an open session with unsaved
/// edits; the session merges the two instead of refusing, and loses neither.
#[test]
fn a_session_merges_the_file_pulled_under_it_with_its_unsaved_edits() {
    use marginalia::session::Session;
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join(FILE);
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/sample.ron");
    std::fs::copy(sample, &path).unwrap();
    let mut session = Session::open(&path).unwrap();
    let doc = session.project().documents()[0].id;
    let mine = Annotation::new(AnnotationId(9_500), doc, Span::new(0, 12), "claim", "ada");
    session.apply(Edit::AddAnnotation(mine)).unwrap();
    // A deletion tells a real base from "ours": merged against ours, the pulled file
    // (which still has the span) would bring it back.
    let gone = session
        .project()
        .annotation(AnnotationId(1002))
        .unwrap()
        .clone();
    let delete = session.project().delete_edit(&gone);
    session.apply(delete).unwrap();
    session.flush_journal().unwrap();
    // A colleague's work arrives through git: three new spans in three documents.
    edit(tmp.path(), |p| {
        for k in 0..3 {
            tag(p, 9_600 + k as u64, k, (20, 30), "quote", "ben");
        }
    });
    let pulled = std::fs::read(&path).unwrap();
    std::fs::write(&path, b"(format_version: 2, <<<<<<< HEAD").unwrap();
    let refused = session.merge_from_disk().unwrap_err();
    assert!(refused.to_string().contains("cannot read"), "{refused}");
    assert!(session.is_dirty() && session.project().annotation(AnnotationId(9_500)).is_some());
    std::fs::write(&path, pulled).unwrap();
    let done = session.merge_from_disk().unwrap();
    assert_eq!(done.line(), "ben: 3 new annotations in 3 documents");
    assert!(!session.is_dirty());
    session.close();
    let (_, p) = load(tmp.path());
    assert!(
        p.annotation(AnnotationId(1002)).is_none(),
        "a deletion came back"
    );
    for id in [9_500, 9_600, 9_601, 9_602] {
        assert!(p.annotation(AnnotationId(id)).is_some(), "{id} lost");
    }
}
