"""Options and their defaults, in one place."""

from __future__ import annotations

import os
from dataclasses import dataclass

DEFAULT_DB = "kennan.db"
DB_ENV = "KENNAN_DB"
#: Files larger than this are refused with a failure row (``--max-size``).
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
#: Documents committed per transaction while ingesting.
DEFAULT_BATCH = 200


def default_db_path() -> str:
    """The store path: ``$KENNAN_DB`` if set, else ``kennan.db``."""
    return os.environ.get(DB_ENV) or DEFAULT_DB


@dataclass(frozen=True, slots=True)
class FieldMap:
    """Which fields of a JSONL/CSV record hold what (``--text-field`` ...)."""

    text: str | None = None
    title: str | None = None
    date: str | None = None
    url: str | None = None
    outlet: str | None = None
    author: str | None = None
    lang: str | None = None

    #: Candidate names tried, in order, when no mapping is given.
    DEFAULTS = {
        "text": ("text", "content", "body", "article", "full_text", "message", "description"),
        "title": ("title", "headline", "name"),
        "date": ("published", "date", "published_at", "pubdate", "datetime", "created_at", "timestamp", "time"),
        "url": ("url", "link", "href", "source_url"),
        "outlet": ("outlet", "source", "site", "site_name", "publisher", "domain"),
        "author": ("author", "authors", "byline", "creator"),
        "lang": ("lang", "language", "locale"),
    }


@dataclass(frozen=True, slots=True)
class IngestOptions:
    """Options for one ingest run. CLI flags override record metadata."""

    outlet: str | None = None
    lang: str | None = None
    fields: FieldMap = FieldMap()
    max_bytes: int = DEFAULT_MAX_BYTES
    batch: int = DEFAULT_BATCH
    stdin_name: str = "<stdin>"
    stdin_format: str | None = None
