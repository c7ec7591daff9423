"""Per-type precision/recall of kennan.drift on our own labelled political pairs.

Imported by bench/drift.py (``pairs`` section) and by tests/test_drift_pairs.py.
The pairs live in tests/data/drift_pairs.yaml (written by the team; split into
``dev``, used for tuning, and ``heldout``, used only for reporting).
"""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
PAIRS = ROOT / "tests" / "data" / "drift_pairs.yaml"


def load_pairs(path: Path = PAIRS) -> list[dict]:
    """The labelled pairs (id, split, source, target, labels)."""
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))["pairs"]


def compare_pair(p: dict, focus: bool = True):
    """``kennan.drift.compare`` on one pair, the source first focused as a trace hop does.

    Hops go through ``compare_statements``, which cuts a multi-sentence source to
    the sentences the retelling uses (``kennan.drift.focus``); the pairs are
    scored the same way so that the bench measures what users get.
    """
    from kennan.drift import compare
    from kennan.drift.focus import focused_text

    src = focused_text(p["source"], p["target"]) if focus else p["source"]
    return compare(src, p["target"])


def evaluate(pairs: list[dict], focus: bool = True) -> dict:
    """Run drift on every pair; per-type precision/recall/F1 over pair-level type sets.

    A type counts as predicted on a pair when at least one finding of that type
    was made; gold is the pair's label list. ``faithful`` is scored as a type
    of its own (predicted: no finding; gold: empty label list).
    """
    from kennan.drift import FINDING_TYPES

    types = list(FINDING_TYPES) + ["faithful"]
    tp = dict.fromkeys(types, 0)
    fp = dict.fromkeys(types, 0)
    fn = dict.fromkeys(types, 0)
    errors = []
    scores = []
    for p in pairs:
        r = compare_pair(p, focus)
        pred = set(r.types) or {"faithful"}
        gold = set(p["labels"]) or {"faithful"}
        for t in types:
            if t in pred and t in gold:
                tp[t] += 1
            elif t in pred:
                fp[t] += 1
            elif t in gold:
                fn[t] += 1
        if pred != gold:
            errors.append({"id": p["id"], "missed": sorted(gold - pred), "extra": sorted(pred - gold)})
        scores.append((r.score, 0 if gold == {"faithful"} else 1))
    per_type = {}
    for t in types:
        support = tp[t] + fn[t]
        if support == 0 and fp[t] == 0:
            continue
        prec = tp[t] / (tp[t] + fp[t]) if tp[t] + fp[t] else 0.0
        rec = tp[t] / support if support else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per_type[t] = {"precision": round(prec, 3), "recall": round(rec, 3), "f1": round(f1, 3),
                       "support": support, "predicted": tp[t] + fp[t]}
    mtp, mfp, mfn = (sum(d[t] for t in FINDING_TYPES) for d in (tp, fp, fn))
    micro_p = mtp / (mtp + mfp) if mtp + mfp else 0.0
    micro_r = mtp / (mtp + mfn) if mtp + mfn else 0.0
    brier = sum((s - y) ** 2 for s, y in scores) / len(scores) if scores else 0.0
    return {
        "pairs": len(pairs),
        "exact_match": round(sum(1 for p in pairs if p["id"] not in {e["id"] for e in errors}) / len(pairs), 3),
        "micro_precision": round(micro_p, 3), "micro_recall": round(micro_r, 3),
        "micro_f1": round(2 * micro_p * micro_r / (micro_p + micro_r), 3) if micro_p + micro_r else 0.0,
        "hop_score_brier": round(brier, 4),
        "per_type": per_type,
        "errors": errors,
    }


def calibrate(pairs: list[dict]) -> dict:
    """Fit the hop-score logistic regression on ``pairs`` and write calibration.json."""
    from kennan.drift.calibration import FEATURES, features, fit, save

    rows, ys = [], []
    for p in pairs:
        r = compare_pair(p)
        rows.append(features(r.findings))
        ys.append(0 if not p["labels"] else 1)
    b, w = fit(rows, ys)
    path = save(b, w, {
        "method": "L2 logistic regression (numpy Newton/IRLS, l2=0.1 on coefficients, intercept unpenalised)",
        "fitted_on": f"tests/data/drift_pairs.yaml split=dev ({len(ys)} pairs, {sum(ys)} distorted)",
        "features": list(FEATURES),
    })
    return {"calibration_file": str(path.relative_to(ROOT)), "intercept": round(b, 4),
            "coef": dict(zip(FEATURES, [round(x, 4) for x in w]))}
