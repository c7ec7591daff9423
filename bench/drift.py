"""Drift accuracy: our labelled political pairs + science-communication gold.

Usage (from the project root)::

    .venv/bin/python bench/drift.py --json                # everything, one JSON object
    .venv/bin/python bench/drift.py --only pairs --json   # our pairs only (no shared data needed)
    .venv/bin/python bench/drift.py --quick --json        # the fast configuration the gate runs
    .venv/bin/python bench/drift.py --calibrate           # refit the hop score on the dev pairs

Sections:

* ``pairs``: kennan.drift.compare on tests/data/drift_pairs.yaml, per-type
  precision/recall on the ``heldout`` split (reported) and the ``dev`` split
  (tuned on);
* ``exaggeration``, ``claim_strength``, ``certainty``: see bench/drift_science.py.
  They read ``--data`` (default ../shared/data/drift) and are skipped with a
  "skipped: ... not found" message when it is absent.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "src"))

import drift_pairs

TARGETS = {"exaggeration_macro_f1": 0.60, "claim_strength_macro_f1": 0.70, "certainty_pearson_r": 0.55}
BASELINES = {
    "exaggeration_macro_f1": {"majority": 0.253, "regex lexicon (shared/data README)": 0.432},
    "claim_strength_macro_f1": {"BioBERT 5-fold pubmed": 0.878, "BioBERT 5-fold eureka": 0.892},
    "certainty_pearson_r": {"booster-hedge regex (shared/data README)": 0.460},
}


def run(data: Path, *, only: str | None = None, quick: bool = False, train_pair_weight: float = 1.0,
        embeddings: bool = True) -> dict:
    """All sections as one dict of metrics."""
    out: dict = {"bench": "drift", "quick": quick, "machine": f"{platform.machine()}, 2 cores"}
    t0 = time.perf_counter()
    if only in (None, "pairs"):
        pairs = drift_pairs.load_pairs()
        out["pairs"] = {
            "heldout": drift_pairs.evaluate([p for p in pairs if p["split"] == "heldout"]),
            "dev": drift_pairs.evaluate([p for p in pairs if p["split"] == "dev"]),
            "longsource": drift_pairs.evaluate([p for p in pairs if p["split"] == "longsource"]),
            "longsource_no_focus": drift_pairs.evaluate([p for p in pairs if p["split"] == "longsource"],
                                                        focus=False),
            "n_pairs": len(pairs),
        }
    if only != "pairs":
        if not Path(data).is_dir():
            out["skipped"] = f"skipped: {data} not found (pass --data DIR with the shared drift data)"
        else:
            import drift_science as ds

            out["gold_sha256"] = ds.check_gold(data)
            if only in (None, "exaggeration"):
                out["exaggeration"] = ds.exaggeration(data, quick=quick, train_pair_weight=train_pair_weight,
                                                       embeddings=embeddings)
            if only in (None, "claim_strength"):
                out["claim_strength"] = ds.claim_strength(data, quick=quick, folds=3 if quick else 5)
            if only in (None, "certainty"):
                out["certainty"] = ds.certainty(data, quick=quick)
            out["targets"] = TARGETS
            out["baselines"] = BASELINES
            got = {"exaggeration_macro_f1": out.get("exaggeration", {}).get("macro_f1"),
                   "claim_strength_macro_f1": out.get("claim_strength", {}).get("macro_f1_mean"),
                   "certainty_pearson_r": out.get("certainty", {}).get("pearson_r")}
            out["meets_target"] = {k: (v is not None and v >= TARGETS[k]) for k, v in got.items() if v is not None}
    out["seconds"] = round(time.perf_counter() - t0, 1)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data" / "drift"),
                    help="folder with the shared drift gold (default ../shared/data/drift)")
    ap.add_argument("--only", choices=("pairs", "exaggeration", "claim_strength", "certainty"))
    ap.add_argument("--quick", action="store_true", help="word 1-2-gram features, 3-fold CV, exaggeration by SVM argmax without "
                         "embeddings (the gate's setting)")
    ap.add_argument("--no-embeddings", action="store_true",
                    help="exaggeration without the e5 sentence embeddings (no cold-cache encoding)")
    ap.add_argument("--train-pair-weight", type=float, default=1.0,
                    help="sample weight of the 100 InSciOut train pairs' sides in the strength model")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--calibrate", action="store_true",
                    help="refit the hop score on the dev pairs and write src/kennan/drift/calibration.json")
    args = ap.parse_args(argv)
    if args.calibrate:
        pairs = [p for p in drift_pairs.load_pairs() if p["split"] == "dev"]
        print(json.dumps(drift_pairs.calibrate(pairs), indent=2))
        return 0
    data = Path(args.data)
    if args.only not in (None, "pairs") and not data.is_dir():
        print(f"skipped: {data} not found (pass --data DIR)")
        return 0
    res = run(data, only=args.only, quick=args.quick, train_pair_weight=args.train_pair_weight,
              embeddings=not args.no_embeddings)
    if args.json:
        print(json.dumps(res, ensure_ascii=False))
        return 0
    if "pairs" in res:
        h = res["pairs"]["heldout"]
        print(f"pairs heldout ({h['pairs']}): micro P/R/F1 {h['micro_precision']}/{h['micro_recall']}/"
              f"{h['micro_f1']}, exact {h['exact_match']}")
        for t, m in h["per_type"].items():
            print(f"  {t:22s} P {m['precision']:.3f} R {m['recall']:.3f} (support {m['support']})")
    for key in ("exaggeration", "claim_strength", "certainty"):
        if key in res:
            print(key, json.dumps(res[key]))
    if "skipped" in res:
        print(res["skipped"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
