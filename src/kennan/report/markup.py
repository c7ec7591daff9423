"""Safe HTML pieces built from hostile text: highlighted spans and links.

Everything ingested is attacker-controlled. The only way document-derived text
becomes markup here is :func:`markupsafe.escape` on each piece, joined with
tags we write ourselves; templates never mark document data ``|safe``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import Markup, escape

#: Schemes rendered as links; every other URL (javascript:, data:, vbscript:,
#: relative paths, ...) is shown as plain text.
LINK_SCHEMES = ("http", "https")
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")


def safe_url(url: str | None) -> str | None:
    """``url`` if it is an absolute http(s) URL, else ``None``.

    Browsers ignore control characters and whitespace inside a scheme
    (``java\\tscript:``), so the scheme is read after removing them; a URL
    whose raw form contains any of them is refused outright.
    """
    if not url or not isinstance(url, str):
        return None
    raw = url.strip()
    if _CONTROL.search(raw):
        return None
    m = _SCHEME.match(raw)
    if not m or m.group(1).lower() not in LINK_SCHEMES:
        return None
    if not raw[m.end():].startswith("//") or len(raw) <= m.end() + 2:
        return None
    return raw


def link(url: str | None, text: str | None = None) -> Markup:
    """An ``<a>`` for http(s) URLs; anything else as escaped text."""
    label = text if text is not None else (url or "")
    ok = safe_url(url)
    if ok is None:
        return Markup('<span class="url-text">{}</span>').format(label)
    return Markup('<a href="{}" rel="noopener noreferrer nofollow">{}</a>').format(ok, label)


@dataclass(frozen=True, slots=True)
class Mark:
    """A span to highlight: half-open character offsets into the text.

    ``cls`` becomes the ``<mark>`` class (``content``, ``cue``, ``speaker``,
    ``changed`` ...), ``title`` its tooltip, ``anchor`` an element id (the
    first segment of the span gets it) and ``ref`` a ``data-ref`` attribute
    that names the row (a statement or finding id).
    """

    start: int
    end: int
    cls: str = "hl"
    title: str = ""
    anchor: str = ""
    ref: str = ""


_CLASS_OK = re.compile(r"^[a-z][a-z0-9_\- ]*$")
_ANCHOR_OK = re.compile(r"^[A-Za-z][A-Za-z0-9_\-]*$")


def highlight(text: str, marks: Iterable[Mark]) -> Markup:
    """``text`` escaped, with each mark's span wrapped in ``<mark>``.

    Overlapping marks are flattened: the text is cut at every span boundary and
    each piece covered by one or more marks gets one ``<mark>`` whose classes
    are the union of theirs (so ``content cue`` where a cue lies inside a
    content span). Spans outside the text are clipped; empty ones dropped.
    """
    n = len(text)
    spans = []
    for m in marks:
        s, e = max(0, int(m.start)), min(n, int(m.end))
        if e > s:
            spans.append((s, e, m))
    if not spans:
        return escape(text)
    cuts = sorted({0, n, *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    out: list[str] = []  # every piece below is escaped text or a tag we write
    anchored: set[str] = set()
    for a, b in zip(cuts, cuts[1:]):
        piece = escape(text[a:b])
        active = [m for s, e, m in spans if s <= a and b <= e]
        if not active:
            out.append(piece)
            continue
        classes = sorted({c for m in active for c in m.cls.split() if _CLASS_OK.match(c)})
        titles = [m.title for m in active if m.title]
        refs = sorted({m.ref for m in active if m.ref})
        attrs = f' class="{escape(" ".join(classes) or "hl")}"'
        if titles:
            attrs += f' title="{escape(" · ".join(dict.fromkeys(titles)))}"'
        if refs:
            attrs += f' data-ref="{escape(" ".join(refs))}"'
        for m in active:
            if m.anchor and m.anchor not in anchored and _ANCHOR_OK.match(m.anchor):
                anchored.add(m.anchor)
                attrs += f' id="{escape(m.anchor)}"'
                break
        out.append(f"<mark{attrs}>{piece}</mark>")
    return Markup("".join(out))


def excerpt(text: str, span: tuple[int, int] | None, *, context: int = 80) -> tuple[str, str, str]:
    """``(before, inside, after)`` around ``span`` with ``context`` characters each side."""
    if not span:
        return "", text[: 2 * context], ""
    s, e = max(0, span[0]), min(len(text), span[1])
    lo, hi = max(0, s - context), min(len(text), e + context)
    before = ("…" if lo > 0 else "") + text[lo:s]
    after = text[e:hi] + ("…" if hi < len(text) else "")
    return before, text[s:e], after


def shorten(text: str | None, width: int = 120) -> str:
    """``text`` on one line, cut at ``width`` characters with an ellipsis."""
    if not text:
        return ""
    one = " ".join(text.split())
    return one if len(one) <= width else one[: width - 1].rstrip() + "…"
