"""The store: one interface, SQLite by default."""

from __future__ import annotations

from ..config import default_db_path
from .base import DocumentFilter, SearchHit, SourceRecord, Store


def open_store(path: str | None = None) -> Store:
    """Open (creating and migrating as needed) the store at ``path``.

    ``None`` means ``$KENNAN_DB`` or ``kennan.db``. ``:memory:`` gives a
    throwaway store for tests.
    """
    from .sqlite import SQLiteStore

    return SQLiteStore(path or default_db_path())


__all__ = ["DocumentFilter", "SearchHit", "SourceRecord", "Store", "open_store"]

from ._sqlite_match import MatchFilter, MatchItem, TextIndex  # noqa: E402

__all__ += ["MatchFilter", "MatchItem", "TextIndex"]

from ._sqlite_extract import StatementFilter, alias_key  # noqa: E402

__all__ += ["StatementFilter", "alias_key"]
