"""Plots as server-rendered SVG: no JavaScript, no CDN, no external file.

Two pictures an analyst needs: a timeline (who said it when, one row per actor
or outlet, a dot per statement coloured by language) and a layered provenance
graph (earliest telling on the left, each hop an arrow to its retelling).

Every string that reaches the SVG passes through :func:`markupsafe.escape`;
colours, coordinates and class names are ours. The SVGs use presentation
attributes only (no ``style=``), so they render under a CSP without
``'unsafe-inline'``.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from markupsafe import Markup, escape

from .markup import shorten

#: Language colours (colour-blind-safe Okabe-Ito order); others cycle through the rest.
LANG_COLOURS = {"en": "#0072B2", "ru": "#D55E00", "uk": "#009E73", "de": "#CC79A7", "fr": "#E69F00"}
_SPARE = ("#56B4E9", "#F0E442", "#000000", "#999999")
_FONT = "DejaVu Sans, Verdana, sans-serif"


def lang_colour(lang: str | None) -> str:
    """The colour of a language code (grey when unknown)."""
    if not lang:
        return "#777777"
    if lang in LANG_COLOURS:
        return LANG_COLOURS[lang]
    return _SPARE[sum(map(ord, lang)) % len(_SPARE)]


@dataclass(frozen=True, slots=True)
class TimelinePoint:
    """One statement on the timeline. ``day`` is ISO (only the date part is used)."""

    day: str | None
    row: str
    lang: str | None = None
    label: str = ""
    href: str | None = None


@dataclass(frozen=True, slots=True)
class GraphNode:
    """A statement in the provenance graph; ``role`` is ``primary``, ``earliest`` or ``""``."""

    id: str
    lines: tuple[str, ...]
    day: str | None = None
    lang: str | None = None
    href: str | None = None
    role: str = ""
    title: str = ""
    flags: tuple[str, ...] = ()  # drift finding types on the hop into this node


@dataclass(frozen=True, slots=True)
class GraphEdge:
    """A hop from ``source`` to ``target`` (a retelling), drawn thicker when surer."""

    source: str
    target: str
    confidence: float = 0.5
    label: str = ""
    href: str | None = None
    title: str = ""


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


@dataclass
class _Axis:
    """Piecewise-linear time axis that squeezes long empty gaps to a break mark."""

    x0: float
    x1: float
    days: list[int]
    gap: float = 36.0
    segments: list[tuple[int, int, float, float]] = field(default_factory=list)
    unique: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        days = sorted(set(self.days))
        if not days:
            return
        span = max(1, days[-1] - days[0])
        # A gap longer than a quarter of the span and than 60 days becomes a break.
        limit = max(60, span // 4)
        clusters = [[days[0], days[0]]]
        for d in days[1:]:
            if d - clusters[-1][1] > limit:
                clusters.append([d, d])
            else:
                clusters[-1][1] = d
        width = self.x1 - self.x0 - self.gap * (len(clusters) - 1)
        # Each cluster gets width by log of its span, so a one-day burst stays readable beside a long run.
        weights = [1.0 + math.log1p(b - a) for a, b in clusters]
        x = self.x0
        for (a, b), w in zip(clusters, weights):
            cw = width * w / sum(weights)
            self.segments.append((a, b, x, x + cw))
            x += cw + self.gap
        self.unique = days

    def x(self, day: int) -> float:
        pad = 16.0
        for a, b, xa, xb in self.segments:
            if a <= day <= b:
                if b == a:
                    return (xa + xb) / 2
                return xa + pad + (xb - xa - 2 * pad) * (day - a) / (b - a)
        return self.x0

    def ticks(self) -> list[tuple[int, float]]:
        """Days to label: every distinct day where they fit, else each cluster's first and last."""
        out: list[tuple[int, float]] = []
        for a, b, _, _ in self.segments:
            days = [d for d in self.unique if a <= d <= b]
            xs = [self.x(d) for d in days]
            if len(days) > 1 and all(x2 - x1 >= 72 for x1, x2 in zip(xs, xs[1:])):
                out.extend(zip(days, xs))
            else:
                out.append((a, self.x(a)))
                if b != a and self.x(b) - self.x(a) >= 72:
                    out.append((b, self.x(b)))
        return out

    def breaks(self) -> list[float]:
        return [xb + self.gap / 2 for _, _, _, xb in self.segments[:-1]]


