#!/usr/bin/env python3
"""Checks Marginalia's exports with the tools that consume them.

Usage:
    python3 tests/python/check_exports.py [DIR ...]

Each DIR is checked for the files it holds: `*.jsonl` (Marginalia JSONL, doccano,
spaCy), `*.label-studio.json` (+ `.config.xml`), `brat/`, `*.csv`, `*.conll`.
Without arguments it checks the golden files in tests/golden/export. CI also runs
`MARGINALIA_EXPORT_DIR=target/exports cargo test --test export_corpus` and passes
`target/exports` to check the sample corpus.

Needs spaCy (`pip install "spacy>=3.7,<4"`); no model download, `spacy.blank("en")` is used.
"""
import csv
import io
import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import spacy

NLP = spacy.blank("en")


class Checker:
    def __init__(self):
        self.failures = []
        self.counts = {}

    def fail(self, where, message):
        self.failures.append(f"{where}: {message}")

    def count(self, key, n=1):
        self.counts[key] = self.counts.get(key, 0) + n


def check_char_span(ck, where, text, start, end, label, expected=None):
    """spaCy must reproduce the span; strict alignment may fail only off token boundaries."""
    if not (0 <= start < end <= len(text)):
        ck.fail(where, f"span [{start}, {end}) outside text of {len(text)} code points")
        return
    if expected is not None and text[start:end] != expected:
        ck.fail(where, f"text[{start}:{end}] = {text[start:end]!r} != {expected!r}")
        return
    doc = NLP.make_doc(text)
    span = doc.char_span(start, end, label=label)
    if span is not None:
        if span.text != text[start:end]:
            ck.fail(where, f"char_span gave {span.text!r}, expected {text[start:end]!r}")
        ck.count("spacy strict spans")
        return
    starts = {t.idx for t in doc}
    ends = {t.idx + len(t.text) for t in doc}
    if start in starts and end in ends:
        ck.fail(where, f"char_span failed on token boundaries [{start}, {end})")
        return
    # Not on spaCy's token boundaries: the expanded span must still contain the text.
    wide = doc.char_span(start, end, label=label, alignment_mode="expand")
    if wide is None or text[start:end] not in wide.text:
        ck.fail(where, f"char_span cannot cover [{start}, {end}) {text[start:end]!r}")
    ck.count("spans off spaCy token boundaries (checked by text[start:end])")


def check_jsonl(ck, path):
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{n}"
        rec = json.loads(line)
        text = rec["text"]
        if "annotations" in rec:  # Marginalia JSONL
            if rec.get("offsets", "codepoints") != "codepoints":
                units = rec["offsets"]
                encoded = text.encode("utf-16-le" if units == "utf16" else "utf-8")
                width = 2 if units == "utf16" else 1
                for a in rec["annotations"]:
                    piece = encoded[a["start"] * width:a["end"] * width]
                    got = piece.decode("utf-16-le" if units == "utf16" else "utf-8")
                    if got != a["text"]:
                        ck.fail(where, f"{units} slice {got!r} != {a['text']!r}")
                    ck.count(f"{units} spans")
                continue
            for a in rec["annotations"]:
                check_char_span(ck, where, text, a["start"], a["end"], a["label"], a["text"])
            if [list(x) for x in rec["label"]] != [[a["start"], a["end"], a["label"]] for a in rec["annotations"]]:
                ck.fail(where, "label triples differ from the annotations list")
        elif "spans" in rec:  # spaCy JSONL
            for s in rec["spans"]:
                check_char_span(ck, where, text, s["start"], s["end"], s["label"])
            ck.count("spacy docs")
        elif "label" in rec:  # doccano
            for start, end, label in rec["label"]:
                if not isinstance(label, str) or not (0 <= start < end <= len(text)):
                    ck.fail(where, f"bad doccano triple {[start, end, label]}")
                ck.count("doccano spans")
        else:
            ck.fail(where, "neither annotations, spans nor label")


