//! Golden files: every export format of the small project in `common`, compared byte for
//! byte with `tests/golden/export/`. After an intended format change, regenerate them with
//! `UPDATE_GOLDEN=1 cargo test --test export_golden` and review the diff.
use crate::common;

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

/// `[start, end]` pairs as numbers.
fn pairs(v: &Value) -> Vec<(usize, usize)> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p[0].as_u64().unwrap() as usize,
                p[1].as_u64().unwrap() as usize,
            )
        })
        .collect()
}

#[test]
fn jsonl_golden_and_every_span_text_is_python_slice() {
    let text = golden_file("golden.jsonl", Format::Jsonl, OffsetUnit::Codepoints);
    let records = lines(&text);
    assert_eq!(records.len(), 4);
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
            // Every annotation lists its pieces; an ordinary span is one piece.
            let pieces = pairs(&a["fragments"]);
            assert_eq!((pieces[0].0, pieces[pieces.len() - 1].1), (s, e), "{a}");
            n += 1;
        }
        assert_eq!(
            r["label"].as_array().unwrap().len(),
            r["annotations"].as_array().unwrap().len()
        );
    }
    assert_eq!(n, 13);
    // The split quote: two pieces, whose texts are the quote without “he said”.
    let split = &records[3]["annotations"][0];
    let t = records[3]["text"].as_str().unwrap();
    let pieces: Vec<_> = pairs(&split["fragments"])
        .into_iter()
        .map(|(s, e)| slice_chars(t, s, e).unwrap())
        .collect();
    assert_eq!(pieces, common::SPLIT_QUOTE);
    // Links by annotation id: the quote and the figure share alice's “he said”.
    let rel = |r: &Value| -> Vec<(u64, u64, String)> {
        r["relations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| {
                let (f, t) = (x["from_id"].as_u64().unwrap(), x["to_id"].as_u64().unwrap());
                (f, t, x["type"].as_str().unwrap().to_owned())
            })
            .collect()
    };
    let kind = || "attributed_to".to_string();
    assert_eq!(rel(&records[0]), [(1, 2, kind())]);
    assert_eq!(rel(&records[1]), []);
    assert_eq!(rel(&records[3]), [(11, 12, kind()), (13, 12, kind())]);
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
            if a["id"] == 11 {
                // Fragments are in UTF-16 units too: the emoji before counts twice.
                let pieces: Vec<_> = pairs(&a["fragments"])
                    .into_iter()
                    .map(|(s, e)| String::from_utf16(&units[s..e]).unwrap())
                    .collect();
                assert_eq!(pieces, common::SPLIT_QUOTE);
            }
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
    assert_eq!(
        emoji["entities"][0],
        serde_json::json!({"id": 0, "label": "figure", "start_offset": 2, "end_offset": 6})
    );
    // Entities in text order: the split quote is entities 0 and 2, around “he said” (1);
    // its link starts at its first piece. The figure (3) shares the source.
    let split = &records[3];
    let t = split["text"].as_str().unwrap();
    let entity = |i: usize| {
        let e = &split["entities"][i];
        let (s, end) = (
            e["start_offset"].as_u64().unwrap(),
            e["end_offset"].as_u64().unwrap(),
        );
        slice_chars(t, s as usize, end as usize).unwrap()
    };
    assert_eq!([entity(0), entity(2)], common::SPLIT_QUOTE);
    assert_eq!(entity(1), "he said");
    assert_eq!(
        split["relations"],
        serde_json::json!([
            {"id": 0, "from_id": 0, "to_id": 1, "type": "attributed_to"},
            {"id": 1, "from_id": 3, "to_id": 1, "type": "attributed_to"}
        ])
    );
    assert_eq!(split["label"].as_array().unwrap().len(), 4);
}

#[test]
fn spacy_golden() {
    let text = golden_file("golden.spacy.jsonl", Format::Spacy, OffsetUnit::Codepoints);
    let records = lines(&text);
    assert_eq!(records[0]["spans"].as_array().unwrap().len(), 8);
    assert_eq!(records[1]["spans"].as_array().unwrap().len(), 0);
    // The split quote is two spans; the figure and “he said” one each.
    assert_eq!(records[3]["spans"].as_array().unwrap().len(), 4);
}

