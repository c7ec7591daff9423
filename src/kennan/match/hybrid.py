"""Fusing the lexical and dense channels, and an optional re-ranker.

Retrieval gathers candidates from both channels (BM25 top-k and dense top-k),
fills in every candidate's exact cosine, and ranks by a fused score:

- weighted score fusion (default): ``w * cosine + (1 - w) * bm25 / max_bm25``,
  where ``max_bm25`` is the best BM25 score of this query (so the lexical part
  lies in [0, 1]); candidates BM25 did not return get 0 there. ``w`` is tuned
  on CheckThat! dev (see ``bench/retrieval.py``), never on test.
- reciprocal rank fusion: ``sum 1 / (k + rank)`` over the channels (k = 60).

:class:`Reranker` re-scores the top candidates with a logistic model over
features the published CheckThat! winners used (BM25, cosine, rank, entity,
number and date overlap), fitted on train/dev.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .lexical import query_terms

#: Weight of the dense channel in weighted fusion (tuned on CheckThat! 2020+2022 dev).
DEFAULT_WEIGHT = 0.8
RRF_K = 60


@dataclass(frozen=True, slots=True)
class Fused:
    """One fused candidate: its key and every channel's score."""

    key: int
    score: float
    bm25: float
    bm25_norm: float
    cosine: float
    lex_rank: int | None
    dense_rank: int | None


def fuse(lex: Mapping[int, float], cos: Mapping[int, float], *, weight: float = DEFAULT_WEIGHT,
         method: str = "weighted", dense_order: Sequence[int] | None = None) -> list[Fused]:
    """Fuse BM25 scores ``lex`` and cosines ``cos`` (key -> score), best first.

    ``cos`` should hold the cosine of every candidate (lexical ones included);
    ``dense_order`` is the dense channel's own ranking (for ranks and RRF),
    by default ``cos`` sorted.
    """
    keys = list(dict.fromkeys([*lex, *cos]))
    top_bm25 = max(lex.values(), default=0.0)
    lex_rank = {k: i for i, k in enumerate(sorted(lex, key=lambda k: -lex[k]))}
    order = list(dense_order) if dense_order is not None else sorted(cos, key=lambda k: -cos[k])
    dense_rank = {k: i for i, k in enumerate(order)}
    out = []
    for k in keys:
        b = float(lex.get(k, 0.0))
        bn = b / top_bm25 if top_bm25 > 0 else 0.0
        c = float(cos.get(k, 0.0))
        if method == "rrf":
            s = sum(1.0 / (RRF_K + r + 1) for r in (lex_rank.get(k), dense_rank.get(k)) if r is not None)
        else:
            s = weight * c + (1.0 - weight) * bn
        out.append(Fused(int(k), s, b, bn, c, lex_rank.get(k), dense_rank.get(k)))
    out.sort(key=lambda f: (-f.score, f.key))
    return out


# re-ranker ----------------------------------------------------------------------
_NUM = re.compile(r"\d+(?:[.,]\d+)?")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_MONTHS = ("january february march april may june july august september october november december "
           "января февраля марта апреля мая июня июля августа сентября октября ноября декабря").split()
