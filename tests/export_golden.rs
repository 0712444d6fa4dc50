//! Golden files: every export format of the small project in `common`, compared byte for
//! byte with `tests/golden/export/`. After an intended format change, regenerate them with
//! `UPDATE_GOLDEN=1 cargo test --test export_golden` and review the diff.
mod common;

use std::path::{Path, PathBuf};

use marginalia::export::{ExportOptions, Format, OffsetUnit, export};
use marginalia::text::slice_chars;
use serde_json::Value;

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/export")
}

fn check_golden(name: &str, actual: &[u8]) {
    let path = golden_dir().join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; run with UPDATE_GOLDEN=1 to create it",
            path.display()
        )
    });
    if expected != actual {
        let (e, a) = (
            String::from_utf8_lossy(&expected),
            String::from_utf8_lossy(actual),
        );
        for (i, (el, al)) in e.lines().zip(a.lines()).enumerate() {
            assert_eq!(el, al, "{name}: first difference at line {}", i + 1);
        }
        panic!(
            "{name}: outputs differ in length ({} vs {} bytes)",
            expected.len(),
            actual.len()
        );
    }
}

/// Exports the golden project; returns the output path inside `dir`.
fn run(dir: &Path, name: &str, format: Format, offsets: OffsetUnit) -> PathBuf {
    let out = dir.join(name);
    let mut opts = ExportOptions::new(format);
    opts.offsets = offsets;
    export(&common::golden_project(), &opts, &out, &mut |_, _| {}).unwrap();
    out
}

fn golden_file(name: &str, format: Format, offsets: OffsetUnit) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), name, format, offsets);
    let bytes = std::fs::read(&out).unwrap();
    check_golden(name, &bytes);
    String::from_utf8(bytes).unwrap()
}

