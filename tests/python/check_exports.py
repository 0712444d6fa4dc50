#!/usr/bin/env python3
"""Checks Marginalia's exports with the rules of the tools that consume them.

Usage:
    python3 tests/python/check_exports.py [DIR ...]

Each DIR is checked for the files it holds: `*.jsonl` (Marginalia JSONL, doccano,
spaCy), `*.label-studio.json` (+ `.config.xml`), `brat/`, `*.csv`, `*.conll`.
Without arguments it checks the golden files in tests/golden/export. CI also runs
`MARGINALIA_EXPORT_DIR=target/exports cargo test --test export_corpus` and passes
`target/exports` to check the sample corpus.

- brat: every `.ann` line is parsed the way brat's own reader does
  (`server/src/annotation.py`: `_parse_ann_lines`, `_split_textbound_data`,
  `TextAnnotations._parse_textbound_annotation`, `_parse_relation_annotation`,
  `_parse_comment_annotation`, `_sanity`), `annotation.conf` and `visual.conf` the way
  `server/src/projectconfig.py` reads them (`__parse_configs`, `__read_term_hierarchy`,
  `TypeHierarchyNode`), and the annotations are verified against the configuration as
  `server/src/verify_annotations.py` does (types, relation argument types, overlaps).
- doccano: the relation JSONL the way doccano's `RelationExtractionDataset` reads it
  (`backend/data_import/datasets.py`, `pipeline/label.py`: `SpanLabel`, `RelationLabel`;
  `pipeline/labels.py`: relations resolved by entity id within a line), and the `label`
  triples the way its sequence-labeling import reads them.
- Label Studio: region results against the labeling config, relation results as the
  editor serializes them (`from_id`, `to_id` naming regions of the same annotation).
- spaCy: every span through `Doc.char_span` (needs spaCy: `pip install "spacy>=3.7,<4"`;
  no model download, `spacy.blank("en")` is used). The other checks need only the
  standard library; without spaCy the spaCy check is skipped with a note.
"""
import csv
import io
import json
import re
import sys
import xml.etree.ElementTree as ET
from itertools import takewhile
from pathlib import Path

try:
    import spacy

    NLP = spacy.blank("en")
except ImportError:  # the brat/doccano/Label Studio checks need only the standard library
    NLP = None


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
    if NLP is None:
        ck.count("spans checked by text[start:end] only (no spaCy)")
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


def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


# ---------------------------------------------------------------------------------------
# Marginalia JSONL


def slicer(text, units):
    """text[start:end] in the record's offset unit."""
    if units == "codepoints":
        return lambda s, e: text[s:e]
    codec, width = ("utf-16-le", 2) if units == "utf16" else ("utf-8", 1)
    encoded = text.encode(codec)
    return lambda s, e: encoded[s * width:e * width].decode(codec)


def check_ours(ck, where, rec):
    text = rec["text"]
    units = rec.get("offsets", "codepoints")
    piece = slicer(text, units)
    ids = set()
    for a in rec["annotations"]:
        ids.add(a["id"])
        try:
            got = piece(a["start"], a["end"])
        except UnicodeDecodeError:
            ck.fail(where, f"{units} offsets [{a['start']}, {a['end']}) split a character")
            continue
        if got != a["text"]:
            ck.fail(where, f"{units} slice {got!r} != {a['text']!r}")
        frags = a.get("fragments")
        if not isinstance(frags, list) or not frags:
            ck.fail(where, f"annotation {a['id']}: fragments must be a non-empty list")
            continue
        if frags[0][0] != a["start"] or frags[-1][1] != a["end"]:
            ck.fail(where, f"annotation {a['id']}: fragments {frags} do not span the annotation")
        for (s1, e1), (s2, e2) in zip(frags, frags[1:]):
            if not (s1 < e1 < s2 < e2):
                ck.fail(where, f"annotation {a['id']}: fragments {frags} overlap or touch")
        if len(frags) > 1:
            ck.count("jsonl split spans")
        if units == "codepoints":
            for s, e in frags:
                check_char_span(ck, where, text, s, e, a["label"])
        else:
            for s, e in frags:
                try:
                    piece(s, e)
                except UnicodeDecodeError:
                    ck.fail(where, f"{units} fragment [{s}, {e}) splits a character")
            ck.count(f"{units} spans")
    if units == "codepoints" and [list(x) for x in rec["label"]] != [
        [a["start"], a["end"], a["label"]] for a in rec["annotations"]
    ]:
        ck.fail(where, "label triples differ from the annotations list")
    for r in rec.get("relations", []):
        if r["from_id"] not in ids or r["to_id"] not in ids or not r.get("type"):
            ck.fail(where, f"relation {r} does not join two annotations of the record")
        ck.count("jsonl relations")