_CAP = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-ZА-ЯЁІЇЄ][\w'’-]+)")

FEATURES = ("fused", "cosine", "bm25_norm", "inv_rank", "cos_gap", "inv_lex_rank", "term_jaccard",
            "term_cover", "num_overlap", "num_missing", "entity_overlap", "date_overlap")


def _nums(text: str) -> set[str]:
    return {n.replace(",", ".") for n in _NUM.findall(text)}


def _dates(text: str) -> set[str]:
    low = text.lower()
    return set(_YEAR.findall(text)) | {m for m in _MONTHS if m in low}


def _entities(text: str) -> set[str]:
    return {m.lower() for m in _CAP.findall(text) if m.lower() not in ("i", "the", "a")}


def pair_features(query: str, doc: str, cand: Fused, best_cos: float) -> list[float]:
    """Features of one (query, candidate) pair, in :data:`FEATURES` order."""
    qt, dt = set(query_terms(query)), set(query_terms(doc))
    inter = len(qt & dt)
    qn, dn = _nums(query), _nums(doc)
    qe, de = _entities(query), _entities(doc)
    qd, dd = _dates(query), _dates(doc)
    return [
        cand.score,
        cand.cosine,
        cand.bm25_norm,
        1.0 / (1.0 + (cand.dense_rank if cand.dense_rank is not None else 100)),
        cand.cosine - best_cos,
        1.0 / (1.0 + (cand.lex_rank if cand.lex_rank is not None else 100)),
        inter / max(1, len(qt | dt)),
        inter / max(1, len(dt)),
        len(qn & dn) / len(qn | dn) if (qn | dn) else 0.0,
        float(bool(dn - qn)) if dn else 0.0,
        len(qe & de) / max(1, min(len(qe), len(de))) if qe and de else 0.0,
        len(qd & dd) / len(qd | dd) if (qd | dd) else 0.0,
    ]


class Reranker:
    """Logistic re-scoring of fused candidates (weights fitted on train/dev).

    The model is small enough to store as JSON (means, scales, coefficients).
    """

    def __init__(self, coef: Sequence[float], intercept: float, mean: Sequence[float], scale: Sequence[float],
                 *, top: int = 30, meta: dict | None = None) -> None:
        self.coef = np.asarray(coef, dtype=np.float64)
        self.intercept = float(intercept)
        self.mean = np.asarray(mean, dtype=np.float64)
        self.scale = np.asarray(scale, dtype=np.float64)
        self.top = int(top)
        self.meta = dict(meta or {})

    @classmethod
    def fit(cls, X: np.ndarray, y: np.ndarray, *, l2: float = 1.0, iters: int = 500, top: int = 30,
            meta: dict | None = None) -> "Reranker":
        """Fit by gradient descent on the L2-regularized logistic loss (positives up-weighted)."""
        X = np.asarray(X, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
        mean, scale = X.mean(0), X.std(0)
        scale[scale == 0] = 1.0
        Z = (X - mean) / scale
        pos = max(1.0, y.sum())
        sw = np.where(y > 0, (len(y) - pos) / pos, 1.0)
        sw = sw / sw.mean()
        w = np.zeros(Z.shape[1])
        b = 0.0
        lr = 0.5
        for _ in range(iters):
            p = 1.0 / (1.0 + np.exp(-(Z @ w + b)))
            g = (p - y) * sw
            w -= lr * (Z.T @ g / len(y) + l2 * w / len(y))
            b -= lr * g.mean()
        return cls(w, b, mean, scale, top=top, meta=meta)

    def score(self, X: np.ndarray) -> np.ndarray:
        """Log-odds for each row of ``X``."""
        Z = (np.asarray(X, dtype=np.float64) - self.mean) / self.scale
        return Z @ self.coef + self.intercept

    def rerank(self, query: str, cands: list[Fused], texts: Mapping[int, str]) -> list[tuple[Fused, float]]:
        """The top ``self.top`` candidates re-ordered by the model; the rest keep their order below."""
        head, tail = cands[: self.top], cands[self.top:]
        if not head:
            return []
        best = max(c.cosine for c in head)
        X = np.array([pair_features(query, texts.get(c.key, ""), c, best) for c in head])
        s = self.score(X)
        order = np.argsort(-s, kind="stable")
        floor = float(s.min()) if len(s) else 0.0
        return [(head[i], float(s[i])) for i in order] + [(c, floor - 1.0 - j) for j, c in enumerate(tail)]

    def to_dict(self) -> dict:
        return {"features": list(FEATURES), "coef": self.coef.tolist(), "intercept": self.intercept,
                "mean": self.mean.tolist(), "scale": self.scale.tolist(), "top": self.top, "meta": self.meta}

    @classmethod
    def from_dict(cls, d: dict) -> "Reranker":
        if list(d.get("features", [])) != list(FEATURES):
            raise ValueError("re-ranker was fitted on other features; refit it with bench/retrieval.py --fit")
        return cls(d["coef"], d["intercept"], d["mean"], d["scale"], top=d.get("top", 30), meta=d.get("meta"))

    def save(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.to_dict(), indent=1) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> "Reranker":
        return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))


def sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))
