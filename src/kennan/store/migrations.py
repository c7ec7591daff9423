"""Apply the schema's migrations to a SQLite connection, recording each."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone

from ..errors import StoreError
from .schema import MIGRATIONS


def applied(conn: sqlite3.Connection) -> set[int]:
    """Versions already applied to this database."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    return {row[0] for row in conn.execute("SELECT version FROM migrations")}


def migrate(conn: sqlite3.Connection, migrations=None) -> list[int]:
    """Apply pending migrations in version order, each in its own transaction.

    Returns the versions applied now. Raises :class:`StoreError` (``S002``) when
    the database holds a version this kennan does not know (a newer kennan
    wrote it).
    """
    migrations = sorted(migrations or MIGRATIONS)
    done = applied(conn)
    known = {v for v, _, _ in migrations}
    unknown = done - known
    if unknown:
        raise StoreError(
            f"the store was written by a newer kennan (schema versions {sorted(unknown)}); "
            "upgrade kennan or use another --db file",
            code="S002",
        )
    now = []
    for version, name, sql in migrations:
        if version in done:
            continue
        try:
            conn.execute("BEGIN IMMEDIATE")
            for stmt in _split(sql):
                conn.execute(stmt)
            conn.execute(
                "INSERT INTO migrations(version, name, applied_at) VALUES (?, ?, ?)",
                (version, name, datetime.now(timezone.utc).isoformat(timespec="seconds")),
            )
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            conn.execute("ROLLBACK")
            raise StoreError(f"migration {version} ({name}) failed: {exc}", code="S003") from exc
        now.append(version)
    return now


def _split(sql: str) -> list[str]:
    """Split a migration script into statements, keeping trigger bodies whole."""
    out, buf = [], []
    for line in sql.strip().splitlines():
        buf.append(line)
        chunk = "\n".join(buf).strip()
        if chunk.endswith(";") and sqlite3.complete_statement(chunk):
            out.append(chunk)
            buf = []
    if "".join(buf).strip():
        out.append("\n".join(buf))
    return out