# ---------------------------------------------------------------------------------------
# doccano


def check_doccano(ck, where, rec):
    """As doccano's importers read a line (pydantic models of pipeline/label.py)."""
    text = rec.get("text")
    if not isinstance(text, str) or not text:
        ck.fail(where, "doccano needs a non-empty text")  # TextData: empty text refused
        return
    # Sequence labeling ("JSONL", Column Label "label"): SpanLabel.parse of each triple.
    for triple in rec.get("label", []):
        if not (isinstance(triple, list) and len(triple) == 3):
            ck.fail(where, f"label {triple!r} is not a [start, end, label] triple")
            continue
        start, end, label = triple
        if not (is_int(start) and is_int(end) and 0 <= start < end <= len(text)):
            ck.fail(where, f"bad doccano triple {triple}")
        if not isinstance(label, str) or not label:
            ck.fail(where, f"bad doccano label in {triple}")
        ck.count("doccano spans")
    if "entities" not in rec:
        if "relations" in rec:
            ck.fail(where, "relations without entities")
        return
    # Relation extraction ("JSONL(Relation)"): SpanLabel for entities, RelationLabel for
    # relations; a relation end is looked up by (entity id, line) and must exist.
    if "relations" not in rec:
        ck.fail(where, "no relations key: doccano's relation import needs the column")
    entities = rec["entities"]
    ids = {}
    for e in entities:
        if not isinstance(e, dict) or not {"id", "label", "start_offset", "end_offset"} <= set(e):
            ck.fail(where, f"entity {e!r} lacks id, label, start_offset or end_offset")
            continue
        if not is_int(e["id"]):
            ck.fail(where, f"entity id {e['id']!r} is not an integer")
        elif e["id"] in ids:
            ck.fail(where, f"entity id {e['id']} appears twice")
        ids[e["id"]] = e
        s, t = e["start_offset"], e["end_offset"]
        if not (is_int(s) and is_int(t) and 0 <= s < t <= len(text)):
            ck.fail(where, f"entity {e} offsets are not 0 <= start < end <= {len(text)}")
        if not isinstance(e["label"], str) or not e["label"]:
            ck.fail(where, f"entity {e} has no label")
        ck.count("doccano entities")
    for r in rec.get("relations", []):
        if not isinstance(r, dict) or not {"from_id", "to_id", "type"} <= set(r):
            ck.fail(where, f"relation {r!r} lacks from_id, to_id or type")
            continue
        if not (is_int(r["from_id"]) and is_int(r["to_id"])):
            ck.fail(where, f"relation {r} ends are not integers")
        if not isinstance(r["type"], str) or not r["type"]:
            ck.fail(where, f"relation {r} has no type")
        for end in ("from_id", "to_id"):
            if r[end] not in ids:
                ck.fail(where, f"relation {r}: {end} names no entity of this line")
        ck.count("doccano relations")
    # Our export writes the same spans both ways.
    if "label" in rec and sorted(map(tuple, rec["label"])) != sorted(
        (e["start_offset"], e["end_offset"], e["label"]) for e in entities
    ):
        ck.fail(where, "label triples and entities differ")
    # Without "Allow overlapping entity", doccano's Spans.clean drops overlapping spans
    # (sorted by start, each kept if it starts at or after the last kept end), and a
    # relation to a dropped span fails the import: count those, for the export's warning.
    kept, last = set(), -1
    for e in sorted(entities, key=lambda e: e["start_offset"]):
        if e["start_offset"] >= last:
            last = e["end_offset"]
            kept.add(e["id"])
    lost = [r for r in rec.get("relations", []) if r["from_id"] not in kept or r["to_id"] not in kept]
    ck.count("doccano relations needing “Allow overlapping entity”", len(lost))


