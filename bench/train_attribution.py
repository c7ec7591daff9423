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
                                      [--features 2] [--trim-cues] [--cache] [--dev]

``--cache`` keeps the spaCy parses of train (and of the CofeNet dev/test units) in bench/out/attr/
(git-ignored), so feature experiments re-run only features + training; ``--dev`` scores the model on
valid.txt after training (CRF alone, and CRF + rules where the CRF has nothing).
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
sys.path.insert(0, str(ROOT / "bench"))
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


def _work(job):
    from kennan.extract.learned import features_for, mark_bio
    from kennan.extract.nlp import load_english

    batch, version = job
    features = features_for(version)
    nlp = load_english()
    res = []
    units = [u for text, spans in batch for u in _units(text, spans)]
    for (para, spans), sdoc in zip(units, nlp.pipe((u[0] for u in units), batch_size=32)):
        res.append((features(sdoc), mark_bio(["O"] * len(sdoc), sdoc, spans)))
    return res


def _cached_units(folder: Path, limit: int | None, version: int):
    """(features, labels) per train paragraph from the parse cache in bench/out/attr/ (built on first use)."""
    from _attr_cache import parsed, rule_labels_cached
    from kennan.extract.learned import features_for, mark_bio
    from kennan.extract.nlp import load_english
    from kennan.registry import method

    arts = articles(folder, None)
    units = [u for text, spans in arts for u in _units(text, spans)]
    docs = parsed("polnear_train", [u[0] for u in units], load_english(), batch_size=32)
    rules = rule_labels_cached("polnear_train", docs, method("extract"))
    n = len(docs)
    if limit:  # the first `limit` articles' paragraphs
        n = sum(len(_units(text, spans)) for text, spans in arts[:limit])
    feat = features_for(version)
    for (para, spans), sdoc, r in zip(units[:n], docs[:n], rules[:n]):
        yield feat(sdoc, r), mark_bio(["O"] * len(sdoc), sdoc, spans)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    ap.add_argument("--out", default=str(ROOT / "bench" / "out" / "attribution.crfsuite"))
    ap.add_argument("--c1", type=float, default=0.05)
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--iterations", type=int, default=150)
    ap.add_argument("--limit", type=int, default=None, help="First N train articles only.")
    ap.add_argument("--features", type=int, default=2, choices=[1, 2], help="Feature set version (learned.py).")
    ap.add_argument("--trim-cues", action="store_true",
                    help="Record in the model's sidecar that tagged cues are trimmed to their verb.")
    ap.add_argument("--cache", action="store_true",
                    help="Parse once into bench/out/attr/ (git-ignored) and reuse the parses next time.")
    ap.add_argument("--dev", action="store_true", help="After training, score the model on dev (valid.txt).")
    ap.add_argument("--processes", type=int, default=min(2, os.cpu_count() or 1))
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args(argv)
    folder = Path(a.data) / "quotes" / "polnear" / "data" / "train"
    if not folder.is_dir():
        print(f"skipped: {folder} not found (pass --data)")
        return 0
    import pycrfsuite

    t0 = time.perf_counter()
    trainer = pycrfsuite.Trainer(verbose=False)
    n_units = n_tokens = 0
    if a.cache:
        for x, y in _cached_units(folder, a.limit, a.features):
            trainer.append(x, y)
            n_units += 1
            n_tokens += len(y)
        n_arts = len(articles(folder, a.limit))
    else:
        arts = articles(folder, a.limit)
        n_arts = len(arts)
        batches = [(arts[i:i + 20], a.features) for i in range(0, len(arts), 20)]
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
    meta = {"features": a.features, "trim_cues": a.trim_cues, "c1": a.c1, "c2": a.c2, "iterations": a.iterations,
            "articles": n_arts}
    Path(a.out + ".json").write_text(json.dumps(meta), encoding="utf-8")
    out = {"bench": "train_attribution", "articles": n_arts, "units": n_units, "tokens": n_tokens,
           "c1": a.c1, "c2": a.c2, "iterations": a.iterations, "features": a.features,
           "features_seconds": round(t_feat, 1), "train_seconds": round(time.perf_counter() - t0 - t_feat, 1),
           "model": a.out}
    if a.dev:
        import attribution

        dev = Path(a.data) / "quotes" / "polnear-cofenet" / "valid.txt"
        out["dev"] = {"crf_only": attribution.polnear(dev, None, a.out, cache=True, crf_only=True)["exact"],
                      "crf_rules": attribution.polnear(dev, None, a.out, cache=True)["exact"]}
    print(json.dumps(out) if a.json else "\n".join(f"{k:18} {v}" for k, v in out.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