def _f(template: str, *args) -> Markup:
    """``template.format(*args)`` with every argument that is not a number or Markup escaped.

    Faster than ``Markup.format`` (no escaping formatter per field), same safety.
    """
    return Markup(template.format(*(a if isinstance(a, (int, float, Markup)) else escape(a) for a in args)))


def _text(x: float, y: float, s: str, *, size: int = 11, anchor: str = "start", fill: str = "#222",
          weight: str = "normal", cls: str = "") -> Markup:
    """An SVG ``<text>``; ``s`` is escaped, the other arguments are ours (never document data)."""
    extra = f' class="{escape(cls)}"' if cls else ""
    return Markup(f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" fill="{fill}" '
                  f'font-weight="{weight}"{extra}>{escape(s)}</text>')


def _wrap_link(href: str | None, inner: Markup) -> Markup:
    if not href:
        return inner
    return _f('<a href="{}">{}</a>', href, inner)


def timeline_svg(points: list[TimelinePoint], *, title: str = "", width: int = 960,
                 row_label: str = "actor") -> Markup:
    """A timeline: one row per ``row`` value, a dot per dated point.

    Points without a date are counted under the plot, not placed. Rows are
    ordered by their first date. Returns an inline ``<svg>`` element.
    """
    dated = [(p, _day(p.day)) for p in points]
    undated = sum(1 for _, d in dated if d is None)
    dated = [(p, d) for p, d in dated if d is not None]
    first: dict[str, int] = {}
    for p, d in dated:
        first[p.row] = min(first.get(p.row, d.toordinal()), d.toordinal())
    rows = sorted(first, key=lambda r: (first[r], r))
    left, top, row_h = 200.0, 34.0 if title else 16.0, 26.0
    height = top + row_h * max(1, len(rows)) + 58
    axis = _Axis(left + 12, width - 24, [d.toordinal() for _, d in dated])
    parts: list[Markup] = [_f(
        '<svg xmlns="http://www.w3.org/2000/svg" class="plot timeline" role="img" width="{}" height="{:.0f}" '
        'viewBox="0 0 {} {:.0f}" font-family="{}">', width, height, width, height, _FONT)]
    parts.append(_f("<title>{}</title>", title or f"Statements over time by {row_label}"))
    parts.append(_f('<rect x="0" y="0" width="{}" height="{:.0f}" fill="#ffffff"/>', width, height))
    if title:
        parts.append(_text(8, 20, title, size=14, weight="bold"))
    if not dated:
        parts.append(_text(width / 2, top + 20, "no dated statements", anchor="middle", fill="#666"))
    for i, r in enumerate(rows):
        y = top + row_h * i + row_h / 2
        fill = "#f4f6f8" if i % 2 == 0 else "#ffffff"
        parts.append(_f('<rect x="0" y="{:.1f}" width="{}" height="{:.1f}" fill="{}"/>',
            y - row_h / 2, width, row_h, fill))
        parts.append(_text(left - 8, y + 4, shorten(r, 30), anchor="end"))
    bottom = top + row_h * max(1, len(rows))
    parts.append(_f('<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="#888"/>',
        left, bottom, width - 16, bottom))
    for d, x in axis.ticks():
        parts.append(_f('<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="#888"/>',
            x, bottom, x, bottom + 5))
        parts.append(_text(x, bottom + 18, date.fromordinal(d).isoformat(), size=10, anchor="middle", fill="#444"))
    for x in axis.breaks():
        parts.append(_f('<path d="M{:.1f} {:.1f} l-4 8 m8 -8 l-4 8" stroke="#888" fill="none"/>',
            x - 2, bottom - 4, x + 6))
    # Dots: same row and day stack sideways a little so none hides another.
    seen: dict[tuple[str, int], int] = defaultdict(int)
    for p, d in sorted(dated, key=lambda pd: (pd[1], pd[0].row, pd[0].label)):
        k = (p.row, d.toordinal())
        n = seen[k]
        seen[k] += 1
        x = axis.x(d.toordinal()) + 7 * n
        y = top + row_h * rows.index(p.row) + row_h / 2
        tip = f"{d.isoformat()} · {p.row}" + (f" · {p.lang}" if p.lang else "") + (f"\n{p.label}" if p.label else "")
        dot = _f('<circle cx="{:.1f}" cy="{:.1f}" r="6" fill="{}" stroke="#ffffff" stroke-width="1.5">'
                     '<title>{}</title></circle>', x, y, lang_colour(p.lang), tip)
        parts.append(_wrap_link(p.href, dot))
    # Legend: languages present, and the undated count.
    langs = sorted({p.lang or "unknown" for p, _ in dated})
    lx = left
    ly = bottom + 40
    for lang in langs:
        parts.append(_f('<circle cx="{:.1f}" cy="{:.1f}" r="5" fill="{}"/>',
            lx, ly - 4, lang_colour(None if lang == "unknown" else lang)))
        parts.append(_text(lx + 9, ly, lang, size=11))
        lx += 24 + 8 * len(lang)
    if undated:
        parts.append(_text(width - 16, ly, f"{undated} undated not shown", size=11, anchor="end", fill="#666"))
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


