"""Inputs: walking folders, reading files and stdin, gzip, size limits."""

from __future__ import annotations

import hashlib
import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import IngestError


@dataclass(frozen=True, slots=True)
class Input:
    """One input file (or stdin) as bytes, decompressed when gzip."""

    path: str
    data: bytes
    sha256: str
    size: int
    truncated: IngestError | None = None  # set when a gzip stream ended early
    raw_gzip: bool = False  # bytes still gzip-compressed (WARC.gz goes to warcio as is)


def walk(paths: list[str]) -> Iterator[str | IngestError]:
    """Files under each path (folders recursively, sorted, hidden entries skipped); ``-`` is stdin."""
    for p in paths:
        if p == "-":
            yield "-"
            continue
        path = Path(p)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for f in sorted(files):
                    if not f.startswith("."):
                        yield str((Path(root) / f).absolute())
        elif path.is_file():
            yield str(path.absolute())
        else:
            yield IngestError(f"no such file or folder {p!r}; check the path", code="I012", path=p)


def read_input(path: str, *, max_bytes: int, stdin=None) -> Input:
    """Read one input, enforcing ``max_bytes`` on the file and on its decompressed size."""
    if path == "-":
        data = (stdin.read(max_bytes + 1)) if stdin is not None else b""
        name = "<stdin>"
    else:
        name = path
        try:
            size = os.path.getsize(path)
            if size > max_bytes:
                raise IngestError(
                    f"file is {size:,} bytes, over the limit of {max_bytes:,}; split it or raise --max-size",
                    code="I007", path=path,
                )
            with open(path, "rb") as fh:
                data = fh.read()
        except OSError as exc:
            raise IngestError(f"cannot read the file ({exc.strerror}); check its permissions",
                              code="I012", path=path) from exc
    if len(data) > max_bytes:
        raise IngestError(f"input is over the limit of {max_bytes:,} bytes; split it or raise --max-size",
                          code="I007", path=name)
    digest = hashlib.sha256(data).hexdigest()
    size = len(data)
    if not data.strip():
        raise IngestError("file is empty; remove it or fill it", code="I001", path=name)
    if data[:2] == b"\x1f\x8b":
        if name.lower().removesuffix(".gz").endswith((".warc", ".arc")):
            return Input(name, data, digest, size, raw_gzip=True)
        out, err = gunzip(data, name, max_bytes)
        if not out.strip() and err is None:
            raise IngestError("compressed file holds nothing; remove it", code="I001", path=name)
        return Input(name, out, digest, size, truncated=err)
    return Input(name, data, digest, size)


def gunzip(data: bytes, path: str, max_bytes: int) -> tuple[bytes, IngestError | None]:
    """Decompress (multi-member) gzip; a truncated stream returns its readable prefix and an I004."""
    out = bytearray()
    rest = data
    try:
        while rest:
            d = zlib.decompressobj(16 + zlib.MAX_WBITS)
            out += d.decompress(rest, max_bytes + 1 - len(out))
            if len(out) > max_bytes:
                raise IngestError(f"decompressed size is over the limit of {max_bytes:,} bytes; "
                                  "split it or raise --max-size", code="I007", path=path)
            if d.unconsumed_tail:
                raise IngestError(f"decompressed size is over the limit of {max_bytes:,} bytes; "
                                  "split it or raise --max-size", code="I007", path=path)
            if not d.eof:
                return bytes(out), IngestError(
                    f"gzip stream is truncated after {len(out):,} bytes; re-download or re-compress it; "
                    "complete records before the damage were kept", code="I004", path=path)
            rest = d.unused_data.lstrip(b"\x00")
    except zlib.error as exc:
        return bytes(out), IngestError(f"gzip stream is corrupt ({exc}); re-download or re-compress it",
                                       code="I004", path=path)
    return bytes(out), None


__all__ = ["Input", "gunzip", "read_input", "walk"]
