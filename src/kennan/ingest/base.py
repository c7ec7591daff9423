"""What readers yield: raw documents or per-record errors."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol, Union

from ..config import IngestOptions
from ..errors import IngestError


@dataclass(frozen=True, slots=True)
class RawDoc:
    """A document as a reader found it, before normalization and ids."""

    text: str
    format: str
    record_index: int | None = None
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    author: str | None = None
    published: str | None = None
    published_source: str | None = None
    lang: str | None = None


Item = Union[RawDoc, IngestError]


class Reader(Protocol):
    """A format reader: bytes of one input to raw documents and record errors."""

    def __call__(self, data: bytes, path: str, opts: IngestOptions) -> Iterator[Item]: ...
