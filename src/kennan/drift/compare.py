"""Compare two decomposed sides into typed drift findings (the *compare* step).

:func:`compare` scores the source and the retelling on their own
(:func:`kennan.drift.decompose.decompose`), then runs one detector per finding
type over the two :class:`SideScale` records. A detector reports a finding only
with spans on both sides: the cue words where they exist, the whole side where
the point is that something is absent there.
"""

from __future__ import annotations

import re

from ..errors import TraceError
from ..registry import method as method_name
from . import lexicon as lx
from .calibration import hop_score
from .decompose import act_subject, decompose
from .quotes import align
from .types import (
    ADDED_INTENT,
    AGENT_SHIFT,
    CERTAINTY_DEFLATED,
    CERTAINTY_INFLATED,
    CERTAINTY_LEVELS,
    MISQUOTATION,
    QUALIFIER_DROPPED,
    QUOTE_OUT_OF_CONTEXT,
    SCOPE_WIDENED,
    STANCE_SHIFT,
    Cue,
    DriftFinding,
    DriftResult,
    SideScale,
)

# Finding weights (the finding's own strength in [0, 1]); the hop score calibrates over these.
INTENT_WEIGHT = {"AGAINST": 0.8, "USE": 0.9, "COALITION": 0.8, "ANTI": 0.8, "WEDGE": 0.9, "CONTAIN": 0.8,
                 "AIM": 0.4}
QUALIFIER_WEIGHT = {"scope": 0.7, "hedge": 0.6, "condition": 0.7, "quantifier": 0.5, "time": 0.3}
STANCE_THRESHOLD = 0.5  # |stance delta| at which a shift is reported (tuned on the dev pairs)


def compare(source_text: str, target_text: str, *, source_offset: int = 0, target_offset: int = 0,
            source_lang: str | None = None, target_lang: str | None = None,
            source_question: bool | None = None, target_question: bool | None = None,
            target_quoted: bool = False) -> DriftResult:
    """The drift from ``source_text`` to its retelling ``target_text``.

    Each side is scored in its own language (``source_lang``/``target_lang``,
    detected from the script when None), then compared. ``source_offset`` and
    ``target_offset`` are added to every span so spans point into the stored
    document texts. ``source_question``/``target_question`` override question
    detection (an extractor may know a statement was asked). ``target_quoted``
    says the retelling presents its whole text as the source's own words (a
    direct quote), so the whole of it is checked for fidelity.

    Returns a :class:`DriftResult`; ``result.faithful`` is True (and
    ``result.verdict == "faithful"``) exactly when no finding was made.
    Raises :class:`kennan.errors.TraceError` ``T301`` when either text is empty.
    """
    for name, text in (("source_text", source_text), ("target_text", target_text)):
        if not isinstance(text, str) or not text.strip():
            raise TraceError(f"drift needs a non-empty {name}; pass the statement's content "
                             f"(got {text!r})", code="T301")
    src = decompose(source_text, lang=source_lang, offset=source_offset, is_question=source_question)
    tgt = decompose(target_text, lang=target_lang, offset=target_offset, is_question=target_question)
    return compare_sides(src, tgt, target_quoted=target_quoted)


def compare_sides(src: SideScale, tgt: SideScale, *, target_quoted: bool = False) -> DriftResult:
    """Compare two already-decomposed sides (see :func:`compare`)."""
    m = method_name("drift")
    notes: list[str] = []
    findings: list[DriftFinding] = []
    findings += _certainty(src, tgt, m)
    findings += _agency(src, tgt, m)
    findings += _intent(src, tgt, m)
    findings += _qualifiers(src, tgt, m)
    findings += _scope(src, tgt, m)
    findings += _quotes(src, tgt, m, target_quoted, notes)
    findings += _stance(src, tgt, m)
    return DriftResult(source=src, target=tgt, findings=tuple(findings), score=hop_score(findings),
                       method=m, cross_lingual=src.lang != tgt.lang, notes=tuple(notes))


def _spans(cues, side: SideScale) -> tuple[tuple[tuple[int, int], ...], tuple[str, ...]]:
    cues = list(cues)
    if not cues:
        return (side.span,), ()
    return tuple(c.span for c in cues), tuple(c.text for c in cues)


def _finding(type_: str, src_cues, src: SideScale, tgt_cues, tgt: SideScale, weight: float, m: str,
             detail: str) -> DriftFinding:
    ss, sc = _spans(src_cues, src)
    ts, tc = _spans(tgt_cues, tgt)
    return DriftFinding(type_, ss, ts, sc, tc, round(float(weight), 3), m, detail)


# ---------------------------------------------------------------- certainty
def _certainty(src: SideScale, tgt: SideScale, m: str) -> list[DriftFinding]:
    d = tgt.certainty_level - src.certainty_level
    if d == 0:
        return []
    type_ = CERTAINTY_INFLATED if d > 0 else CERTAINTY_DEFLATED
    detail = f"{CERTAINTY_LEVELS[src.certainty_level]} -> {CERTAINTY_LEVELS[tgt.certainty_level]}"
    return [_finding(type_, src.certainty_cues, src, tgt.certainty_cues, tgt, abs(d) / 4, m, detail)]


