"""Quote fidelity: is a quoted passage of the retelling in the source, verbatim?

Alignment is character-level with rapidfuzz (``partial_ratio_alignment``) to
find where in the source the quote best fits, then word-level with difflib to
name the words that changed. Only meaningful when both sides share a language:
:func:`kennan.drift.compare` skips it across languages and says so in notes.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from ..records import Span

_WORD = re.compile(r"[\w'’-]+")

VERBATIM = 92.0  # partial ratio at or above which a quote counts as the source's words
RELATED = 55.0   # below this the quote is not in the source at all


@dataclass(frozen=True, slots=True)
class Alignment:
    """Where a quote sits in the source and which words differ.

    ``source_span`` is relative to the source text; ``changed_quote`` and
    ``changed_source`` are spans (relative to the quote and source texts) of
    the words that differ; ``score`` is rapidfuzz's partial ratio (0-100).
    """

    score: float
    source_span: Span
    changed_quote: tuple[Span, ...]
    changed_source: tuple[Span, ...]

    @property
    def verbatim(self) -> bool:
        """True when the quote is the source's words (up to case and punctuation)."""
        return self.score >= VERBATIM and not self.changed_quote and not self.changed_source

    @property
    def absent(self) -> bool:
        """True when the quote cannot be found in the source at all."""
        return self.score < RELATED


def _words(text: str) -> list[tuple[str, int, int]]:
    return [(m.group().casefold().replace("’", "'"), m.start(), m.end()) for m in _WORD.finditer(text)]


def align(quote: str, source: str) -> Alignment:
    """Align ``quote`` against ``source`` and name the words that differ."""
    q, s = quote.casefold(), source.casefold()
    if not q.strip() or not s.strip():
        return Alignment(0.0, (0, 0), (), ())
    al = fuzz.partial_ratio_alignment(q, s)
    score = float(al.score) if al is not None else 0.0
    ds, de = (al.dest_start, al.dest_end) if al is not None else (0, 0)
    # Widen the aligned window to whole words, with a word of slack each side.
    sw = _words(source)
    inside = [i for i, (_w, a, b) in enumerate(sw) if b > ds and a < de]
    qw = _words(quote)
    if not inside:
        return Alignment(score, (ds, de), tuple((a, b) for _w, a, b in qw), ())
    lo, hi = max(0, inside[0] - 1), min(len(sw), inside[-1] + 2)
    window = sw[lo:hi]
    sm = difflib.SequenceMatcher(a=[w for w, _a, _b in qw], b=[w for w, _a, _b in window], autojunk=False)
    changed_q: list[Span] = []
    changed_s: list[Span] = []
    blocks = sm.get_opcodes()
    # Leading/trailing deletions of the slack words are not changes.
    for tag, i1, i2, j1, j2 in blocks:
        if tag == "equal":
            continue
        if tag == "insert" and (i1 == 0 or i1 == len(qw)):
            continue  # source words outside the quote's reach
        if tag == "insert":
            # Source words left out from inside the quote ("will [not] accept"): an alteration too.
            changed_q.append((qw[i1 - 1][1], qw[i1][2]))
        if i2 > i1:
            changed_q.append((qw[i1][1], qw[i2 - 1][2]))
        if j2 > j1:
            changed_s.append((window[j1][1], window[j2 - 1][2]))
    matched = [b for b in sm.get_matching_blocks() if b.size]
    span = (window[matched[0].b][1], window[matched[-1].b + matched[-1].size - 1][2]) if matched else (ds, de)
    if not matched or sum(b.size for b in matched) < max(1, len(qw) // 2):
        score = min(score, RELATED - 1)
    return Alignment(score, span, tuple(changed_q), tuple(changed_s))
