"""bench/web_load.py stays runnable: a short run against a prepared store."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.xdist_group("web")  # one worker under --dist loadgroup

ROOT = Path(__file__).resolve().parent.parent


def test_web_load_bench_smoke(web_db_traced):
    db, _ = web_db_traced
    r = subprocess.run([sys.executable, str(ROOT / "bench" / "web_load.py"), "--json", "--db", db, "--clients", "3",
                        "--seconds", "2", "--warmup", "0.5"], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["overall"]["errors"] == 0 and out["overall"]["requests"] > 10
    assert out["kinds"]["search"] > 0 and out["kinds"]["narrative"] > 0 and out["kinds"]["trace"] == 1
    assert set(out["by_kind"]) == {"search", "narrative", "trace"}
    assert out["overall"]["p95_ms"] is not None
    o = out["overall"]
    assert 0 < o["p50_ms"] <= o["p95_ms"] <= o["p99_ms"]  # percentiles of real timings, in order


def test_web_load_bench_says_skipped_for_a_missing_store(tmp_path):
    r = subprocess.run([sys.executable, str(ROOT / "bench" / "web_load.py"), "--json", "--db",
                        str(tmp_path / "absent.db")], capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and "skipped:" in r.stderr
