#!/usr/bin/env python3
"""Golden numbers for Marginalia's agreement measures.

Builds small cases (hand-made and random, including ones where a coefficient is
undefined), turns them into character units exactly as docs/agreement.md defines them,
computes the coefficients with the reference libraries and writes cases.json, which
tests/agreement_golden.rs reads (the Rust test does not need Python).

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install scikit-learn statsmodels krippendorff
    /tmp/venv/bin/python tests/golden/agreement/make_golden.py

Reference implementations:
  Cohen's kappa        sklearn.metrics.cohen_kappa_score
  Fleiss' kappa        statsmodels.stats.inter_rater.fleiss_kappa(aggregate_raters(...))
  Krippendorff's alpha krippendorff.alpha(level_of_measurement="nominal")
Span F1 (exact, overlap) has no reference library; it is computed here straight from its
definition, independently of the Rust code. Undefined values are written as null.
"""
import itertools
import json
import math
import random
import warnings
from importlib.metadata import version
from pathlib import Path

import krippendorff
import numpy as np
import sklearn
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters, fleiss_kappa

LABELS = ["claim", "quote", "figure", "attribution"]

# Unicode White_Space, as Rust's char::is_whitespace (Python's str.isspace also counts
# U+001C..U+001F, which Rust does not): such code points are not units.
WHITE_SPACE = set(
    [chr(c) for c in range(0x09, 0x0E)]
    + [" ", "\x85", "\xa0", "\u1680"]
    + [chr(c) for c in range(0x2000, 0x200B)]
    + ["\u2028", "\u2029", "\u202f", "\u205f", "\u3000"]
)


def unit_label(spans, i):
    """Label of the span covering code point i that starts first, the longer on a tie,
    then the label listed first; "O" if none."""
    covering = [s for s in spans if s[0] <= i < s[1]]
    if not covering:
        return "O"
    best = min(covering, key=lambda s: (s[0], -(s[1] - s[0]), LABELS.index(s[2])))
    return best[2]


def counted_documents(case):
    return [d for d in case["documents"] if set(case["annotators"]) <= set(d["done_by"])]


def units(case):
    """{annotator: [label per unit]} over the counted documents."""
    out = {a: [] for a in case["annotators"]}
    for doc in counted_documents(case):
        for i, ch in enumerate(doc["text"]):
            if ch in WHITE_SPACE:
                continue
            for a in case["annotators"]:
                out[a].append(unit_label(doc["spans"].get(a, []), i))
    return out


def finite(x):
    x = float(x)
    return x if math.isfinite(x) else None


