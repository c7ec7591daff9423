"""Drift between two stored statements, with spans in document coordinates.

:func:`compare_statements` is what the trace stage calls per hop: it takes two
:class:`kennan.records.Statement` rows, passes their language, question flag
to :func:`kennan.drift.compare`, and maps every finding
span back into the statement's document text. A statement's ``content`` is
its ``content_spans`` joined with ``" … "`` (the extract stage's convention);
a span that crosses a join is split at it.
"""

from __future__ import annotations

from dataclasses import replace

from ..records import Span, Statement
from .compare import compare
from .focus import JOIN, focus_source
from .types import DriftFinding, DriftResult


def _pieces(st: Statement) -> list[tuple[int, int, int]]:
    """(content_start, content_end, doc_start) for each content span."""
    out, pos = [], 0
    for s, e in st.content_spans:
        out.append((pos, pos + (e - s), s))
        pos += (e - s) + len(JOIN)
    return out


def _joined(st: Statement) -> bool:
    expected = sum(e - s for s, e in st.content_spans) + len(JOIN) * (len(st.content_spans) - 1)
    return len(st.content_spans) > 1 and expected == len(st.content)


def map_span(span: Span, pieces: list[tuple[int, int, int]]) -> list[Span]:
    """Map a content-relative span to document spans (split where it crosses a join)."""
    a, b = span
    out = []
    for cs, ce, ds in pieces:
        lo, hi = max(a, cs), min(b, ce)
        if lo < hi:
            out.append((ds + lo - cs, ds + hi - cs))
    return out


def _content_ranges(st: Statement, a: int, b: int) -> list[tuple[str, Span]]:
    """(text, document span) of content range ``[a, b)``, split at the pieces' joins."""
    if not _joined(st):
        base = st.content_spans[0][0] if st.content_spans else 0
        return [(st.content[a:b], (base + a, base + b))]
    out = []
    for cs, ce, ds in _pieces(st):
        lo, hi = max(a, cs), min(b, ce)
        if lo < hi:
            out.append((st.content[lo:hi], (ds + lo - cs, ds + hi - cs)))
    return out


def focused(source: Statement, target: Statement) -> tuple[Statement, str | None]:
    """``source`` cut to the sentences ``target`` retells (:func:`kennan.drift.focus.focus_source`).

    Returns the statement unchanged and ``None`` when the whole source is kept;
    otherwise a copy whose ``content`` holds only the picked sentences (pieces
    joined with ``" … "``) and whose ``content_spans`` point at them in the
    source document, plus a note naming the kept words.
    """
    ranges = focus_source(source.content, target.content, source_lang=source.lang, target_lang=target.lang)
    if not ranges:
        return source, None
    parts = [p for a, b in ranges for p in _content_ranges(source, a, b)]
    if not parts:
        return source, None
    cut = replace(source, content=JOIN.join(t for t, _ in parts), content_spans=tuple(sp for _, sp in parts))
    kept = sum(len(t) for t, _ in parts)
    note = (f"source focused on the sentences the retelling uses ({kept} of {len(source.content)} "
            f"characters kept): " + JOIN.join(t if len(t) <= 80 else t[:77] + "..." for t, _ in parts))
    return cut, note


def compare_statements(source: Statement, target: Statement, *, target_quoted: bool = False,
                       focus: bool = True) -> DriftResult:
    """The drift from statement ``source`` to its retelling ``target``, spans into their documents.

    ``target_quoted``: the retelling presents its content as the *source's* words (for example a
    hop whose evidence is a quotation of the source). A direct quote of the target's own speaker
    is not that, so this is never inferred from ``target.kind``.

    Single-span statements are compared with their span start as offset, so the
    side scales' cue spans point into the documents too. For multi-span
    (mixed-quote) statements the findings' spans are mapped back piece by piece
    and ``notes`` says that the side scales' spans are content-relative.

    ``focus`` (default): a multi-sentence source is first cut to the sentences
    the retelling aligns with (:func:`focused`), so findings point only at words
    the retelling could have used; ``notes`` then says what was kept.
    """
    note = None
    if focus:
        source, note = focused(source, target)
    r = _compare(source, target, target_quoted)
    return replace(r, notes=r.notes + (note,)) if note else r


def _compare(source: Statement, target: Statement, target_quoted: bool) -> DriftResult:
    multi = [_joined(source), _joined(target)]
    s_off = 0 if multi[0] or not source.content_spans else source.content_spans[0][0]
    t_off = 0 if multi[1] or not target.content_spans else target.content_spans[0][0]
    r = compare(source.content, target.content, source_offset=s_off, target_offset=t_off,
                source_lang=source.lang, target_lang=target.lang,
                source_question=source.is_question or None, target_question=target.is_question or None,
                target_quoted=target_quoted)
    if not any(multi):
        return r
    sp, tp = _pieces(source), _pieces(target)

    def remap(f: DriftFinding) -> DriftFinding:
        ss = tuple(x for s in f.source_spans for x in (map_span(s, sp) if multi[0] else [s]))
        ts = tuple(x for s in f.target_spans for x in (map_span(s, tp) if multi[1] else [s]))
        return replace(f, source_spans=ss, target_spans=ts)

    note = "side scale spans are relative to the joined content of multi-span statements"
    return replace(r, findings=tuple(remap(f) for f in r.findings), notes=r.notes + (note,))
