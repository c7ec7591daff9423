"""``kennan report``: one self-contained HTML file to send to an editor.

The file opens offline in any browser: the stylesheet is inline, plots are
inline SVG, and there is no script at all (a Content-Security-Policy meta tag
forbids any, in case escaping ever failed). Every piece of ingested text goes
through Jinja2's autoescaping or :func:`kennan.report.markup.highlight`.

Sections: what the store holds; each stored trace (primary source, provenance
graph, hop by hop with the changed words marked); the largest narratives with
their timeline; the documents. Links inside the file are in-page anchors; the
only outbound links are documents' own http(s) URLs.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from ..errors import ConfigError, NotFound
from . import data as rd
from . import plots
from .markup import link, shorten
from .render import hop_sides, trace_graph

#: The report's policy: inline styles only (it is one file), images only as data: URLs, no script.
REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
MAX_DOCUMENTS = 500


def _env() -> Environment:
    env = Environment(loader=PackageLoader("kennan.report", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(link=link)
    env.filters["shorten"] = shorten
    env.filters["day"] = lambda v: (str(v)[:10] if v else "")
    return env


def report_context(store, *, trace_ids: list[str] | None = None, narratives: int = 10,
                   documents: int = MAX_DOCUMENTS) -> dict:
    """Everything the report shows, as template context (JSON-ready apart from the SVG/HTML pieces)."""
    features = rd.available(store)
    stats = store.stats()
    stats.pop("store", None)
    ctx: dict = {"generated": datetime.now(timezone.utc).isoformat(timespec="seconds"), "stats": stats,
                 "features": sorted(features), "traces": [], "narratives": [], "documents": [],
                 "more_documents": 0, "csp": REPORT_CSP}
    if "trace" in features:
        from .trace_view import trace_view

        ids = trace_ids if trace_ids is not None else [r["id"] for r in store.iter_traces()]
        for tid in ids:
            full = trace_view(store, tid)
            label = full.get("query") or full.get("narrative_id") or full["id"]
            ctx["traces"].append({
                "data": {k: v for k, v in full.items() if k != "doc_texts"},
                "by_id": {t["id"]: t for t in full["tellings"]},
                "label": label,
                "graph": trace_graph(full, href=lambda t: f"#t-{t['id']}", title=f"Provenance: {shorten(label, 90)}"),
                "sides": [hop_sides(full, h) for h in full["hops"]],
            })
    elif trace_ids:
        raise ConfigError("this store has no traces; drop --trace or run `kennan trace` first", code="C053")
    if "narratives" in features and narratives:
        lk = rd.Lookup(store)
        rows = sorted(store.match_narrative_rows(), key=lambda r: (-len(r["members"]), r["id"]))
        for r in [r for r in rows if len(r["members"]) >= 2][:narratives]:
            members = rd.member_rows(store, r, lk)
            summ = rd.narrative_summary(store, r, lk, members)
            pts = [plots.TimelinePoint(m["said_on"] or m["published"],
                                       m["actor_name"] or m["speaker"] or "unattributed", m["lang"],
                                       shorten(m["content"], 90)) for m in members]
            ctx["narratives"].append({"summary": summ, "members": members,
                                      "timeline": plots.timeline_svg(pts, title="Tellings by actor")})
    n = 0
    for d in store.iter_documents():
        if n < documents:
            ctx["documents"].append(rd.document_row(d))
        n += 1
    ctx["more_documents"] = max(0, n - documents)
    return ctx


def write_report(store, path: str, *, trace_ids: list[str] | None = None, narratives: int = 10,
                 documents: int = MAX_DOCUMENTS) -> dict:
    """Write the report to ``path``; returns counts of what it holds.

    ``trace_ids`` limits the traces shown (default: every stored trace);
    ``narratives`` how many of the largest narratives to show, ``documents`` how
    many documents to list (0 for a report of the traces alone). Raises
    ``NotFound`` for an unknown trace id.
    """
    out = Path(path)
    if not out.parent.is_dir():
        raise ConfigError(f"cannot write {path!r}: folder {str(out.parent)!r} does not exist; create it or pass "
                          "another -o", code="C054")
    ctx = report_context(store, trace_ids=trace_ids, narratives=narratives, documents=documents)
    css = (Path(__file__).parent / "templates" / "report.css").read_text(encoding="utf-8")
    tpl = _env().get_template("report.html")
    tmp = out.with_name(out.name + ".part")
    with open(tmp, "w", encoding="utf-8") as fh:
        for chunk in tpl.generate(css=Markup(css), **ctx):
            fh.write(chunk)
    tmp.replace(out)
    return {"path": str(out), "traces": len(ctx["traces"]), "narratives": len(ctx["narratives"]),
            "documents": len(ctx["documents"]) + ctx["more_documents"]}


__all__ = ["write_report", "report_context", "REPORT_CSP", "NotFound"]
