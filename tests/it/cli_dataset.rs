//! The `export` and `import-dataset` subcommands, run as a user would.
use crate::common;

use std::process::Command;

use marginalia::model::Project;
use marginalia::store::{self, Overwrite};

fn marginalia(args: &[&std::ffi::OsStr]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_marginalia"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn export_then_import_dataset_round_trips_through_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("golden.ron");
    store::save(&project, &common::golden_project(), Overwrite::IfAbsent).unwrap();
    let out = dir.path().join("out.jsonl");
    let export = |extra: &[&str]| {
        let mut args: Vec<&std::ffi::OsStr> = vec![
            "export".as_ref(),
            project.as_os_str(),
            "--format".as_ref(),
            "jsonl".as_ref(),
            "--out".as_ref(),
            out.as_os_str(),
        ];
        args.extend(extra.iter().map(std::ffi::OsStr::new));
        marginalia(&args)
    };
    let (ok, err) = export(&["--annotator", "gold", "--offsets", "utf16"]);
    assert!(ok, "{err}");
    assert!(
        err.contains("exported 4 documents and 3 spans as jsonl"),
        "{err}"
    );
    let (ok, err) = export(&[]);
    assert!(!ok);
    assert!(
        err.starts_with("error: ") && err.contains("--force"),
        "{err}"
    );
    let (ok, err) = export(&["--annotator", "nobody"]);
    assert!(
        !ok && err.contains("annotators are: alice, bob, gold"),
        "{err}"
    );

    let target = dir.path().join("target.ron");
    store::save(&target, &Project::new("target"), Overwrite::IfAbsent).unwrap();
    let (ok, err) = marginalia(&[
        "import-dataset".as_ref(),
        target.as_os_str(),
        out.as_os_str(),
        "--format".as_ref(),
        "jsonl".as_ref(),
    ]);
    assert!(ok, "{err}");
    assert!(err.contains("imported 3 spans: 4 documents added"), "{err}");
    let back = store::load(&target).unwrap().project;
    assert_eq!(back.documents().len(), 4);
    assert_eq!(back.annotators(), ["gold"]);
    assert_eq!(back.annotation_count(), 3);

    // Every layer, with the links and the split quote, into a fresh project.
    let (ok, err) = export(&["--force"]);
    assert!(ok, "{err}");
    assert!(
        err.contains("exported 4 documents, 13 spans and 3 links as jsonl"),
        "{err}"
    );
    let fresh = dir.path().join("fresh.ron");
    store::save(&fresh, &Project::new("fresh"), Overwrite::IfAbsent).unwrap();
    let (ok, err) = marginalia(&[
        "import-dataset".as_ref(),
        fresh.as_os_str(),
        out.as_os_str(),
        "--format".as_ref(),
        "jsonl".as_ref(),
    ]);
    assert!(ok, "{err}");
    assert!(err.contains("imported 13 spans and 3 links"), "{err}");
    let back = store::load(&fresh).unwrap().project;
    let golden = common::golden_project();
    let links = |p: &Project| p.links().cloned().collect::<Vec<_>>();
    assert_eq!(links(&back), links(&golden));
    let split = |p: &Project| {
        p.annotations()
            .find(|a| a.is_split())
            .unwrap()
            .fragments
            .clone()
    };
    assert_eq!(split(&back), split(&golden));

    let bad = dir.path().join("bad.jsonl");
    std::fs::write(&bad, "{\"text\": \"x\", \"label\": [[0, 1, \"rumour\"]]}\n").unwrap();
    let before = std::fs::read(&target).unwrap();
    let (ok, err) = marginalia(&[
        "import-dataset".as_ref(),
        target.as_os_str(),
        bad.as_os_str(),
        "--format".as_ref(),
        "doccano".as_ref(),
    ]);
    assert!(
        !ok && err.contains("line 1") && err.contains("unknown label “rumour”"),
        "{err}"
    );
    assert_eq!(std::fs::read(&target).unwrap(), before, "nothing changed");
}
