"""Build the optional CRF attribution tagger from PolNeAR train (user side; the weights are never shipped).

PolNeAR has no licence (evaluation/research use only), so kennan does not distribute a model derived
from it. This script builds one where the data is, and kennan loads it from a path:
``python bench/attribution.py --crf MODEL`` (bench) or ``kennan.extract.learned.CRFTagger(MODEL)``.

Training units: paragraphs of ../shared/data/quotes/polnear/data/train (one annotator per article: the
first .ann in sorted order), tokenized and parsed by spaCy; BIO labels for source/cue/content from the
brat spans; features from kennan.extract.learned (including the rules' own labels, i.e. stacking).
Tune on dev only: ``python bench/attribution.py --split valid --crf MODEL``.

    python bench/train_attribution.py [--data ../shared/data] [--out bench/out/attribution.crfsuite]
                                      [--c1 0.05] [--c2 0.01] [--iterations 150] [--limit N] [--json]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
ROLE = {"Source": "source", "Cue": "cue", "Content": "content"}


def read_ann(path: Path) -> list[tuple[str, int, int]]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("T"):
            continue
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        typ, _, spans = parts[1].partition(" ")
        if typ not in ROLE:
            continue
        for frag in spans.split(";"):
            a, b = frag.split()
            out.append((ROLE[typ], int(a), int(b)))
    return out


def articles(folder: Path, limit: int | None) -> list[tuple[str, list]]:
    anns: dict[str, Path] = {}
    for p in sorted((folder / "attributions").glob("*.ann")):
        art = p.stem.rsplit("_", 1)[0]
        anns.setdefault(art, p)
    out = []
    for art, p in sorted(anns.items()):
        t = folder / "text" / f"{art}.txt"
        if t.is_file():
            out.append((t.read_text(encoding="utf-8"), read_ann(p)))
    return out[:limit] if limit else out


def _units(text: str, spans) -> list[tuple[str, list]]:
    out, pos = [], 0
    for para in text.split("\n"):
        a, b = pos, pos + len(para)
        pos = b + 1
        if not para.strip():
            continue
        inside = [(r, max(s, a) - a, min(e, b) - a) for r, s, e in spans if s < b and a < e]
        out.append((para, inside))
    return out


def _work(batch):
    from kennan.extract.learned import features, mark_bio
    from kennan.extract.nlp import load_english

    nlp = load_english()
    res = []
    units = [u for text, spans in batch for u in _units(text, spans)]
    for (para, spans), sdoc in zip(units, nlp.pipe((u[0] for u in units), batch_size=32)):
        res.append((features(sdoc), mark_bio(["O"] * len(sdoc), sdoc, spans)))
    return res


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    ap.add_argument("--out", default=str(ROOT / "bench" / "out" / "attribution.crfsuite"))
    ap.add_argument("--c1", type=float, default=0.05)
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--iterations", type=int, default=150)
    ap.add_argument("--limit", type=int, default=None, help="First N train articles only.")
    ap.add_argument("--processes", type=int, default=min(2, os.cpu_count() or 1))
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args(argv)
    folder = Path(a.data) / "quotes" / "polnear" / "data" / "train"
    if not folder.is_dir():
        print(f"skipped: {folder} not found (pass --data)")
        return 0
    import pycrfsuite

    t0 = time.perf_counter()
    arts = articles(folder, a.limit)
    batches = [arts[i:i + 20] for i in range(0, len(arts), 20)]
    trainer = pycrfsuite.Trainer(verbose=False)
    n_units = n_tokens = 0
    with mp.get_context("fork").Pool(a.processes) as pool:
        for res in pool.imap_unordered(_work, batches):
            for x, y in res:
                trainer.append(x, y)
                n_units += 1
                n_tokens += len(y)
    t_feat = time.perf_counter() - t0
    trainer.set_params({"c1": a.c1, "c2": a.c2, "max_iterations": a.iterations,
                        "feature.possible_transitions": True})
    Path(a.out).parent.mkdir(parents=True, exist_ok=True)
    trainer.train(a.out)
    out = {"bench": "train_attribution", "articles": len(arts), "units": n_units, "tokens": n_tokens,
           "c1": a.c1, "c2": a.c2, "iterations": a.iterations, "features_seconds": round(t_feat, 1),
           "train_seconds": round(time.perf_counter() - t0 - t_feat, 1), "model": a.out}
    print(json.dumps(out) if a.json else "\n".join(f"{k:18} {v}" for k, v in out.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
