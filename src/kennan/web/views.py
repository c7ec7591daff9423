"""Views for what every store has: search, documents, failures, stats.

A view takes a :class:`Ctx` (the request's parameters and this thread's store)
and returns a :class:`Page`: the template to render and ``data``, the JSON
twin. ``view`` holds HTML-only renderings *derived from the same data*
(highlighted text, SVG), never anything the JSON lacks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from itertools import islice

from markupsafe import Markup, escape

from ..errors import NotFound, WebError
from ..report import data as rd
from ..report.data import document_row
from ..report.markup import Mark, highlight
from ..store import DocumentFilter

MAX_LIMIT = 1000


@dataclass
class Page:
    """What a view returns: template, title, JSON-ready ``data``, HTML-only ``view`` extras."""

    template: str
    title: str
    data: dict
    view: dict = field(default_factory=dict)
    status: int = 200


class Ctx:
    """One request as views see it: validated parameters and the store."""

    def __init__(self, request, store, features: frozenset[str]) -> None:
        self.request = request
        self.query = request.query_params
        self.store = store
        self.features = features

    def text(self, name: str, default: str | None = None, *, max_len: int = 500) -> str | None:
        """A string parameter, stripped; ``None``/default when absent or empty."""
        v = self.query.get(name)
        if v is None or not v.strip():
            return default
        v = v.strip()
        if len(v) > max_len:
            raise WebError(f"parameter {name!r} is {len(v)} characters; keep it under {max_len}", code="W400")
        return v

    def integer(self, name: str, default: int, *, lo: int = 0, hi: int = MAX_LIMIT) -> int:
        """An integer parameter within ``[lo, hi]``."""
        v = self.query.get(name)
        if v is None or v == "":
            return default
        try:
            n = int(v)
        except ValueError:
            raise WebError(f"parameter {name!r} must be a whole number, not {v!r}", code="W400") from None
        if not lo <= n <= hi:
            raise WebError(f"parameter {name!r} must be between {lo} and {hi}, not {n}", code="W400")
        return n

    def day(self, name: str) -> str | None:
        """An ISO date parameter (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``)."""
        v = self.text(name, max_len=10)
        if v is None:
            return None
        if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", v):
            raise WebError(f"parameter {name!r} must be a date like 2020-07-24, not {v!r}", code="W400")
        if len(v) == 10:
            try:
                date.fromisoformat(v)
            except ValueError:
                raise WebError(f"parameter {name!r} is not a real date: {v!r}", code="W400") from None
        return v


def paged(it, offset: int, limit: int) -> tuple[list, bool]:
    """``limit`` items after ``offset`` from ``it``, and whether more follow."""
    rows = list(islice(it, offset, offset + limit + 1))
    return rows[:limit], len(rows) > limit


_SNIP = re.compile(r"\[([^\[\]]*)\]")


def snippet_markup(snippet: str) -> Markup:
    """An FTS snippet (matches in ``[...]``) as escaped HTML with ``<mark>`` on the matches.

    Brackets that were in the text itself can mis-mark a piece; the text is escaped either way.
    """
    out, pos = [], 0
    for m in _SNIP.finditer(snippet):
        out.append(str(escape(snippet[pos:m.start()])))
        out.append(f'<mark class="match">{escape(m.group(1))}</mark>')
        pos = m.end()
    out.append(str(escape(snippet[pos:])))
    return Markup("".join(out))


def home(ctx: Ctx) -> Page:
    """Search (FTS5, BM25) over documents, and statements where they exist; the store in brief."""
    q = ctx.text("q")
    limit = ctx.integer("limit", 20, lo=1, hi=200)
    data: dict = {"q": q, "hits": [], "statements": []}
    if q:
        data["hits"] = [
            {"doc_id": h.doc_id, "title": h.title, "outlet": h.outlet, "published": h.published,
             "score": h.score, "snippet": h.snippet}
            for h in ctx.store.search(q, limit=limit)
        ]
        if "statements" in ctx.features:
            data["statements"] = search_statements(ctx.store, q, limit)
    if not q:  # the store in brief, on the home page only (search pages skip the counting)
        s = ctx.store.stats()
        data["store"] = {k: s.get(k) for k in ("documents", "failures", "statements", "actors", "narratives", "hops")
                         if s.get(k) is not None}
        data["store"]["published_range"] = s.get("published_range")
    view = {"snippets": [snippet_markup(h["snippet"]) for h in data["hits"]]}
    title = f"Search: {q}" if q else "kennan"
    return Page("home.html", title, data, view)


def search_statements(store, q: str, limit: int) -> list[dict]:
    """Statements whose words match ``q`` (BM25 over the match stage's index, where it exists)."""
    lexical = getattr(store, "match_lexical", None)
    items = getattr(store, "match_items", None)
    if not (callable(lexical) and callable(items)):
        return []
    from ..store.sqlite import fts_query

    keys = [k for k, _ in lexical(fts_query(q), limit=limit)]
    found = items(keys)
    stmts = []
    for k in keys:
        if k in found:
            try:
                stmts.append(store.get_statement(found[k].statement_id))
            except NotFound:
                continue
    return rd.statement_rows(store, stmts)


def documents(ctx: Ctx) -> Page:
    """Documents, oldest first, filtered by outlet, language and date."""
    flt = DocumentFilter(outlet=ctx.text("outlet"), lang=ctx.text("lang", max_len=16),
                         since=ctx.day("since"), until=ctx.day("until"))
    limit = ctx.integer("limit", 100, lo=1)
    offset = ctx.integer("offset", 0, hi=10**9)
    rows, more = paged((document_row(d) for d in ctx.store.iter_documents(flt)), offset, limit)
    data = {"filter": {"outlet": flt.outlet, "lang": flt.lang, "since": flt.since, "until": flt.until},
            "offset": offset, "limit": limit, "more": more, "documents": rows}
    return Page("documents.html", "Documents", data)


def document(ctx: Ctx, doc_id: str) -> Page:
    """One document: metadata and text, with its statements highlighted where they exist."""
    d = ctx.store.get_document(doc_id)
    data = {"document": document_row(d, text=True), "statements": []}
    marks: list[Mark] = []
    if "statements" in ctx.features:
        from ..report.render import statement_marks

        stmts = list(rd.iter_statements(ctx.store, doc=d.id))
        stmts = [s for s in stmts if s.doc_id == d.id]
        data["statements"] = rd.statement_rows(ctx.store, stmts)
        marks = statement_marks(stmts)
    view = {"text": highlight(d.text, marks)}
    return Page("document.html", d.title or d.id, data, view)


def failures(ctx: Ctx) -> Page:
    """Inputs that could not be ingested, with the code and the fix."""
    limit = ctx.integer("limit", 200, lo=1)
    rows = [{"path": f.path, "record": f.record_index, "code": f.code, "message": f.message, "at": f.at}
            for f in ctx.store.iter_failures(limit)]
    return Page("failures.html", "Failures", {"failures": rows, "limit": limit})


def stats(ctx: Ctx) -> Page:
    """Counts by table, language, outlet and format; the date range; stages present."""
    s = ctx.store.stats()
    s.pop("store", None)  # the server's file path is not the visitor's business
    s["stages"] = sorted(ctx.features)
    return Page("stats.html", "Stats", {"stats": s})
