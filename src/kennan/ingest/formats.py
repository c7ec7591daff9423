"""Which reader handles an input: by extension, else by sniffing the bytes."""

from __future__ import annotations

from ..errors import IngestError
from .base import Reader
from .feeds import read_feed
from .html import read_html
from .tabular import read_csv, read_json, read_jsonl, read_tsv
from .text import read_text
from .warc import read_warc

READERS: dict[str, Reader] = {
    "text": read_text,
    "markdown": read_text,
    "html": read_html,
    "jsonl": read_jsonl,
    "json": read_json,
    "csv": read_csv,
    "tsv": read_tsv,
    "feed": read_feed,
    "warc": read_warc,
}

EXTENSIONS: dict[str, str] = {
    ".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
    ".csv": "csv", ".tsv": "tsv", ".tab": "tsv",
    ".rss": "feed", ".atom": "feed", ".rdf": "feed", ".xml": "feed",
    ".warc": "warc", ".arc": "warc",
}


def format_of(path: str, head: bytes, forced: str | None = None) -> str:
    """The format name for ``path`` whose (decompressed) bytes start with ``head``.

    Raises ``IngestError`` I008 when neither the extension nor the content tells.
    """
    if forced:
        if forced not in READERS:
            raise IngestError(f"unknown --format {forced!r}; use one of {', '.join(sorted(READERS))}",
                              code="I008", path=path)
        return forced
    name = path.lower().removesuffix(".gz")
    for ext, fmt in EXTENSIONS.items():
        if name.endswith(ext):
            if fmt == "feed" and ext == ".xml" and not _is_feed(head):
                break
            return fmt
    sniffed = sniff(head)
    if sniffed:
        return sniffed
    raise IngestError(
        f"cannot tell the format of {path!r} from its name or content; rename it with a known extension "
        f"({', '.join(sorted(set(EXTENSIONS)))}) or pass --format",
        code="I008", path=path,
    )


def _is_feed(head: bytes) -> bool:
    h = head[:2048].lstrip().lower()
    return b"<rss" in h or b"<feed" in h or b"<rdf:rdf" in h


def sniff(head: bytes) -> str | None:
    """Guess a format from content alone (for stdin and unknown extensions)."""
    h = head[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    low = h[:2048].lower()
    if h.startswith(b"WARC/"):
        return "warc"
    if _is_feed(low):
        return "feed"
    if low.startswith((b"<!doctype html", b"<html")) or b"<body" in low or b"<p>" in low:
        return "html"
    if h.startswith(b"{"):
        return "jsonl" if b"}\n{" in h or b"}\r\n{" in h else "json"
    if h.startswith(b"["):
        return "json"
    if h.startswith(b"---") or (h and b"\x00" not in h):
        return "text"
    return None