def check_label_studio(ck, path):
    tasks = json.loads(path.read_text(encoding="utf-8"))
    config_path = path.with_name(path.name[: -len(".json")] + ".config.xml")
    root = ET.parse(config_path).getroot()
    labels = {el.get("value") for el in root.iter("Label")}
    if root.find("Labels").get("name") != "label" or root.find("Labels").get("toName") != "text":
        ck.fail(config_path, "Labels must be name=label toName=text")
    if root.find("Text").get("name") != "text" or root.find("Text").get("value") != "$text":
        ck.fail(config_path, "Text must be name=text value=$text")
    if not isinstance(tasks, list):
        ck.fail(path, "not a list of tasks")
        return
    for i, task in enumerate(tasks, 1):
        text = task["data"]["text"]
        annotators = [a["annotator"] for a in task["annotations"]]
        if len(set(annotators)) != len(annotators):
            ck.fail(f"{path} task {i}", "several annotations for one annotator")
        for ann in task["annotations"]:
            for r in ann["result"]:
                v = r["value"]
                if (r["from_name"], r["to_name"], r["type"]) != ("label", "text", "labels"):
                    ck.fail(f"{path} task {i}", f"bad result header {r}")
                if not set(v["labels"]) <= labels:
                    ck.fail(f"{path} task {i}", f"labels {v['labels']} not in the config")
                if task["meta"]["offsets"] == "codepoints" and text[v["start"]:v["end"]] != v["text"]:
                    ck.fail(f"{path} task {i}", f"value.text {v['text']!r} != text[start:end]")
                ck.count("label studio regions")


def check_brat(ck, folder):
    conf = (folder / "annotation.conf").read_text(encoding="utf-8")
    types = set()
    section = None
    for line in conf.splitlines():
        if line.startswith("["):
            section = line
        elif section == "[entities]" and line and not line.startswith("#"):
            types.add(line.strip())
    for ann in sorted(folder.glob("*.ann")):
        text = ann.with_suffix(".txt").read_text(encoding="utf-8")
        ids = set()
        for n, line in enumerate(ann.read_text(encoding="utf-8").splitlines(), 1):
            where = f"{ann}:{n}"
            fields = line.split("\t")
            if line.startswith("T"):
                tid, type_offsets, span_text = fields
                kind, offsets = type_offsets.split(" ", 1)
                if kind not in types:
                    ck.fail(where, f"type {kind} not in annotation.conf")
                pieces = [text[int(a):int(b)] for a, b in (r.split(" ") for r in offsets.split(";"))]
                if " ".join(pieces) != span_text:
                    ck.fail(where, f"{pieces} != {span_text!r}")
                if any("\n" in p for p in pieces):
                    ck.fail(where, "fragment holds a line break")
                ids.add(tid)
                ck.count("brat spans")
            elif line.startswith("#"):
                if not fields[1].startswith("AnnotatorNotes T") or fields[1].split(" ")[1] not in ids:
                    ck.fail(where, "note refers to no T line")
            else:
                ck.fail(where, "unexpected line")


def check_csv(ck, path):
    raw = path.read_bytes()
    if not raw.startswith(b"\xef\xbb\xbf"):
        ck.fail(path, "no UTF-8 byte-order mark")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    for row in rows:
        if row["text"] and row["text"] not in row["sentence"] and "\n" not in row["text"]:
            ck.fail(path, f"text {row['text']!r} not in its sentence")
    ck.count("csv rows", len(rows))


def check_dir(ck, folder):
    for path in sorted(folder.iterdir()):
        if path.name.endswith(".label-studio.json"):
            check_label_studio(ck, path)
        elif path.suffix == ".jsonl":
            check_jsonl(ck, path)
        elif path.suffix == ".csv":
            check_csv(ck, path)
        elif path.is_dir() and (path / "annotation.conf").exists():
            check_brat(ck, path)


def main(argv):
    dirs = [Path(a) for a in argv] or [Path(__file__).resolve().parents[1] / "golden" / "export"]
    ck = Checker()
    for d in dirs:
        check_dir(ck, d)
    for key, n in sorted(ck.counts.items()):
        print(f"{n:6d} {key}")
    for f in ck.failures:
        print("FAIL", f)
    if not ck.counts:
        print("FAIL nothing checked")
        return 1
    return 1 if ck.failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
