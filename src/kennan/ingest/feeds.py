"""RSS and Atom feeds through feedparser: one document per entry."""

from __future__ import annotations

from collections.abc import Iterator

from ..config import IngestOptions
from ..errors import IngestError
from .base import Item, RawDoc
from .htmltext import html_to_text
from .normalize import parse_date


def read_feed(data: bytes, path: str, opts: IngestOptions) -> Iterator[Item]:
    """Each entry's full content (or summary) with its title, link, date and author."""
    import feedparser

    parsed = feedparser.parse(data)
    entries = parsed.get("entries") or []
    if not entries:
        reason = parsed.get("bozo_exception")
        yield IngestError(
            f"not a readable RSS/Atom feed ({reason or 'no entries'}); check the XML or pass --format",
            code="I011", path=path,
        )
        return
    outlet = (parsed.get("feed") or {}).get("title")
    for i, e in enumerate(entries):
        html = ""
        if e.get("content"):
            html = max((c.get("value") or "" for c in e["content"]), key=len)
        if len(html) < len(e.get("summary") or ""):
            html = e.get("summary") or ""
        text = html_to_text(html) if html else ""
        if not text.strip():
            yield IngestError(f"feed entry {i} ({e.get('title') or e.get('link') or 'untitled'}) has no text; "
                              "the feed carries titles only: ingest the linked pages instead",
                              code="I013", path=path, record=i)
            continue
        raw_date = e.get("published") or e.get("updated") or e.get("dc_date")
        published = parse_date(raw_date)
        yield RawDoc(
            text=text, format="feed", record_index=i,
            title=e.get("title"), outlet=outlet, url=e.get("link"),
            author=e.get("author"), published=published,
            published_source="feed" if published else None,
            lang=e.get("language") or (parsed.get("feed") or {}).get("language"),
        )
