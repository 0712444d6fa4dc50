#!/usr/bin/env python3
"""Checks `marginalia agree --json` on a real project against the reference libraries.

    marginalia export P.ron --format jsonl --out P.jsonl
    marginalia stats P.ron --json > stats.json
    marginalia agree P.ron --json > agree.json
    python3 tests/python/check_sample_agreement.py P.jsonl stats.json agree.json

Character units are built independently here (the rules of docs/agreement.md, as in
tests/golden/agreement/make_golden.py) from the jsonl export, over the documents that
every annotator marked done (from `stats --json`), and Cohen's kappa (scikit-learn),
Fleiss' kappa (statsmodels) and Krippendorff's alpha (krippendorff, nominal) must equal
Marginalia's to 1e-9. Needs: pip install scikit-learn statsmodels krippendorff
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


def main(export, stats, agree):
    report = json.loads(Path(agree).read_text(encoding="utf-8"))
    names = report["annotators"]
    done = {d["id"]: set(d["done_by"]) for d in json.loads(Path(stats).read_text(encoding="utf-8"))["per_document"]}
    per = {n: [] for n in names}
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
                spans[a["annotator"]].append((a["start"], a["end"], a["label"]))
        for i, ch in enumerate(text):
            if ch in WHITE_SPACE:
                continue
            for n in names:
                per[n].append(unit_label(spans[n], i))
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
    bad = 0
    for what, (ref, got) in mine.items():
        ok = abs(float(ref) - float(got)) <= 1e-9
        bad += not ok
        print(f"{what:10} reference {ref!r:<22} marginalia {got!r:<22} {'ok' if ok else 'MISMATCH'}")
    print(f"{len(mine) - bad} passed, {bad} failed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