def _layers(nodes: list[GraphNode], edges: list[GraphEdge]) -> dict[str, int]:
    """Longest-path layering along the hops; an edge that would close a cycle is left out.

    Depth follows the graph, not the dates: a retelling sits one column right of
    its source even when both carry the same day.
    """
    order = {n.id: (str(n.day or "9999"), n.id) for n in nodes}
    preds: dict[str, list[str]] = defaultdict(list)
    for e in edges:
        if e.source in order and e.target in order and e.source != e.target:
            preds[e.target].append(e.source)
    layer: dict[str, int] = {}
    on_stack: set[str] = set()

    def depth(nid: str) -> int:
        if nid in layer:
            return layer[nid]
        on_stack.add(nid)
        d = 0
        for p in preds[nid]:
            if p not in on_stack:  # a cycle: ignore the edge that closes it
                d = max(d, depth(p) + 1)
        on_stack.discard(nid)
        layer[nid] = d
        return d

    for nid in sorted(order, key=lambda i: order[i]):
        depth(nid)
    return layer


def _wrap(text: str, width: int, lines: int) -> list[str]:
    """``text`` on at most ``lines`` lines of ``width`` characters, the last cut with an ellipsis."""
    words, out, cur = " ".join(text.split()).split(" "), [], ""
    for w in words:
        if len(cur) + len(w) + 1 > width and cur:
            out.append(cur)
            cur = w
            if len(out) == lines:
                break
        else:
            cur = f"{cur} {w}".strip()
    else:
        if cur:
            out.append(cur)
        return out[:lines]
    out[-1] = shorten(out[-1] + " " + cur, width - 1) if len(out[-1]) < width - 1 else out[-1][: width - 2] + "…"
    if not out[-1].endswith("…"):
        out[-1] += "…"
    return out


