"""Smoke test of bench/ingest.py: the quick run works and its JSON holds sane metrics."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench" / "ingest.py"


def test_bench_ingest_quick_json(tmp_path):
    proc = subprocess.run([sys.executable, str(BENCH), "--quick", "--json", "--keep", str(tmp_path / "work")],
                          capture_output=True, text=True, timeout=120, cwd=ROOT, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    lines = [ln for ln in proc.stdout.splitlines() if ln.strip()]
    assert len(lines) == 1, "--json must print exactly one JSON object"
    m = json.loads(lines[0])

    for key in ("kennan_pages_per_s", "trafilatura_pages_per_s", "ratio", "ratio_cpu", "ratio_stdev",
                "kennan_stdev", "trafilatura_stdev", "kennan_rates", "trafilatura_rates", "processes",
                "trafilatura_call", "html", "memory", "target_ratio", "ratio_meets_target"):
        assert key in m, key
    pages = m["html"]["pages"]
    assert pages == 12 and m["repeats"] == 2
    assert m["kennan_pages_per_s"] > 0 and m["trafilatura_pages_per_s"] > 0
    assert abs(m["ratio"] - m["kennan_pages_per_s"] / m["trafilatura_pages_per_s"]) < 0.01
    assert 0.05 < m["ratio"] < 20 and 0.05 < m["ratio_cpu"] < 20
    assert len(m["kennan_rates"]) == len(m["trafilatura_rates"]) == 2
    assert all(r > 0 for r in m["kennan_rates"] + m["trafilatura_rates"])
    assert m["processes"] == {"kennan": 1, "trafilatura": 1}
    # every generated page is a real article: kennan stores each, trafilatura finds text in each
    assert m["kennan_documents"] == pages and m["kennan_failed"] == 0 and m["trafilatura_empty"] == 0
    # the peer calls trafilatura as kennan's HTML reader does
    call = m["trafilatura_call"]
    assert call["with_metadata"] is True and call["favor_recall"] is True and call["include_tables"] is True
    assert call["include_comments"] is False
    assert 3 < m["html"]["page_kb_min"] <= m["html"]["page_kb_median"] <= m["html"]["page_kb_max"] <= 60

    mem = m["memory"]
    assert [r["documents"] for r in mem["runs"]] == [20, 40]
    for r in mem["runs"]:
        assert 30 < r["peak_rss_mb"] < 500  # a python with lxml and trafilatura loaded, well under the cap
        assert r["new"] == r["documents"] and r["failed"] == 0 and r["exit_code"] == 0
        assert r["html"] >= 1 and r["md"] >= 1 and r["jsonl_records"] >= 1
    assert mem["all_ingested"] is True and mem["under_limit"] is True
    assert mem["peak_rss_mb"] == max(r["peak_rss_mb"] for r in mem["runs"])
    # --keep left the corpus and the stores behind
    assert any((tmp_path / "work" / "html").rglob("*.html"))
    assert (tmp_path / "work" / "mem-40.db").is_file()