# ---------------------------------------------------------------- agency
def _agency(src: SideScale, tgt: SideScale, m: str) -> list[DriftFinding]:
    out: list[DriftFinding] = []
    src_acts = {c.concept: c for c in src.acts}
    src_passive = {c.concept for c in src.passives}
    for p in tgt.passives:
        if p.concept in src_passive:
            continue  # the source already leaves the actor unsaid
        if p.concept not in src_acts:
            anchor = list(src.acts[:1])
            out.append(_finding(AGENT_SHIFT, anchor, src, [p], tgt, 0.8, m,
                                f"agentless {p.detail} '{p.text}': the source holds no such act"))
        else:
            act = src_acts[p.concept]
            who = act_subject(src, act)
            out.append(_finding(AGENT_SHIFT, [act], src, [p], tgt, 0.6, m,
                                f"agentless {p.detail} '{p.text}': the source names who acts ({who or 'speaker'})"))
    tgt_acts = {c.concept: c for c in tgt.acts if not any(_overlap(c.span, p.span) for p in tgt.passives)}
    for concept, tact in tgt_acts.items():
        sact = src_acts.get(concept)
        if sact is None or any(_overlap(sact.span, p.span) for p in src.passives):
            continue
        a, b = act_subject(src, sact), act_subject(tgt, tact)
        if a and b and a != b and "SPEAKER" not in (a, b) and "THEY" not in (a, b):
            out.append(_finding(AGENT_SHIFT, [sact], src, [tact], tgt, 0.7, m,
                                f"subject of '{concept.lower()}' changed: {a} -> {b}"))
    return out


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


# ---------------------------------------------------------------- intent / framing
def _intent(src: SideScale, tgt: SideScale, m: str) -> list[DriftFinding]:
    have = {c.concept for c in src.intents}
    if any(c.concept == "USE" for c in src.acts):
        have.add("USE")
    added: dict[str, list[Cue]] = {}
    for c in tgt.intents:
        if c.concept not in have:
            added.setdefault(c.concept, []).append(c)
    return [_finding(ADDED_INTENT, [], src, cues, tgt, INTENT_WEIGHT.get(concept, 0.6), m,
                     f"{concept.lower()} framing absent from the source")
            for concept, cues in added.items()]


# ---------------------------------------------------------------- qualifiers
_SCOPE_LEAD = re.compile(r"^\W*\w+\s+\w+\s+(?:like|such as|как)\s+", re.IGNORECASE)


def _scope_kept(q: Cue, src: SideScale, tgt: SideScale) -> bool:
    if any(c.concept == "scope" for c in tgt.qualifiers):
        return True
    low = tgt.text.casefold()
    qlow = q.text.casefold()
    for gloss in lx.SCOPE_GLOSSES:
        if any(g in qlow for g in gloss) and any(g in low for g in gloss):
            return True
    if src.lang == tgt.lang:
        stems = lx.content_stems(_SCOPE_LEAD.sub("", q.text))
        tstems = set(lx.content_stems(tgt.text))
        return bool(stems) and any(s in tstems for s in stems[-2:])
    return False


def _qualifiers(src: SideScale, tgt: SideScale, m: str) -> list[DriftFinding]:
    out = []
    tkinds = {c.concept for c in tgt.qualifiers}
    for q in src.qualifiers:
        kind = q.concept
        if kind == "scope":
            kept = _scope_kept(q, src, tgt)
        elif kind == "hedge":
            kept = kind in tkinds or tgt.certainty_level <= max(2, src.certainty_level)
        elif kind == "condition":
            kept = kind in tkinds
        else:
            kept = kind in tkinds or (src.lang == tgt.lang and q.text.casefold() in tgt.text.casefold())
        if not kept:
            out.append(_finding(QUALIFIER_DROPPED, [q], src, [], tgt, QUALIFIER_WEIGHT.get(kind, 0.5), m,
                                f"{kind} qualifier '{q.text}' dropped"))
    return out


def _scope(src: SideScale, tgt: SideScale, m: str) -> list[DriftFinding]:
    su = lx.find("universal", src.text, src.lang)
    tu = [Cue(tgt.text[s:e], (s + tgt.offset, e + tgt.offset), "universal", "universal")
          for _e, s, e in lx.find("universal", tgt.text, tgt.lang)]
    if su or not tu:
        return []
    limited = [c for c in src.qualifiers if c.concept in ("quantifier", "scope")]
    return [_finding(SCOPE_WIDENED, limited, src, tu, tgt, 0.6, m,
                     "universal quantifier added: " + ", ".join(c.text for c in tu))]


