"""The provenance graph: which earlier telling each later telling retells.

Candidates for a telling's source are never all earlier tellings: they come
from time order (the few tellings just before it), the matcher's nearest
neighbours, and the names it cites. Each kind of evidence is kept separately on
the hop; the hop confidence is a logistic combination of them, and each telling
keeps its single most confident earlier source, so the graph is a forest
ordered in time. A reported question ("he was asked whether ...") can only
retell an earlier question: the answer given to it is not its source.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timezone
from functools import lru_cache

from ..records import Evidence, Hop, Span, Telling, Trace, content_hash
from ..registry import method
from .citations import LEAD_CHARS, _name_rx, find_citations

Similarity = Callable[[Telling, Telling], float]
Neighbours = Callable[[Telling], Iterable[tuple[str, float]]]

#: Logistic weights of the hop confidence (hand-set on the team's fixtures; see docs/trace.md).
WEIGHTS = {"bias": -3.0, "similarity": 4.0, "citation": 3.0, "quote_overlap": 1.5, "time_order": 0.6,
           "echo": 0.4, "amplification": 0.2}
#: A hop below this confidence is not drawn: the telling stays a root.
MIN_CONFIDENCE = 0.35
TIME_WINDOW = 4  # tellings just before a telling that are always candidates
NEIGHBOURS = 12  # nearest neighbours asked of the matcher

_QUOTED = re.compile(r"[«“\"„]([^«»“”\"„]{8,400})[»”\"“]")


@dataclass(frozen=True, slots=True)
class _Cand:
    source: Telling
    sim: float


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _instant(value: str) -> float:
    """An ISO date or datetime as a UTC timestamp (dates at midnight UTC); +inf when unknown."""
    if not value:
        return float("inf")
    try:
        dt = datetime.fromisoformat(value)
    except ValueError:
        d = _day(value)
        return datetime(d.year, d.month, d.day, tzinfo=timezone.utc).timestamp() if d else float("inf")
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.timestamp()


def _order_key(t: Telling) -> tuple:
    """Tellings are ordered by when they reached the public, then by position in their document."""
    return (_instant(t.told), t.statement.doc_id,
            t.statement.content_spans[0][0] if t.statement.content_spans else 0)


def _same_event(source: Telling, target: Telling) -> bool:
    """The target reports the very statement the source holds (same actor, same day or undated report)."""
    if not source.statement.actor_id or source.statement.actor_id != target.statement.actor_id:
        return False
    d1, d2 = _day(source.when), _day(target.when)
    if d1 is None or d2 is None:
        return False
    gap = (d2 - d1).days
    return gap == 0 or (0 <= gap <= 3 and target.statement.said_on_source == "publication")


def _names(t: Telling) -> list[str]:
    names = [n for n in (t.actor_name, *t.actor_aliases) if n]
    if t.outlet:
        names.append(t.outlet)
    return list(dict.fromkeys(names))


@lru_cache(maxsize=100_000)
def _quoted_pieces(context: str) -> tuple[tuple[str, int, int], ...]:
    """Quoted stretches of two words or more in a context: ``(lower-cased text, start, end)``."""
    return tuple((m.group(1).lower(), m.start(1), m.end(1)) for m in _QUOTED.finditer(context)
                 if len(m.group(1).split()) >= 2)


def quote_overlap(source: Telling, target: Telling) -> tuple[float, Span | None]:
    """How much of the target's quoted wording appears in the source (0..1), and where (target span)."""
    from rapidfuzz import fuzz

    pieces = _quoted_pieces(target.context)
    if not pieces:
        return 0.0, None
    best, where = 0.0, None
    src = source.statement.content.lower()
    for piece, a, b in pieces:
        score = fuzz.partial_ratio(piece, src) / 100.0
        if score > best:
            best, where = score, (target.context_start + a, target.context_start + b)
    return (best if best >= 0.75 else 0.0), where


