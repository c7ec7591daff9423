"""The hop score: a calibrated combination of typed findings.

The score is a logistic regression over one feature per finding type (the
largest weight of that type on the hop, 0 when absent) plus the number of
findings. Its coefficients live in ``calibration.json`` beside this module,
fitted by ``bench/drift.py --calibrate`` on the dev part of our own labelled
pairs (tests/data/drift_pairs.yaml; never on evaluation-only data). The
result is the probability that an analyst would call the retelling a
distortion of its source. docs/drift.md records the data and the fit.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

from .types import FINDING_TYPES

CALIBRATION_FILE = Path(__file__).with_name("calibration.json")
FEATURES: tuple[str, ...] = FINDING_TYPES + ("n_findings",)


def features(findings: Iterable) -> list[float]:
    """The feature vector of a hop: max weight per finding type, then the count."""
    best = dict.fromkeys(FINDING_TYPES, 0.0)
    n = 0
    for f in findings:
        n += 1
        if f.type in best:
            best[f.type] = max(best[f.type], float(f.weight))
    return [best[t] for t in FINDING_TYPES] + [min(n, 6) / 6]


@lru_cache(maxsize=1)
def _coefficients() -> tuple[float, tuple[float, ...]]:
    try:
        data = json.loads(CALIBRATION_FILE.read_text(encoding="utf-8"))
        coef = tuple(float(data["coef"][f]) for f in FEATURES)
        return float(data["intercept"]), coef
    except (OSError, KeyError, ValueError):
        # Uncalibrated fallback: any finding pushes the score over one half.
        return -2.0, tuple([3.0] * len(FINDING_TYPES) + [1.0])


def hop_score(findings: Sequence) -> float:
    """Calibrated probability (0-1) that the hop distorts its source."""
    b, w = _coefficients()
    z = b + sum(wi * xi for wi, xi in zip(w, features(findings)))
    return round(1.0 / (1.0 + math.exp(-z)), 4)


def fit(rows: Sequence[Sequence[float]], labels: Sequence[int], *, l2: float = 0.1, iterations: int = 50
        ) -> tuple[float, list[float]]:
    """Fit an L2-regularised logistic regression by Newton's method (numpy, IRLS).

    ``rows`` are :func:`features` vectors, ``labels`` 1 for a distorted hop and
    0 for a faithful one. The intercept is not penalised. Returns
    ``(intercept, coefficients)``.
    """
    import numpy as np

    x = np.hstack([np.ones((len(rows), 1)), np.asarray(rows, dtype=float)])
    y = np.asarray(labels, dtype=float)
    beta = np.zeros(x.shape[1])
    pen = np.full(x.shape[1], l2)
    pen[0] = 1e-6
    for _ in range(iterations):
        p = 1 / (1 + np.exp(-(x @ beta)))
        grad = x.T @ (p - y) + pen * beta
        hess = (x * (p * (1 - p))[:, None]).T @ x + np.diag(pen)
        step = np.linalg.solve(hess, grad)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    return float(beta[0]), [float(v) for v in beta[1:]]


def save(intercept: float, coef: Sequence[float], meta: dict) -> Path:
    """Write the fitted coefficients (and how they were fitted) to calibration.json."""
    data = {"intercept": round(intercept, 4), "coef": {f: round(c, 4) for f, c in zip(FEATURES, coef)}, **meta}
    CALIBRATION_FILE.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    _coefficients.cache_clear()
    return CALIBRATION_FILE