def check_jsonl(ck, path):
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{n}"
        rec = json.loads(line)
        if "annotations" in rec:  # Marginalia JSONL
            check_ours(ck, where, rec)
        elif "spans" in rec:  # spaCy JSONL
            for s in rec["spans"]:
                check_char_span(ck, where, rec["text"], s["start"], s["end"], s["label"])
            ck.count("spacy docs")
        elif "label" in rec or "entities" in rec:  # doccano
            check_doccano(ck, where, rec)
        else:
            ck.fail(where, "neither annotations, spans, label nor entities")


# ---------------------------------------------------------------------------------------
# Label Studio

REGION_ID = re.compile(r"^[A-Za-z0-9_-]+$")  # "A-Za-z0-9_-", as Label Studio documents


def check_label_studio(ck, path):
    tasks = json.loads(path.read_text(encoding="utf-8"))
    config_path = path.with_name(path.name[: -len(".json")] + ".config.xml")
    root = ET.parse(config_path).getroot()
    labels = {el.get("value") for el in root.iter("Label")}
    relation_labels = {el.get("value") for el in root.iter("Relation")}
    if root.find("Labels").get("name") != "label" or root.find("Labels").get("toName") != "text":
        ck.fail(config_path, "Labels must be name=label toName=text")
    if root.find("Text").get("name") != "text" or root.find("Text").get("value") != "$text":
        ck.fail(config_path, "Text must be name=text value=$text")
    if not isinstance(tasks, list):
        ck.fail(path, "not a list of tasks")
        return
    for i, task in enumerate(tasks, 1):
        where = f"{path} task {i}"
        text = task["data"]["text"]
        annotators = [a["annotator"] for a in task["annotations"]]
        if len(set(annotators)) != len(annotators):
            ck.fail(where, "several annotations for one annotator")
        for ann in task["annotations"]:
            regions = [r for r in ann["result"] if r.get("type") != "relation"]
            region_ids = [r["id"] for r in regions]
            if len(set(region_ids)) != len(region_ids):
                ck.fail(where, "region ids repeat within an annotation")
            for r in regions:
                v = r["value"]
                if (r["from_name"], r["to_name"], r["type"]) != ("label", "text", "labels"):
                    ck.fail(where, f"bad result header {r}")
                if not REGION_ID.match(r["id"]):
                    ck.fail(where, f"region id {r['id']!r} has characters outside A-Za-z0-9_-")
                if not set(v["labels"]) <= labels:
                    ck.fail(where, f"labels {v['labels']} not in the config")
                if task["meta"]["offsets"] == "codepoints" and text[v["start"]:v["end"]] != v["text"]:
                    ck.fail(where, f"value.text {v['text']!r} != text[start:end]")
                ck.count("label studio regions")
            # Relations as the editor serializes them (RelationStore.serializeAnnotation);
            # on load, from_id/to_id must name regions of this annotation.
            for r in ann["result"]:
                if r.get("type") != "relation":
                    continue
                for end in ("from_id", "to_id"):
                    if r.get(end) not in region_ids:
                        ck.fail(where, f"relation {r}: {end} names no region of the annotation")
                if r.get("direction") not in ("left", "right", "bi"):
                    ck.fail(where, f"relation {r}: direction must be left, right or bi")
                if not set(r.get("labels", [])) <= relation_labels:
                    ck.fail(where, f"relation labels {r.get('labels')} not in the config's <Relations>")
                ck.count("label studio relations")


# ---------------------------------------------------------------------------------------
# brat: server/src/annotation.py

DISCONT_SEP = " "
ID_RE = re.compile(r"^([A-Za-z]+|#[A-Za-z]*)([0-9]+)(.*?)$")  # __split_annotation_id


class BratLineError(Exception):
    pass


def brat_id_prefix(id_):
    """annotation_id_prefix: the characters before the first digit; none is an error."""
    pre = "".join(takewhile(lambda c: not c.isdigit(), id_))
    if not pre:
        raise BratLineError(f"invalid id {id_!r}")
    return pre


def brat_is_valid_id(id_):
    return id_ == "*" or ID_RE.match(id_) is not None


def brat_split_textbound_data(data):
    """Annotations._split_textbound_data: 'TYPE START END;START END...'."""
    try:
        type_, rest = data.split(" ", 1)
        spans = []
        for span_str in rest.split(";"):
            start_str, end_str = span_str.split(" ", 2)
            end_str = end_str.rstrip()
            if any(c.isspace() for c in end_str):
                raise BratLineError("space instead of tab?")
            spans.append((int(start_str), int(end_str)))
    except (ValueError, BratLineError) as e:
        raise BratLineError(f"cannot parse text-bound data {data!r}: {e}")
    return type_, spans