fn lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn jsonl_golden_and_every_span_text_is_python_slice() {
    let text = golden_file("golden.jsonl", Format::Jsonl, OffsetUnit::Codepoints);
    let records = lines(&text);
    assert_eq!(records.len(), 3);
    let mut n = 0;
    for r in &records {
        assert_eq!(r["offsets"], "codepoints");
        let t = r["text"].as_str().unwrap();
        for a in r["annotations"].as_array().unwrap() {
            let (s, e) = (
                a["start"].as_u64().unwrap() as usize,
                a["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(slice_chars(t, s, e), a["text"].as_str(), "{a}");
            n += 1;
        }
        assert_eq!(
            r["label"].as_array().unwrap().len(),
            r["annotations"].as_array().unwrap().len()
        );
    }
    assert_eq!(n, 10);
}

#[test]
fn jsonl_utf16_golden_slices_like_javascript() {
    let text = golden_file("golden.utf16.jsonl", Format::Jsonl, OffsetUnit::Utf16);
    for r in lines(&text) {
        assert_eq!(r["offsets"], "utf16");
        let units: Vec<u16> = r["text"].as_str().unwrap().encode_utf16().collect();
        for a in r["annotations"].as_array().unwrap() {
            let (s, e) = (
                a["start"].as_u64().unwrap() as usize,
                a["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(
                String::from_utf16(&units[s..e]).unwrap(),
                a["text"].as_str().unwrap()
            );
        }
    }
}

#[test]
fn doccano_golden() {
    let text = golden_file(
        "golden.doccano.jsonl",
        Format::Doccano,
        OffsetUnit::Codepoints,
    );
    let records = lines(&text);
    let emoji = &records[2];
    // "👍🏽👍🏽 x【和平】": the second emoji starts at code point 2 (UTF-16 would say 4).
    assert_eq!(emoji["label"][0], serde_json::json!([2, 6, "figure"]));
}

#[test]
fn spacy_golden() {
    let text = golden_file("golden.spacy.jsonl", Format::Spacy, OffsetUnit::Codepoints);
    let records = lines(&text);
    assert_eq!(records[0]["spans"].as_array().unwrap().len(), 8);
    assert_eq!(records[1]["spans"].as_array().unwrap().len(), 0);
}

#[test]
fn label_studio_golden_with_config() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(
        dir.path(),
        "golden.label-studio.json",
        Format::LabelStudio,
        OffsetUnit::Codepoints,
    );
    let json = std::fs::read(&out).unwrap();
    check_golden("golden.label-studio.json", &json);
    let config = std::fs::read(dir.path().join("golden.label-studio.config.xml")).unwrap();
    check_golden("golden.label-studio.config.xml", &config);
    let tasks: Vec<Value> = serde_json::from_slice(&json).unwrap();
    // One Label Studio annotation per annotator: alice, bob, gold in document 1.
    let who: Vec<_> = tasks[0]["annotations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["annotator"].clone())
        .collect();
    assert_eq!(who, ["alice", "bob", "gold"]);
    for t in &tasks {
        let text = t["data"]["text"].as_str().unwrap();
        for a in t["annotations"].as_array().unwrap() {
            for r in a["result"].as_array().unwrap() {
                assert_eq!(
                    (
                        r["from_name"].as_str(),
                        r["to_name"].as_str(),
                        r["type"].as_str()
                    ),
                    (Some("label"), Some("text"), Some("labels"))
                );
                let v = &r["value"];
                let (s, e) = (
                    v["start"].as_u64().unwrap() as usize,
                    v["end"].as_u64().unwrap() as usize,
                );
                assert_eq!(slice_chars(text, s, e), v["text"].as_str());
            }
        }
    }
}

#[test]
fn conll_golden_drops_overlaps_and_splits_cjk() {
    let text = golden_file("golden.conll", Format::Conll, OffsetUnit::Codepoints);
    assert!(text.starts_with("-DOCSTART- O\n\n"));
    assert_eq!(text.matches("-DOCSTART-").count(), 3);
    assert!(
        text.contains("【 B-quote\n和 I-quote\n平 I-quote\n】 I-quote\n"),
        "{text}"
    );
    assert!(text.contains("👍🏽 B-figure\n"));
    for line in text.lines().filter(|l| !l.is_empty()) {
        let fields: Vec<_> = line.split(' ').collect();
        assert_eq!(fields.len(), 2, "{line:?}");
    }
}

#[test]
fn conll_report_lists_dropped_overlaps() {
    let dir = tempfile::tempdir().unwrap();
    let report = export(
        &common::golden_project(),
        &ExportOptions::new(Format::Conll),
        &dir.path().join("x.conll"),
        &mut |_, _| {},
    )
    .unwrap();
    let dropped: Vec<_> = report
        .warnings
        .iter()
        .filter(|w| w.contains("dropped"))
        .collect();
    // Alice's "café été" comes first and wins over bob's "été.\nSecond line"; with bob's span
    // gone, gold's "Second line: 42%" holds and alice's "42%" inside it is dropped.
    assert!(
        dropped
            .iter()
            .any(|w| w.contains("[") && w.contains("by bob") && w.contains("overlaps claim")),
        "{dropped:#?}"
    );
    assert!(
        dropped
            .iter()
            .any(|w| w.contains("figure") && w.contains("by alice") && w.contains("“42%”")),
        "{dropped:#?}"
    );
    assert_eq!(dropped.len(), 2, "{dropped:#?}");
}

#[test]
fn brat_golden_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), "brat", Format::Brat, OffsetUnit::Codepoints);
    let mut names: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names.len(), 2 + 3 * 2, "{names:?}");
    for name in &names {
        check_golden(
            &format!("brat/{name}"),
            &std::fs::read(out.join(name)).unwrap(),
        );
    }
    let ann = std::fs::read_to_string(out.join("peace-talks-stall-reuters_101.ann")).unwrap();
    let txt = std::fs::read_to_string(out.join("peace-talks-stall-reuters_101.txt")).unwrap();
    assert_eq!(txt, common::TEXT_1);
    // The span over the line break is discontinuous, split at the break.
    let (s, e) = common::span_of(common::TEXT_1, "e\u{301}té.\nSecond line");
    let nl = s + "e\u{301}té.".chars().count();
    assert!(
        ann.contains(&format!(
            "claim {s} {nl};{} {e}\te\u{301}té. Second line\n",
            nl + 1
        )),
        "{ann}"
    );
    assert!(ann.contains("AnnotatorNotes"));
    for line in ann.lines().filter(|l| l.starts_with('T')) {
        let [_, kind_offsets, text] = line.splitn(3, '\t').collect::<Vec<_>>()[..] else {
            panic!("{line}")
        };
        let pieces: Vec<_> = kind_offsets
            .split_once(' ')
            .unwrap()
            .1
            .split(';')
            .map(|r| {
                let (a, b) = r.split_once(' ').unwrap();
                slice_chars(&txt, a.parse().unwrap(), b.parse().unwrap()).unwrap()
            })
            .collect();
        assert_eq!(pieces.join(" "), text);
    }
}

#[test]
fn csv_golden_has_bom_unit_and_sentences() {
    let text = golden_file("golden.csv", Format::Csv, OffsetUnit::Codepoints);
    assert!(text.starts_with("\u{FEFF}document_id,title,annotator,label,start_codepoints,end_codepoints,text,note,sentence"));
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{FEFF}').as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 10);
    let emoji = rows.iter().find(|r| &r[6] == "👍🏽").unwrap();
    assert_eq!(
        &emoji[7],
        "an emoji, \"quoted\", with a comma\nand a line break"
    );
    assert!(emoji[8].starts_with("“Peace is near,”"), "{:?}", &emoji[8]);
}
