"""The ingest run: inputs to stored documents and failure rows, in batches.

Guarantees: a batch of documents, their failures and the completion marks of
the files they finish are written in one transaction, so a killed run leaves a
consistent store; a re-run skips completed files by hash and inserts only
documents not yet stored (ids are content hashes), so it finishes the job
without duplicates.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone

from ..config import IngestOptions
from ..errors import IngestError
from ..records import Document, Failure
from ..store import SourceRecord, Store
from .base import RawDoc
from .formats import READERS, format_of
from .normalize import detect_lang, looks_binary, normalize_text
from .sources import read_input, walk

log = logging.getLogger(__name__)


@dataclass(slots=True)
class IngestReport:
    """What one ingest run did. ``ok`` is False when anything failed."""

    files: int = 0
    new: int = 0
    unchanged: int = 0
    failed: int = 0
    skipped_files: int = 0
    failures: list[Failure] = field(default_factory=list)
    new_ids: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.failed == 0

    def summary(self) -> str:
        """One line such as ``3 new, 12 unchanged, 1 failed (14 files)``."""
        return (f"{self.new} new, {self.unchanged} unchanged, {self.failed} failed "
                f"({self.files} file{'s' if self.files != 1 else ''})")


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def to_document(raw: RawDoc, path: str, opts: IngestOptions, at: str) -> Document:
    """Normalize a raw document and give it its content-hash id. CLI options win over metadata."""
    text = normalize_text(raw.text)
    if not text:
        raise IngestError("document has no text after normalization; remove it or fill it",
                          code="I001", path=path, record=raw.record_index)
    title = normalize_text(raw.title) if raw.title else None
    if opts.lang:
        lang, lang_source = opts.lang, "cli"
    elif raw.lang:
        lang, lang_source = raw.lang.split("-")[0].split("_")[0].lower(), "metadata"
    else:
        lang, lang_source = detect_lang(((title or "") + "\n" + text)), "detected"
    return Document(
        id=Document.make_id(text, raw.url),
        text=text,
        outlet=opts.outlet or raw.outlet,
        url=raw.url,
        title=title,
        author=raw.author,
        published=raw.published,
        published_source=raw.published_source,
        lang=lang,
        lang_source=lang_source if lang else None,
        source_path=path,
        record_index=raw.record_index,
        format=raw.format,
        ingested_at=at,
        status="ok",
    )


class _Batch:
    """Pending writes, flushed together in one transaction."""

    def __init__(self, store: Store, report: IngestReport, size: int) -> None:
        self.store, self.report, self.size = store, report, size
        self.docs: list[Document] = []
        self.ops: list[Callable[[], None]] = []

    def add_doc(self, doc: Document) -> None:
        self.docs.append(doc)
        if len(self.docs) >= self.size:
            self.flush()

    def add_op(self, op: Callable[[], None]) -> None:
        self.ops.append(op)

    def flush(self) -> None:
        if not self.docs and not self.ops:
            return
        docs, ops = self.docs, self.ops
        self.docs, self.ops = [], []
        with self.store.transaction():
            known = self.store.existing_document_ids(d.id for d in docs)
            fresh = []
            seen = set(known)
            for d in docs:
                if d.id not in seen:
                    seen.add(d.id)
                    fresh.append(d)
            self.store.add_documents(fresh)
            for op in ops:
                op()
        self.report.new += len(fresh)
        self.report.unchanged += len(docs) - len(fresh)
        self.report.new_ids.extend(d.id for d in fresh)


def ingest_paths(store: Store, paths: Iterable[str], opts: IngestOptions | None = None, *,
                 stdin=None, force_format: str | None = None,
                 progress: Callable[[str], None] | None = None) -> IngestReport:
    """Ingest files, folders (recursively) and ``-`` (stdin bytes from ``stdin``) into ``store``.

    Never raises for bad input: every problem becomes a failure row and is
    counted in the report.
    """
    opts = opts or IngestOptions()
    report = IngestReport()
    batch = _Batch(store, report, opts.batch)
    at = now_iso()
    own = _store_files(store)
    for item in walk(list(paths)):
        if isinstance(item, IngestError):
            _fail(batch, report, item, at)
            continue
        if item in own:  # never ingest the store into itself
            continue
        report.files += 1
        if progress:
            progress(item)
        _ingest_one(store, batch, report, item, opts, at, stdin, force_format)
    batch.flush()
    return report


def _ingest_one(store: Store, batch: _Batch, report: IngestReport, path: str, opts: IngestOptions,
                at: str, stdin, force_format: str | None) -> None:
    try:
        inp = read_input(path, max_bytes=opts.max_bytes, stdin=stdin)
    except IngestError as exc:
        _fail(batch, report, exc, at)
        return
    if path != "-":
        done = store.get_source(inp.path)
        if done is not None and done.sha256 == inp.sha256:
            report.unchanged += done.documents
            report.skipped_files += 1
            return
    name = inp.path
    try:
        if not inp.raw_gzip and not (force_format or opts.stdin_format) and looks_binary(inp.data):
            raise IngestError("binary content, not text (an image, PDF or program?); remove it, or convert "
                              "it to text, HTML or a supported export", code="I002", path=name)
        fmt = format_of(name, inp.data if not inp.raw_gzip else _peek_gzip(inp.data),
                        force_format or (opts.stdin_format if path == "-" else None))
    except IngestError as exc:
        _fail(batch, report, exc, at)
        return
    data = inp.data
    if inp.truncated is not None and fmt in ("jsonl", "csv", "tsv"):
        data = data[: data.rfind(b"\n") + 1]  # keep only complete lines
    elif inp.truncated is not None:
        _fail(batch, report, inp.truncated, at)
        return
    docs = failures = 0
    batch.add_op(lambda: store.clear_failures(name, all_records=True))
    for item in READERS[fmt](data, name, opts):
        if isinstance(item, RawDoc):
            try:
                doc = to_document(item, name, opts, at)
            except IngestError as exc:
                item = exc
            else:
                docs += 1
                batch.add_doc(doc)
                continue
        failures += 1
        _fail(batch, report, item, at)
    if inp.truncated is not None:
        failures += 1
        _fail(batch, report, inp.truncated, at)
    if path != "-":
        rec = SourceRecord(name, inp.sha256, inp.size, docs, failures, at)
        batch.add_op(lambda: store.mark_source(rec) if rec.failures == 0 else None)


def _store_files(store: Store) -> set[str]:
    import os

    if store.path == ":memory:":
        return set()
    base = os.path.abspath(store.path)
    return {base + suffix for suffix in ("", "-wal", "-shm", "-journal")}


def _peek_gzip(data: bytes) -> bytes:
    import zlib

    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data[:65536], 4096)
    except zlib.error:
        return b""


def _fail(batch: _Batch, report: IngestReport, exc: IngestError, at: str) -> None:
    failure = Failure(path=str(exc.path or "<unknown>"), record_index=exc.record, code=exc.code,
                      message=exc.message, at=at)
    report.failed += 1
    report.failures.append(failure)
    log.info("ingest failure %s", exc)
    batch.add_op(lambda: batch.store.record_failure(failure))