def brat_parse_textbound(data, data_tail, document_text):
    """TextAnnotations._parse_textbound_annotation, every check that raises."""
    type_, spans = brat_split_textbound_data(data)
    seen = []
    for start, end in spans:
        if start > end:
            raise BratLineError("Text-bound annotation start > end.")
        if start < 0:
            raise BratLineError("Text-bound annotation start < 0.")
        if end > len(document_text):
            raise BratLineError("Text-bound annotation offset exceeds text length.")
        for ostart, oend in seen:
            if end >= ostart and start < oend:
                raise BratLineError("Text-bound annotation spans overlap")
        seen.append((start, end))
    spanlen = sum(end - start for start, end in spans) + (len(spans) - 1) * len(DISCONT_SEP)
    if data_tail.strip() == "" and spanlen > 0:
        # brat fills the text in and rewrites the file: not what an export should need.
        raise BratLineError("Text-bound annotation missing text")
    if data_tail[:1] != "\t":
        raise BratLineError("Text-bound annotation missing tab before text")
    if spanlen > len(data_tail) - 1:
        raise BratLineError(f"Text-bound annotation text {data_tail[1:]!r} shorter than marked span(s)")
    text = data_tail[1:spanlen + 1]
    rest = data_tail[spanlen + 1:]
    reftext = DISCONT_SEP.join(document_text[start:end] for start, end in spans)
    if text != reftext:
        # brat accepts pre-1.3 texts joined without DISCONT_SEP only with a rewrite.
        raise BratLineError(f"Text-bound annotation text {text!r} does not match {reftext!r}")
    if rest != "" and not rest[0].isspace():
        raise BratLineError(f"text {text!r} not separated from the rest of the line {rest!r}")
    return {"kind": "T", "type": type_, "spans": spans, "text": text, "deps": set()}


def brat_parse_relation(data):
    """Annotations._parse_relation_annotation."""
    try:
        type_delim = data.index(" ")
    except ValueError:
        raise BratLineError("a relation needs arguments")
    type_, type_tail = data[:type_delim], data[type_delim:]
    args = [tuple(arg.split(":")) for arg in type_tail.split()]
    if len(args) != 2:
        raise BratLineError("Error parsing relation: must have exactly two arguments")
    if any(len(a) != 2 for a in args):
        # brat unpacks args[i][0] and args[i][1]; anything else fails there.
        raise BratLineError(f"relation arguments {args} are not ROLE:ID")
    if args[0][0] == args[1][0]:
        raise BratLineError("Error parsing relation: arguments must not be identical")
    (arg1l, arg1), (arg2l, arg2) = args
    return {"kind": "R", "type": type_, "arg1l": arg1l, "arg1": arg1, "arg2l": arg2l,
            "arg2": arg2, "deps": {arg1, arg2}}


def brat_parse_comment(data):
    """Annotations._parse_comment_annotation: '#ID\\tTYPE TARGET\\tTEXT'."""
    try:
        type_, target = data.split()
    except ValueError:
        raise BratLineError(f"comment data {data!r} is not 'TYPE TARGET'")
    return {"kind": "#", "type": type_, "target": target, "deps": {target}}