def evidence_for(source: Telling, target: Telling, sim: float, *,
                 names_in_target: set[str] | None = None) -> list[Evidence]:
    """Every kind of evidence that ``target`` retells ``source``, kept apart.

    ``names_in_target``, when given, is the set of known names that occur in the
    target's context and lead: citations are only looked for when one of the
    source's names is among them.
    """
    ev: list[Evidence] = [Evidence("similarity", round(sim, 4), "matcher similarity")]
    d1, d2 = _day(source.told), _day(target.told)
    gap = (d2 - d1).days if d1 and d2 else None
    ev.append(Evidence("time_order", 1.0 if gap and gap > 0 else 0.5,
                       f"told {gap} days later" if gap else "told the same day, later"))
    same_actor = bool(source.statement.actor_id) and source.statement.actor_id == target.statement.actor_id
    same_event = _same_event(source, target)
    reports_same = same_event and source.outlet != target.outlet
    names = _names(source)
    if names_in_target is not None and not names_in_target.intersection(names):
        cites = []
    else:
        cites = find_citations(target, names, whole_document=True)
    if cites and (cites[0].strength == 1.0 or not reports_same):
        c = cites[0]
        ev.append(Evidence("citation", c.strength,
                           f"names {c.name}" + (f" ({c.marker})" if c.marker else ""), c.span))
    elif reports_same:
        # the later document reports the same actor's same statement: an attribution
        ev.append(Evidence("citation", 1.0, f"reports {source.actor_name}'s statement",
                           target.statement.speaker_span))
    elif (target.statement.kind == "headline" and source.statement.actor_id
          and source.statement.actor_id != target.statement.actor_id
          and source.statement.actor_id in target.doc_actor_ids):
        # a headline sums up its article, and the article reports this actor
        ev.append(Evidence("citation", 1.0, f"the article under the headline reports {source.actor_name}"))
    elif (target.statement.cue_lemma or "") in ("echo", "repeat", "повторить"):
        ev.append(Evidence("citation", 0.5, f"cue '{target.statement.cue}'", target.statement.cue_span))
    q, qspan = quote_overlap(source, target)
    if q:
        ev.append(Evidence("quote_overlap", round(q, 3), "quoted words found in the source", qspan))
    if same_actor and not same_event:
        ev.append(Evidence("echo", 1.0, f"{target.actor_name} repeats himself or herself"))
    elif not same_actor and source.statement.actor_id and target.statement.actor_id:
        ev.append(Evidence("amplification", 1.0, f"{target.actor_name} repeats {source.actor_name}"))
    return ev


def confidence(evidence: Iterable[Evidence]) -> float:
    """Logistic combination of the evidence scores (weights in :data:`WEIGHTS`)."""
    z = WEIGHTS["bias"]
    for e in evidence:
        z += WEIGHTS.get(e.kind, 0.0) * e.score
    return 1.0 / (1.0 + math.exp(-z))


def build_trace(tellings: list[Telling], sim: Similarity, *, neighbours: Neighbours | None = None,
                narrative_id: str | None = None) -> Trace:
    """The provenance forest of ``tellings``; see the module docstring for the candidate rule."""
    order = sorted(tellings, key=_order_key)
    by_id = {t.id: t for t in order}
    rank = {t.id: i for i, t in enumerate(order)}
    name_index: dict[str, list[Telling]] = {}
    for t in order:
        for n in _names(t):
            name_index.setdefault(n, []).append(t)
    finder = NameFinder(list(name_index))
    hops: list[Hop] = []
    parent: dict[str, tuple[str, float]] = {}
    mname = method("trace")
    for i, target in enumerate(order):
        cands: dict[str, Telling] = {t.id: t for t in order[max(0, i - TIME_WINDOW):i]}
        if neighbours is not None:
            for sid, _ in neighbours(target):
                s = by_id.get(sid)
                if s is not None and rank[sid] < i:
                    cands[sid] = s
        present = finder.find(target.context + "\n" + target.doc_text[:LEAD_CHARS])
        for name in present:
            for s in name_index.get(name, [])[-6:]:
                if rank[s.id] < i:
                    cands[s.id] = s
        best: Hop | None = None
        asks = _is_question(target)
        for s in cands.values():
            if s.statement.doc_id == target.statement.doc_id:
                continue  # a document does not retell itself
            if asks and not _is_question(s):
                continue  # a reported question retells the question put, not the answer to it
            ev = evidence_for(s, target, max(0.0, min(1.0, sim(s, target))), names_in_target=present)
            conf = confidence(ev)
            if best is None or conf > best.confidence or (conf == best.confidence and rank[s.id] > rank[best.source_id]):
                best = Hop(id="h" + content_hash(s.id, target.id, length=15), source_id=s.id, target_id=target.id,
                           evidence=tuple(ev), confidence=round(conf, 4), method=mname, narrative_id=narrative_id)
        if best is not None and best.confidence >= MIN_CONFIDENCE:
            hops.append(best)
            parent[target.id] = (best.source_id, best.confidence)
    roots = tuple(t.id for t in order if t.id not in parent)
    chain: dict[str, float] = {}
    for t in order:  # a parent is always earlier in ``order``, so its chain is known
        p = parent.get(t.id)
        chain[t.id] = round(chain[p[0]] * p[1], 4) if p else 1.0
    primary, note = primary_source(order, hops, by_id)
    return Trace(narrative_id=narrative_id, telling_ids=tuple(t.id for t in order), hops=tuple(hops), roots=roots,
                 earliest_id=_earliest(order), primary_id=primary, primary_note=note,
                 chain_confidence=chain, method=mname)


