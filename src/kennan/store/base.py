"""The store interface. Stages talk to this, never to SQL.

A backend (SQLite now, PostgreSQL later) implements every method; the same
test-suite runs against each. Writes happen inside :meth:`Store.transaction`:
either everything in the block is stored or nothing is.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass

from ..records import Document, Failure


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One full-text search result: the document, its BM25 score and a snippet.

    ``score`` is SQLite's bm25() negated, so higher is better. ``snippet``
    marks matched terms with ``[`` and ``]``.
    """

    doc_id: str
    title: str | None
    outlet: str | None
    published: str | None
    score: float
    snippet: str


@dataclass(frozen=True, slots=True)
class SourceRecord:
    """A completely ingested input file: its hash and what it yielded."""

    path: str
    sha256: str
    size: int
    documents: int
    failures: int
    completed_at: str


@dataclass(frozen=True, slots=True)
class DocumentFilter:
    """Filters for listing documents; ``None`` means no filter."""

    outlet: str | None = None
    lang: str | None = None
    since: str | None = None
    until: str | None = None


class Store(ABC):
    """Abstract store: documents, failures and sources (later stages add theirs)."""

    path: str

    @abstractmethod
    def transaction(self) -> AbstractContextManager[None]:
        """A write transaction; nested calls join the outer one."""

    @abstractmethod
    def close(self) -> None:
        """Release the connection."""

    # documents -------------------------------------------------------------
    @abstractmethod
    def existing_document_ids(self, ids: Iterable[str]) -> set[str]:
        """The subset of ``ids`` already stored."""

    @abstractmethod
    def add_documents(self, docs: Iterable[Document]) -> int:
        """Insert documents not yet stored; returns how many were new."""

    @abstractmethod
    def get_document(self, doc_id: str) -> Document:
        """A document by id or unique id prefix; raises ``NotFound``."""

    @abstractmethod
    def iter_documents(self, flt: DocumentFilter | None = None, limit: int | None = None) -> Iterator[Document]:
        """Documents ordered by publication date then id, streamed."""

    @abstractmethod
    def count_documents(self) -> int:
        """How many documents are stored."""

    @abstractmethod
    def search(self, query: str, *, limit: int = 20, raw: bool = False) -> list[SearchHit]:
        """Full-text search (BM25). ``raw`` passes the backend's query syntax through."""

    # failures --------------------------------------------------------------
    @abstractmethod
    def record_failure(self, failure: Failure) -> None:
        """Store (or refresh) the failure for ``(path, record_index)``."""

    @abstractmethod
    def clear_failures(self, path: str, record_index: int | None = None, *, all_records: bool = False) -> None:
        """Forget failures of a path (one record, or all with ``all_records``)."""

    @abstractmethod
    def iter_failures(self, limit: int | None = None) -> Iterator[Failure]:
        """Stored failures, newest first."""

    # sources ---------------------------------------------------------------
    @abstractmethod
    def get_source(self, path: str) -> SourceRecord | None:
        """The completion record of an input file, if it was fully ingested."""

    @abstractmethod
    def mark_source(self, record: SourceRecord) -> None:
        """Record that an input file was fully ingested."""

    # summary ---------------------------------------------------------------
    @abstractmethod
    def stats(self) -> dict:
        """Counts by table, language, outlet and format; date range."""