def brat_read_ann(ck, ann_path, document_text):
    """Annotations._parse_ann_lines and _sanity; returns {id: annotation}."""
    # codecs' StreamReader.readlines: str.splitlines(keepends=True), which breaks at \n,
    # \r, \v, \f, \x1c-\x1e, \x85, \u2028 and \u2029.
    lines = ann_path.read_bytes().decode("utf-8").splitlines(keepends=True)
    by_id = {}
    for n, line in enumerate(lines, 1):
        where = f"{ann_path}:{n}"
        try:
            try:
                id_, id_tail = line.split("\t", 1)
            except ValueError:
                raise BratLineError("no tab after the id")
            pre = brat_id_prefix(id_)
            if id_ in by_id and pre != "*":
                raise BratLineError(f"duplicate id {id_}")
            if not brat_is_valid_id(id_):
                raise BratLineError(f"invalid id {id_!r}")
            try:
                data_delim = id_tail.index("\t")
                data, data_tail = id_tail[:data_delim], id_tail[data_delim:]
            except ValueError:
                data, data_tail = id_tail, ""
            first = pre[0]
            if first == "T":
                ann = brat_parse_textbound(data, data_tail, document_text)
            elif first == "R":
                ann = brat_parse_relation(data)
            elif first == "#":
                ann = brat_parse_comment(data)
            else:
                raise BratLineError(f"Marginalia writes no {first} lines")
        except BratLineError as e:
            ck.fail(where, f"brat cannot parse {line!r}: {e}")
            continue
        ann["line"] = where
        by_id[id_] = ann
        ck.count(f"brat {ann['kind']} lines")
    for id_, ann in by_id.items():  # _sanity: referenced IDs are defined
        for dep in ann["deps"]:
            if dep not in by_id:
                ck.fail(ann["line"], f"ID {dep} not defined, referenced from {id_}")
    for id_, ann in by_id.items():
        if ann["kind"] == "#" and ann["type"] == "AnnotatorNotes" and by_id.get(ann["target"], {}).get("kind") != "T":
            ck.fail(ann["line"], "note refers to no T line")
        if ann["kind"] == "T" and any("\n" in document_text[s:e] for s, e in ann["spans"]):
            ck.fail(ann["line"], "a piece holds a line break")
    return by_id


# brat: server/src/projectconfig.py

RESERVED_NAMES = ["ANY", "ENTITY", "RELATION", "EVENT", "NONE", "EMPTY", "REL-TYPE", "URL",
                  "URLBASE", "GLYPH-POS", "DEFAULT", "NORM", "OVERLAP", "OVL-TYPE", "INHERIT"]
RESERVED_STRINGS = ["<%s>" % n for n in RESERVED_NAMES]
SPECIAL_RELATION_TYPES = {"ENTITY-NESTING", "<OVERLAP>"}
OVERLAP_TYPE_ARG = "<OVL-TYPE>"


class BratConfigError(Exception):
    pass


def normalize_to_storage_form(t):
    n = t.replace(" ", "_")
    return re.sub(r"[^a-zA-Z0-9_-]", "_", n)


class TypeNode:
    """TypeHierarchyNode: terms, arguments (with repetition), special arguments."""

    def __init__(self, terms, args):
        if not terms or any(t == "" for t in terms):
            raise BratConfigError("empty term")
        self.unused = False
        for i, t in enumerate(terms):
            if t[0] == "!":
                terms[i] = t[1:]
                self.unused = True
        primary = terms[0] if terms[0] in SPECIAL_RELATION_TYPES else normalize_to_storage_form(terms[0])
        if primary != terms[0]:
            # brat warns and renames the type: an export must not rely on that.
            raise BratConfigError(f"term {terms[0]!r} is not in storage form (should match ^[a-zA-Z0-9_-]*$)")
        self.terms, self.storage_form = terms, primary
        self.arguments, self.special_arguments, self.arg_list = {}, {}, []
        for a in args:
            m = re.match(r"^(\S*?):(\S*)$", a.strip())
            if not m:
                raise BratConfigError(f"failed to parse argument {a!r}")
            key, atypes = m.groups()
            if key in RESERVED_STRINGS:
                self.special_arguments[key] = atypes.split("-") if key == "<REL-TYPE>" else [atypes]
                continue
            m = re.match(r"^(\S+?)(\{\S+\}|\?|\*|\+|)$", key)
            if not m:
                raise BratConfigError(f"error parsing argument {key!r}")
            key, rep = m.groups()
            if rep not in ("", "?", "*", "+") and not re.match(r"\{(\d+)(?:-(\d+))?\}$", rep):
                raise BratConfigError(f"error parsing range {rep!r}")
            if rep in ("*", "+") and key[-1].isdigit():
                raise BratConfigError(f"arguments ending with a digit cannot be repeated: {key + rep}")
            if key in self.arguments:
                raise BratConfigError(f"argument {key!r} appears multiple times")
            self.arg_list.append(key)
            for atype in atypes.split("|"):
                if atype.strip() == "":
                    raise BratConfigError(f"empty type for argument {a!r}")
                self.arguments.setdefault(key, []).append(atype)


