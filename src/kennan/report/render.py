"""HTML pieces shared by the web pages and the offline report: statements and hops highlighted.

Everything here returns :class:`markupsafe.Markup` built by
:func:`kennan.report.markup.highlight`, which escapes every piece of text.
"""

from __future__ import annotations

from .markup import Mark, highlight


def statement_marks(stmts) -> list[Mark]:
    """Highlight marks for statements in their document's text: content, cue, speaker."""
    marks: list[Mark] = []
    for s in stmts:
        tip = f"{s.speaker or 'unattributed'}" + (f" · {s.cue}" if s.cue else "") + f" · {s.kind}"
        for i, (a, b) in enumerate(s.content_spans):
            marks.append(Mark(a, b, "content " + ("question" if s.is_question else s.kind.replace("_", "-")), tip,
                              anchor=f"s-{s.id}" if i == 0 else "", ref=s.id))
        if s.cue_span:
            marks.append(Mark(s.cue_span[0], s.cue_span[1], "cue", f"cue: {s.cue_lemma or s.cue or ''}", ref=s.id))
        if s.speaker_span:
            marks.append(Mark(s.speaker_span[0], s.speaker_span[1], "speaker", f"speaker: {s.speaker or ''}",
                              ref=s.id))
    return marks


def side_markup(text: str | None, content: str, content_spans, spans: list[tuple[tuple[int, int], str, str]]):
    """A telling's words in its document: content marked, each ``(span, class, tip)`` marked as changed.

    ``text`` is the document text the spans point into; without it the bare
    content is shown. Spans outside the text are ignored.
    """
    if not text or not content_spans:
        return highlight(content, [])
    lo = min(a for a, _ in content_spans)
    hi = max(b for _, b in content_spans)
    for (a, b), _, _ in spans:
        if 0 <= a < b <= len(text):
            lo, hi = min(lo, a), max(hi, b)
    lo, hi = _word_cut(text, lo, hi, 60)
    marks = [Mark(a - lo, b - lo, "content") for a, b in content_spans]
    marks += [Mark(a - lo, b - lo, "changed " + cls, tip) for (a, b), cls, tip in spans]
    before = "…" if lo > 0 else ""
    after = "…" if hi < len(text) else ""
    return highlight(before, []) + highlight(text[lo:hi], marks) + highlight(after, [])


def _word_cut(text: str, lo: int, hi: int, context: int) -> tuple[int, int]:
    """``[lo, hi)`` widened by about ``context`` characters each side, cut at whitespace."""
    a, b = max(0, lo - context), min(len(text), hi + context)
    if a > 0:
        sp = text.find(" ", a, lo)
        a = sp + 1 if sp >= 0 else a
    if b < len(text):
        sp = text.rfind(" ", hi, b)
        b = sp if sp >= 0 else b
    return a, b


def hop_sides(view: dict, hop: dict) -> dict:
    """Both sides of a hop of a trace view (:func:`kennan.report.trace_view.trace_view`) as highlighted HTML."""
    tellings = {t["id"]: t for t in view["tellings"]}
    texts = view.get("doc_texts", {})
    src, tgt = tellings[hop["source_id"]], tellings[hop["target_id"]]
    found = [f for f in hop["findings"] if f["type"] != "faithful"]
    # only the words a finding names are marked: a finding about something absent
    # on one side (no cue there) points at that whole side, which is not marked
    left = [(tuple(f["source_span"]), finding_class(f["type"]), f"{f['type']}: {f['source_cue']}")
            for f in found if f.get("source_span") and f.get("source_cue")]
    right = [(tuple(f["target_span"]), finding_class(f["type"]), f"{f['type']}: {f['target_cue']}")
             for f in found if f.get("target_span") and f.get("target_cue")]
    return {"source": side_markup(texts.get(src["doc_id"]), src["content"], src["content_spans"], left),
            "target": side_markup(texts.get(tgt["doc_id"]), tgt["content"], tgt["content_spans"], right)}


def finding_class(finding_type: str) -> str:
    """The CSS class of a finding type (``f-agent-shift``)."""
    return "f-" + "".join(c if c.isalnum() else "-" for c in finding_type.lower())


def trace_graph(view: dict, *, href=None, title: str = ""):
    """The layered provenance SVG of a trace view; ``href(telling)`` links each box (``None``: no links)."""
    from .markup import shorten
    from .plots import GraphEdge, GraphNode, graph_svg

    flags = {h["target_id"]: tuple(sorted({f["type"] for f in h["findings"] if f["type"] != "faithful"}))
             for h in view["hops"]}
    nodes = []
    for t in view["tellings"]:
        role = "primary" if t["id"] == view["primary_id"] else ("earliest" if t["id"] == view["earliest_id"] else "")
        nodes.append(GraphNode(
            t["id"], (t["speaker"] or "unattributed", f"{t['when'] or '?'} · {t['outlet'] or ''}", t["content"]),
            t["when"], t["lang"], href(t) if href else None, role,
            f"{t['when'] or '?'} {t['outlet'] or ''}: {shorten(t['content'], 200)}", flags.get(t["id"], ())))
    edges = [GraphEdge(h["source_id"], h["target_id"], h["confidence"], ", ".join(flags[h["target_id"]]),
                       f"#hop-{h['id']}", "evidence: " + ", ".join(e["kind"] for e in h["evidence"]))
             for h in view["hops"]]
    return graph_svg(nodes, edges, title=title)
