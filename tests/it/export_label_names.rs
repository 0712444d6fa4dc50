//! A renamed label reaches every export, import and report (issue 12, point 2): the
//! annotations keep the label's id, and the datasets write its export name, made from its
//! new name. `--label-ids` keeps writing ids.
use crate::common;

use std::ffi::OsStr;
use std::path::Path;
use std::process::Command;

use marginalia::export::{ExportOptions, Format, export};
use marginalia::import::datasets::{DatasetFormat, ImportOptions, read_dataset};
use marginalia::model::{Annotation, Project};
use marginalia::review::agreement;
use marginalia::store::{self, Overwrite};

fn renamed(mut p: Project, id: &str, name: &str) -> Project {
    let mut label = p.label(id).unwrap().clone();
    label.name = name.into();
    let edit = p.change_label_edit(label).unwrap();
    p.apply(&edit).unwrap();
    p
}

fn annotations(p: &Project) -> Vec<Annotation> {
    p.annotations().cloned().collect()
}

/// Every file an export of `p` writes, as (file name, text), in the order written.
fn exported(p: &Project, format: Format, label_ids: bool) -> Vec<(String, String)> {
    let dir = tempfile::tempdir().unwrap();
    let mut opts = ExportOptions::new(format);
    opts.label_ids = label_ids;
    let report = export(p, &opts, &dir.path().join("out"), &mut |_, _| {}).unwrap();
    assert!(report.warnings.iter().all(|w| !w.contains("by id")));
    (report.files.iter())
        .map(|f| {
            let name = f.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(f).unwrap())
        })
        .collect()
}

fn joined(files: &[(String, String)]) -> String {
    files.iter().map(|(_, text)| text.as_str()).collect()
}

#[test]
fn a_renamed_label_is_written_by_its_new_name_in_every_format() {
    let before = common::golden_project();
    let after = renamed(before.clone(), "claim", "Assertion");
    assert_eq!(
        annotations(&after),
        annotations(&before),
        "annotations unchanged"
    );
    assert_eq!(after.label_uses("claim"), 4);
    for &format in Format::ALL {
        let name = format.name();
        let old = exported(&before, format, false);
        let new = exported(&after, format, false);
        assert!(
            joined(&old).contains("claim"),
            "{name}: the old export names claim"
        );
        assert!(joined(&new).contains("assertion"), "{name}");
        assert!(
            !joined(&new).to_lowercase().contains("claim"),
            "{name}: the old name is gone:\n{}",
            joined(&new)
        );
        // Nothing else changes: the new export is the old one with the label renamed.
        assert_eq!(old.len(), new.len());
        for ((file, o), (_, n)) in old.iter().zip(&new) {
            let expected = o
                .replace("claim", "assertion")
                .replace("Claim", "Assertion");
            assert_eq!(&expected, n, "{name}: {file}");
        }
        // --label-ids: the old export byte for byte, but for the name shown by brat.
        let ids = exported(&after, format, true);
        for ((file, o), (_, i)) in old.iter().zip(&ids) {
            assert_eq!(&o.replace("| Claim", "| Assertion"), i, "{name}: {file}");
        }
    }
}

#[test]
fn export_then_import_after_a_rename_comes_back_onto_the_renamed_label() {
    let mut named = common::golden_project();
    for (id, name) in [("claim", "Factual claim"), ("quote", "Cita textual")] {
        named = renamed(named, id, name);
    }
    let spans = |p: &Project| {
        let mut all: Vec<(usize, usize, String)> = (p.annotations())
            .map(|a| (a.start, a.end, a.label.clone()))
            .collect();
        all.sort();
        all.dedup();
        all
    };
    for (format, dataset) in [
        (Format::Jsonl, DatasetFormat::Jsonl),
        (Format::Doccano, DatasetFormat::Doccano),
        (Format::LabelStudio, DatasetFormat::LabelStudio),
    ] {
        let name = format.name();
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        export(&named, &ExportOptions::new(format), &out, &mut |_, _| {}).unwrap();
        let text = std::fs::read_to_string(&out).unwrap();
        assert!(text.contains("factual_claim") && text.contains("cita_textual"));
        // Into an empty project with the same labels: no label added, each span on its own.
        let mut back = Project::with_labels("back", named.labels().to_vec());
        let imp = read_dataset(&back, &out, dataset, &ImportOptions::default()).unwrap();
        back.apply(&imp.edit).unwrap();
        assert_eq!(back.labels(), named.labels(), "{name}");
        if format == Format::Doccano {
            // doccano has no split spans: the split quote comes back in pieces.
            let whole = |p: &Project| spans(p).into_iter().filter(|s| s.2 != "quote").count();
            assert_eq!(whole(&back), whole(&named), "{name}");
            continue;
        }
        assert_eq!(spans(&back), spans(&named), "{name}");
        assert_eq!(annotations(&back).len(), annotations(&named).len());
        // Into the project itself: every span is there already.
        let again = read_dataset(&named, &out, dataset, &ImportOptions::default()).unwrap();
        assert_eq!((again.spans, again.duplicates), (0, 13), "{name}");
    }
}

fn marginalia(args: &[&OsStr]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_marginalia"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn run(project: &Path, args: &[&str]) -> (bool, String, String) {
    let mut all: Vec<&OsStr> = vec![OsStr::new(args[0]), project.as_os_str()];
    all.extend(args[1..].iter().map(OsStr::new));
    marginalia(&all)
}

