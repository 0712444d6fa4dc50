#!/usr/bin/env python3
"""Checks `marginalia agree --json` on a real project against the reference libraries.

    marginalia export P.ron --format jsonl --out P.jsonl
    marginalia stats P.ron --json > stats.json
    marginalia agree P.ron --json > agree.json
    python3 tests/python/check_sample_agreement.py P.jsonl stats.json agree.json

Character units are built independently here (the rules of docs/agreement.md, as in
tests/golden/agreement/make_golden.py, where a split span covers only its `fragments`)
from the jsonl export, over the documents that
every annotator marked done (from `stats --json`), and Cohen's kappa (scikit-learn),
Fleiss' kappa (statsmodels) and Krippendorff's alpha (krippendorff, nominal) must equal
Marginalia's to 1e-9. Link F1 (overall and per pair) is recomputed from the export's
`relations`: a link is (document, content pieces and label, source pieces and label, type).
Needs: pip install scikit-learn statsmodels krippendorff
"""
import json
import sys
from pathlib import Path

import krippendorff
import numpy as np
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters, fleiss_kappa

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "golden" / "agreement"))
from make_golden import LABELS, WHITE_SPACE, unit_label  # noqa: E402


def unit_label_of_pieces(spans, i):
    """unit_label over (start, end, label, pieces) spans: a split span covers only its
    pieces, not the gap between them, but ranks by its whole extent."""
    covering = [(s, e, l) for (s, e, l, pieces) in spans if any(ps <= i < pe for ps, pe in pieces)]
    return unit_label(covering, i)


def main(export, stats, agree):
    report = json.loads(Path(agree).read_text(encoding="utf-8"))
    names = report["annotators"]
    done = {d["id"]: set(d["done_by"]) for d in json.loads(Path(stats).read_text(encoding="utf-8"))["per_document"]}
    per = {n: [] for n in names}
    links = {n: set() for n in names}
    has_relations = False
    counted = 0
    for line in Path(export).read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        if not set(names) <= done[rec["id"]]:
            continue
        counted += 1
        text = rec["text"]
        spans = {n: [] for n in names}
        for a in rec["annotations"]:
            if a["annotator"] in spans:
                assert text[a["start"]:a["end"]] == a["text"], "offsets are Python's"
                pieces = a.get("fragments") or [[a["start"], a["end"]]]
                spans[a["annotator"]].append((a["start"], a["end"], a["label"], pieces))
        has_relations = has_relations or "relations" in rec
        end = {
            a["id"]: (a["annotator"], tuple(map(tuple, a.get("fragments") or [[a["start"], a["end"]]])), a["label"])
            for a in rec["annotations"]
        }
        for r in rec.get("relations", []):
            (who, content, content_label), (_, source, source_label) = end[r["from_id"]], end[r["to_id"]]
            if who in links:
                links[who].add((rec["id"], content, content_label, source, source_label, r["type"]))
        for i, ch in enumerate(text):
            if ch in WHITE_SPACE:
                continue
            for n in names:
                per[n].append(unit_label_of_pieces(spans[n], i))
    cats = ["O"] + LABELS
    codes = {n: [cats.index(x) for x in per[n]] for n in names}
    mine = {
        "documents": (counted, report["documents"]),
        "units": (len(per[names[0]]), report["units"]),
        "cohen": (cohen_kappa_score(codes[names[0]], codes[names[1]]), report["pairs"][0]["cohen_kappa"]),
        "fleiss": (fleiss_kappa(aggregate_raters(np.array([codes[n] for n in names]).T)[0]), report["fleiss_kappa"]),
        "alpha": (
            krippendorff.alpha(reliability_data=np.array([codes[n] for n in names], dtype=float), level_of_measurement="nominal"),
            report["krippendorff_alpha"],
        ),
    }
    if has_relations:
        pairs = [(a, b) for i, a in enumerate(names) for b in names[i + 1 :]]
        agreed = [len(links[a] & links[b]) for a, b in pairs]
        sizes = [len(links[a]) + len(links[b]) for a, b in pairs]
        f1 = lambda n, d: 2 * n / d if d else None  # noqa: E731
        mine["link F1"] = (f1(sum(agreed), sum(sizes)), report["link_f1"]["f1"])
        mine["link F1 ab"] = (f1(agreed[0], sizes[0]), report["pairs"][0]["link_f1"]["f1"])
        mine["links"] = ([len(links[n]) for n in names], report["links"])
    else:
        print("the export has no relations: link F1 not checked")
    bad = 0
    for what, (ref, got) in mine.items():
        if isinstance(ref, list) or ref is None or got is None:
            ok = ref == got
        else:
            ok = abs(float(ref) - float(got)) <= 1e-9
        bad += not ok
        print(f"{what:10} reference {ref!r:<22} marginalia {got!r:<22} {'ok' if ok else 'MISMATCH'}")
    print(f"{len(mine) - bad} passed, {bad} failed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