def read_term_hierarchy(lines, section):
    """__read_term_hierarchy (flat: Marginalia writes no indented children)."""
    nodes, macros = [], {}
    for l in lines:
        if l.strip() == "" or re.match(r"^\s*#", l):
            continue
        if re.match(r"^\s*-+\s*$", l):
            continue
        m = re.match(r"^<([a-zA-Z_-]+)>=\s*(.*?)\s*$", l)
        if m:
            if m.group(1) in RESERVED_NAMES:
                raise BratConfigError(f"cannot redefine <{m.group(1)}>")
            macros["<%s>" % m.group(1)] = m.group(2)
            continue
        for name, value in macros.items():
            l = l.replace(name, value)
        for m in re.finditer(r"(<.*?>)", l):
            if m.group(1) not in RESERVED_STRINGS:
                raise BratConfigError(f"undefined macro {m.group(1)} in {l!r}")
        if section == "labels":
            m = re.match(r"^(\s*)([^\t]+)(?:\t(.*))?$", l)
        else:
            m = re.match(r"^(\s*)(\S+)(?:\s+(.*))?$", l)
        if not m:
            raise BratConfigError(f"error parsing line {l!r}")
        indent, terms, args = m.groups()
        if indent:
            raise BratConfigError(f"unexpected indent in {l!r}")
        terms = [t.strip() for t in terms.split("|") if t.strip() != ""]
        args = [] if args is None or args.strip() == "" else [a.strip() for a in args.split(",") if a.strip() != ""]
        nodes.append(TypeNode(terms, args))
    return nodes


def parse_brat_config(text, expected, optional=()):
    """__parse_configs: '[section]' lines, each section a term hierarchy."""
    section, lines = "general", {"general": []}
    for l in text.split("\n"):
        m = re.match(r"^\s*\[(.*)\]\s*$", l)
        if m:
            section = {"spans": "entities"}.get(m.group(1), m.group(1))
            if section not in expected:
                raise BratConfigError(f"unexpected section [{section}]")
            lines.setdefault(section, [])
        else:
            lines[section].append(l)
    configs = {s: read_term_hierarchy(ls, s) for s, ls in lines.items()}
    for s in expected:
        if s not in configs:
            if s not in optional:
                raise BratConfigError(f"missing section [{s}]")
            configs[s] = []
    return configs


class BratConfig:
    """The parts of ProjectConfiguration that verify_annotations.py uses."""

    def __init__(self, conf):
        self.entities = [n.storage_form for n in conf["entities"]]
        self.events = [n.storage_form for n in conf["events"]]
        self.relations = conf["relations"]
        self.relation_types = [r.storage_form for r in self.relations]

    def relations_by_arg(self, num, atype, include_special=False):
        """__directory_relations_by_arg_num."""
        rels = []
        for r in self.relations:
            if r.storage_form in SPECIAL_RELATION_TYPES and not include_special:
                continue
            if len(r.arg_list) != 2:
                continue
            for type_ in r.arguments[r.arg_list[num]]:
                if (type_ == atype or type_ == "<ANY>" or atype == "<ANY>"
                        or (type_ in self.entities and atype == "<ENTITY>")
                        or (type_ in self.events and atype == "<EVENT>")
                        or (atype in self.entities and type_ == "<ENTITY>")
                        or (atype in self.events and type_ == "<EVENT>")):
                    rels.append(r)
        return rels

    def relation_types_from_to(self, from_ann, to_ann):
        t2r = self.relations_by_arg(1, to_ann)
        return [r.storage_form for r in self.relations_by_arg(0, from_ann) if r in t2r]

    def overlap_types(self, inner, outer):
        t2r = self.relations_by_arg(1, outer, True)
        ovl = set()
        for r in self.relations_by_arg(0, inner, True):
            if r.storage_form == "<OVERLAP>" and r in t2r:
                for val in r.special_arguments.get(OVERLAP_TYPE_ARG, []):
                    ovl |= set(val.split("|"))
        return ovl

    def allowed(self, kind, t1, t2):
        return any(kind in o or "<ANY>" in o for o in (self.overlap_types(t1, t2), self.overlap_types(t2, t1)))


