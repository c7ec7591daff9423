"""Web load benchmark: concurrent clients on loopback against ``kennan serve``.

The server is the real thing: ``python -m kennan serve --db STORE --port 0``
in a child process (uvicorn, one worker, as a user runs it). The clients are
``--clients`` threads in this process, each with one keep-alive HTTP/1.1
connection (``http.client``), requesting pages in a closed loop (the next
request leaves when the last answer has been read in full) for ``--seconds``
after ``--warmup`` seconds that are not counted. Each client walks the same
list of URLs from its own offset, so all kinds of page are requested
throughout.

Pages: ``search`` (``/search?q=...`` over the sample's claim words, in
English and Russian), ``narrative`` (``/narratives/ID`` for every narrative
told twice or more) and ``trace`` (``/trace/ID`` for every stored trace).
Which kinds the store could give is reported under ``kinds``; a kind with no
page is listed under ``missing``.

Store: ``--db`` if given (used read-only), else the sample corpus
(examples/corpus) built into a temporary store with ``kennan.pipeline.build``
and the founding claim traced with ``kennan.pipeline.trace_claim`` (if that
fails, the bench says so and runs without trace pages).

Latency: wall time from sending a request to reading the whole body, per
request; p50/p95/p99 by nearest rank, overall and per kind. Errors: non-200
answers, exceptions and timeouts. Target: 0 errors, p95 <= 200 ms.

Usage: .venv/bin/python bench/web_load.py [--json] [--clients 20] [--seconds 30] [--warmup 3] [--db FILE]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))

TARGET_P95_MS = 200.0
QUERIES = ["coalition against China", "invited to be friends against China", "there's that opportunity",
           "пригласили дружить против Китая", "Lavrov West Russia", "nonproliferation arms control",
           "Джабаров Вашингтон", "Peskov friends against anyone"]
CLAIM = "the West wants to use Russia in a coalition against China"


def build_sample(folder: Path) -> tuple[str, str | None]:
    """The sample corpus through the pipeline into ``folder``; returns (db path, note on tracing)."""
    from kennan import pipeline
    from kennan.store import open_store

    db = str(folder / "sample.db")
    store = open_store(db)
    pipeline.build(store, [str(ROOT / "examples" / "corpus")])
    note = None
    try:
        pipeline.trace_claim(store, claim=CLAIM)
    except Exception as exc:  # the bench still measures the other pages; the output says why
        note = f"trace_claim failed: {type(exc).__name__}: {exc}"
    store.close()
    return db, note


def page_urls(db: str) -> tuple[dict[str, list[str]], dict]:
    """The URLs of each kind of page the store can give, and the stored traces' hop counts."""
    from kennan.report.data import available
    from kennan.store import open_store

    store = open_store(db)
    feats = available(store)
    urls: dict[str, list[str]] = {"search": ["/search?q=" + quote(q) for q in QUERIES]}
    urls["narrative"] = ([f"/narratives/{r['id']}" for r in store.match_narrative_rows() if len(r["members"]) >= 2]
                         if "narratives" in feats else [])
    urls["trace"] = [f"/trace/{r['id']}" for r in store.iter_traces()] if "trace" in feats else []
    sizes = {"trace_hops": [r["hops"] for r in store.iter_traces()] if "trace" in feats else []}
    store.close()
    return urls, sizes


def start_server(db: str, cache_size: int | None) -> tuple[subprocess.Popen, int]:
    extra = ["--cache-size", str(cache_size)] if cache_size is not None else []
    proc = subprocess.Popen([sys.executable, "-m", "kennan", "serve", "--db", db, "--port", "0", *extra],
                            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
                            env={**os.environ, "KENNAN_TOKEN": ""}, cwd=str(ROOT))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        m = re.search(r"at http://127\.0\.0\.1:(\d+)/", line)
        if m:
            threading.Thread(target=proc.stderr.read, daemon=True).start()  # keep the pipe drained
            return proc, int(m.group(1))
        if proc.poll() is not None:
            break
    proc.kill()
    raise SystemExit(f"kennan serve did not start: {proc.stderr.read()}")


def pct(sorted_ms: list[float], q: float) -> float | None:
    """Nearest-rank percentile of sorted values."""
    if not sorted_ms:
        return None
    k = max(0, min(len(sorted_ms) - 1, int(round(q / 100 * len(sorted_ms) + 0.5)) - 1))
    return round(sorted_ms[k], 2)


