"""The trace speed bench runs and reports what docs/benchmarks.md quotes (small sizes)."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT


def test_trace_speed_bench_smoke():
    r = subprocess.run([sys.executable, str(ROOT / "bench" / "trace_speed.py"), "--sizes", "60,120", "--json"],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert [x["statements"] for x in out["runs"]] == [60, 120]
    assert all(x["seconds"] > 0 and x["hops"] > 0 for x in out["runs"])
    assert len(out["growth"]) == 1 and "exponent" in out["growth"][0]
