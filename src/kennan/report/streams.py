"""Streaming JSON writers shared by ``kennan export`` and every listing command's ``--json``/``--nl``.

Kept free of heavy imports: the CLI loads it at start-up.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO


def write_jsonl(rows: Iterable[dict], out: TextIO) -> int:
    """Stream ``rows`` to ``out`` as JSON lines; returns how many."""
    n = 0
    for r in rows:
        out.write(json.dumps(r, ensure_ascii=False, default=str) + "\n")
        n += 1
    return n


def write_json_array(rows: Iterable[dict], out: TextIO) -> int:
    """Stream ``rows`` to ``out`` as one JSON array (never held in memory); returns how many."""
    n = 0
    out.write("[")
    for r in rows:
        out.write(("\n" if n == 0 else ",\n") + json.dumps(r, ensure_ascii=False, default=str))
        n += 1
    out.write("\n]\n" if n else "]\n")
    return n