def check_brat(ck, folder):
    try:
        conf = parse_brat_config((folder / "annotation.conf").read_text(encoding="utf-8"),
                                 ("entities", "relations", "events", "attributes"))
        visual = parse_brat_config((folder / "visual.conf").read_text(encoding="utf-8"),
                                   ("options", "labels", "drawing"), optional=("options",))
    except BratConfigError as e:
        ck.fail(folder, f"brat cannot read its configuration: {e}")
        return
    config = BratConfig(conf)
    clash = set(config.entities) & set(config.relation_types)
    if clash:
        ck.fail(folder, f"relation types named like entity types: {sorted(clash)}")
    labelled = {n.storage_form for n in visual["labels"]}
    for t in config.entities + [r for r in config.relation_types if r not in SPECIAL_RELATION_TYPES]:
        if t not in labelled:
            ck.fail(folder / "visual.conf", f"no label for {t}")
    for ann_path in sorted(folder.glob("*.ann")):
        # TextAnnotations reads the .txt in binary mode and decodes it: no newline changes.
        text = ann_path.with_suffix(".txt").read_bytes().decode("utf-8")
        anns = brat_read_ann(ck, ann_path, text)
        textbounds = {i: a for i, a in anns.items() if a["kind"] == "T"}
        # verify_annotation_types
        for i, a in anns.items():
            if a["kind"] == "T" and a["type"] not in config.entities:
                ck.fail(a["line"], f"{a['type']} is not a known textbound type")
            if a["kind"] == "R" and a["type"] not in config.relation_types:
                ck.fail(a["line"], f"{a['type']} is not a known relation type")
        # verify_relations: the type must allow (arg1 type, arg2 type), labels as configured
        for i, r in anns.items():
            if r["kind"] != "R" or r["arg1"] not in textbounds or r["arg2"] not in textbounds:
                continue
            t1, t2 = textbounds[r["arg1"]]["type"], textbounds[r["arg2"]]["type"]
            confs = [c for c in config.relations if c.storage_form == r["type"] and not c.unused]
            ok = r["type"] in config.relation_types_from_to(t1, t2) and any(
                c.arg_list == [r["arg1l"], r["arg2l"]] for c in confs)
            if not ok:
                ck.fail(r["line"], f"{r['type']} relation {r['arg1l']}:{t1} {r['arg2l']}:{t2} not allowed")
            ck.count("brat relations verified")
        # verify_entity_overlap
        tbs = list(textbounds.values())
        for a1 in tbs:
            for a2 in tbs:
                if a1 is a2:
                    continue
                f1, l1 = min(s for s, _ in a1["spans"]), max(e for _, e in a1["spans"])
                f2, l2 = min(s for s, _ in a2["spans"]), max(e for _, e in a2["spans"])
                if not (f2 < l1 and l2 > f1):
                    continue
                contains = lambda x, y: all(any(ys >= xs and ye <= xe for xs, xe in x["spans"]) for ys, ye in y["spans"])
                if set(a1["spans"]) == set(a2["spans"]):
                    kind = "equal"
                elif contains(a2, a1) or contains(a1, a2):
                    kind = "contain"
                else:
                    kind = "cross"
                if not config.allowed(kind, a1["type"], a2["type"]):
                    ck.fail(a1["line"], f"{a1['type']} and {a2['type']} may not overlap ({kind})")


# ---------------------------------------------------------------------------------------
# CSV


def check_csv(ck, path):
    raw = path.read_bytes()
    if not raw.startswith(b"\xef\xbb\xbf"):
        ck.fail(path, "no UTF-8 byte-order mark")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    by_id = {(row["document_id"], row["id"]): row for row in rows}
    for row in rows:
        pieces = row["text"].split(" … ") if row["fragments"] else [row["text"]]
        if row["fragments"] and len(pieces) != len(row["fragments"].split(";")):
            ck.fail(path, f"row {row['id']}: {len(pieces)} texts for fragments {row['fragments']}")
        for piece in pieces:
            if piece and piece not in row["sentence"] and "\n" not in piece:
                ck.fail(path, f"text {piece!r} not in its sentence")
        if row["source_id"]:
            source = by_id.get((row["document_id"], row["source_id"]))
            if source is None:
                ck.fail(path, f"row {row['id']}: source {row['source_id']} is not a row of its document")
            elif source["text"] != row["source_text"]:
                ck.fail(path, f"row {row['id']}: source_text {row['source_text']!r} != {source['text']!r}")
            ck.count("csv linked rows")
        elif row["source_text"]:
            ck.fail(path, f"row {row['id']}: source_text without source_id")
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
    if NLP is None:
        print("note: spaCy is not installed; spans are checked by text[start:end] only")
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
