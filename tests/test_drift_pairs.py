"""Our own labelled political pairs (tests/data/drift_pairs.yaml): size, balance and floors."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GATES = json.loads((ROOT / "bench" / "gates.json").read_text(encoding="utf-8"))["drift"]


@pytest.fixture(scope="module")
def bench():
    sys.path.insert(0, str(ROOT / "bench"))
    import drift_pairs

    return drift_pairs


@pytest.fixture(scope="module")
def pairs(bench):
    return bench.load_pairs()


def test_at_least_sixty_pairs_both_languages_and_splits(pairs):
    from kennan.drift import FINDING_TYPES, detect_lang

    assert len(pairs) >= 60
    assert len({p["id"] for p in pairs}) == len(pairs)
    assert {p["split"] for p in pairs} == {"dev", "heldout", "longsource"}
    langs = {(detect_lang(p["source"]), detect_lang(p["target"])) for p in pairs}
    assert {("en", "en"), ("en", "ru"), ("ru", "ru"), ("ru", "en")} <= langs
    labels = {t for p in pairs for t in p["labels"]}
    assert labels <= set(FINDING_TYPES)
    assert labels == set(FINDING_TYPES)  # every type has at least one labelled pair
    assert sum(1 for p in pairs if not p["labels"]) >= 15  # faithful pairs


def test_heldout_floor(bench, pairs):
    res = bench.evaluate([p for p in pairs if p["split"] == "heldout"])
    assert res["micro_f1"] >= GATES["pairs_heldout_micro_f1"], res["errors"]


def test_dev_floor(bench, pairs):
    res = bench.evaluate([p for p in pairs if p["split"] == "dev"])
    assert res["micro_f1"] >= GATES["pairs_dev_micro_f1"], res["errors"]
    assert res["per_type"]["faithful"]["precision"] >= 0.9
