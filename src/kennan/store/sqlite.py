"""SQLite backend: one file, WAL, foreign keys, FTS5, recorded migrations.

Dialect details live here and in the ``_sqlite_*`` mixins; nothing outside
``store/`` writes SQL.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import NotFound, StoreError
from ..records import Document, Failure
from .base import DocumentFilter, SearchHit, SourceRecord, Store
from ._sqlite_extract import ExtractSQLMixin
from ._sqlite_match import MatchSQLMixin
from ._sqlite_trace import TraceSQLMixin
from ._sql import date_range, in_chunks
from .migrations import migrate

_DOC_COLS = (
    "id", "text", "outlet", "url", "title", "author", "published", "published_source",
    "lang", "lang_source", "source_path", "record_index", "format", "ingested_at", "status",
)
_WORD = re.compile(r"\w+", re.UNICODE)


class SQLiteStore(ExtractSQLMixin, MatchSQLMixin, TraceSQLMixin, Store):
    """The embedded default store."""

    def __init__(self, path: str) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            parent = Path(self.path).expanduser().resolve().parent
            if not parent.is_dir():
                raise StoreError(
                    f"cannot create the store {self.path!r}: folder {str(parent)!r} does not exist; "
                    "create it or pass another --db",
                    code="S001",
                )
        try:
            self.conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=30)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the store {self.path!r}: {exc}; check --db", code="S001") from exc
        self.conn.row_factory = sqlite3.Row
        self._depth = 0
        self._lock = threading.RLock()
        try:
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA busy_timeout=30000")
            migrate(self.conn)
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            raise StoreError(
                f"{self.path!r} is not a kennan store ({exc}); pass another --db or move the file away",
                code="S004",
            ) from exc

    # plumbing --------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield
                finally:
                    self._depth -= 1
                return
            self.conn.execute("BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield
            except BaseException:
                self._depth = 0
                self.conn.execute("ROLLBACK")
                raise
            self._depth = 0
            self.conn.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()

    def execute(self, sql: str, params: Iterable = ()) -> sqlite3.Cursor:
        """Run one statement (for the ``_sqlite_*`` mixins)."""
        return self.conn.execute(sql, tuple(params))

    def schema_versions(self) -> list[int]:
        """Applied migration versions, ascending."""
        return [r[0] for r in self.conn.execute("SELECT version FROM migrations ORDER BY version")]

    # documents -------------------------------------------------------------
    def existing_document_ids(self, ids: Iterable[str]) -> set[str]:
        ids = list(ids)
        found: set[str] = set()
        for chunk, marks in in_chunks(ids):
            found.update(r[0] for r in self.conn.execute(f"SELECT id FROM documents WHERE id IN ({marks})", chunk))
        return found

    def add_documents(self, docs: Iterable[Document]) -> int:
        marks = ",".join("?" * len(_DOC_COLS))
        sql = f"INSERT OR IGNORE INTO documents({','.join(_DOC_COLS)}) VALUES ({marks})"
        new = 0
        with self.transaction():
            for d in docs:
                cur = self.conn.execute(sql, tuple(getattr(d, c) for c in _DOC_COLS))
                new += cur.rowcount
        return new

    def get_document(self, doc_id: str) -> Document:
        rows = self.conn.execute(
            "SELECT * FROM documents WHERE id = ? OR id LIKE ? LIMIT 2", (doc_id, _prefix(doc_id))
        ).fetchall()
        exact = [r for r in rows if r["id"] == doc_id]
        if exact:
            return _doc(exact[0])
        if len(rows) == 1:
            return _doc(rows[0])
        if not rows:
            raise NotFound(f"no document with id {doc_id!r}; list ids with `kennan docs`", code="N001")
        raise NotFound(f"id prefix {doc_id!r} is ambiguous; give more characters", code="N002")

    def iter_documents(self, flt: DocumentFilter | None = None, limit: int | None = None) -> Iterator[Document]:
        where, params = _doc_where(flt or DocumentFilter())
        sql = "SELECT * FROM documents" + where + " ORDER BY published IS NULL, published, id"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        for row in self.conn.execute(sql, params):
            yield _doc(row)

    def count_documents(self) -> int:
        return self.conn.execute("SELECT count(*) FROM documents").fetchone()[0]

    def search(self, query: str, *, limit: int = 20, raw: bool = False) -> list[SearchHit]:
        fts = query if raw else fts_query(query)
        if not fts:
            return []
        sql = (
            "SELECT d.id, d.title, d.outlet, d.published, bm25(documents_fts, 2.0, 1.0) AS rank, "
            "snippet(documents_fts, 1, '[', ']', '…', 16) AS snip "
            "FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid "
            "WHERE documents_fts MATCH ? ORDER BY rank LIMIT ?"
        )
        try:
            rows = self.conn.execute(sql, (fts, int(limit))).fetchall()
        except sqlite3.OperationalError as exc:
            raise StoreError(
                f"bad search query {query!r} ({exc}); drop --raw to search plain words", code="S010"
            ) from exc
        return [SearchHit(r[0], r[1], r[2], r[3], round(-r[4], 6), r[5]) for r in rows]

    # failures --------------------------------------------------------------
    def record_failure(self, failure: Failure) -> None:
        with self.transaction():
            self.conn.execute(
                "DELETE FROM failures WHERE path = ? AND ifnull(record_index, -1) = ifnull(?, -1)",
                (failure.path, failure.record_index),
            )
            self.conn.execute(
                "INSERT INTO failures(path, record_index, code, message, at) VALUES (?, ?, ?, ?, ?)",
                (failure.path, failure.record_index, failure.code, failure.message, failure.at),
            )

    def clear_failures(self, path: str, record_index: int | None = None, *, all_records: bool = False) -> None:
        with self.transaction():
            if all_records:
                self.conn.execute("DELETE FROM failures WHERE path = ?", (path,))
            else:
                self.conn.execute(
                    "DELETE FROM failures WHERE path = ? AND ifnull(record_index, -1) = ifnull(?, -1)",
                    (path, record_index),
                )

    def iter_failures(self, limit: int | None = None) -> Iterator[Failure]:
        sql = "SELECT * FROM failures ORDER BY at DESC, id DESC"
        params: list = []
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        for r in self.conn.execute(sql, params):
            yield Failure(r["path"], r["record_index"], r["code"], r["message"], r["at"], r["id"])

    # sources ---------------------------------------------------------------
    def get_source(self, path: str) -> SourceRecord | None:
        r = self.conn.execute("SELECT * FROM sources WHERE path = ?", (path,)).fetchone()
        return SourceRecord(**dict(r)) if r else None

    def mark_source(self, record: SourceRecord) -> None:
        with self.transaction():
            self.conn.execute(
                "INSERT OR REPLACE INTO sources(path, sha256, size, documents, failures, completed_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (record.path, record.sha256, record.size, record.documents, record.failures, record.completed_at),
            )

    # summary ---------------------------------------------------------------
    def stats(self) -> dict:
        q = self.conn.execute
        out: dict = {
            "store": self.path,
            "documents": q("SELECT count(*) FROM documents").fetchone()[0],
            "failures": q("SELECT count(*) FROM failures").fetchone()[0],
            "sources": q("SELECT count(*) FROM sources").fetchone()[0],
        }
        for col in ("lang", "outlet", "format"):
            out[f"by_{col}"] = {
                (r[0] if r[0] is not None else "unknown"): r[1]
                for r in q(f"SELECT {col}, count(*) FROM documents GROUP BY {col} ORDER BY count(*) DESC, {col}")
            }
        lo, hi = q("SELECT min(published), max(published) FROM documents").fetchone()
        out["published_range"] = [lo, hi]
        out["failures_by_code"] = {r[0]: r[1] for r in q("SELECT code, count(*) FROM failures GROUP BY code ORDER BY code")}
        for table in _optional_tables(self.conn):
            out[table] = q(f"SELECT count(*) FROM {table}").fetchone()[0]
        out["schema_versions"] = self.schema_versions()
        return out


def fts_query(text: str) -> str:
    """Plain words to an FTS5 query: every word must occur (quoted, so no syntax errors)."""
    words = _WORD.findall(text)
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


def _prefix(doc_id: str) -> str:
    return doc_id.replace("%", "").replace("_", "") + "%"


def _doc(row: sqlite3.Row) -> Document:
    return Document(**{c: row[c] for c in _DOC_COLS})


def _doc_where(flt: DocumentFilter) -> tuple[str, list]:
    clauses, params = [], []
    if flt.outlet:
        clauses.append("outlet = ?")
        params.append(flt.outlet)
    if flt.lang:
        clauses.append("lang = ?")
        params.append(flt.lang)
    c, p = date_range("published", flt.since, flt.until)
    clauses += c
    params += p
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


_COUNTED = ("actors", "statements", "narratives", "hops", "findings")


def _optional_tables(conn: sqlite3.Connection) -> list[str]:
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return [t for t in _COUNTED if t in names]