#[test]
fn the_command_line_renames_then_exports_and_imports_by_the_new_name() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("golden.ron");
    store::save(&p, &common::golden_project(), Overwrite::IfAbsent).unwrap();
    let (ok, _, err) = run(&p, &["labels", "rename", "claim", "Assertion"]);
    assert!(ok, "{err}");
    let loaded = store::load(&p).unwrap().project;
    assert_eq!(annotations(&loaded), annotations(&common::golden_project()));
    for &format in Format::ALL {
        let out = dir.path().join(format!("out-{}", format.name()));
        let out_str = out.to_str().unwrap();
        let (ok, _, err) = run(&p, &["export", "-f", format.name(), "-o", out_str]);
        assert!(ok, "{err}");
        let text = read_all(&out);
        assert!(text.contains("assertion"), "{}", format.name());
        assert!(!text.to_lowercase().contains("claim"), "{}", format.name());
        let ids = dir.path().join(format!("ids-{}", format.name()));
        let ids_str = ids.to_str().unwrap();
        let (ok, _, err) = run(
            &p,
            &["export", "-f", format.name(), "-o", ids_str, "--label-ids"],
        );
        assert!(ok, "{err}");
        let text = read_all(&ids);
        assert!(text.contains("claim") && !text.contains("assertion"));
    }
    // The jsonl export comes back onto the renamed label: nothing new, no label added.
    let jsonl = dir.path().join("out-jsonl");
    let (ok, _, err) = run(
        &p,
        &["import-dataset", jsonl.to_str().unwrap(), "-f", "jsonl"],
    );
    assert!(ok, "{err}");
    assert!(err.contains("imported 0 spans"), "{err}");
    assert_eq!(store::load(&p).unwrap().project.labels(), loaded.labels());
}

/// The text of a file, or of every file in a folder (brat).
fn read_all(path: &Path) -> String {
    if path.is_file() {
        return std::fs::read_to_string(path).unwrap();
    }
    let mut files: Vec<_> = (std::fs::read_dir(path).unwrap())
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect()
}

#[test]
fn the_command_line_refuses_a_name_another_label_is_exported_as() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("golden.ron");
    store::save(&p, &common::golden_project(), Overwrite::IfAbsent).unwrap();
    let before = std::fs::read(&p).unwrap();
    for args in [
        ["labels", "rename", "quote", "Claim?"],
        ["labels", "add", "claim!", "--description=x"],
        ["labels", "rename", "figure", "¿!"],
    ] {
        let (ok, _, err) = run(&p, &args);
        assert!(!ok, "{args:?}");
        assert!(
            err.contains("cannot be told apart from another label in exports")
                || err.contains("no letters or digits"),
            "{args:?}: {err}"
        );
        assert_eq!(std::fs::read(&p).unwrap(), before, "nothing changed");
    }
}

#[test]
fn a_hand_edited_clash_is_flagged_and_exported_by_id() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("golden.ron");
    let ron = store::to_ron(&common::golden_project());
    // Two labels that exports would both call `claim`: only a text editor can do that.
    let clash = ron.replacen("name: \"Quote\"", "name: \"CLAIM\"", 1);
    assert_ne!(clash, ron);
    std::fs::write(&p, clash).unwrap();
    let (ok, out, _) = run(&p, &["validate"]);
    assert!(
        !ok && out.contains("exports would name it “claim”"),
        "{out}"
    );
    let csv = dir.path().join("out.csv");
    let (ok, _, err) = run(&p, &["export", "-f", "csv", "-o", csv.to_str().unwrap()]);
    assert!(ok && err.contains("labels were written by id"), "{err}");
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(
        text.contains(",quote,") && text.contains(",claim,"),
        "{text}"
    );
}

#[test]
fn text_reports_name_the_renamed_label_and_json_keeps_the_id() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("golden.ron");
    let project = renamed(common::golden_project(), "claim", "Assertion");
    let project = renamed(project, "quote", "Direct quote");
    store::save(&p, &project, Overwrite::IfAbsent).unwrap();
    let (ok, out, err) = run(&p, &["stats"]);
    assert!(ok && out.contains("Assertion (claim)"), "{out}{err}");
    let (ok, out, _) = run(&p, &["stats", "--json"]);
    assert!(ok && out.contains("\"id\": \"claim\""), "{out}");
    // Sources list what is attributed to them: the quotes.
    let (ok, out, _) = run(&p, &["sources"]);
    assert!(ok && out.contains("    Direct quote “"), "{out}");
    assert!(!out.contains("    quote "), "{out}");
    let (ok, out, _) = run(&p, &["sources", "--json"]);
    assert!(
        ok && out.contains("\"quote\"") && !out.contains("Direct"),
        "{out}"
    );
    let names = ["alice".to_owned(), "bob".to_owned()];
    let report = agreement(&project, &names);
    let text = marginalia::cli::agree::render(&report, &project);
    assert!(text.contains("\n  Assertion "), "{text}");
    assert!(!text.contains("\n  claim "), "{text}");
    let json = serde_json::to_value(&report).unwrap();
    let labels: Vec<&str> = (json["per_label"].as_array().unwrap().iter())
        .map(|l| l["label"].as_str().unwrap())
        .collect();
    assert!(labels.contains(&"claim"), "{labels:?}");
}
