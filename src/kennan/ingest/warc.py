"""WARC and WARC.gz web archives through warcio: one document per HTML response."""

from __future__ import annotations

import io
from collections.abc import Iterator

from ..config import IngestOptions
from ..errors import IngestError
from .base import Item
from .html import extract_html
from .normalize import decode_bytes, parse_date

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(data: bytes, path: str, opts: IngestOptions) -> Iterator[Item]:
    """HTML ``response`` records through trafilatura; other records are skipped.

    ``record_index`` counts HTML responses in file order. A truncated archive
    yields what was readable, then an I010 failure.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    index = -1
    stream = io.BytesIO(data)
    try:
        for rec in ArchiveIterator(stream):
            if rec.rec_type != "response" or rec.http_headers is None:
                continue
            ctype = (rec.http_headers.get_header("Content-Type") or "").lower()
            if not ctype.startswith(_HTML_TYPES):
                continue
            index += 1
            url = rec.rec_headers.get_header("WARC-Target-URI")
            charset = None
            if "charset=" in ctype:
                charset = ctype.split("charset=", 1)[1].split(";")[0].strip()
            try:
                body = rec.content_stream().read()
                if getattr(rec.raw_stream, "limit", 0) > 0:  # fewer bytes than Content-Length
                    raise EOFError(f"record {index} ends {rec.raw_stream.limit} bytes early")
                raw = extract_html(decode_bytes(body, path, declared=charset), path, url=url,
                                   record_index=index, fmt="warc")
            except IngestError as exc:
                exc.record = index
                yield exc
                continue
            if not raw.published:
                captured = parse_date(rec.rec_headers.get_header("WARC-Date"))
                if captured:
                    raw = _with(raw, published=captured, published_source="warc-capture")
            yield raw
    except (ArchiveLoadFailed, EOFError, OSError, ValueError) as exc:
        yield IngestError(
            f"WARC archive is truncated or corrupt after {index + 1} HTML record(s) ({exc}); "
            "re-download or re-export the archive; the records before the damage were kept",
            code="I010", path=path, record=index + 1,
        )


def _with(raw, **changes):
    from dataclasses import replace

    return replace(raw, **changes)
