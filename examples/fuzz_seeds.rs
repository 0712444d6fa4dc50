//! Writes seed inputs for the fuzz targets (fuzz/fuzz_targets), made with the library so
//! they are what the app really writes: project files, journals of every kind of edit
//! (with checkpoints from saves), dataset exports of the fuzz base project, and articles in
//! the encodings `import` decodes.
//!
//! `cargo run --no-default-features --example fuzz_seeds -- fuzz/corpus-raw`
use std::fs;
use std::path::{Path, PathBuf};

use marginalia::export::{ExportOptions, Format, OffsetUnit, export};
use marginalia::fuzz_entry::base_project;
use marginalia::model::{
    Annotation, AnnotationId, DocId, Document, Edit, Label, LabelEdit, Link, Project, Span,
};
use marginalia::session::Session;
use marginalia::store::{journal, to_ron};
use marginalia::text::bidi::Direction;

fn main() -> anyhow::Result<()> {
    let out = PathBuf::from(std::env::args().nth(1).unwrap_or("fuzz/corpus-raw".into()));
    let tmp = tempfile::tempdir()?;
    let journals = journal_seeds(tmp.path())?;
    let dir = |t: &str| -> anyhow::Result<PathBuf> {
        let d = out.join(t);
        fs::create_dir_all(&d)?;
        Ok(d)
    };
    for (name, bytes) in &journals.journals {
        fs::write(dir("journal")?.join(name), bytes)?;
    }
    let projects = dir("project_file")?;
    fs::write(projects.join("base.ron"), to_ron(base_project()))?;
    fs::write(projects.join("edited.ron"), to_ron(&journals.edited))?;
    for (target, format, unit) in [
        ("dataset_jsonl", Format::Jsonl, OffsetUnit::Codepoints),
        ("dataset_jsonl", Format::Jsonl, OffsetUnit::Utf16),
        ("dataset_doccano", Format::Doccano, OffsetUnit::Codepoints),
        (
            "dataset_label_studio",
            Format::LabelStudio,
            OffsetUnit::Codepoints,
        ),
    ] {
        let file = dir(target)?.join(format!("edited.{}", unit.name()));
        let mut opts = ExportOptions::new(format);
        opts.offsets = unit;
        opts.force = true;
        export(&journals.edited, &opts, &file, &mut |_, _| {})?;
        // Label Studio writes its labeling config beside the tasks: not an input.
        for extra in marginalia::export::companion_files(format, &file) {
            let _ = fs::remove_file(extra);
        }
    }
    for (name, bytes) in text_seeds() {
        fs::write(dir("text_file")?.join(name), bytes)?;
    }
    Ok(())
}

struct Journals {
    journals: Vec<(String, Vec<u8>)>,
    /// The base project with every edit of the long journal applied.
    edited: Project,
}

/// The edits a session makes, one kind at a time, onto the fuzz base project (document 1,
/// annotations 1..).
fn edits() -> Vec<(&'static str, Edit)> {
    let base = base_project();
    let some = base.annotations().next().expect("base has spans").clone();
    let quote = ann(9001, 1, (10, 25), "quote", "ada");
    let source = ann(9002, 1, (30, 38), "attribution", "ada");
    let mut split = ann(9003, 1, (40, 90), "quote", "ben");
    split.set_spans([Span::new(40, 55), Span::new(70, 90)]);
    let mut noted = some.clone();
    noted.note = Some("checked “twice”\nwith a line break".into());
    noted.end = noted.end.saturating_sub(1).max(noted.start + 1);
    let doc = Document::new(
        DocId(2),
        "Second",
        "fuzz",
        "【Geneva】 “We will not sign 👍🏽,” he said.",
    );
    let label = Label {
        id: "hedge".into(),
        name: "Hedge".into(),
        color: "#abcdef".into(),
        hotkey: Some('7'),
        description: "may, might".into(),
        is_source: false,
    };
    vec![
        ("add", Edit::AddAnnotation(quote.clone())),
        (
            "batch",
            Edit::Batch(vec![
                Edit::AddAnnotation(source.clone()),
                Edit::AddLink(Link::attributed_to(quote.id, source.id)),
            ]),
        ),
        ("split", Edit::AddAnnotation(split)),
        (
            "replace",
            Edit::ReplaceAnnotation {
                before: some.clone(),
                after: noted,
            },
        ),
        (
            "done",
            Edit::SetDone {
                annotator: "ada".into(),
                document: DocId(1),
                done: true,
            },
        ),
        (
            "direction",
            Edit::SetDirection {
                document: DocId(1),
                direction: Some(Direction::Rtl),
                previous: None,
            },
        ),
        ("document", Edit::AddDocument(doc)),
        ("label", Edit::Label(LabelEdit::Add { label, at: 1 })),
        (
            "move_label",
            Edit::Label(LabelEdit::Move {
                id: "hedge".into(),
                from: 1,
                to: 0,
            }),
        ),
        (
            "unlink",
            Edit::RemoveLink(Link::attributed_to(quote.id, source.id)),
        ),
        ("remove", Edit::RemoveAnnotation(quote)),
    ]
}