def _is_question(t: Telling) -> bool:
    return t.statement.is_question or t.statement.kind == "question"


def _earliest(order: list[Telling]) -> str | None:
    """The first telling that states the claim (a question put to a speaker only asks it)."""
    for t in order:
        if not _is_question(t):
            return t.id
    return order[0].id if order else None


_TOKEN = re.compile(r"\w+")


def _stem(word: str) -> str:
    """A lower-case word cut to 5 letters: Russian case endings fall away (Лаврова → лавро)."""
    return word.casefold()[:5]


class NameFinder:
    """Which known names occur in a text, found through their words' stems, then confirmed.

    One big regex alternation of every name is slow in Python's engine; a set
    lookup per word of the text, and a regex only for the names it suggests,
    is linear in the text.
    """

    def __init__(self, names: list[str]) -> None:
        self.by_stem: dict[str, set[str]] = {}
        for n in names:
            words = _TOKEN.findall(n)
            if words and len(n) >= 4:
                # every form of a name (the whole name, the surname alone) ends in its last word
                self.by_stem.setdefault(_stem(words[-1]), set()).add(n)

    def find(self, text: str) -> set[str]:
        cand: set[str] = set()
        for w in _TOKEN.findall(text):
            got = self.by_stem.get(_stem(w))
            if got:
                cand |= got
        return {n for n in cand if (rx := _name_rx(n)) is not None and rx.search(text)}


def primary_source(order: list[Telling], hops: list[Hop], by_id: dict[str, Telling]) -> tuple[str | None, str]:
    """The original words of the actor being retold, and a note that says how it was chosen.

    The actor being retold is the one later tellings most often cite or report
    (a hop with citation evidence from one of their statements); their earliest
    statement, a direct quote before a report of it, is the primary source. It
    may be later than the earliest telling (an outlet's report can precede the
    transcript). When no telling is in an actor's own voice (only outlets'
    headlines), the primary source is missing and the note says whom to look for.
    """
    if not order:
        return None, "no tellings"
    cited: dict[str, int] = {}
    for h in hops:
        src = by_id[h.source_id]
        if src.statement.actor_id and any(e.kind == "citation" and e.score >= 1.0 for e in h.evidence):
            cited[src.statement.actor_id] = cited.get(src.statement.actor_id, 0) + 1
    own = [t for t in order if t.actor_kind not in ("outlet", None) and t.statement.kind != "headline"]
    if not own:
        first = order[0]
        return None, (f"no telling here is in the original speaker's own words; the earliest is "
                      f"{first.actor_name or first.outlet or 'an unnamed source'} ({first.when}); "
                      "ingest the original statement to close the chain")
    first_said: dict[str, str] = {}
    for t in own:
        a = t.statement.actor_id
        if a and (a not in first_said or t.when < first_said[a]):
            first_said[a] = t.when
    ranked = sorted(first_said, key=lambda a: (-cited.get(a, 0), first_said[a]))
    if ranked and cited.get(ranked[0]):
        a = ranked[0]
        mine = [t for t in own if t.statement.actor_id == a]
        t = min(mine, key=lambda t: (t.when, t.statement.kind != "direct", _instant(t.told)))
        return t.id, (f"{t.actor_name}'s own words ({t.when}, {t.outlet or 'unknown outlet'}); "
                      f"later tellings cite or report {t.actor_name} {cited[a]} time(s)")
    t = min(own, key=lambda t: (t.when, t.statement.kind != "direct", _instant(t.told)))
    return t.id, f"no actor is cited explicitly; earliest telling in an actor's own words: {t.actor_name} ({t.when})"
