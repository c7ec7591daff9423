"""Explicit citations: where a retelling names the earlier source it retells.

"according to Kommersant", "as Pompeo said", "Kommersant published ... titled",
"referenced a speech given by ... Pompeo", "по данным «Коммерсанта»",
"со ссылкой на ...", "как пишет ...". A citation is evidence for a hop when the
cited name is the earlier telling's speaker or outlet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..records import Span, Telling

# A citation marker, then (within a short window) the cited name; or the name,
# then a reporting verb. Windows are in characters: names sit close to markers.
_MARKERS_BEFORE = [
    r"according to", r"as\s+(?:\w+\s+){0,2}(?:said|put it|noted|wrote|reported|claimed|stated)",
    r"cit(?:ed|ing)", r"quot(?:ed|ing)", r"referenc(?:ed|ing)", r"citing", r"reported by",
    r"published by", r"(?:speech|remarks|statement|answer|article|report|headline|interview)\s+(?:given\s+)?by",
    r"echo(?:ed|ing)", r"repeat(?:ed|ing)",
    r"по\s+(?:данным|словам|сообщению|информации|мнению)", r"со\s+ссылкой\s+на", r"ссылаясь\s+на",
    r"как\s+(?:пишет|писал[аи]?|сообщает|сообщил[аи]?|заявил[аи]?|отметил[аи]?|сказал[аи]?)",
    r"вслед\s+за", r"повторил[аи]?", r"прокомментировал[аи]?\s+(?:\w+\s+){0,3}", r"отвечая\s+на",
    r"comment(?:ed|ing)\s+on", r"respond(?:ed|ing)\s+to", r"react(?:ed|ing)\s+to", r"in\s+response\s+to",
]
_VERBS_AFTER = [
    r"report(?:s|ed)?", r"publish(?:es|ed)", r"wrote", r"writes", r"said", r"says", r"claimed", r"titled",
    r"пишет", r"писал[аи]?", r"сообщ(?:ает|ил[аи]?)", r"опубликовал[аи]?", r"заявил[аи]?", r"назвал[аи]?",
]
_BEFORE = re.compile(r"(?i)\b(?:" + "|".join(_MARKERS_BEFORE) + r")\b")
_AFTER = re.compile(r"(?i)^[\s,»\"”']{0,3}(?:\w+\s+){0,2}(?:" + "|".join(_VERBS_AFTER) + r")\b")
_WINDOW = 80
LEAD_CHARS = 500


@dataclass(frozen=True, slots=True)
class Citation:
    """A name of the earlier telling found in a citation frame of the later one."""

    name: str
    marker: str
    span: Span  # into the later telling's document text
    strength: float  # 1.0 explicit frame, 0.5 bare mention of the name


@lru_cache(maxsize=50_000)
def name_forms(name: str) -> tuple[str, ...]:
    """Regex forms of a name: whole name, surname, and Russian case endings (Коммерсантъ → Коммерсанта)."""
    name = name.strip().strip("«»\"'")
    if not name:
        return ()
    forms = {name}
    parts = name.split()
    if len(parts) > 1 and parts[-1][0].isupper() and len(parts[-1]) > 3:
        forms.add(parts[-1])  # surname
    out = []
    for f in sorted(forms, key=len, reverse=True):
        esc = re.escape(f)
        last = f[-1]
        if re.match(r"[А-Яа-яЁё]", last) and len(f) >= 5:
            stem = re.escape(f.rstrip("ъьаяыиеуюо")) if f.rstrip("ъьаяыиеуюо") else esc
            out.append(stem + r"[а-яё]{0,3}")
        else:
            out.append(esc + r"(?:'s|’s)?")
    return tuple(out)


@lru_cache(maxsize=50_000)
def _name_rx(name: str) -> re.Pattern | None:
    forms = name_forms(name)
    return re.compile(r"(?<!\w)(?:" + "|".join(forms) + r")(?!\w)") if forms else None


def find_citations(later: Telling, names: list[str], *, whole_document: bool = False) -> list[Citation]:
    """Citations of any of ``names`` in the later telling's context, or in its whole document.

    With ``whole_document``, the context is searched first and the document's
    lead (its first :data:`LEAD_CHARS` characters) only when the context names no
    one: a lead often says whose words the article comments on. The rest of a
    long article is not searched, since an analysis that quotes everyone would
    otherwise "cite" everyone for every statement.
    """
    found = _find(later.context, later.context_start, names)
    if whole_document and not any(c.strength >= 1.0 for c in found) and later.doc_text:
        have = {f.span for f in found}
        found += [c for c in _find(later.doc_text[:LEAD_CHARS], 0, names) if c.strength >= 1.0 and c.span not in have]
        found.sort(key=lambda c: (-c.strength, c.span))
    return found


def _find(text: str, base: int, names: list[str]) -> list[Citation]:
    found: list[Citation] = []
    seen: set[Span] = set()
    for name in names:
        rx = _name_rx(name)
        if rx is None:
            continue
        for m in rx.finditer(text):
            span = (base + m.start(), base + m.end())
            if span in seen:
                continue
            seen.add(span)
            before = text[max(0, m.start() - _WINDOW):m.start()]
            after = text[m.end():m.end() + _WINDOW]
            mb = list(_BEFORE.finditer(before))
            ma = _AFTER.match(after)
            if mb and _near(before, mb[-1]):
                found.append(Citation(name, mb[-1].group(0), span, 1.0))
            elif ma:
                found.append(Citation(name, ma.group(0).strip(" ,»\"”'"), span, 1.0))
            else:
                found.append(Citation(name, "", span, 0.5))
    found.sort(key=lambda c: (-c.strength, c.span))
    return found


def _near(before: str, m: re.Match) -> bool:
    """The marker ends close to the name, with no sentence break between."""
    gap = before[m.end():]
    return "." not in gap.replace("St.", "").replace("Mr.", "") and len(gap) <= 60