fn ann(id: u64, doc: u64, (s, e): (usize, usize), label: &str, who: &str) -> Annotation {
    let mut a = Annotation::new(AnnotationId(id), DocId(doc), Span::new(s, e), label, who);
    a.created = "2026-01-02T03:04:05Z".into();
    a.modified = a.created.clone();
    a
}

/// One journal per kind of edit, one with all of them and saves in between (checkpoint
/// lines), and a version 1 journal (bare edits).
fn journal_seeds(tmp: &Path) -> anyhow::Result<Journals> {
    let mut out = Vec::new();
    let all = edits();
    for (i, (name, edit)) in all.iter().enumerate() {
        let path = tmp.join(format!("{i}.ron"));
        let mut s = Session::create(&path, base_project().clone())?;
        // Later edits need the earlier ones (a link needs its spans): replay those first.
        for (_, before) in &all[..i] {
            s.apply(before.clone())?;
        }
        s.save()?;
        s.apply(edit.clone())?;
        s.flush_journal()?;
        out.push((
            format!("{name}.journal"),
            fs::read(journal::journal_path(&path))?,
        ));
        s.close();
    }
    let path = tmp.join("all.ron");
    let mut s = Session::create(&path, base_project().clone())?;
    for (i, (_, edit)) in all.iter().enumerate() {
        s.apply(edit.clone())?;
        if i % 4 == 3 {
            s.save()?;
        }
    }
    s.flush_journal()?;
    out.push((
        "all.journal".into(),
        fs::read(journal::journal_path(&path))?,
    ));
    let edited = s.project().clone();
    s.close();
    let mut v1 = String::from("{\"marginalia_journal\":1,\"base\":\"x\"}\n");
    for (_, edit) in all.iter().take(3) {
        v1.push_str(&serde_json::to_string(edit)?);
        v1.push('\n');
    }
    out.push(("v1.journal".into(), v1.into_bytes()));
    Ok(Journals {
        journals: out,
        edited,
    })
}

/// Articles as `import` meets them: UTF-8 with and without a BOM, UTF-16 both ways, a
/// legacy encoding, UTF-8 with a damaged byte, CRLF line ends.
fn text_seeds() -> Vec<(String, Vec<u8>)> {
    let text = "Peace talks — “no workable solution,” Tarar said.\r\nCafé: 42% 👍🏽 【和平】\r\n";
    let utf16 = |be: bool| {
        let mut b: Vec<u8> = if be {
            vec![0xFE, 0xFF]
        } else {
            vec![0xFF, 0xFE]
        };
        for u in text.encode_utf16() {
            b.extend(if be { u.to_be_bytes() } else { u.to_le_bytes() });
        }
        b
    };
    let mut damaged = text.as_bytes().to_vec();
    damaged.insert(10, 0xE2);
    let (latin, _, _) = encoding_rs::WINDOWS_1252.encode("Café déjà vu, “quoted” — naïve.\n");
    let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("和平交渉は行き詰まった、と大臣は述べた。\n");
    vec![
        ("utf8.txt".into(), text.as_bytes().to_vec()),
        (
            "bom.txt".into(),
            [b"\xEF\xBB\xBF", text.as_bytes()].concat(),
        ),
        ("utf16le.txt".into(), utf16(false)),
        ("utf16be.txt".into(), utf16(true)),
        ("damaged.txt".into(), damaged),
        ("cp1252.txt".into(), latin.into_owned()),
        ("sjis.txt".into(), sjis.into_owned()),
    ]
}
