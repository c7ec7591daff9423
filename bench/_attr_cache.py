"""Disk cache of spaCy parses for the attribution benches (bench/out/attr/, git-ignored).

Parsing PolNeAR train is most of the cost of a CRF feature experiment, so the parses are kept as
spaCy DocBin files next to their gold spans; the rules' stacking labels are cached per rule version
and per digest of the extraction code (they change when the rules do). Nothing here is gold copied into the project: bench/out/ is ignored
and derived from ../shared/data on the user's machine.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / "out" / "attr"


def parsed(name: str, texts: list[str], nlp, *, batch_size: int = 64, cache: Path = CACHE):
    """spaCy Docs of ``texts``, from ``cache/name.spacy`` when it holds exactly these texts."""
    from spacy.tokens import DocBin

    path = cache / f"{name}.spacy"
    if path.is_file():
        docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
        if len(docs) == len(texts) and all(d.text == t for d, t in zip(docs, texts)):
            return docs
    docs = list(nlp.pipe(texts, batch_size=batch_size))
    cache.mkdir(parents=True, exist_ok=True)
    DocBin(docs=docs, store_user_data=False).to_disk(path)
    return docs


def _rules_digest() -> str:
    """A digest of the extraction code, so a rule edit that keeps the version name still misses the cache."""
    h = hashlib.sha256()
    for f in sorted((ROOT / "src" / "kennan" / "extract").glob("*.py")):
        h.update(f.read_bytes())
    return h.hexdigest()[:12]


def rule_labels_cached(name: str, docs, method: str, *, cache: Path = CACHE) -> list[list[str]]:
    """The rules' BIO labels per doc, cached under ``cache/name.rules.<method>.<code digest>.json``."""
    from kennan.extract.learned import rule_labels

    path = cache / f"{name}.rules.{method}.{_rules_digest()}.json"
    if path.is_file():
        labels = json.loads(path.read_text())
        if len(labels) == len(docs):
            return labels
    labels = [rule_labels(d) for d in docs]
    cache.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(labels))
    return labels
