"""SQL fragments shared by the SQLite mixins."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

#: Values per ``IN (...)`` list, well under SQLite's bound-parameter limit.
IN_CHUNK = 500


def date_range(column: str, since: str | None, until: str | None) -> tuple[list[str], list]:
    """Clauses and parameters for ``since <= column <= until`` on ISO 8601 text.

    ``until`` is a prefix bound: ``2020-07`` keeps every value of that month, and
    a date keeps every time of that day (the column is compared on its first
    ``len(until)`` characters).
    """
    clauses, params = [], []
    if since:
        clauses.append(f"{column} >= ?")
        params.append(since)
    if until:
        clauses.append(f"substr({column}, 1, ?) <= ?")
        params.extend([len(until), until])
    return clauses, params


def in_chunks(values: Sequence, size: int = IN_CHUNK) -> Iterator[tuple[list, str]]:
    """``(chunk, marks)`` pairs for ``IN ({marks})`` queries over ``values``, ``size`` at a time."""
    for i in range(0, len(values), size):
        chunk = list(values[i:i + size])
        yield chunk, ",".join("?" * len(chunk))
