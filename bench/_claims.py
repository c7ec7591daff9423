"""Readers for the claim-retrieval evaluation data and an embedding cache.

The data stay in ``../shared/data/claims`` (evaluation only; never copied into
the project). Embeddings are cached under ``bench/out/emb/`` (gitignored) in
chunks keyed by model, kind and the chunk's texts, so an interrupted run
resumes and a rerun is fast.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "claims"
CACHE = HERE / "out" / "emb"

csv.field_size_limit(sys.maxsize)


@dataclass
class Split:
    """Queries of one split and their relevant document ids."""

    name: str
    qids: list[str]
    queries: list[str]
    qrels: dict[str, set[str]]


@dataclass
class Collection:
    """A claim-retrieval task: documents and its splits."""

    name: str
    doc_ids: list[str]
    docs: list[str]
    splits: dict[str, Split]


def _read_queries(path: Path, *, header: bool) -> tuple[list[str], list[str]]:
    ids, texts = [], []
    with open(path, encoding="utf-8", newline="") as fh:
        for i, line in enumerate(fh):
            line = line.rstrip("\n")
            if i == 0 and header:
                continue
            if not line.strip():
                continue
            qid, _, text = line.partition("\t")
            ids.append(qid.strip())
            texts.append(text.strip())
    return ids, texts


def _read_qrels(path: Path) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 4 and parts[3] != "0":
                out.setdefault(parts[0], set()).add(parts[2])
    return out


def _split(name: str, qpath: Path, rpath: Path, *, header: bool, only: set[str] | None = None) -> Split:
    ids, texts = _read_queries(qpath, header=header)
    qrels = _read_qrels(rpath)
    keep = [(i, t) for i, t in zip(ids, texts) if i in qrels and (only is None or i in only)]
    return Split(name, [i for i, _ in keep], [t for _, t in keep], qrels)


def load_2020(data: Path) -> Collection:
    """CheckThat! 2020 task 2: 10,375 Snopes claims; train/dev/test tweets."""
    base = data / "checkthat2020-task2"
    ids, docs = [], []
    with open(base / "verified_claims.docs.tsv", encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t")
        next(reader)
        for row in reader:
            if len(row) < 2:
                continue
            ids.append(row[0].strip())
            docs.append(" ".join(x.strip() for x in row[1:3] if x.strip()))
    splits = {s: _split(s, base / f"{s}.tweets.queries.tsv", base / f"{s}.tweet-vclaim-pairs.qrels", header=True)
              for s in ("train", "dev", "test")}
    return Collection("checkthat2020", ids, docs, splits)


def load_2022(data: Path) -> Collection:
    """CheckThat! 2022 task 2A (English): 14,231 claims; train/dev/test tweets.

    The Dev-Test (2021 test) and Test (2022 test) files reuse ids for different
    tweets, so each split reads its own query file and is never pooled by id.
    """
    base = data / "checkthat2022-task2a-en"
    ids, docs = [], []
    with open(base / "vclaims.jsonl", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                r = json.loads(line)
                ids.append(r["vclaim_id"])
                docs.append(" ".join(x.strip() for x in (r.get("vclaim") or "", r.get("title") or "") if x.strip()))
    td = base / "CT2022-Task2A-EN-Train-Dev_Queries.tsv"
    train_q = _read_qrels(base / "CT2022-Task2A-EN-Train_QRELs.tsv")
    dev_q = _read_qrels(base / "CT2022-Task2A-EN-Dev_QRELs.tsv")
    splits = {
        "train": _split("train", td, base / "CT2022-Task2A-EN-Train_QRELs.tsv", header=False, only=set(train_q)),
        "dev": _split("dev", td, base / "CT2022-Task2A-EN-Dev_QRELs.tsv", header=False, only=set(dev_q)),
        "test": _split("test", base / "CT2022-Task2A-EN-Test_Queries.tsv",
                       base / "CT2022-Task2A-EN-Test_QRELs.tsv", header=False),
    }
    return Collection("checkthat2022", ids, docs, splits)


def load_tatoeba(data: Path, pair: str) -> tuple[list[str], list[str]]:
    """Tatoeba LASER v1 pair ``rus-eng`` or ``ukr-eng``: (foreign, english) lines."""
    base = data / "tatoeba-laser-v1"
    src = pair.split("-")[0]
    f = [l.rstrip("\n") for l in open(base / f"tatoeba.{pair}.{src}", encoding="utf-8")]
    e = [l.rstrip("\n") for l in open(base / f"tatoeba.{pair}.eng", encoding="utf-8")]
    return f, e


# embedding cache ----------------------------------------------------------------
def cached_encode(encoder, texts: list[str], kind: str, *, chunk: int = 256, log=None) -> np.ndarray:
    """``encoder.encode(texts, kind)``, cached per chunk under bench/out/emb/."""
    slug = encoder.name.replace("/", "_").replace("@", "_")
    folder = CACHE / slug
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(0, len(texts), chunk):
        part = texts[i:i + chunk]
        h = hashlib.sha256(("\x1e".join(part) + "\x1f" + kind).encode("utf-8")).hexdigest()[:24]
        path = folder / f"{h}.npy"
        if path.exists():
            out.append(np.load(path))
            continue
        vecs = encoder.encode(part, kind)
        tmp = path.with_suffix(".tmp.npy")
        np.save(tmp, vecs.astype(np.float32))
        os.replace(tmp, path)
        out.append(vecs)
        if log:
            log(f"{encoder.name} {kind}: {min(i + chunk, len(texts))}/{len(texts)}")
    if not out:
        return np.zeros((0, encoder.dim), dtype=np.float32)
    return np.concatenate(out).astype(np.float32)


def cached_encode_items(encoder, texts: list[str], kind: str, *, log=None, every: int = 64) -> np.ndarray:
    """Like :func:`cached_encode` but cached per text, for candidate pools that change with settings."""
    slug = encoder.name.replace("/", "_").replace("@", "_")
    folder = CACHE / slug / f"items-{kind}"
    folder.mkdir(parents=True, exist_ok=True)
    out = np.zeros((len(texts), encoder.dim), dtype=np.float32)
    todo = []
    for i, t in enumerate(texts):
        path = folder / (hashlib.sha256(t.encode("utf-8")).hexdigest()[:24] + ".npy")
        if path.exists():
            out[i] = np.load(path)
        else:
            todo.append((i, path))
    for j in range(0, len(todo), every):
        part = todo[j:j + every]
        vecs = encoder.encode([texts[i] for i, _ in part], kind)
        for (i, path), v in zip(part, vecs):
            np.save(path, v.astype(np.float32))
            out[i] = v
        if log:
            log(f"{encoder.name} {kind} items: {min(j + every, len(todo))}/{len(todo)} new")
    return out