def graph_svg(nodes: list[GraphNode], edges: list[GraphEdge], *, title: str = "", width: int = 1120) -> Markup:
    """A layered provenance graph: columns by hop depth, arrows from source to retelling.

    Within a column nodes are ordered by the mean position of their sources
    (one barycentre pass), which keeps most chains straight.
    """
    node_h, gap_y = 96.0, 18.0
    layer = _layers(nodes, edges)
    cols: dict[int, list[GraphNode]] = defaultdict(list)
    for n in sorted(nodes, key=lambda n: (str(n.day or "9999"), n.id)):
        cols[layer.get(n.id, 0)].append(n)
    ncols = max(cols) + 1 if cols else 1
    # Boxes shrink to fit the width down to 180 px; past that the figure scrolls sideways.
    node_w = max(180.0, min(236.0, (width - 20 - 44.0 * (ncols - 1)) / ncols))
    gap_x = max(44.0, min(120.0, (width - 20 - node_w * ncols) / max(1, ncols - 1))) if ncols > 1 else 0.0
    width = int(20 + ncols * node_w + (ncols - 1) * gap_x)
    pos: dict[str, tuple[float, float]] = {}
    srcs: dict[str, list[str]] = defaultdict(list)
    for e in edges:
        srcs[e.target].append(e.source)
    top = 36.0 if title else 12.0
    for c in range(ncols):
        col = cols.get(c, [])
        if c:
            def bary(n: GraphNode) -> float:
                ys = [pos[s][1] for s in srcs[n.id] if s in pos]
                return sum(ys) / len(ys) if ys else 1e9
            col.sort(key=lambda n: (bary(n), str(n.day or "9999"), n.id))
        for i, n in enumerate(col):
            pos[n.id] = (10 + c * (node_w + gap_x), top + i * (node_h + gap_y))
    height = top + max((len(v) for v in cols.values()), default=1) * (node_h + gap_y) + 8
    parts: list[Markup] = [_f(
        '<svg xmlns="http://www.w3.org/2000/svg" class="plot graph" role="img" width="{}" height="{:.0f}" '
        'viewBox="0 0 {} {:.0f}" font-family="{}">', width, height, width, height, _FONT)]
    parts.append(_f("<title>{}</title>", title or "Provenance graph"))
    parts.append(Markup(
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="11" markerHeight="11" '
        'markerUnits="userSpaceOnUse" orient="auto-start-reverse">'
        '<path d="M 0 0 L 10 5 L 0 10 z" fill="#555"/></marker></defs>'))
    parts.append(_f('<rect x="0" y="0" width="{}" height="{:.0f}" fill="#ffffff"/>', width, height))
    if title:
        parts.append(_text(10, 22, title, size=14, weight="bold"))
    if not nodes:
        parts.append(_text(width / 2, top + 20, "no hops", anchor="middle", fill="#666"))
    for e in edges:
        if e.source not in pos or e.target not in pos:
            continue
        (sx, sy), (tx, ty) = pos[e.source], pos[e.target]
        x1, y1 = sx + node_w, sy + node_h / 2
        x2, y2 = tx, ty + node_h / 2
        if tx <= sx:  # same or earlier column (a cycle cut): route under the boxes
            x1, y1, x2, y2 = sx + node_w / 2, sy + node_h, tx + node_w / 2, ty + node_h
        mid = (x1 + x2) / 2
        sw = 1 + 4 * max(0.0, min(1.0, float(e.confidence)))
        tip = f"hop {e.source} → {e.target} · confidence {float(e.confidence):.2f}" + (
            f" · {e.label}" if e.label else "") + (f"\n{e.title}" if e.title else "")
        path = _f('<path d="M{:.1f} {:.1f} C{:.1f} {:.1f} {:.1f} {:.1f} {:.1f} {:.1f}" stroke="#555" '
                      'stroke-width="{:.1f}" fill="none" stroke-opacity="0.75" marker-end="url(#arrow)">'
                      '<title>{}</title></path>', x1, y1, mid, y1, mid, y2, x2, y2, sw, tip)
        parts.append(_wrap_link(e.href, path))
    for n in nodes:
        if n.id not in pos:
            continue
        x, y = pos[n.id]
        stroke = {"primary": "#009E73", "earliest": "#0072B2"}.get(n.role, "#999999")
        sw = 3 if n.role else 1
        box = [_f('<rect x="{:.1f}" y="{:.1f}" width="{:.0f}" height="{:.0f}" rx="6" fill="#fbfbfb" '
                      'stroke="{}" stroke-width="{}"/>', x, y, node_w, node_h, stroke, sw),
               _f('<rect x="{:.1f}" y="{:.1f}" width="5" height="{:.0f}" fill="{}"/>',
                   x, y + 6, node_h - 12, lang_colour(n.lang))]
        head, meta, body = (list(n.lines) + ["", "", ""])[:3]
        cw = int((node_w - 18) / 6.3)  # characters that fit a line at 11 px
        rows = [(shorten(head, cw - 6), 12, "bold", "#222"), (shorten(meta, cw + 2), 10, "normal", "#555")]
        rows += [(line, 11, "normal", "#333") for line in _wrap(body, cw, 2)]
        for i, (line, size, weight, fill) in enumerate(rows):
            box.append(_text(x + 12, y + 17 + 16 * i, line, size=size, weight=weight, fill=fill))
        if n.flags:
            box.append(_text(x + 12, y + node_h - 9, shorten("⚠ " + ", ".join(n.flags), cw + 2), size=10,
                             weight="bold", fill="#b71c1c"))
        if n.role:
            box.append(_text(x + node_w - 6, y + 14, n.role, size=9, anchor="end", fill=stroke, weight="bold"))
        inner = _f("<g>{}<title>{}</title></g>", Markup("").join(box), n.title or " · ".join(n.lines))
        parts.append(_wrap_link(n.href, inner))
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)
