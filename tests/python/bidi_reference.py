"""The visual order of laid-out lines by an independent UAX #9 implementation.

python-bidi ships two: `bidi.get_display` wraps the Rust unicode-bidi crate that the
reader itself uses, so it proves nothing; `bidi.algorithm` is the older pure-Python one,
with Python's own Unicode tables. This uses the latter: levels are resolved over the whole
paragraph (rules X1-I2), then each line is reordered on its own (rules L1 and L2), as a
renderer does after breaking lines.

Input (stdin, JSON): [{"text": paragraph, "rtl": bool, "lines": [[start, end], ...]}, ...]
with code-point offsets into the paragraph. Output (stdout, JSON): for each paragraph, for
each line, the paragraph offsets of its characters from left to right. Characters that
rule X9 removes (ZWJ, ZWNJ and other format characters) are left out.
"""
import json
import sys

from bidi import algorithm as uax9


def line_orders(text, rtl, lines):
    storage = uax9.get_empty_storage()
    storage["base_level"] = 1 if rtl else 0
    storage["base_dir"] = "R" if rtl else "L"
    uax9.get_embedding_levels(text, storage, debug=False)
    for i, ch in enumerate(storage["chars"]):
        ch["index"] = i  # survives rule X9, which drops some characters
    uax9.explicit_embed_and_overrides(storage, debug=False)
    uax9.resolve_weak_types(storage, debug=False)
    uax9.resolve_neutral_types(storage, debug=False)
    uax9.resolve_implicit_levels(storage, debug=False)
    chars = storage["chars"]
    out = []
    for start, end in lines:
        line = {
            "base_level": storage["base_level"],
            "base_dir": storage["base_dir"],
            "chars": [dict(c) for c in chars if start <= c["index"] < end],
            "runs": storage["runs"],
        }
        uax9.reorder_resolved_levels(line, debug=False)
        out.append([c["index"] for c in line["chars"]])
    return out


def main():
    paragraphs = json.load(sys.stdin)
    json.dump([line_orders(p["text"], p["rtl"], p["lines"]) for p in paragraphs], sys.stdout)


if __name__ == "__main__":
    main()
