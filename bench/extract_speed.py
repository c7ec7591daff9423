"""Speed of kennan extraction vs spaCy's bare nlp.pipe, and direct-quote coverage vs textacy.

Text: about 1 MB of generated English news prose (bench/newsgen.py, fixed seed), in documents of
8 paragraphs. Both sides use the same model and the same number of processes, in the same run:
``bare`` = ``nlp.pipe(texts, n_process=P)`` consumed; ``kennan`` = ``extract_store`` over a fresh store
holding those documents (parse + rules + actor resolution + store writes). Ratio = kennan words/s /
bare words/s (target >= 0.8). Coverage: every direct quote that textacy's ``direct_quotations`` finds
(on a 1-process parse of the same documents) must overlap the content of a kennan statement.

    python bench/extract_speed.py [--mb 1.0] [--processes 2] [--no-textacy] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))
from kennan.registry import method as method_name  # noqa: E402


def make_texts(mb: float, seed: int = 11) -> list[str]:
    from newsgen import _en_paragraph

    rng = random.Random(seed)
    texts, total = [], 0
    while total < mb * 1_000_000:
        t = "\n".join(_en_paragraph(rng) for _ in range(8))
        texts.append(t)
        total += len(t.encode("utf-8"))
    return texts


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=1.0)
    ap.add_argument("--processes", type=int, default=min(2, os.cpu_count() or 1))
    ap.add_argument("--no-textacy", action="store_true")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args(argv)
    import spacy

    from kennan.extract import ExtractOptions, extract_store
    from kennan.extract.nlp import DEFAULT_EN_MODEL, load_english
    from kennan.records import Document
    from kennan.store import open_store

    texts = make_texts(a.mb)
    words = sum(len(t.split()) for t in texts)
    out = {"bench": "extract_speed", "method": method_name("extract"), "model": DEFAULT_EN_MODEL,
           "processes": a.processes, "documents": len(texts), "bytes": sum(len(t.encode()) for t in texts),
           "words": words}
    bare_nlp = spacy.load(DEFAULT_EN_MODEL)
    t0 = time.perf_counter()
    n = sum(1 for _ in bare_nlp.pipe(texts, n_process=a.processes, batch_size=16))
    bare_s = time.perf_counter() - t0
    assert n == len(texts)
    load_english()
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(os.path.join(tmp, "speed.db"))
        docs = [Document(id=Document.make_id(t, f"gen:{i}"), text=t, url=f"gen:{i}", lang="en",
                         published="2024-11-20", ingested_at="2026-12-01T00:00:00+00:00")
                for i, t in enumerate(texts)]
        store.add_documents(docs)
        t0 = time.perf_counter()
        rep = extract_store(store, ExtractOptions(processes=a.processes))
        ken_s = time.perf_counter() - t0
        stmts: dict[str, list] = {}
        for s in store.iter_statements():
            stmts.setdefault(s.doc_id, []).append(s)
        store.close()
    out.update({"bare_seconds": round(bare_s, 2), "kennan_seconds": round(ken_s, 2),
                "bare_words_per_s": round(words / bare_s), "kennan_words_per_s": round(words / ken_s),
                "ratio": round(bare_s / ken_s, 3), "statements": rep.statements, "by_kind": rep.by_kind})
    if not a.no_textacy:
        try:
            from textacy.extract.triples import direct_quotations
        except ImportError:
            out["textacy"] = "skipped: textacy not installed (pip install 'kennan[bench]')"
        else:
            found = missed = 0
            examples = []
            for d, sdoc in zip(docs, bare_nlp.pipe(texts, batch_size=16)):
                for q in direct_quotations(sdoc):
                    span = (q.content[0].idx, q.content[-1].idx + len(q.content[-1]))
                    ok = any(a0 < span[1] and span[0] < b0 for s in stmts.get(d.id, ()) for a0, b0 in s.content_spans)
                    found += 1
                    missed += not ok
                    if not ok and len(examples) < 5:
                        examples.append(d.text[span[0]:span[1]][:100])
            out["textacy_quotes"] = found
            out["textacy_missed"] = missed
            out["coverage"] = round((found - missed) / found, 4) if found else None
            out["missed_examples"] = examples
    if a.json:
        print(json.dumps(out, ensure_ascii=False))
    else:
        for k, v in out.items():
            print(f"{k:20} {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
