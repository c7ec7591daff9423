"""SQL fragments shared by the SQLite mixins."""

from __future__ import annotations


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