def run_load(port: int, plan: list[tuple[str, str]], *, clients: int, seconds: float, warmup: float,
             timeout: float = 10.0) -> dict:
    """``clients`` closed-loop clients over ``plan`` ``(kind, url)``; returns latencies and errors by kind."""
    start = time.monotonic()
    t_count, t_end = start + warmup, start + warmup + seconds
    lock = threading.Lock()
    lat: dict[str, list[float]] = {}
    errors: dict[str, int] = {}
    samples: list[str] = []

    def client(i: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        j = i * 7
        while True:
            now = time.monotonic()
            if now >= t_end:
                break
            kind, url = plan[j % len(plan)]
            j += 1
            t0 = time.perf_counter()
            ok, why = True, ""
            try:
                conn.request("GET", url, headers={"Host": f"127.0.0.1:{port}"})
                resp = conn.getresponse()
                resp.read()
                if resp.status != 200:
                    ok, why = False, f"{resp.status} {url}"
            except Exception as exc:  # counted as an error, then a fresh connection
                ok, why = False, f"{type(exc).__name__} {url}"
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
            ms = (time.perf_counter() - t0) * 1000
            if now < t_count:
                continue
            with lock:
                if ok:
                    lat.setdefault(kind, []).append(ms)
                else:
                    errors[kind] = errors.get(kind, 0) + 1
                    if len(samples) < 5:
                        samples.append(why)
        conn.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {"latency": lat, "errors": errors, "error_samples": samples, "seconds": seconds}


def summarise(res: dict) -> dict:
    out: dict = {}
    every: list[float] = []
    for kind, ms in sorted(res["latency"].items()):
        ms = sorted(ms)
        every.extend(ms)
        out[kind] = {"requests": len(ms), "errors": res["errors"].get(kind, 0), "p50_ms": pct(ms, 50),
                     "p95_ms": pct(ms, 95), "p99_ms": pct(ms, 99), "max_ms": round(ms[-1], 2) if ms else None}
    for kind, n in res["errors"].items():
        out.setdefault(kind, {"requests": 0, "errors": n})
    every.sort()
    total_err = sum(res["errors"].values())
    overall = {"requests": len(every), "errors": total_err, "rps": round(len(every) / res["seconds"], 1),
               "p50_ms": pct(every, 50), "p95_ms": pct(every, 95), "p99_ms": pct(every, 99)}
    return {"overall": overall, "by_kind": out}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", action="store_true", help="print one JSON object of metrics")
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--warmup", type=float, default=3.0)
    ap.add_argument("--db", help="an existing store (default: build the sample corpus into a temp store)")
    ap.add_argument("--cache-size", type=int, default=None,
                    help="pass --cache-size to kennan serve (0: no page cache; default: the server's default)")
    args = ap.parse_args()

    tmp = None
    note = None
    if args.db:
        if not Path(args.db).is_file():
            print(f"skipped: store {args.db} not found", file=sys.stderr)
            return 2
        db = args.db
        corpus = args.db
    else:
        tmp = tempfile.TemporaryDirectory(prefix="kennan-webload-")
        t0 = time.perf_counter()
        db, note = build_sample(Path(tmp.name))
        corpus = f"examples/corpus via pipeline.build + trace_claim ({time.perf_counter() - t0:.0f} s to build)"
    urls, sizes = page_urls(db)
    plan = [(k, u) for k in ("search", "narrative", "trace") for u in urls[k]]
    proc, port = start_server(db, args.cache_size)
    load_before = os.getloadavg()
    try:
        res = run_load(port, plan, clients=args.clients, seconds=args.seconds, warmup=args.warmup)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    load_after = os.getloadavg()
    s = summarise(res)
    o = s["overall"]
    out = {
        "bench": "web_load", "date": date.today().isoformat(), "machine": f"{os.cpu_count()} cores, "
        f"{platform.python_implementation()} {platform.python_version()}", "corpus": corpus,
        "clients": args.clients, "seconds": args.seconds, "warmup": args.warmup,
        "server_cache_size": args.cache_size if args.cache_size is not None else "default (256)",
        "loadavg_1min_before_after": [round(load_before[0], 2), round(load_after[0], 2)],
        "kinds": {k: len(v) for k, v in urls.items()}, "missing": [k for k, v in urls.items() if not v], **sizes,
        "note": note, **s, "error_samples": res["error_samples"],
        "target": {"errors": 0, "p95_ms": TARGET_P95_MS},
        "meets_target": o["errors"] == 0 and o["p95_ms"] is not None and o["p95_ms"] <= TARGET_P95_MS,
    }
    if args.json:
        print(json.dumps(out, ensure_ascii=False))
    else:
        print(f"{args.clients} clients x {args.seconds:.0f} s on loopback; pages: "
              + ", ".join(f"{k} {v}" for k, v in out["kinds"].items())
              + f"; server cache {out['server_cache_size']}; load {out['loadavg_1min_before_after']}")
        if note:
            print(note)
        for kind, m in s["by_kind"].items():
            print(f"  {kind:10} {m['requests']:6} req  errors {m['errors']:3}  p50 {m.get('p50_ms')} ms  "
                  f"p95 {m.get('p95_ms')} ms  p99 {m.get('p99_ms')} ms")
        print(f"  {'overall':10} {o['requests']:6} req  errors {o['errors']:3}  p50 {o['p50_ms']} ms  "
              f"p95 {o['p95_ms']} ms  ({o['rps']} req/s)  target met: {out['meets_target']}")
    if tmp is not None:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