def undefined_is_none(f):
    """Reference libraries signal an undefined coefficient by NaN, a warning or an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return finite(f())
        except (ValueError, ZeroDivisionError, IndexError):
            return None


def cohen(y1, y2):
    return undefined_is_none(lambda: cohen_kappa_score(y1, y2, replace_undefined_by=np.nan))


def coded(unit_labels, annotators):
    """Units × raters matrix of label indices ("O" is 0)."""
    cats = ["O"] + LABELS
    return np.array(
        [[cats.index(l) for l in unit_labels[a]] for a in annotators], dtype=float
    ).T.reshape(-1, len(annotators))


def fleiss(unit_labels, annotators):
    data = coded(unit_labels, annotators)
    return undefined_is_none(lambda: fleiss_kappa(aggregate_raters(data)[0], method="fleiss"))


def kripp(unit_labels, annotators):
    data = coded(unit_labels, annotators).T
    return undefined_is_none(
        lambda: krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    )


def span_set(case, annotator, label=None):
    return {
        (n, s, e, l)
        for n, doc in enumerate(case["documents"])
        if doc in counted_documents(case)
        for (s, e, l) in doc["spans"].get(annotator, [])
        if label is None or l == label
    }


def ratio(x, y):
    return x / y if y else None


def f1_numbers(a_spans, b_spans):
    exact = ratio(2 * len(a_spans & b_spans), len(a_spans) + len(b_spans))

    def matched(xs, ys):
        return sum(
            any(x[0] == y[0] and x[3] == y[3] and x[1] < y[2] and y[1] < x[2] for y in ys)
            for x in xs
        )

    ma, mb = matched(a_spans, b_spans), matched(b_spans, a_spans)
    precision, recall = ratio(mb, len(b_spans)), ratio(ma, len(a_spans))
    if not a_spans and not b_spans:
        f1 = None
    elif ma == 0 or mb == 0:
        f1 = 0.0
    else:
        f1 = 2 * precision * recall / (precision + recall)
    return {
        "spans_a": len(a_spans),
        "spans_b": len(b_spans),
        "span_f1_exact": exact,
        "span_f1_overlap": {"precision": precision, "recall": recall, "f1": f1},
    }


def expected(case):
    u = units(case)
    ann = case["annotators"]
    cats = ["O"] + LABELS
    pairs = []
    for a, b in itertools.combinations(ann, 2):
        confusion = [[0] * len(cats) for _ in cats]
        for x, y in zip(u[a], u[b]):
            confusion[cats.index(x)][cats.index(y)] += 1
        numbers = f1_numbers(span_set(case, a), span_set(case, b))
        numbers.update(
            a=a,
            b=b,
            cohen_kappa=cohen(u[a], u[b]),
            confusion=confusion,
            per_label=[
                dict(label=l, **f1_numbers(span_set(case, a, l), span_set(case, b, l)))
                for l in LABELS
            ],
        )
        pairs.append(numbers)
    return {
        "documents": len(counted_documents(case)),
        "units": len(u[ann[0]]),
        "fleiss_kappa": fleiss(u, ann),
        "krippendorff_alpha": kripp(u, ann),
        "pairs": pairs,
    }


def doc(text, spans, done_by=None):
    return {"text": text, "done_by": done_by if done_by is not None else list(spans), "spans": spans}


HAND_TEXT = "“Peace is near,” said 【Minister】 Ana Café — e\u0301 👍🏽 on 12 May: 40% agree."


def hand_made():
    t = HAND_TEXT
    at = t.index
    quote = (0, at("said") - 1, "quote")
    return [
        {
            "name": "hand-made: curly quotes, 【】, emoji, combining accent, nested and tied spans",
            "annotators": ["ada", "ben"],
            "documents": [
                doc(
                    t,
                    {
                        "ada": [
                            quote,
                            (at("said"), at("Ana") + 8, "attribution"),
                            (at("12"), at("12") + 6, "figure"),
                            (at("40%"), at("40%") + 3, "figure"),
                            # Same start, longer wins: the claim covers the figure.
                            (at("40%"), len(t) - 1, "claim"),
                        ],
                        "ben": [
                            quote,
                            # Same extent, two labels: the label listed first wins units.
                            (at("【"), at("】") + 1, "attribution"),
                            (at("【"), at("】") + 1, "quote"),
                            (at("e\u0301"), at("👍") + 2, "claim"),
                            (at("40%"), at("40%") + 3, "figure"),
                        ],
                    },
                )
            ],
        },
        {
            "name": "three annotators, one document not done by everyone (left out)",
            "annotators": ["ada", "ben", "cy"],
            "documents": [
                doc(t, {"ada": [(0, 10, "claim")], "ben": [(0, 10, "claim")], "cy": [(2, 12, "claim")]}),
                doc(
                    "Not counted — only ada and ben marked it done.",
                    {"ada": [(0, 3, "claim")], "ben": [(4, 11, "quote")]},
                    done_by=["ada", "ben"],
                ),
                doc(
                    "Le maire a dit « non » : 3 000 € 👍🏽.",
                    {
                        "ada": [(0, 8, "attribution"), (13, 22, "quote"), (25, 32, "figure")],
                        "ben": [(0, 8, "attribution"), (15, 20, "quote"), (25, 30, "figure")],
                        "cy": [(0, 12, "attribution"), (25, 32, "claim")],
                    },
                ),
            ],
        },
        {
            "name": "undefined: nobody tagged anything",
            "annotators": ["ada", "ben"],
            "documents": [doc("Nothing to see here — “really”.", {"ada": [], "ben": []})],
        },
        {
            "name": "undefined kappas: both tagged every unit with the same label",
            "annotators": ["ada", "ben", "cy"],
            "documents": [
                doc(
                    "【All claim】 e\u0301",
                    {"ada": [(0, 14, "claim")], "ben": [(0, 14, "claim")], "cy": [(0, 11, "claim"), (11, 14, "claim")]},
                )
            ],
        },
        {
            "name": "one annotator tagged nothing",
            "annotators": ["ada", "ben"],
            "documents": [doc("Figures: 42 and 7.", {"ada": [(9, 11, "figure"), (16, 17, "figure")], "ben": []})],
        },
        {
            "name": "undefined: no document done by everyone",
            "annotators": ["ada", "ben"],
            "documents": [doc("Done by one only.", {"ada": [(0, 4, "claim")], "ben": []}, done_by=["ada"])],
        },
    ]


ALPHABET = list("abcdefghij  —“”【】é") + ["e\u0301", "👍🏽", "\n", "\u3000", "7"]


def random_case(seed, n_annotators, n_docs):
    rng = random.Random(seed)
    annotators = ["ada", "ben", "cy", "dee"][:n_annotators]
    docs = []
    for _ in range(n_docs):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(20, 120)))
        n = len(text)
        base = [
            (s, min(n, s + rng.randint(1, 15)), rng.choice(LABELS))
            for s in sorted(rng.sample(range(n - 1), rng.randint(0, 6)))
        ]
        spans = {}
        for a in annotators:
            mine = []
            for s, e, l in base:
                r = rng.random()
                if r < 0.5:
                    mine.append((s, e, l))  # agree
                elif r < 0.65:
                    mine.append((s, e, rng.choice(LABELS)))  # maybe another label
                elif r < 0.85:
                    s2 = max(0, s + rng.randint(-3, 3))
                    e2 = min(n, max(s2 + 1, e + rng.randint(-3, 3)))
                    mine.append((s2, e2, l))  # moved boundary
                # else: missed
            if rng.random() < 0.3:
                s = rng.randrange(n - 1)
                mine.append((s, min(n, s + rng.randint(1, 10)), rng.choice(LABELS)))
            spans[a] = mine
        done_by = annotators if rng.random() < 0.85 else annotators[:-1]
        docs.append(doc(text, spans, done_by=list(done_by)))
    return {"name": f"random seed {seed}: {n_annotators} annotators, {n_docs} documents", "annotators": annotators, "documents": docs}


def main():
    cases = hand_made() + [
        random_case(1, 2, 4),
        random_case(2, 3, 6),
        random_case(3, 4, 8),
        random_case(4, 2, 12),
        random_case(5, 3, 10),
    ]
    for case in cases:
        for d in case["documents"]:
            d["spans"] = {a: [list(s) for s in v] for a, v in d["spans"].items()}
        case["labels"] = LABELS
        case["expected"] = expected(case)
    out = {
        "generated_by": "tests/golden/agreement/make_golden.py",
        "libraries": {
            "scikit-learn": sklearn.__version__,
            "statsmodels": version("statsmodels"),
            "krippendorff": version("krippendorff"),
            "numpy": np.__version__,
        },
        "cases": cases,
    }
    path = Path(__file__).with_name("cases.json")
    path.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(cases)} cases to {path}")


if __name__ == "__main__":
    main()
