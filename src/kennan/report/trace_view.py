"""One view of a stored trace, shared by the CLI, the HTML report and the web UI.

:func:`trace_view` returns plain JSON-ready data: the tellings in tree order
(each with its parent hop), every hop's evidence and drift findings with the
exact words each span points at, the earliest telling and the primary source.
Renderers only lay it out.
"""

from __future__ import annotations

from ..errors import NotFound


def _span_text(text: str | None, span) -> str | None:
    if not text or not span or span[0] is None:
        return None
    return text[span[0]:span[1]]


def trace_view(store, trace_id: str) -> dict:
    """The whole trace ``trace_id`` (id or prefix) as a dict; raises ``NotFound``."""
    trace, findings, scores, row = store.get_trace(trace_id)
    docs: dict[str, object] = {}
    tellings: dict[str, dict] = {}
    for sid in trace.telling_ids:
        try:
            st = store.get_statement(sid)
        except NotFound:
            continue
        if st.doc_id not in docs:
            docs[st.doc_id] = store.get_document(st.doc_id)
        doc = docs[st.doc_id]
        actor = None
        if st.actor_id:
            try:
                actor = store.get_actor(st.actor_id)
            except NotFound:
                actor = None
        tellings[sid] = {
            "id": sid, "doc_id": st.doc_id, "when": (st.said_on or doc.published or "")[:10] or None,
            "said_on": st.said_on, "said_on_source": st.said_on_source, "published": doc.published,
            "outlet": doc.outlet, "doc_title": doc.title, "url": doc.url, "lang": st.lang or doc.lang,
            "speaker": actor.name if actor else st.speaker, "speaker_as_written": st.speaker,
            "actor_id": st.actor_id, "actor_kind": actor.kind if actor else None,
            "kind": st.kind, "cue": st.cue, "content": st.content,
            "content_spans": [list(s) for s in st.content_spans],
            "speaker_span": list(st.speaker_span) if st.speaker_span else None,
            "cue_span": list(st.cue_span) if st.cue_span else None,
            "is_question": st.is_question, "method": st.method,
            "parent_id": None, "hop_id": None, "depth": 0, "chain_confidence": trace.chain_confidence.get(sid, 1.0),
        }
    texts = {d: getattr(docs[d], "text", "") for d in docs}
    hops = []
    for h in trace.hops:
        src, tgt = tellings.get(h.source_id), tellings.get(h.target_id)
        if src is None or tgt is None:
            continue
        tgt["parent_id"], tgt["hop_id"] = h.source_id, h.id
        fs = []
        for f in findings.get(h.id, []):
            fs.append({
                "type": f.type, "weight": f.weight, "detail": f.detail, "method": f.method,
                "source_cue": f.source_cue, "target_cue": f.target_cue,
                "source_span": list(f.source_span) if f.source_span else None,
                "target_span": list(f.target_span) if f.target_span else None,
                "source_text": _span_text(texts.get(src["doc_id"]), f.source_span),
                "target_text": _span_text(texts.get(tgt["doc_id"]), f.target_span),
            })
        hops.append({
            "id": h.id, "source_id": h.source_id, "target_id": h.target_id, "confidence": h.confidence,
            "chain_confidence": trace.chain_confidence.get(h.target_id), "method": h.method,
            "evidence": [{"kind": e.kind, "score": e.score, "detail": e.detail,
                          "span": list(e.span) if e.span else None,
                          "text": _span_text(texts.get(tgt["doc_id"]), e.span)} for e in h.evidence],
            "drift_score": scores.get(h.id), "findings": fs,
            "faithful": not any(f["type"] != "faithful" for f in fs),
        })
    ordered = _tree_order(tellings, trace.roots)
    return {
        "id": row["id"], "narrative_id": trace.narrative_id, "query": row.get("query"),
        "method": trace.method, "drift_method": row.get("drift_method"), "created_at": row.get("created_at"),
        "earliest_id": trace.earliest_id, "primary_id": trace.primary_id, "primary_note": trace.primary_note,
        "tellings": ordered, "hops": hops,
        "doc_texts": {d: texts[d] for d in texts},
    }


def _tree_order(tellings: dict[str, dict], roots) -> list[dict]:
    """Tellings depth-first from each root (roots in time order), each with its ``depth``.

    Iterative, so a long chain of retellings does not hit the recursion limit.
    """
    children: dict[str | None, list[str]] = {}
    for t in tellings.values():
        children.setdefault(t["parent_id"], []).append(t["id"])
    starts = [r for r in roots if r in tellings and tellings[r]["parent_id"] is None]
    starts += [t for t in children.get(None, []) if t not in set(starts)]
    order: list[dict] = []
    seen: set[str] = set()
    for root in starts:
        stack = [(root, 0)]
        while stack:
            sid, depth = stack.pop()
            if sid in seen:
                continue
            seen.add(sid)
            t = tellings[sid]
            t["depth"] = depth
            order.append(t)
            stack.extend((c, depth + 1) for c in reversed(children.get(sid, [])))
    return order


def hop_text_lines(view: dict) -> list[str]:
    """The trace as indented text lines for the terminal."""
    by_id = {t["id"]: t for t in view["tellings"]}
    hops = {h["target_id"]: h for h in view["hops"]}
    lines: list[str] = []
    for t in view["tellings"]:
        pad = "    " * t["depth"]
        tag = []
        if t["id"] == view["primary_id"]:
            tag.append("PRIMARY SOURCE")
        if t["id"] == view["earliest_id"]:
            tag.append("EARLIEST")
        head = f"{pad}{t['when'] or '????-??-??'}  {t['outlet'] or '?'}  {t['speaker'] or '?'} [{t['kind']}]"
        if t["cue"]:
            head += f" cue: {t['cue']}"
        if tag:
            head += "  <" + ", ".join(tag) + ">"
        lines.append(head)
        lines.append(f"{pad}  \u201c{_clip(t['content'], 160)}\u201d")
        h = hops.get(t["id"])
        if h:
            src = by_id.get(h["source_id"], {})
            ev = ", ".join(f"{e['kind']} {e['score']:.2f}" + (f" ({e['detail']})" if e["kind"] == "citation" else "")
                           for e in h["evidence"])
            lines.append(f"{pad}  <- retells {src.get('speaker') or '?'} ({src.get('when')}): "
                         f"confidence {h['confidence']:.2f}, chain {h['chain_confidence'] or 0:.2f}; {ev}")
            if h["findings"] and not h["faithful"]:
                score = f" (drift {h['drift_score']:.2f})" if h["drift_score"] is not None else ""
                lines.append(f"{pad}  drift{score}:")
                for f in h["findings"]:
                    s = f["source_text"] or f["source_cue"] or "-"
                    g = f["target_text"] or f["target_cue"] or "-"
                    lines.append(f"{pad}    - {f['type']}: \u201c{_clip(s, 60)}\u201d -> \u201c{_clip(g, 60)}\u201d"
                                 + (f"  {f['detail']}" if f["detail"] else ""))
            elif h["findings"] or h["drift_score"] is not None:
                lines.append(f"{pad}  drift: faithful (no finding)")
    lines.append("")
    lines.append(f"primary source: {view['primary_note']}")
    return lines


def _clip(s: str | None, n: int) -> str:
    s = " ".join((s or "").split())
    return s if len(s) <= n else s[: n - 1] + "\u2026"
