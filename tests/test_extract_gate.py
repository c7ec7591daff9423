"""Accuracy gate for stage extract: floors in bench/gates.json, pinned to the gold files' sha256.

Runs only where ../shared/data is present (evaluation-only gold, never copied); otherwise it is
skipped with the reason counted in pytest's summary. To keep the suite fast it evaluates the first
``subset`` PolNeAR test units (see gates.json) and the first ``subset_ru`` Russian adaq sentences. Lowering a floor needs
an edit of gates.json with a reason in its "note".
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "quotes"
GATES = json.loads((ROOT / "bench" / "gates.json").read_text(encoding="utf-8"))["extract.attribution"]


def _sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def measured():
    missing = [f for f in GATES["gold_sha256"] if not (DATA / f).is_file()]
    if missing:
        pytest.skip(f"gold data not found under {DATA} ({', '.join(missing)}): extract gate not run")
    for f, want in GATES["gold_sha256"].items():
        assert _sha(DATA / f) == want, f"{f} changed; re-measure and update bench/gates.json"
    sys.path.insert(0, str(ROOT / "bench"))
    import attribution

    return {"polnear": attribution.polnear(DATA / "polnear-cofenet" / "test.txt", GATES["subset"]),
            "adaq_ru": attribution.adaq_ru(DATA / "adaq-ru-cs", GATES["subset_ru"])}


@pytest.mark.parametrize("role", ["source", "cue", "content"])
def test_polnear_exact_f1_floor(measured, role):
    got = measured["polnear"]["exact"][role]["f1"]
    assert got >= GATES["polnear_exact_f1"][role], f"{role} exact F1 {got} under floor"


@pytest.mark.parametrize("role", ["source", "cue", "content"])
def test_adaq_ru_token_f1_floor(measured, role):
    got = measured["adaq_ru"]["token"][role]["f1"]
    assert got >= GATES["adaq_ru_token_f1"][role], f"ru {role} token F1 {got} under floor"
