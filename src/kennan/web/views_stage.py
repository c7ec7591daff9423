"""Views for the later stages: statements, actors, narratives, traces.

Each page is routed only when the store implements the methods its stage
needs (:data:`kennan.report.data.STAGE_METHODS`); otherwise the route answers
404 ``W404`` naming the command to run. Views read through the store
interface only; the row shapes come from :mod:`kennan.report.data`, which the
report and the exports share.
"""

from __future__ import annotations

from ..errors import NotFound
from ..report import data as rd
from ..report import plots
from ..report.data import Lookup, statement_rows
from ..report.markup import Mark, highlight, shorten
from ..report.render import hop_sides, statement_marks, trace_graph
from .views import Ctx, Page, paged


def statements(ctx: Ctx) -> Page:
    """Attributed statements, filtered by actor (id, name or alias), document, kind, language and date."""
    flt = {"actor": ctx.text("actor", max_len=120), "doc": ctx.text("doc", max_len=64),
           "kind": ctx.text("kind", max_len=20), "lang": ctx.text("lang", max_len=16),
           "since": ctx.day("since"), "until": ctx.day("until")}
    limit = ctx.integer("limit", 100, lo=1)
    offset = ctx.integer("offset", 0, hi=10**9)
    stmts, more = paged(rd.iter_statements(ctx.store, **flt), offset, limit)
    data = {"filter": flt, "offset": offset, "limit": limit, "more": more,
            "statements": statement_rows(ctx.store, stmts)}
    return Page("statements.html", "Statements", data)


def statement(ctx: Ctx, statement_id: str) -> Page:
    """One statement in context: the words around it, its speaker, cue and date, its narrative."""
    s = ctx.store.get_statement(statement_id)
    lk = Lookup(ctx.store)
    row = statement_rows(ctx.store, [s], lk)[0]
    d = lk.doc(s.doc_id)
    view = {}
    if d is not None:
        spans = list(s.content_spans) + [x for x in (s.cue_span, s.speaker_span) if x]
        lo = max(0, min(a for a, _ in spans) - 300)
        hi = min(len(d.text), max(b for _, b in spans) + 300)
        marks = [Mark(m.start - lo, m.end - lo, m.cls, m.title, m.anchor, m.ref) for m in statement_marks([s])]
        view["context"] = highlight(d.text[lo:hi], marks)
        view["cut"] = (lo > 0, hi < len(d.text))
    narrative = None
    if "narratives" in ctx.features:
        narrative = rd.narrative_of(ctx.store, s.id)
    return Page("statement.html", shorten(s.content, 80), {"statement": row, "narrative": narrative}, view)


def actors(ctx: Ctx) -> Page:
    """Canonical actors with their kind, country, roles, aliases and how many statements each has."""
    kind = ctx.text("kind", max_len=20)
    name = ctx.text("name", max_len=120)
    limit = ctx.integer("limit", 200, lo=1)
    offset = ctx.integer("offset", 0, hi=10**9)
    counts = rd.actor_counts(ctx.store)
    rows, more = paged((dict(rd.as_dict(a), statements=counts.get(a.id, 0))
                        for a in ctx.store.iter_actors(kind=kind, name=name)), offset, limit)
    return Page("actors.html", "Actors", {"filter": {"kind": kind, "name": name}, "actors": rows,
                                          "offset": offset, "limit": limit, "more": more})


def actor(ctx: Ctx, actor_id: str) -> Page:
    """One actor: roles, aliases and their statements over time (a timeline by outlet)."""
    a = ctx.store.get_actor(actor_id)
    stmts = [s for s in rd.iter_statements(ctx.store, actor=a.id) if s.actor_id == a.id]
    rows = statement_rows(ctx.store, stmts)
    pts = [plots.TimelinePoint(r["said_on"] or r["published"], r["outlet"] or "unknown outlet", r["lang"],
                               shorten(r["content"], 90), f"/statements/{r['id']}") for r in rows]
    view = {"timeline": plots.timeline_svg(pts, title=f"{a.name}: statements by outlet", row_label="outlet")}
    return Page("actor.html", a.name, {"actor": rd.as_dict(a), "statements": rows}, view)


