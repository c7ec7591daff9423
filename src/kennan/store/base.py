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
from typing import Self

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

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

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

    # extract (stage extract/, migration 100, store/_sqlite_extract.py) -------
    @abstractmethod
    def extract_pending(self, method: str, *, force: bool = False, limit: int | None = None,
                        doc_ids: Iterable[str] | None = None) -> Iterator[Document]:
        """Documents not yet processed by extraction ``method`` (all with ``force``)."""

    @abstractmethod
    def extract_save(self, doc_id: str, statements: Iterable, actors: Iterable, *, method: str,
                     descriptors: dict | None = None, status: str = "ok", error_code: str | None = None,
                     error_message: str | None = None) -> int:
        """Replace a document's statements, merge its actors, record the run; one transaction."""

    @abstractmethod
    def extract_run_counts(self) -> dict[str, dict[str, int]]:
        """Extract runs by method and status."""

    @abstractmethod
    def upsert_actors(self, actors: Iterable, *, descriptors: dict | None = None, replace: bool = False) -> int:
        """Insert actors or merge their aliases and roles; returns how many were new."""

    @abstractmethod
    def iter_actors(self, *, kind: str | None = None, name: str | None = None,
                    limit: int | None = None) -> Iterator:
        """Actors ordered by name, optionally by kind or name/alias substring."""

    @abstractmethod
    def actor_descriptors(self) -> dict[str, tuple[str, ...]]:
        """Descriptions per actor id ("the senator") from user files."""

    @abstractmethod
    def actor_statement_counts(self) -> dict[str, int]:
        """How many statements each actor has."""

    @abstractmethod
    def get_actor(self, ref: str):
        """An actor by id, name or alias; raises ``NotFound`` (N003)."""

    @abstractmethod
    def find_actor_ids(self, ref: str) -> list[str]:
        """Actor ids matching an id, name or alias."""

    @abstractmethod
    def iter_statements(self, flt=None, limit: int | None = None) -> Iterator:
        """Statements filtered by actor, date range, document, kind, language."""

    @abstractmethod
    def get_statement(self, sid: str):
        """A statement by id or unique prefix; raises ``NotFound`` (N004)."""

    @abstractmethod
    def count_statements(self) -> int:
        """How many statements are stored."""

    # match (stage match/, migrations 200-299, store/_sqlite_match.py) ---------
    @abstractmethod
    def match_index_items(self, rows: Iterable[tuple], *, method: str) -> int:
        """Index statements for matching: ``(statement_id, doc_id, said_on, lang, actor_id, speaker, content)``."""

    @abstractmethod
    def match_lexical(self, fts: str, *, limit: int = 100, flt=None) -> list[tuple[int, float]]:
        """BM25 over indexed statements: ``(key, score)`` best first."""

    @abstractmethod
    def match_put_vectors(self, model: str, dim: int, dtype: str, rows: Iterable[tuple[int, bytes]], *,
                          method: str) -> int:
        """Store packed statement vectors of ``model``."""

    @abstractmethod
    def match_vectors(self, model: str, keys=None, *, after: int | None = None):
        """Keys and packed vectors of ``model``."""

    @abstractmethod
    def match_narrative_rows(self, *, include_merged: bool = False) -> list[dict]:
        """Narratives with their members."""

    @abstractmethod
    def match_narrative_of(self, statement_id: str) -> dict | None:
        """The narrative (id, label) holding one statement, or None."""

    @abstractmethod
    def match_record_decision(self, action: str, nid: str, *, other: str | None = None,
                              statement_id: str | None = None, note: str | None = None) -> int:
        """Store a user decision on a narrative (merge, split, confirm, reject)."""

    # trace (store/_sqlite_trace.py) -------------------------------------------
    @abstractmethod
    def save_trace(self, trace_id, trace, *, query=None, findings=None, drift_scores=None, drift_method=None) -> None:
        """Store a trace whole, replacing an earlier one with the same id."""

    @abstractmethod
    def get_trace(self, trace_id: str):
        """``(Trace, findings by hop id, drift scores by hop id, row)``; raises ``NotFound``."""

    @abstractmethod
    def iter_traces(self, limit: int | None = None):
        """Stored traces, newest first."""

    @abstractmethod
    def iter_hop_rows(self):
        """Every stored hop with evidence and findings, for exports."""