#[test]
fn formats_without_links_or_split_spans_say_so() {
    let dir = tempfile::tempdir().unwrap();
    for format in [Format::Spacy, Format::Conll] {
        let report = export(
            &common::golden_project(),
            &ExportOptions::new(format),
            &dir.path().join(format.name()),
            &mut |_, _| {},
        )
        .unwrap();
        let says = |needle: &str| report.warnings.iter().any(|w| w.contains(needle));
        assert!(
            says("1 split span(s) were written as 2 separate spans"),
            "{format:?}: {:?}",
            report.warnings
        );
        assert!(
            says("cannot hold links: 3 link(s)"),
            "{format:?}: {:?}",
            report.warnings
        );
    }
    for (format, splits) in [
        (Format::Doccano, true),
        (Format::LabelStudio, true),
        (Format::Jsonl, false),
        (Format::Brat, false),
        (Format::Csv, false),
    ] {
        let report = export(
            &common::golden_project(),
            &ExportOptions::new(format),
            &dir.path().join(format.name()),
            &mut |_, _| {},
        )
        .unwrap();
        assert_eq!(report.links, 3, "{format:?}");
        assert!(
            !report
                .warnings
                .iter()
                .any(|w| w.contains("cannot hold links")),
            "{format:?}: {:?}",
            report.warnings
        );
        assert_eq!(
            report.warnings.iter().any(|w| w.contains("separate spans")),
            splits,
            "{format:?}: {:?}",
            report.warnings
        );
    }
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
    let mut relations = Vec::new();
    for t in &tasks {
        let text = t["data"]["text"].as_str().unwrap();
        for a in t["annotations"].as_array().unwrap() {
            let regions: Vec<&Value> = a["result"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|r| r["type"] != "relation")
                .collect();
            for r in a["result"].as_array().unwrap() {
                if r["type"] == "relation" {
                    // Both ends name regions of the same annotation.
                    for end in ["from_id", "to_id"] {
                        assert!(regions.iter().any(|g| g["id"] == r[end]), "{r}");
                    }
                    assert_eq!(
                        (r["direction"].as_str(), r["labels"][0].as_str()),
                        (Some("right"), Some("attributed_to"))
                    );
                    relations.push((r["from_id"].clone(), r["to_id"].clone()));
                    continue;
                }
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
    // The split quote is regions 11-1 and 11-2; its link starts at the first.
    assert_eq!(
        relations,
        [("1", "2"), ("11-1", "12"), ("13", "12")].map(|(f, t)| (Value::from(f), Value::from(t)))
    );
    let xml = String::from_utf8(config).unwrap();
    assert!(
        xml.contains("<Relations>\n    <Relation value=\"attributed_to\"/>\n  </Relations>"),
        "{xml}"
    );
}

#[test]
fn conll_golden_drops_overlaps_and_splits_cjk() {
    let text = golden_file("golden.conll", Format::Conll, OffsetUnit::Codepoints);
    assert!(text.starts_with("-DOCSTART- O\n\n"));
    assert_eq!(text.matches("-DOCSTART-").count(), 4);
    // Each piece of the split quote starts with B-.
    assert!(
        text.contains("” I-quote\nhe B-attribution\nsaid I-attribution\n, O\n“ B-quote\n"),
        "{text}"
    );
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
    assert_eq!(names.len(), 2 + 4 * 2, "{names:?}");
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
    assert!(
        ann.ends_with("R1\tattributed_to Arg1:T1 Arg2:T2\n"),
        "{ann}"
    );
    // The split quote: its second piece crosses a line break, so three brat pieces.
    let split = std::fs::read_to_string(out.join("we-will-not-sign-he-said_104.ann")).unwrap();
    assert!(
        split.starts_with(
            "T1\tquote 9 31;41 56;57 70\t“We will not sign 👍🏽,” “until the guns fall silent.”\n"
        ),
        "{split}"
    );
    assert!(
        split.ends_with("R1\tattributed_to Arg1:T1 Arg2:T2\nR2\tattributed_to Arg1:T3 Arg2:T2\n"),
        "{split}"
    );
    let conf = std::fs::read_to_string(out.join("annotation.conf")).unwrap();
    assert!(
        conf.contains("attributed_to\tArg1:claim|quote|figure, Arg2:attribution\n"),
        "{conf}"
    );
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
    assert_eq!(rows.len(), 13);
    assert_eq!(
        &reader.headers().unwrap().iter().collect::<Vec<_>>()[9..],
        ["id", "fragments", "source_id", "source_text"]
    );
    let emoji = rows.iter().find(|r| &r[6] == "👍🏽").unwrap();
    assert_eq!(
        &emoji[7],
        "an emoji, \"quoted\", with a comma\nand a line break"
    );
    assert!(emoji[8].starts_with("“Peace is near,”"), "{:?}", &emoji[8]);
    // The split quote: its pieces' texts joined with " … ", its pieces, its source.
    let split = rows.iter().find(|r| &r[9] == "11").unwrap();
    assert_eq!(&split[6], common::SPLIT_QUOTE.join(" … "));
    assert_eq!(&split[10], "9-31;41-70");
    assert_eq!((&split[11], &split[12]), ("12", "he said"));
    let source = rows.iter().find(|r| &r[9] == "12").unwrap();
    assert_eq!((&source[10], &source[11], &source[12]), ("", "", ""));
}
