"""The exaggeration bench's pair decision (bench/drift_science.py): pure numpy, no gold data needed."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def ds():
    sys.path.insert(0, str(ROOT / "bench"))
    import drift_science

    return drift_science


def test_pair_probs_sum_to_one_and_follow_the_order(ds):
    rng = np.random.default_rng(0)
    pa = rng.dirichlet(np.ones(4), size=7)
    pp = rng.dirichlet(np.ones(4), size=7)
    probs = ds.pair_label_probs(pa, pp)
    assert probs.shape == (7, 3)
    assert np.allclose(probs.sum(1), 1.0)
    # Swapping the sides swaps downplays and exaggerates.
    assert np.allclose(ds.pair_label_probs(pp, pa)[:, [2, 1, 0]], probs)


def test_certain_sides_give_the_comparison(ds):
    eye = np.eye(4)
    a = np.array([1, 3, 2])
    p = np.array([3, 1, 2])
    labels = ds.decide_pairs(ds.pair_label_probs(eye[a], eye[p]))
    assert list(labels) == list(ds.compare_sides(a, p)) == ["exaggerates", "downplays", "same"]


def test_same_bias_turns_an_uncertain_pair_into_same(ds):
    pa = np.array([[0.0, 0.5, 0.0, 0.5]])
    pp = np.array([[0.0, 0.5, 0.0, 0.5]])  # P(same) = P(exag) + P(down) = 0.5
    assert ds.decide_pairs(ds.pair_label_probs(pa, pp), (0.0, -1.0))[0] != "same"
    assert ds.decide_pairs(ds.pair_label_probs(pa, pp), (0.0, 0.5))[0] == "same"
