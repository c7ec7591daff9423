"""What the presentation layers (web, report, export) may read from a store.

Later stages add their store methods as they are built (statements and actors
from extract, narratives from match, hops and findings from trace/drift). The
web pages and exports for a stage appear when the store has the methods that
stage needs; :func:`available` says which stages those are. Keeping the check
in one place means a new stage's pages slot in without touching the others.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator

from ..errors import NotFound
from ..records import Document

#: Store methods each optional stage needs, by the name the pages use.
STAGE_METHODS: dict[str, tuple[str, ...]] = {
    "statements": ("iter_statements", "get_statement"),
    "actors": ("iter_actors", "get_actor"),
    "narratives": ("match_narrative_rows", "match_narrative_row"),
    "trace": ("iter_traces", "get_trace"),
}

#: The command that fills each stage, for "not yet" messages.
STAGE_COMMAND: dict[str, str] = {
    "statements": "kennan extract",
    "actors": "kennan extract",
    "narratives": "kennan match",
    "trace": "kennan trace",
}


def available(store) -> frozenset[str]:
    """The optional stages whose store methods this store implements."""
    out = set()
    for stage, names in STAGE_METHODS.items():
        if all(callable(getattr(store, n, None)) for n in names):
            out.add(stage)
    return frozenset(out)


def as_dict(record) -> dict:
    """A frozen record as a JSON-ready dict (tuples become lists)."""
    if isinstance(record, dict):
        return record
    return {f.name: _plain(getattr(record, f.name)) for f in dataclasses.fields(record)}


def _plain(value):
    if value is None or isinstance(value, (str, int, float)):
        return value
    if hasattr(type(value), "__dataclass_fields__"):
        return as_dict(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def document_row(d: Document, *, text: bool = False) -> dict:
    """A document as a listing row (without its text unless ``text``)."""
    row = {k: getattr(d, k) for k in d.__slots__ if k != "text"}
    row["chars"] = len(d.text)
    if text:
        row["text"] = d.text
    return row


def iter_document_rows(store, flt=None, limit: int | None = None) -> Iterator[dict]:
    """Documents as rows, streamed in publication order."""
    for d in store.iter_documents(flt, limit):
        yield document_row(d)


# statements and actors ---------------------------------------------------------
class Lookup:
    """Caches of documents and actors by id (``None`` when gone), bounded so exports stay flat in memory."""

    def __init__(self, store, *, max_items: int = 2048) -> None:
        self.store = store
        self.max_items = max_items
        self.docs: dict = {}
        self.actors: dict = {}

    def _cached(self, cache: dict, key: str, load):
        """``load(key)`` through ``cache`` (cleared when full); ``None`` for what the store lacks."""
        if key not in cache:
            if len(cache) >= self.max_items:
                cache.clear()
            try:
                cache[key] = load(key)
            except NotFound:
                cache[key] = None
        return cache[key]

    def doc(self, doc_id: str):
        return self._cached(self.docs, doc_id, self.store.get_document)

    def actor(self, actor_id: str | None):
        if not actor_id or not callable(getattr(self.store, "get_actor", None)):
            return None
        return self._cached(self.actors, actor_id, self.store.get_actor)


def iter_statements(store, *, limit: int | None = None, **flt) -> Iterator:
    """Statements through the store's filter (``actor``, ``doc``, ``kind``, ``lang``, ``since``, ``until``)."""
    from ..store._sqlite_extract import StatementFilter

    return store.iter_statements(StatementFilter(**{k: v for k, v in flt.items() if v is not None}), limit)


def statement_rows(store, stmts: Iterable, lookup: Lookup | None = None) -> list[dict]:
    """Statements as rows with their actor's name and their document's outlet, title and date."""
    lk = lookup or Lookup(store)
    rows = []
    for s in stmts:
        rows.append(statement_row(s, lk))
    return rows


def statement_row(s, lk: Lookup) -> dict:
    """One statement as a row (see :func:`statement_rows`)."""
    row = as_dict(s)
    a = lk.actor(s.actor_id)
    d = lk.doc(s.doc_id)
    row["actor_name"] = a.name if a else None
    row["outlet"] = d.outlet if d else None
    row["doc_title"] = d.title if d else None
    row["published"] = d.published if d else None
    return row


def actor_counts(store) -> dict[str, int]:
    """Statements per actor id (empty when the store cannot count them)."""
    fn = getattr(store, "actor_statement_counts", None)
    return fn() if callable(fn) else {}


# narratives --------------------------------------------------------------------
def member_rows(store, row: dict, lk: Lookup) -> list[dict]:
    """A narrative's member statements as rows, oldest telling first, with membership score and source."""
    out = []
    for m in row["members"]:
        try:
            s = store.get_statement(m["statement_id"])
        except NotFound:
            continue  # re-extraction dropped it; the next match run forgets it
        r = statement_row(s, lk)
        r["member_score"] = m.get("score")
        r["member_source"] = m.get("source")
        out.append(r)
    out.sort(key=lambda r: (str(r["said_on"] or r["published"] or "9999"), r["id"]))
    return out


def narrative_summary(store, row: dict, lk: Lookup, members: list[dict] | None = None) -> dict:
    """A narrative row with size, date span, languages, actors, outlets and its representative wording.

    ``members``: the row's :func:`member_rows`, when the caller has them already.
    """
    members = member_rows(store, row, lk) if members is None else members
    days = sorted(str(r["said_on"] or r["published"])[:10] for r in members if r["said_on"] or r["published"])
    langs: dict[str, int] = {}
    for r in members:
        langs[r["lang"] or "unknown"] = langs.get(r["lang"] or "unknown", 0) + 1
    rep = next((r for r in members if r["id"] == row.get("representative")), None)
    return {
        "id": row["id"], "label": row.get("label"), "status": row.get("status"), "method": row.get("method"),
        "model": row.get("model"), "size": len(members), "first_said": days[0] if days else None,
        "last_said": days[-1] if days else None, "languages": langs,
        "actors": sorted({r["actor_name"] for r in members if r["actor_name"]}),
        "outlets": sorted({r["outlet"] for r in members if r["outlet"]}),
        "representative": row.get("representative"), "representative_text": rep["content"] if rep else None,
    }


def narrative_of(store, statement_id: str) -> dict | None:
    """``{"id", "label"}`` of the narrative a statement belongs to, if any."""
    return store.match_narrative_of(statement_id)


# traces ------------------------------------------------------------------------
def trace_row(r: dict) -> dict:
    """A stored trace as a listing row."""
    return {"id": r["id"], "narrative_id": r.get("narrative_id"), "query": r.get("query"),
            "hops": r.get("hops"), "earliest_id": r.get("earliest_id"), "primary_id": r.get("primary_id"),
            "primary_note": r.get("primary_note"), "method": r.get("method"),
            "drift_method": r.get("drift_method"), "created_at": r.get("created_at")}


def traces_by_narrative(store) -> dict[str, list[dict]]:
    """Stored traces grouped by narrative id, newest first."""
    out: dict[str, list[dict]] = {}
    for r in store.iter_traces():
        if r.get("narrative_id"):
            out.setdefault(r["narrative_id"], []).append({"id": r["id"], "hops": r.get("hops"),
                                                          "created_at": r.get("created_at")})
    return out