# ---------------------------------------------------------------- quotes
_HEDGE_CONCEPTS = {"hedge", "condition"}


def _quotes(src: SideScale, tgt: SideScale, m: str, target_quoted: bool, notes: list[str]) -> list[DriftFinding]:
    quotes = list(tgt.quotes)
    if target_quoted and not quotes:
        quotes = [Cue(tgt.text, tgt.span, "quote", "quote")]
    if not quotes:
        return []
    if src.lang != tgt.lang:
        notes.append(f"quote fidelity not checked: source is {src.lang}, retelling {tgt.lang} "
                     f"({len(quotes)} quoted passage(s))")
        return []
    out = []
    for q in quotes:
        qrel = q.span[0] - tgt.offset
        al = align(q.text, src.text)
        if al.absent:
            out.append(_finding(MISQUOTATION, [], src, [q], tgt, 1.0, m,
                                f"quoted words not in the source: '{q.text}'"))
            continue
        if not al.verbatim and al.changed_quote:
            ts = [Cue(tgt.text[qrel + a:qrel + b], (q.span[0] + a, q.span[0] + b), "quote", "changed")
                  for a, b in al.changed_quote]
            ss = [Cue(src.text[a:b], (a + src.offset, b + src.offset), "quote", "changed")
                  for a, b in al.changed_source]
            if not ss:
                ss = [Cue(src.text[al.source_span[0]:al.source_span[1]],
                          (al.source_span[0] + src.offset, al.source_span[1] + src.offset), "quote", "aligned")]
            out.append(_finding(MISQUOTATION, ss, src, ts, tgt, round(1 - al.score / 100, 3) + 0.3, m,
                                "quote altered: " + ", ".join(f"'{c.text}'" for c in ts)))
            continue
        ctx = _context_of(src, al.source_span)
        if ctx:
            out.append(_finding(QUOTE_OUT_OF_CONTEXT, ctx, src, [q], tgt, 0.8, m,
                                f"quote lifted from inside {ctx[0].concept}: '{ctx[0].text}'"))
    return out


_SENT = re.compile(r"[^.!?]+[.!?]*")


def _context_of(src: SideScale, span: tuple[int, int]) -> list[Cue]:
    """Hedges, conditions or a question around (not inside) the quoted part of the source."""
    s, e = span
    sent = next(((a.start(), a.end()) for a in _SENT.finditer(src.text) if a.start() <= s < a.end()),
                (0, len(src.text)))
    out = []
    sentence = src.text[sent[0]:sent[1]]
    if sentence.rstrip().endswith("?") and not src.text[s:e].rstrip().endswith("?"):
        out.append(Cue(sentence.strip(), (sent[0] + src.offset, sent[1] + src.offset), "context", "question"))
    for c in list(src.qualifiers) + [c for c in src.certainty_cues if c.value <= 2]:
        cs, ce = c.span[0] - src.offset, c.span[1] - src.offset
        inside_quote = cs >= s and ce <= e
        if sent[0] <= cs < sent[1] and not inside_quote and cs < e:
            concept = c.concept if c.concept in _HEDGE_CONCEPTS else "hedge"
            if c.kind == "qualifier" and c.concept not in _HEDGE_CONCEPTS:
                continue
            out.append(Cue(c.text, c.span, "context", concept))
    return out


# ---------------------------------------------------------------- stance
def _stance(src: SideScale, tgt: SideScale, m: str) -> list[DriftFinding]:
    out = []
    d = tgt.stance - src.stance
    s_pos, s_neg = _polar_counts(src)
    t_pos, t_neg = _polar_counts(tgt)
    # A shift needs new polar words on the side it moves to, not just fewer words on the other.
    moved = (d < 0 and t_neg > s_neg) or (d > 0 and t_pos > s_pos)
    if moved and abs(d) >= STANCE_THRESHOLD and (src.stance * tgt.stance <= 0 or abs(d) >= 0.9):
        direction = "more adversarial" if d < 0 else "more cooperative"
        s_c = [c for c in src.stance_cues if (c.value > 0) == (d < 0)] or list(src.stance_cues)
        t_c = [c for c in tgt.stance_cues if (c.value > 0) == (d > 0)]
        out.append(_finding(STANCE_SHIFT, s_c, src, t_c, tgt, min(1.0, abs(d) / 1.5), m,
                            f"stance {src.stance:+.2f} -> {tgt.stance:+.2f} ({direction})"))
    if len(src.negations) % 2 != len(tgt.negations) % 2 and max(len(src.negations), len(tgt.negations)) <= 2:
        out.append(_finding(STANCE_SHIFT, src.negations, src, tgt.negations, tgt, 0.8, m,
                            "negation " + ("added" if len(tgt.negations) > len(src.negations) else "removed")))
    return out


def _polar_counts(side: SideScale) -> tuple[int, int]:
    return (sum(1 for c in side.stance_cues if c.value > 0), sum(1 for c in side.stance_cues if c.value < 0))
