"""Plain text and Markdown, with optional YAML front matter."""

from __future__ import annotations

from collections.abc import Iterator

import yaml

from ..config import IngestOptions
from ..errors import IngestError
from .base import Item, RawDoc
from .normalize import decode_bytes, parse_date

_KEYS = ("title", "outlet", "url", "published", "author", "lang")


def split_front_matter(text: str, path: str) -> tuple[dict, str]:
    """Split ``---`` YAML front matter from the body; ``({}, text)`` when absent.

    Raises ``IngestError`` I009 naming the line when the YAML is broken.
    """
    if not text.startswith("---"):
        return {}, text
    lines = text.split("\n")
    if lines[0].strip() != "---":
        return {}, text
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            head, body = "\n".join(lines[1:i]), "\n".join(lines[i + 1:])
            break
    else:
        raise IngestError(
            "front matter opened with '---' on line 1 is never closed; add a closing '---' line",
            code="I009", path=path,
        )
    try:
        meta = yaml.safe_load(head) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" on line {mark.line + 2}" if mark is not None else ""
        raise IngestError(
            f"front matter is not valid YAML{line} ({getattr(exc, 'problem', exc)}); fix it or remove the block",
            code="I009", path=path,
        ) from exc
    if not isinstance(meta, dict):
        raise IngestError("front matter must be a YAML mapping (key: value lines)", code="I009", path=path)
    return meta, body


def read_text(data: bytes, path: str, opts: IngestOptions) -> Iterator[Item]:
    """One document from a .txt/.md file."""
    try:
        text = decode_bytes(data, path)
        meta, body = split_front_matter(text, path)
    except IngestError as exc:
        yield exc
        return
    published = meta.get("published", meta.get("date"))
    iso = parse_date(published)
    if published is not None and iso is None:
        yield IngestError(
            f"front matter 'published: {published}' is not a date; write it as ISO 8601 (2020-07-23)",
            code="I009", path=path, field="published",
        )
        return
    yield RawDoc(
        text=body,
        format="markdown" if path.lower().removesuffix(".gz").endswith((".md", ".markdown")) else "text",
        title=_s(meta.get("title")),
        outlet=_s(meta.get("outlet")),
        url=_s(meta.get("url")),
        author=_s(meta.get("author")),
        published=iso,
        published_source="front-matter" if iso else None,
        lang=_s(meta.get("lang")),
    )


def _s(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value).strip() or None
