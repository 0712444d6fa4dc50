//! Conflicts a merge resolved by rule are recorded until someone has checked them; then
//! `marginalia conflicts P --clear`, or Clear in View → Problems (one undoable edit),
//! forgets them.
use std::path::{Path, PathBuf};
use std::process::Command;

use egui_kittest::kittest::Queryable;
use marginalia::model::{Edit, Project};
use marginalia::store::{project_file::parse, to_ron};
use marginalia::ui::{Action, Command as UiCommand};

use crate::window;

const BIN: &str = env!("CARGO_BIN_EXE_marginalia");

fn marginalia(args: &[&str]) -> (bool, String) {
    let out = Command::new(BIN).args(args).output().unwrap();
    let said =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), said)
}

fn read(path: &Path) -> Project {
    parse(&std::fs::read_to_string(path).unwrap()).unwrap().0
}

/// The sample merged from two copies in which amira's first annotation got two different
/// notes: a real conflict, resolved by the driver's rule and recorded.
fn merged_with_a_conflict(dir: &Path) -> PathBuf {
    let base = window::sample_copy(dir);
    let with_note = |note: &str, name: &str| {
        let mut p = read(&base);
        let before = (p.annotations())
            .find(|a| a.annotator == "amira")
            .unwrap()
            .clone();
        let mut after = before.clone();
        after.note = Some(note.into());
        let edit: Edit = p.replace_edit(&before, after);
        p.apply(&edit).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, to_ron(&p)).unwrap();
        path
    };
    let ours = with_note("checked against the video", "ours.ron");
    let theirs = with_note("wording differs in the Urdu original", "theirs.ron");
    let (b, o, t) = (
        base.to_str().unwrap(),
        ours.to_str().unwrap(),
        theirs.to_str().unwrap(),
    );
    let (ok, said) = marginalia(&["merge-driver", b, o, t]);
    assert!(ok, "{said}");
    assert_eq!(read(&ours).merge_conflicts().len(), 1, "{said}");
    ours
}

#[test]
fn conflicts_are_listed_then_cleared_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let project = merged_with_a_conflict(dir.path());
    let p = project.to_str().unwrap();
    let (ok, said) = marginalia(&["conflicts", p]);
    assert!(ok && said.contains("1 recorded merge conflict"), "{said}");
    let (ok, said) = marginalia(&["validate", p]);
    assert!(
        !ok && said.contains("marginalia conflicts PROJECT --clear"),
        "{said}"
    );
    let (ok, said) = marginalia(&["conflicts", p, "--clear"]);
    assert!(ok && said.contains("cleared 1"), "{said}");
    assert!(read(&project).merge_conflicts().is_empty());
    assert!(
        !std::fs::read_to_string(&project)
            .unwrap()
            .contains("merge_conflicts")
    );
    let (ok, said) = marginalia(&["validate", p]);
    assert!(ok, "{said}");
}

#[test]
fn the_problems_window_clears_them_in_one_undoable_edit() {
    let dir = tempfile::tempdir().unwrap();
    let project = merged_with_a_conflict(dir.path());
    let mut h = window::open_as(&project, "dana", [1280.0, 800.0]);
    h.state_mut().send(Action::Run(UiCommand::ShowProblems));
    h.run();
    h.get_by_label_contains("Conflicts merges resolved by rule (1)");
    h.get_by_label("Clear the recorded merge conflicts").click();
    h.run();
    let conflicts = |h: &egui_kittest::Harness<'_, marginalia::ui::MarginaliaApp>| {
        h.state().state.project().unwrap().merge_conflicts().len()
    };
    assert_eq!(conflicts(&h), 0);
    assert!(
        h.query_by_label("Clear the recorded merge conflicts")
            .is_none()
    );
    h.state_mut().send(Action::Run(UiCommand::Undo));
    h.run();
    assert_eq!(conflicts(&h), 1, "undo brings them back");
    h.state_mut().send(Action::Run(UiCommand::Redo));
    h.run();
    window::save(&mut h);
    assert!(read(&project).merge_conflicts().is_empty());
}
