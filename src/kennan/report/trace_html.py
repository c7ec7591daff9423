"""A self-contained HTML report of one trace: graph, chain, and each hop side by side.

The file opens offline: CSS inline, the graph an inline SVG, no script at all.
Every piece of ingested text is escaped (:mod:`kennan.report.markup`); the
changed words of each drift finding are wrapped in ``<mark>`` on both sides.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from .markup import Mark, highlight, link
from .plots import GraphEdge, GraphNode, graph_svg

CSS = """
body{font:15px/1.45 "DejaVu Sans",Verdana,sans-serif;color:#1b1b1b;margin:0;background:#fafaf7}
header{background:#1d2b3a;color:#fff;padding:18px 28px}header h1{margin:0;font-size:22px}
header p{margin:4px 0 0;color:#c9d3dd}main{padding:12px 28px 40px;max-width:1280px}
h2{font-size:18px;border-bottom:2px solid #1d2b3a;padding-bottom:4px;margin-top:28px}
.summary{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;background:#fff;padding:12px 16px;
border:1px solid #ddd}.summary dt{font-weight:bold}.summary dd{margin:0}
.hop{background:#fff;border:1px solid #d8d8d8;margin:18px 0;padding:0 0 8px}
.hop h3{margin:0;padding:8px 14px;background:#eef1f4;font-size:15px}
.sides{display:grid;grid-template-columns:1fr 1fr;gap:0}
.side{padding:8px 14px}.side+.side{border-left:1px dashed #bbb}
.meta{color:#555;font-size:13px}.quote{margin:6px 0;padding:6px 10px;background:#fbfbf8;border-left:3px solid #1d2b3a}
mark{background:none;color:inherit;padding:0 1px}mark.content{border-bottom:2px solid #8a9bb0}
mark.certainty_inflated,mark.certainty_deflated{background:#ffc9a8}
mark.agent_shift{background:#cfe3ff}mark.added_intent,mark.added_framing{background:#ffb3b3}
mark.scope_widened,mark.qualifier_dropped{background:#d9f2c4}mark.misquotation,mark.quote_lifted{background:#e6ccff}
mark.stance_shift{background:#ffd6ec}.legend mark{display:inline-block;margin:2px 6px 2px 0}
table.findings{border-collapse:collapse;width:calc(100% - 28px);margin:6px 14px;font-size:13px}
table.findings td,table.findings th{border:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}
.evidence{margin:6px 14px;font-size:13px;color:#333}.tag{display:inline-block;padding:1px 6px;border-radius:3px;
background:#1d2b3a;color:#fff;font-size:12px;margin-right:4px}.faithful{color:#176317;font-weight:bold}
.chain li{margin:4px 0}.graph{background:#fff;border:1px solid #ddd;overflow-x:auto}
footer{color:#666;font-size:12px;margin-top:30px}
"""


def _window(text: str, spans: list[list[int]], marks: list[Mark], context: int = 160) -> Markup:
    """The statement's part of its document, with its content and finding spans marked."""
    if not spans:
        return highlight(text[:400], [])
    lo = max(0, min(s[0] for s in spans) - context)
    hi = min(len(text), max(s[1] for s in spans) + context)
    for m in marks:
        if m.start is not None:
            lo, hi = min(lo, max(0, m.start - 40)), max(hi, min(len(text), m.end + 40))
    # cut at sentence or word boundaries so the excerpt reads cleanly
    while lo > 0 and text[lo - 1] not in ".!?\n" and spans[0][0] - lo < context + 120:
        lo -= 1
    while hi < len(text) and text[hi - 1] not in ".!?\n" and hi - spans[-1][1] < context + 120:
        hi += 1
    shifted = [Mark(s[0] - lo, s[1] - lo, "content") for s in spans]
    shifted += [Mark(m.start - lo, m.end - lo, m.cls, m.title) for m in marks]
    body = highlight(text[lo:hi], shifted)
    return Markup("{}{}{}").format("… " if lo > 0 else "", body, " …" if hi < len(text) else "")


def _side(t: dict, text: str, marks: list[Mark], label: str) -> Markup:
    meta = Markup("{} · {} · {} [{}]{}").format(
        t.get("when") or "date unknown", t.get("outlet") or "unknown outlet", t.get("speaker") or "unknown speaker",
        t.get("kind"), Markup(" · cue: <b>{}</b>").format(t["cue"]) if t.get("cue") else "")
    title = Markup("<div class=meta>{}: {}</div>").format(label, link(t.get("url"), t.get("doc_title") or t.get("url") or ""))
    return Markup('<div class="side"><div class="meta">{}</div>{}<div class="quote" lang="{}">{}</div></div>').format(
        meta, title, t.get("lang") or "", _window(text, t["content_spans"], marks))


def render_trace_html(view: dict, *, title: str | None = None) -> str:
    """The report as one HTML string."""
    tellings = {t["id"]: t for t in view["tellings"]}
    texts = view.get("doc_texts", {})
    primary = tellings.get(view["primary_id"]) if view["primary_id"] else None
    earliest = tellings.get(view["earliest_id"]) if view["earliest_id"] else None
    heading = title or (f"Trace: {view['query']}" if view.get("query") else "Trace of a narrative")
    nodes = [GraphNode(id=t["id"], lines=(f"{t['when'] or '?'} {t['outlet'] or ''}"[:38], (t["speaker"] or "?")[:38],
                                          (t["content"] or "")[:38]),
                       day=t["when"], lang=t["lang"], href=f"#t-{t['id']}",
                       role="primary" if t["id"] == view["primary_id"] else
                       ("earliest" if t["id"] == view["earliest_id"] else ""), title=t["content"][:200])
             for t in view["tellings"]]
    edges = [GraphEdge(source=h["source_id"], target=h["target_id"], confidence=h["confidence"],
                       label=f"{h['confidence']:.2f}", href=f"#h-{h['id']}",
                       title=", ".join(sorted({f['type'] for f in h['findings'] if f['type'] != 'faithful'})) or "faithful")
             for h in view["hops"]]
    parts: list[Markup] = []
    parts.append(Markup("<header><h1>{}</h1><p>kennan provenance report · {} tellings · {} hops · method {} / {}</p>"
                        "</header><main>").format(heading, len(tellings), len(view["hops"]), view["method"],
                                                  view.get("drift_method") or "no drift"))
    summary = Markup("<dl class=summary><dt>Primary source</dt><dd>{}</dd><dt>Earliest telling</dt><dd>{}</dd>"
                     "<dt>How chosen</dt><dd>{}</dd></dl>").format(
        _who(primary) if primary else Markup("<i>missing</i>"), _who(earliest) if earliest else "-", view["primary_note"])
    parts.append(Markup("<h2>Summary</h2>") + summary)
    parts.append(Markup("<h2>Provenance graph</h2><div class=graph>{}</div>").format(
        graph_svg(nodes, edges, title="earliest on the left; each arrow a retelling")))
    chain = Markup("").join(
        Markup('<li id="t-{}" style="margin-left:{}em">{} <b>{}</b> ({}): “{}”{}</li>').format(
            t["id"], 1.5 * t["depth"], t["when"] or "?", t["speaker"] or "?", t["outlet"] or "?", t["content"],
            Markup(' <span class="tag">primary source</span>') if t["id"] == view["primary_id"] else "")
        for t in view["tellings"])
    parts.append(Markup("<h2>The chain</h2><ul class=chain>{}</ul>").format(chain))
    legend = Markup("").join(Markup('<mark class="{}">{}</mark>').format(c, c.replace("_", " ")) for c in (
        "certainty_inflated", "certainty_deflated", "agent_shift", "added_intent", "qualifier_dropped",
        "scope_widened", "misquotation", "stance_shift"))
    parts.append(Markup("<h2>Hop by hop</h2><p class=legend>Underlined: the statement's words. Coloured: the words "
                        "a drift finding names. {}</p>").format(legend))
    for h in view["hops"]:
        s, t = tellings[h["source_id"]], tellings[h["target_id"]]
        # only the words a finding names are marked; a finding about something
        # absent on one side points at that whole side, which is not marked
        smarks = [Mark(f["source_span"][0], f["source_span"][1], f["type"], f["type"]) for f in h["findings"]
                  if f["source_span"] and f["source_cue"]]
        tmarks = [Mark(f["target_span"][0], f["target_span"][1], f["type"], f["type"]) for f in h["findings"]
                  if f["target_span"] and f["target_cue"]]
        ev = Markup(" ").join(Markup('<span class=tag>{} {:.2f}</span>{}').format(
            e["kind"], e["score"], Markup(" {} ").format(e["detail"]) if e["kind"] in ("citation", "time_order") else "")
            for e in h["evidence"])
        if h["faithful"]:
            table = Markup('<p class="faithful" style="margin:6px 14px">Faithful: no drift finding on this hop.</p>')
        else:
            rows = Markup("").join(Markup("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{:.2f}</td></tr>").format(
                f["type"], f["source_text"] or f["source_cue"] or "—", f["target_text"] or f["target_cue"] or "—",
                f["detail"], f["weight"]) for f in h["findings"] if f["type"] != "faithful")
            table = Markup("<table class=findings><tr><th>finding</th><th>source words</th><th>retelling words</th>"
                           "<th>what changed</th><th>weight</th></tr>{}</table>").format(rows)
        drift = Markup(" · drift score {:.2f}").format(h["drift_score"]) if h["drift_score"] is not None else ""
        parts.append(Markup('<section class=hop id="h-{}"><h3>{} → {} · confidence {:.2f} (chain {:.2f}){}</h3>'
                            '<div class=sides>{}{}</div><div class=evidence>Evidence: {}</div>{}</section>').format(
            h["id"], s["speaker"] or "?", t["speaker"] or "?", h["confidence"], h["chain_confidence"] or 0, drift,
            _side(s, texts.get(s["doc_id"], s["content"]), smarks, "source"),
            _side(t, texts.get(t["doc_id"], t["content"]), tmarks, "retelling"), ev, table))
    parts.append(Markup("<footer>Trace {} made by {}; every highlighted span points at the stored document text. "
                        "Generated by kennan.</footer></main>").format(view["id"], view["method"]))
    csp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    return ("<!DOCTYPE html><html lang=en><head><meta charset=utf-8>"
            f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
            f"<title>{escape(heading)}</title><style>{CSS}</style></head><body>"
            + str(Markup("").join(parts)) + "</body></html>")


def _who(t: dict) -> Markup:
    return Markup("{} — {} ({}, {}): “{}”").format(t["speaker"] or "?", t["outlet"] or "?", t["when"] or "?",
                                                  t["kind"], t["content"])