def narratives(ctx: Ctx) -> Page:
    """Narratives (one claim told again), largest first, with dates, languages, actors and outlets."""
    limit = ctx.integer("limit", 100, lo=1)
    offset = ctx.integer("offset", 0, hi=10**9)
    min_size = ctx.integer("min_size", 2, lo=1, hi=10**6)
    rows = [r for r in ctx.store.match_narrative_rows() if len(r["members"]) >= min_size]
    rows.sort(key=lambda r: (-len(r["members"]), r["id"]))
    page, more = paged(iter(rows), offset, limit)
    lk = Lookup(ctx.store)
    traced = rd.traces_by_narrative(ctx.store) if "trace" in ctx.features else {}
    out = [dict(rd.narrative_summary(ctx.store, r, lk), traces=traced.get(r["id"], [])) for r in page]
    return Page("narratives.html", "Narratives", {"min_size": min_size, "narratives": out, "offset": offset,
                                                  "limit": limit, "more": more, "total": len(rows)})


def narrative(ctx: Ctx, narrative_id: str) -> Page:
    """One narrative: its tellings on a timeline by actor and by outlet, its languages, its traces."""
    row = ctx.store.match_narrative_row(narrative_id)
    lk = Lookup(ctx.store)
    rows = rd.member_rows(ctx.store, row, lk)
    summary = rd.narrative_summary(ctx.store, row, lk, rows)
    traces = rd.traces_by_narrative(ctx.store).get(row["id"], []) if "trace" in ctx.features else []

    def pts(key: str, fallback: str) -> list:
        return [plots.TimelinePoint(r["said_on"] or r["published"], r[key] or fallback, r["lang"],
                                    shorten(r["content"], 90), f"/statements/{r['id']}") for r in rows]

    data = {"narrative": summary, "statements": rows, "traces": traces}
    view = {"by_actor": plots.timeline_svg(pts("actor_name", "unattributed"), title="Tellings by actor"),
            "by_outlet": plots.timeline_svg(pts("outlet", "unknown outlet"), title="Tellings by outlet",
                                            row_label="outlet")}
    return Page("narrative.html", summary["label"] or row["id"], data, view)


def traces(ctx: Ctx) -> Page:
    """Stored traces (``kennan trace`` saves them), newest first."""
    limit = ctx.integer("limit", 100, lo=1)
    rows = [rd.trace_row(r) for r in ctx.store.iter_traces(limit)]
    return Page("traces.html", "Traces", {"traces": rows, "limit": limit})


def trace(ctx: Ctx, trace_id: str) -> Page:
    """A provenance graph: the hops as a layered SVG, each hop side by side with its drift findings.

    The data is :func:`kennan.report.trace_view.trace_view`, the same view the
    CLI's ``kennan trace --json`` prints (without the documents' full text).
    """
    from ..report.trace_view import trace_view

    full = trace_view(ctx.store, trace_id)
    data = {k: v for k, v in full.items() if k != "doc_texts"}
    narrative = None
    if full.get("narrative_id") and "narratives" in ctx.features:
        try:
            narrative = ctx.store.match_narrative_row(full["narrative_id"])
        except NotFound:
            narrative = None
    data["narrative"] = {"id": narrative["id"], "label": narrative.get("label")} if narrative else None
    label = (narrative or {}).get("label") or full.get("query") or full["id"]
    view = {"graph": trace_graph(full, href=lambda t: f"/statements/{t['id']}",
                                 title=f"Provenance: {shorten(label, 90)}"),
            "sides": [hop_sides(full, h) for h in full["hops"]], "label": label,
            "by_id": {t["id"]: t for t in full["tellings"]}}
    return Page("trace.html", f"Trace: {shorten(label, 60)}", data, view)
