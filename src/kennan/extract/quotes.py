"""Quotation spans in every convention, on raw text (no parser needed).

Conventions: "…" (straight), “…” (English curly), «…» (Russian/French), „…“ and
„…” (German/Czech/Russian inner), ‘…’ and '…' (single, told apart from
apostrophes by what stands beside them). A quote that runs over paragraphs
follows the printer's convention: the paragraph ends without a closing mark
and the next paragraph opens with a fresh opening mark; the quote continues.

Spans are half-open character offsets into the text; ``start``/``end``
include the marks, ``inner`` excludes them.
"""

from __future__ import annotations

from dataclasses import dataclass

#: opening mark -> the closing marks that may end it
PAIRS: dict[str, tuple[str, ...]] = {
    "“": ("”",),
    "«": ("»",),
    "„": ("“", "”"),
    '"': ('"',),
    "‘": ("’",),
    "'": ("'",),
    "‹": ("›",),
}
OPENERS = frozenset(PAIRS)
QUOTE_CHARS = frozenset("\"“”«»„‘’'‹›")
#: quotes longer than this without a closing mark are given up (a stray mark)
MAX_QUOTE = 6000


@dataclass(frozen=True, slots=True)
class Quote:
    """One quotation: outer span (with marks) and inner span (without)."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    paragraphs: int = 1

    @property
    def inner(self) -> tuple[int, int]:
        return (self.inner_start, self.inner_end)

    def text(self, doc_text: str) -> str:
        return doc_text[self.inner_start:self.inner_end]


def _is_apostrophe(text: str, i: int) -> bool:
    """A ' or ’ between letters (don't, Russia’s) or after s (the States’ ) is an apostrophe."""
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if prev.isalnum() and nxt.isalnum():
        return True
    if prev in "sS" and not nxt.isalnum():
        # plural possessive ("the States' view"): ambiguous; treat as apostrophe
        # unless it plainly closes a quote (handled by the caller)
        return True
    return False


def _can_open(text: str, i: int) -> bool:
    ch = text[i]
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if ch in "'‘":
        if ch == "'" and _is_apostrophe(text, i):
            return False
        return not prev.isalnum() and not nxt.isspace()
    if ch == '"':
        return not prev.isalnum() and not nxt.isspace()
    return True


def _can_close(text: str, i: int) -> bool:
    ch = text[i]
    nxt = text[i + 1] if i + 1 < len(text) else " "
    prev = text[i - 1] if i > 0 else " "
    if ch in "'’":
        if prev.isalpha() and nxt.isalpha():
            return False  # apostrophe inside a word
        return not prev.isspace()
    if ch == '"':
        return not prev.isspace()
    return True


def find_quotes(text: str) -> list[Quote]:
    """All top-level quotations in ``text``, in order.

    Nested quotes (‘…’ inside “…”) belong to their outer quote and are not
    returned separately. Unclosed marks are ignored unless the paragraph
    convention continues the quote into the next paragraph.
    """
    out: list[Quote] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in OPENERS and _can_open(text, i):
            q = _scan(text, i)
            if q is not None:
                out.append(q)
                i = q.end
                continue
        i += 1
    return out


def _scan(text: str, start: int) -> Quote | None:
    """Find the end of the quote opened at ``start``; None when it never closes."""
    opener = text[start]
    closers = PAIRS[opener]
    j = start + 1
    paragraphs = 1
    limit = min(len(text), start + MAX_QUOTE)
    while j < limit:
        c = text[j]
        if c == "\n":
            # paragraph break inside a quote: continue only if the next
            # paragraph opens with the same mark (multi-paragraph convention)
            k = j
            while k < len(text) and text[k] in "\n \t\r":
                k += 1
            if k < len(text) and text[k] == opener and _prev_para_unclosed(text, start, j, closers):
                paragraphs += 1
                j = k + 1
                continue
            return None
        if c in closers and _can_close(text, j) and j > start + 1:
            # a straight " may also be a new opener; pairing left to right is right
            return Quote(start, j + 1, start + 1, j, paragraphs)
        if c in OPENERS and c != opener and c not in closers and c not in ("'",):
            # nested quote of another convention: skip over it when it closes
            inner = _scan(text, j) if _can_open(text, j) else None
            if inner is not None and inner.paragraphs == 1:
                j = inner.end
                continue
        j += 1
    return None


def _prev_para_unclosed(text: str, start: int, nl: int, closers: tuple[str, ...]) -> bool:
    segment = text[start:nl]
    return not any(c in segment for c in closers)


def strip_marks(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """Shrink ``span`` past leading/trailing quote marks, spaces and commas."""
    s, e = span
    while s < e and (text[s] in QUOTE_CHARS or text[s].isspace()):
        s += 1
    while e > s and (text[e - 1] in QUOTE_CHARS or text[e - 1].isspace() or text[e - 1] in ",;:"):
        e -= 1
    return s, e
