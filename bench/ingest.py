"""Ingest benchmark: HTML pages/s against trafilatura alone, and peak memory over 10,000 documents.

(a) Throughput. Generated news-like saved pages (bench/newsgen.py, seeded,
about 4.5-60 KB, about 60% English / 40% Russian) are written in folders of
``--chunk`` pages. kennan ingests them through its library entry point,
``kennan.ingest.ingest_paths(store, [folder], IngestOptions())`` per folder,
into a fresh SQLite store file per round (store open and close are timed too).
The peer reads the same files, decodes them as UTF-8 (what kennan's
``decode_bytes`` resolves to for these pages) and calls
``trafilatura.bare_extraction(html, **kw)`` with exactly the keyword arguments
kennan's HTML reader passes (read from the reader at run time:
``url=None, with_metadata=True, include_comments=False, include_tables=True,
favor_recall=True, date_extraction_params=...``). Both run in this one process,
single-threaded, and are warmed up on the first page. Each of ``--repeats``
rounds runs both over all pages, alternating at folder level (T K, K T, ...)
so that both meet the same load on a shared machine. The headline ratio is
median(kennan pages/s) / median(trafilatura pages/s) over rounds, wall clock;
per-round ratios, the stdev of each rate, and the same ratio on CPU time
(``time.process_time``: less disturbed by other work, but it leaves out
kennan's file and SQLite I/O waits) are reported too. Target: ratio >= 0.8.

(b) Memory. For each size in ``--mem-sizes`` a mixed corpus is written (10%
HTML pages from the same generator and seed as (a), so the 10,000 corpus holds
(a)'s 1,000 pages; 30% .md notes with YAML front matter; 60% JSONL export
records in files of 500) and ingested by ``python -m kennan ingest DIR --db
FILE --json`` in a fresh child process; its peak RSS is read with
``os.wait4`` (``ru_maxrss`` of that child only). A 10-document run gives the
floor (imports and models). Target: peak < 500 MB at 10,000 documents and flat
(less than 10% growth from the smallest to the largest size).

Usage: .venv/bin/python bench/ingest.py [--json] [--pages N] [--mem-sizes 1000,5000,10000]
       [--repeats 3] [--chunk 100] [--seed 7] [--quick] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "src"))

import newsgen

TARGET_RATIO = 0.8
MEM_LIMIT_MB = 500.0
FLAT_PCT = 10.0


def kennan_trafilatura_call(page: Path) -> dict:
    """The keyword arguments kennan's HTML reader passes to ``trafilatura.bare_extraction``.

    Read by running kennan's reader once on ``page`` with the function wrapped, so the
    peer calls trafilatura exactly as kennan does even when kennan/ingest/html.py changes.
    """
    import trafilatura

    from kennan.config import IngestOptions
    from kennan.ingest.html import read_html

    seen: list[dict] = []
    real = trafilatura.bare_extraction

    def spy(*args, **kwargs):
        seen.append(dict(kwargs, _positional=len(args)))
        return real(*args, **kwargs)

    trafilatura.bare_extraction = spy
    try:
        list(read_html(page.read_bytes(), str(page), IngestOptions()))
    finally:
        trafilatura.bare_extraction = real
    if len(seen) != 1 or seen[0].pop("_positional") != 1:
        raise SystemExit(f"kennan's HTML reader no longer makes one bare_extraction(html, **kw) call: {seen}; "
                         "update bench/ingest.py")
    return seen[0]


# -- (a) throughput --------------------------------------------------------------------------
def _fresh_db(path: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    return path


class KennanRound:
    """One kennan pass: a fresh store file, ``ingest_paths(store, [chunk], IngestOptions())`` per
    chunk folder, closed at the end; wall and CPU time summed over open, every chunk and close."""

    def __init__(self, db: Path) -> None:
        from kennan.store import open_store

        self.wall = self.cpu = 0.0
        self.new = self.failed = 0
        _fresh_db(db)
        self.store = self._timed(open_store, str(db))

    def _timed(self, fn, *args):
        t0, c0 = time.perf_counter(), time.process_time()
        try:
            return fn(*args)
        finally:
            self.wall += time.perf_counter() - t0
            self.cpu += time.process_time() - c0

    def ingest(self, folder: Path) -> None:
        from kennan.config import IngestOptions
        from kennan.ingest import ingest_paths

        report = self._timed(ingest_paths, self.store, [str(folder)], IngestOptions())
        self.new += report.new
        self.failed += report.failed

    def close(self) -> None:
        self._timed(self.store.close)


def trafilatura_pass(files: list[Path], kw: dict) -> tuple[float, float, int]:
    """Wall and CPU seconds for reading, decoding and ``bare_extraction(html, **kw)`` of every file;
    and how many files gave no text."""
    import trafilatura

    empty = 0
    t0, c0 = time.perf_counter(), time.process_time()
    for f in files:
        html = f.read_bytes().decode("utf-8")
        doc = trafilatura.bare_extraction(html, **kw)
        if doc is None or not (doc.text or "").strip():
            empty += 1
    return time.perf_counter() - t0, time.process_time() - c0, empty


def bench_throughput(work: Path, pages: int, repeats: int, seed: int, chunk: int) -> dict:
    folder = work / "html"
    written = 0
    chunks: list[tuple[Path, list[Path]]] = []
    for start in range(0, pages, chunk):
        sub = folder / f"c{start // chunk:03d}"
        written += newsgen.write_pages(sub, min(chunk, pages - start), seed, start=start)
        chunks.append((sub, sorted(sub.iterdir())))  # the order kennan's walk uses
    files = [f for _, fs in chunks for f in fs]
    sizes = sorted(f.stat().st_size for f in files)
    # Warm-up on the first page: imports, trafilatura/htmldate caches, the language model, dateutil.
    warm = work / "warm"
    warm.mkdir(exist_ok=True)
    shutil.copy(files[0], warm / files[0].name)
    kw = kennan_trafilatura_call(files[0])
    trafilatura_pass(files[:1], kw)
    w = KennanRound(work / "warm.db")
    w.ingest(warm)
    w.close()

    # Alternate the two at chunk level (T K, K T, ...), so both see the same load on a shared machine.
    k_rates, t_rates, k_cpu, t_cpu, rounds, empty = [], [], [], [], [], 0
    for r in range(repeats):
        k = KennanRound(work / f"kennan-{r}.db")
        t_wall = t_cpu_s = 0.0
        empty = 0
        for ci, (sub, fs) in enumerate(chunks):
            for who in (("t", "k") if (r + ci) % 2 == 0 else ("k", "t")):
                if who == "t":
                    secs, cpu, e = trafilatura_pass(fs, kw)
                    t_wall, t_cpu_s, empty = t_wall + secs, t_cpu_s + cpu, empty + e
                else:
                    k.ingest(sub)
        k.close()
        rounds.append(k)
        k_rates.append(pages / k.wall)
        k_cpu.append(pages / k.cpu)
        t_rates.append(pages / t_wall)
        t_cpu.append(pages / t_cpu_s)
    k_med, t_med = statistics.median(k_rates), statistics.median(t_rates)
    per_round = [k / t for k, t in zip(k_rates, t_rates)]
    ratio = k_med / t_med
    ratio_cpu = statistics.median(k_cpu) / statistics.median(t_cpu)
    return {
        "html": {
            "pages": pages, "bytes": written, "page_kb_min": round(sizes[0] / 1024, 1),
            "page_kb_median": round(statistics.median(sizes) / 1024, 1), "page_kb_max": round(sizes[-1] / 1024, 1),
            "en": sum(f.name.startswith("en-") for f in files), "ru": sum(f.name.startswith("ru-") for f in files),
        },
        "repeats": repeats,
        "chunk_pages": chunk,
        "processes": {"kennan": 1, "trafilatura": 1},
        "trafilatura_call": {k: v for k, v in kw.items()},
        "kennan_pages_per_s": round(k_med, 2),
        "trafilatura_pages_per_s": round(t_med, 2),
        "ratio": round(ratio, 3),
        "ratio_best": round(max(k_rates) / max(t_rates), 3),
        "ratio_rounds": [round(x, 3) for x in per_round],
        "ratio_stdev": round(statistics.stdev(per_round), 3) if len(per_round) > 1 else 0.0,
        "kennan_rates": [round(x, 2) for x in k_rates],
        "trafilatura_rates": [round(x, 2) for x in t_rates],
        "kennan_stdev": round(statistics.stdev(k_rates), 2) if len(k_rates) > 1 else 0.0,
        "trafilatura_stdev": round(statistics.stdev(t_rates), 2) if len(t_rates) > 1 else 0.0,
        "kennan_cpu_pages_per_s": round(statistics.median(k_cpu), 2),
        "trafilatura_cpu_pages_per_s": round(statistics.median(t_cpu), 2),
        "ratio_cpu": round(ratio_cpu, 3),
        "ratio_cpu_rounds": [round(k / t, 3) for k, t in zip(k_cpu, t_cpu)],
        "kennan_documents": rounds[-1].new,
        "kennan_failed": rounds[-1].failed,
        "trafilatura_empty": empty,
        "target_ratio": TARGET_RATIO,
        "ratio_meets_target": ratio >= TARGET_RATIO,
        "ratio_cpu_meets_target": ratio_cpu >= TARGET_RATIO,
    }


# -- (b) memory ------------------------------------------------------------------------------
def ingest_child(folder: Path, db: Path) -> dict:
    """Run ``python -m kennan ingest`` in a fresh process; its own peak RSS from ``os.wait4``."""
    _fresh_db(db)
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    out = db.with_suffix(".out")
    t0 = time.perf_counter()
    with open(out, "wb") as fh:
        proc = subprocess.Popen([sys.executable, "-m", "kennan", "ingest", str(folder), "--db", str(db), "--json"],
                                stdout=fh, stderr=subprocess.STDOUT, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
    secs = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    text = out.read_text(errors="replace")
    try:
        report = json.loads(text.strip().splitlines()[-1])
    except (ValueError, IndexError):
        raise SystemExit(f"kennan ingest failed (exit {proc.returncode}):\n{text[-2000:]}")
    return {"peak_rss_mb": round(usage.ru_maxrss / 1024, 1), "seconds": round(secs, 2),
            "new": report["new"], "failed": report["failed"], "exit_code": proc.returncode}


def bench_memory(work: Path, sizes: list[int], seed: int, *, floor: bool = True) -> dict:
    runs = []
    floor_mb = None
    if floor:  # imports, models and an empty store: what any run costs
        newsgen.write_mixed_corpus(work / "mem-floor", 10, seed)
        floor_mb = ingest_child(work / "mem-floor", work / "mem-floor.db")["peak_rss_mb"]
    for n in sizes:
        folder = work / f"mem-{n}"
        corpus = newsgen.write_mixed_corpus(folder, n, seed)
        run = ingest_child(folder, work / f"mem-{n}.db")
        run["docs_per_s"] = round(n / run["seconds"], 1)
        runs.append({**corpus, **run})
    peaks = [r["peak_rss_mb"] for r in runs]
    growth = peaks[-1] - peaks[0]
    growth_pct = 100.0 * growth / peaks[0]
    return {
        "corpus": "mixed: 10% generated HTML pages (same generator/seed as the throughput part), "
                  "30% .md notes with YAML front matter, 60% JSONL records in files of 500",
        "command": "python -m kennan ingest DIR --db FILE --json (one fresh process per size)",
        "floor_peak_rss_mb": floor_mb,
        "runs": runs,
        "peak_rss_mb": max(peaks),
        "growth_mb": round(growth, 1),
        "growth_pct": round(growth_pct, 1),
        "limit_mb": MEM_LIMIT_MB,
        "flat_pct": FLAT_PCT,
        "under_limit": max(peaks) < MEM_LIMIT_MB,
        "flat": growth_pct < FLAT_PCT,
        "all_ingested": all(r["new"] == r["documents"] and r["failed"] == 0 for r in runs),
    }


# -- main ------------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", action="store_true", help="print one JSON object of metrics")
    ap.add_argument("--pages", type=int, default=1000, help="HTML pages for the throughput ratio (default 1000)")
    ap.add_argument("--mem-sizes", default="1000,5000,10000", help="document counts for the memory runs")
    ap.add_argument("--repeats", type=int, default=3, help="alternating rounds of both passes (default 3)")
    ap.add_argument("--chunk", type=int, default=100, help="pages per alternation step (default 100)")
    ap.add_argument("--seed", type=int, default=7, help="generator seed (default 7)")
    ap.add_argument("--quick", action="store_true",
                    help="smoke run: 12 pages, 2 rounds, memory at 20,40 without the floor run")
    ap.add_argument("--keep", metavar="DIR", help="write corpora and stores into DIR and keep them")
    args = ap.parse_args(argv)
    if args.quick:
        args.pages, args.repeats, args.mem_sizes = min(args.pages, 12), min(args.repeats, 2), "20,40"
        args.chunk = min(args.chunk, 6)
    sizes = sorted(int(x) for x in args.mem_sizes.split(",") if x.strip())
    if args.pages < 1 or args.repeats < 1 or args.chunk < 1 or not sizes or sizes[0] < 2:
        ap.error("--pages, --repeats and --chunk must be >= 1 and --mem-sizes at least one size >= 2")

    if args.keep:
        work = Path(args.keep).resolve()
        work.mkdir(parents=True, exist_ok=True)
    else:
        work = Path(tempfile.mkdtemp(prefix="kennan-bench-ingest-"))
    try:
        t0 = time.perf_counter()
        result = {
            "bench": "ingest",
            "date": date.today().isoformat(),
            "machine": {"cpus": os.cpu_count(), "arch": platform.machine(), "python": platform.python_version()},
            "seed": args.seed,
            "quick": args.quick,
            **bench_throughput(work, args.pages, args.repeats, args.seed, args.chunk),
            "memory": bench_memory(work, sizes, args.seed, floor=not args.quick),
        }
        result["seconds"] = round(time.perf_counter() - t0, 1)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    m = result["memory"]
    print(f"HTML throughput, {result['html']['pages']} pages, {args.repeats} alternating rounds, 1 process each")
    print(f"  kennan      {result['kennan_pages_per_s']:8.1f} pages/s (rounds {result['kennan_rates']}, "
          f"stdev {result['kennan_stdev']})")
    print(f"  trafilatura {result['trafilatura_pages_per_s']:8.1f} pages/s (rounds {result['trafilatura_rates']}, "
          f"stdev {result['trafilatura_stdev']})")
    verdict = "meets" if result["ratio_meets_target"] else "MISSES"
    print(f"  ratio {result['ratio']:.3f} (per round {result['ratio_rounds']}, stdev {result['ratio_stdev']}); "
          f"{verdict} target >= {TARGET_RATIO}")
    print(f"  CPU-time rates: kennan {result['kennan_cpu_pages_per_s']}, trafilatura "
          f"{result['trafilatura_cpu_pages_per_s']} pages/s; ratio {result['ratio_cpu']} "
          f"(per round {result['ratio_cpu_rounds']})")
    print(f"Peak RSS of `python -m kennan ingest` (floor {m['floor_peak_rss_mb']} MB at 10 documents; "
          f"corpus {m['corpus']})")
    for r in m["runs"]:
        print(f"  {r['documents']:>7,} documents: {r['peak_rss_mb']:7.1f} MB in {r['seconds']} s "
              f"({r['new']} new, {r['failed']} failed)")
    print(f"  growth {m['growth_mb']} MB ({m['growth_pct']}%); under {MEM_LIMIT_MB:.0f} MB: {m['under_limit']}; "
          f"flat (< {FLAT_PCT:.0f}%): {m['flat']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
