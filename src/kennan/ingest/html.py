"""Saved HTML pages through trafilatura (main text, title, author, date, site)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..config import IngestOptions
from ..errors import IngestError
from .base import Item, RawDoc
from .normalize import decode_bytes, parse_date

# Publication time with its UTC offset, when the page states one. trafilatura's
# date (htmldate) is day-precision only, so we look for the full stamp first.
_PUBLISHED = re.compile(
    r"""<meta[^>]+(?:property|name|itemprop)\s*=\s*["'](?:article:published_time|og:published_time|"""
    r"""datePublished|pubdate|publish[-_]date|dc\.date(?:\.issued)?)["'][^>]*>""",
    re.I,
)
_CONTENT = re.compile(r"""content\s*=\s*["']([^"']+)["']""", re.I)
_HTML_LANG = re.compile(r"""<html[^>]*\slang\s*=\s*["']?([A-Za-z]{2,3})""", re.I)
_TIME_TAG = re.compile(r"""<time[^>]+datetime\s*=\s*["']([^"']+)["']""", re.I)


MIN_MAIN_CHARS = 40
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


def _published_meta(html: str) -> str | None:
    head = html[:20000]
    for m in _PUBLISHED.finditer(head):
        c = _CONTENT.search(m.group(0))
        if c and (iso := parse_date(c.group(1))):
            return iso
    t = _TIME_TAG.search(html[:200000])
    return parse_date(t.group(1)) if t else None


def extract_html(html: str, path: str, *, url: str | None = None, record_index: int | None = None,
                 fmt: str = "html") -> RawDoc:
    """Main text and metadata of one HTML page; ``IngestError`` I006 when there is no main text."""
    import trafilatura

    # extensive_search off: htmldate's free-text guesses (a copyright line turned
    # into "2020-01-01") are worse than no date for a provenance tool.
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                      include_tables=True, favor_recall=True,
                                      date_extraction_params=_DATE_PARAMS)
    body = (doc.text or "") if doc is not None else ""
    if doc is not None and doc.title and body.startswith(doc.title):
        body = body[len(doc.title):]
    # favor_recall makes trafilatura return menu links ("Home") for pages with
    # no article; fewer than MIN_MAIN_CHARS of text beyond the title is no main text.
    if len(" ".join(body.split())) < MIN_MAIN_CHARS:
        raise IngestError(
            "no main text found in the HTML (navigation or script only); save the article page itself, "
            "or export its text as .txt",
            code="I006", path=path, record=record_index,
        )
    published = _published_meta(html)
    source = "html-meta" if published else None
    if not published and doc.date:
        published, source = parse_date(doc.date), "htmldate"
    return RawDoc(
        text=doc.text,
        format=fmt,
        record_index=record_index,
        title=doc.title,
        outlet=doc.sitename,
        url=url or doc.url,
        author=doc.author,
        published=published,
        published_source=source,
        lang=doc.language or _declared_lang(html),
    )


def _declared_lang(html: str) -> str | None:
    """The page's own ``<html lang>``, if it states one."""
    m = _HTML_LANG.search(html[:5000])
    return m.group(1).lower() if m else None


def read_html(data: bytes, path: str, opts: IngestOptions) -> Iterator[Item]:
    """One document from a saved .html/.htm page."""
    try:
        yield extract_html(decode_bytes(data, path), path)
    except IngestError as exc:
        yield exc
