"""Typed, frozen records of the drift stage.

A :class:`DriftResult` is what :func:`kennan.drift.compare` returns for one hop
(source statement -> retelling). Each side is first scored on its own
(:class:`SideScale`), then the two are compared into typed
:class:`DriftFinding` rows. Every span is a half-open ``(start, end)``
character offset into the stored document text (the offsets given to
``compare`` are already added).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..records import Finding, Span

# Finding types (stable strings: stored in rows, asserted by tests).
CERTAINTY_INFLATED = "certainty_inflated"
CERTAINTY_DEFLATED = "certainty_deflated"
AGENT_SHIFT = "agent_shift"
ADDED_INTENT = "added_intent"
QUALIFIER_DROPPED = "qualifier_dropped"
SCOPE_WIDENED = "scope_widened"
MISQUOTATION = "misquotation"
QUOTE_OUT_OF_CONTEXT = "quote_out_of_context"
STANCE_SHIFT = "stance_shift"

FINDING_TYPES: tuple[str, ...] = (
    CERTAINTY_INFLATED, CERTAINTY_DEFLATED, AGENT_SHIFT, ADDED_INTENT, QUALIFIER_DROPPED,
    SCOPE_WIDENED, MISQUOTATION, QUOTE_OUT_OF_CONTEXT, STANCE_SHIFT,
)

# The ordinal certainty/modality scale (question < possibility < probable < will/must < done/is).
CERTAINTY_LEVELS: tuple[str, ...] = ("question", "possibility", "probable", "will_must", "done_is")


@dataclass(frozen=True, slots=True)
class Cue:
    """One lexicon match on one side: the words, where they are, what they mean.

    ``kind`` is the lexicon family (``certainty``, ``qualifier``, ``intent``,
    ``act``, ``passive``, ``stance``, ``quote``); ``concept`` a language-neutral
    id (``INVITE``, ``AGAINST``, ``scope`` ...) so that an English and a Russian
    side can be compared; ``value`` the scale value (certainty level, stance
    polarity) where the family has one.
    """

    text: str
    span: Span
    kind: str
    concept: str
    value: float = 0.0
    detail: str = ""


@dataclass(frozen=True, slots=True)
class SideScale:
    """One side of a hop scored on its own, in its own language.

    ``certainty_level`` indexes :data:`CERTAINTY_LEVELS`; ``certainty_cues`` are
    the words that set it (empty when the side is a bare assertion). ``stance``
    is in [-1, 1] (negative = adversarial, positive = cooperative).
    """

    lang: str
    text: str
    offset: int
    certainty_level: int
    certainty_cues: tuple[Cue, ...]
    qualifiers: tuple[Cue, ...]
    intents: tuple[Cue, ...]
    acts: tuple[Cue, ...]
    passives: tuple[Cue, ...]
    stance: float
    stance_cues: tuple[Cue, ...]
    quotes: tuple[Cue, ...]
    negations: tuple[Cue, ...]
    is_question: bool

    @property
    def certainty_label(self) -> str:
        """The name of ``certainty_level`` on the scale."""
        return CERTAINTY_LEVELS[self.certainty_level]

    @property
    def span(self) -> Span:
        """The whole side as a span into the document text."""
        return (self.offset, self.offset + len(self.text))


@dataclass(frozen=True, slots=True)
class DriftFinding:
    """One typed drift finding, pointing at spans on both sides.

    ``source_spans``/``target_spans`` point at the cue words (or, for something
    absent on one side, at that whole side); ``source_cues``/``target_cues`` are
    the words themselves. ``weight`` in [0, 1] is the finding's own strength;
    ``method`` the versioned method name that produced it.
    """

    type: str
    source_spans: tuple[Span, ...]
    target_spans: tuple[Span, ...]
    source_cues: tuple[str, ...]
    target_cues: tuple[str, ...]
    weight: float
    method: str
    detail: str = ""

    def to_record(self, hop_id: str) -> Finding:
        """This finding as a :class:`kennan.records.Finding` for hop ``hop_id``.

        The record holds the first span of each side; every span is kept in
        ``extra`` (``source_spans``, ``target_spans``).
        """
        return Finding(
            hop_id=hop_id,
            type=self.type,
            source_span=self.source_spans[0] if self.source_spans else None,
            target_span=self.target_spans[0] if self.target_spans else None,
            source_cue=" | ".join(self.source_cues),
            target_cue=" | ".join(self.target_cues),
            weight=self.weight,
            method=self.method,
            detail=self.detail,
            extra={"source_spans": [list(s) for s in self.source_spans],
                   "target_spans": [list(s) for s in self.target_spans]},
        )


@dataclass(frozen=True, slots=True)
class DriftResult:
    """The drift of one hop: both sides' scales, the findings, the hop score.

    ``faithful`` is True exactly when there is no finding, and ``verdict`` then
    says ``"faithful"`` (otherwise ``"drifted"``). ``score`` is the calibrated
    probability that the retelling distorts its source (see docs/drift.md).
    ``notes`` says what was not checked (for example quote alignment across
    languages).
    """

    source: SideScale
    target: SideScale
    findings: tuple[DriftFinding, ...]
    score: float
    method: str
    cross_lingual: bool
    notes: tuple[str, ...] = ()

    @property
    def faithful(self) -> bool:
        """True when no finding was made."""
        return not self.findings

    @property
    def verdict(self) -> str:
        """``"faithful"`` when there is no finding, else ``"drifted"``."""
        return "faithful" if self.faithful else "drifted"

    @property
    def types(self) -> tuple[str, ...]:
        """The distinct finding types, in order of first appearance."""
        return tuple(dict.fromkeys(f.type for f in self.findings))

    def of_type(self, type_: str) -> tuple[DriftFinding, ...]:
        """The findings of one type."""
        return tuple(f for f in self.findings if f.type == type_)

    def to_records(self, hop_id: str) -> tuple[Finding, ...]:
        """All findings as :class:`kennan.records.Finding` rows for ``hop_id``."""
        return tuple(f.to_record(hop_id) for f in self.findings)
