"""Focus a long source on the sentences its retelling actually uses.

A source statement may be a whole multi-sentence answer (Pompeo's five-sentence
reply at the Nixon Library) while the retelling is one headline built from one
of its sentences. Comparing the whole answer with the headline makes findings
out of words the retelling never used ("so far" dropped, a negation removed).
:func:`focus_source` picks the sentences the retelling aligns with, so the
compare step sees only them; the picked ranges are character ranges into the
source text, so every finding still points at the original document words.

Alignment per source sentence, language-neutral first:

* shared actors (``lexicon.ACTOR_ALIASES`` ids, not "I/we/they"), shared act
  concepts (cooperation acts COOPERATE/BEFRIEND/AGREE count as one family),
  shared intent/framing concepts, shared scope glosses (nonproliferation /
  нераспространение), each 1;
* in the same language also the shared content-word stems (6-letter prefixes
  of words of 5+ letters, ``rapidfuzz``-free on purpose: cheap and exact).

The retelling's ``n`` sentences take the ``n`` best-scoring source sentences
(ties go to the earlier sentence: an answer's point comes first). A short
sentence right before or after a picked one (at most 8 words) that holds no actor, act,
intent or scope of its own and is either hedged (certainty possibility or
probable) or a bare answer of at most 3 words is a lead-in that frames the next one ("I think
there's that opportunity.", "Perhaps, under strict conditions.") and is kept with it. When no sentence
aligns at all, or the source is not longer than the retelling, the whole source
is kept (``None``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import lexicon as lx
from .decompose import decompose, detect_lang

Range = tuple[int, int]

# A sentence ends at . ! ? … (with closing quotes/brackets) before whitespace and an upper-case
# letter, digit or opening quote; not after a one-letter initial or a common abbreviation.
_END = re.compile(r"[.!?…]+[\"'»”)\]]*(?=\s+[\"'«“(\[]?[A-ZА-ЯЁ0-9])")
_ABBREV = re.compile(r"(?:\b[A-Za-zА-Яа-я]|\bMrs?|\bMs|\bDr|\bSt|\bGen|\bSen|\bRep|\bGov|\bProf|\bJr|\bSr|"
                     r"\bvs|\betc|\be\.g|\bi\.e|\bU\.S|\bU\.K|\bг|\bт\.е|\bт\.д|\bул|\bим)$")
_WORD = re.compile(r"[\w-]+")
_COOP = {"COOPERATE", "BEFRIEND", "AGREE"}
_NOT_ACTORS = {"SPEAKER", "THEY"}
MAX_LEAD_WORDS = 8


def sentences(text: str) -> list[Range]:
    """Sentence ranges ``(start, end)`` in ``text``, trimmed of surrounding whitespace."""
    out, start = [], 0
    for m in _END.finditer(text):
        if _ABBREV.search(text[max(0, m.start() - 6):m.start()]) and m.group().startswith(".") \
                and len(m.group()) == 1:
            continue
        out.append((start, m.end()))
        start = m.end()
    out.append((start, len(text)))
    trimmed = []
    for a, b in out:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            trimmed.append((a, b))
    return trimmed


@lru_cache(maxsize=8192)
def _profile(text: str, lang: str) -> tuple[frozenset, frozenset]:
    """(language-neutral concepts, content stems) of one sentence."""
    side = decompose(text, lang=lang)
    concepts = set()
    for w in _WORD.findall(text):
        aid = lx.actor_id(w)
        if aid and aid not in _NOT_ACTORS:
            concepts.add("actor:" + aid)
    for c in side.acts + side.passives:
        concepts.add("act:" + ("COOP" if c.concept in _COOP else c.concept))
    for c in side.intents:
        concepts.add("intent:" + c.concept)
    low = text.casefold().replace("-", " ")
    for i, gloss in enumerate(lx.SCOPE_GLOSSES):
        if any(g in low for g in gloss):
            concepts.add(f"scope:{i}")
    stems = frozenset(lx.content_stems(text))
    has_own = bool(concepts or side.acts or side.intents or any(c.concept == "scope" for c in side.qualifiers))
    # A lead-in only frames what follows: a hedge ("I think there's that opportunity.") or a bare answer.
    lead_in = not has_own and (1 <= side.certainty_level <= 2 or len(_WORD.findall(text)) <= 3)
    return frozenset(concepts | ({"_lead"} if lead_in else set())), stems


def _score(sent: str, s_lang: str, target: str, t_lang: str) -> float:
    sc, ss = _profile(sent, s_lang)
    tc, ts = _profile(target, t_lang)
    score = float(len((sc & tc) - {"_lead"}))
    if s_lang == t_lang:
        score += len(ss & ts)
    return score


def focus_source(source: str, target: str, *, source_lang: str | None = None,
                 target_lang: str | None = None) -> tuple[Range, ...] | None:
    """The ranges of ``source`` that ``target`` retells, or ``None`` to keep the whole source.

    Ranges are ``(start, end)`` character offsets into ``source``, in text order;
    adjacent picked sentences are merged into one range (the text between them
    included), so a range is always a contiguous slice of the source.
    """
    src = sentences(source)
    n_tgt = max(1, len(sentences(target)))
    if len(src) <= n_tgt:
        return None
    s_lang = source_lang or detect_lang(source)
    t_lang = target_lang or detect_lang(target)
    scores = [_score(source[a:b], s_lang, target, t_lang) for a, b in src]
    if max(scores) <= 0:
        return None
    ranked = sorted(range(len(src)), key=lambda i: (-scores[i], i))
    picked = {i for i in ranked[:n_tgt] if scores[i] > 0}
    for i in sorted(picked):
        for j in (i - 1, i + 1):
            if 0 <= j < len(src) and j not in picked:
                a, b = src[j]
                side_text = source[a:b]
                concepts, _ = _profile(side_text, s_lang)
                if len(_WORD.findall(side_text)) <= MAX_LEAD_WORDS and "_lead" in concepts:
                    picked.add(j)
    ranges: list[list[int]] = []
    for i in sorted(picked):
        a, b = src[i]
        if ranges and ranges[-1][2] == i - 1:
            ranges[-1][1], ranges[-1][2] = b, i
        else:
            ranges.append([a, b, i])
    out = tuple((a, b) for a, b, _ in ranges)
    return None if out == ((src[0][0], src[-1][1]),) else out


JOIN = " … "


def focused_text(source: str, target: str, *, source_lang: str | None = None,
                 target_lang: str | None = None) -> str:
    """``source`` cut to what :func:`focus_source` keeps, pieces joined with ``" … "``."""
    ranges = focus_source(source, target, source_lang=source_lang, target_lang=target_lang)
    return source if not ranges else JOIN.join(source[a:b] for a, b in ranges)
