"""Benchmark gate for the drift stage: floors and gold hashes from bench/gates.json ("drift").

Runs only where the evaluation data is present (../shared/data/drift, never copied into the
project); elsewhere it is skipped with the reason. Uses the bench's --quick configuration
(word 1-2-gram TF-IDF, 3-fold CV), about 10-20 s on 2 cores. Lowering a floor needs an edit
to bench/gates.json with a reason in its note.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "drift"
GATES = json.loads((ROOT / "bench" / "gates.json").read_text(encoding="utf-8"))["drift"]

pytestmark = pytest.mark.skipif(not DATA.is_dir(),
                                reason=f"drift gold not found at {DATA} (evaluation-only data lives outside the project)")


@pytest.fixture(scope="module")
def science():
    sys.path.insert(0, str(ROOT / "bench"))
    import drift_science

    return drift_science


def test_gold_files_are_the_pinned_ones(science):
    assert science.check_gold(DATA) == GATES["gold_sha256"]


def test_exaggeration_floor(science):
    assert science.exaggeration(DATA, quick=True)["macro_f1"] >= GATES["exaggeration_macro_f1"]


def test_claim_strength_floor(science):
    res = science.claim_strength(DATA, quick=True, folds=3)
    for name, floor in GATES["claim_strength_macro_f1"].items():
        assert res[name]["macro_f1"] >= floor, (name, res[name])


def test_certainty_floor(science):
    assert science.certainty(DATA, quick=True)["pearson_r"] >= GATES["certainty_pearson_r"]
