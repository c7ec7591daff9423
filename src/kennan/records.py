"""Typed, frozen records passed between stages.

Every derived record keeps the character spans into the stored document text
and the versioned method name that produced it (see :mod:`kennan.registry`).
Spans are half-open ``(start, end)`` character offsets into ``Document.text``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

Span = tuple[int, int]


def content_hash(*parts: str, length: int = 16) -> str:
    """Stable hex id from the given parts (sha256, truncated)."""
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode("utf-8"))
        h.update(b"\x1f")
    return h.hexdigest()[:length]


@dataclass(frozen=True, slots=True)
class Document:
    """One ingested document.

    ``id`` is a content hash of the normalized text and the URL, so re-ingest is
    idempotent. ``published`` is ISO 8601 (timezone-aware where known) and
    ``published_source`` says where the date came from (``front-matter``,
    ``html-meta``, ``feed``, ``field``, ``warc-header``, ``cli``, or ``None``).
    """

    id: str
    text: str
    outlet: str | None = None
    url: str | None = None
    title: str | None = None
    author: str | None = None
    published: str | None = None
    published_source: str | None = None
    lang: str | None = None
    lang_source: str | None = None
    source_path: str | None = None
    record_index: int | None = None
    format: str | None = None
    ingested_at: str | None = None
    status: str = "ok"

    @staticmethod
    def make_id(text: str, url: str | None) -> str:
        """The content-hash id of a document: normalized text + URL."""
        return content_hash(text, url or "")


@dataclass(frozen=True, slots=True)
class Failure:
    """An input that could not become a document, with the reason stored."""

    path: str
    record_index: int | None
    code: str
    message: str
    at: str | None = None
    id: int | None = None


@dataclass(frozen=True, slots=True)
class Role:
    """A role an actor holds, as the text states it."""

    title: str
    organisation: str | None = None
    country: str | None = None


@dataclass(frozen=True, slots=True)
class Actor:
    """A canonical speaker: person, role, organisation, outlet, country or bloc."""

    id: str
    name: str
    kind: str  # person | organisation | outlet | country | bloc | role | unknown
    aliases: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    country: str | None = None
    source: str = "extracted"  # extracted | user

    @staticmethod
    def make_id(name: str, kind: str) -> str:
        """Stable actor id from canonical name and kind."""
        return "a" + content_hash(name.casefold(), kind, length=12)


@dataclass(frozen=True, slots=True)
class Statement:
    """An attributed statement: who said what, when, in which document."""

    id: str
    doc_id: str
    kind: str  # direct | indirect | mixed | according_to | question | headline | floating
    # said_on_source: context (date stated nearby) | relative (resolved against publication) |
    # carried (from the same speaker's dated statement just before) | publication | none
    content: str
    content_spans: tuple[Span, ...]
    speaker: str | None
    speaker_span: Span | None
    cue: str | None
    cue_lemma: str | None
    cue_span: Span | None
    actor_id: str | None
    said_on: str | None
    said_on_source: str  # context | relative | publication | none
    lang: str | None
    confidence: float
    method: str
    addressee: str | None = None
    setting: str | None = None
    is_question: bool = False
    addressee_actor_id: str | None = None  # the actor a statement or question was addressed to
    speaker_mention: str | None = None  # the speaker as written here ("he", "the senator")
    strength: int = 0  # cue strength: 0 neutral (said) .. 3 charged (accused, warned)

    @staticmethod
    def make_id(doc_id: str, span: Span) -> str:
        """Statement id: document id + content span."""
        return "s" + content_hash(doc_id, f"{span[0]}:{span[1]}", length=15)


@dataclass(frozen=True, slots=True)
class Narrative:
    """A cluster of statements that tell one claim."""

    id: str
    label: str
    statement_ids: tuple[str, ...]
    method: str
    first_said: str | None = None
    last_said: str | None = None
    languages: tuple[str, ...] = ()
    # match stage: who told it where, and a representative wording
    actors: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    representative: str | None = None  # statement id of the representative wording
    status: str = "auto"  # auto | confirmed (a user decision touched it)
    model: str | None = None  # encoder whose vectors clustered it

    @property
    def size(self) -> int:
        """How many statements tell this narrative."""
        return len(self.statement_ids)


@dataclass(frozen=True, slots=True)
class Evidence:
    """One kind of evidence for a hop, kept separately from the others."""

    kind: str  # citation | quote_overlap | similarity | time_order | echo | amplification
    score: float
    detail: str = ""
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class Hop:
    """A provenance edge: an earlier statement retold by a later one."""

    id: str
    source_id: str
    target_id: str
    evidence: tuple[Evidence, ...]
    confidence: float
    method: str
    narrative_id: str | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    """A typed drift finding on a hop, pointing at spans on both sides."""

    hop_id: str
    type: str  # certainty_inflated | certainty_deflated | agent_shift | added_intent | ...
    source_span: Span | None
    target_span: Span | None
    source_cue: str = ""
    target_cue: str = ""
    weight: float = 0.0
    method: str = ""
    detail: str = ""
    extra: dict = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True, slots=True)
class Telling:
    """A statement with what tracing needs to know about its speaker and document.

    Built by the pipeline from the store; the input record of stage ``trace``.
    ``when`` orders tellings: the statement date, then the publication time.
    """

    statement: Statement
    actor_name: str | None
    actor_kind: str | None
    actor_aliases: tuple[str, ...]
    outlet: str | None
    published: str | None
    doc_title: str | None
    doc_url: str | None
    context: str  # the sentence(s) around the statement in its document
    context_start: int  # offset of ``context`` in the document text
    doc_text: str = ""  # the whole document text (citations may sit in its lead, far from the statement)
    doc_actor_ids: tuple[str, ...] = ()  # actors whose statements the same document reports

    @property
    def id(self) -> str:
        return self.statement.id

    @property
    def when(self) -> str:
        """When the statement was made (ISO date): its stated date, else publication."""
        return (self.statement.said_on or self.published or "")[:10]

    @property
    def told(self) -> str:
        """When this telling reached the public (ISO): its document's publication, else the statement date."""
        return self.published or self.statement.said_on or ""


@dataclass(frozen=True, slots=True)
class Trace:
    """The provenance graph of one narrative: hops, earliest telling and primary source.

    ``primary_id`` is the original words of the actor being retold; it may be
    later than ``earliest_id`` or missing (``None``), and ``primary_note`` says why.
    ``chain_confidence`` maps each telling to the product of hop confidences
    on its path from a root.
    """

    narrative_id: str | None
    telling_ids: tuple[str, ...]
    hops: tuple[Hop, ...]
    roots: tuple[str, ...]
    earliest_id: str | None
    primary_id: str | None
    primary_note: str
    chain_confidence: dict = field(default_factory=dict, hash=False, compare=False)
    method: str = ""
