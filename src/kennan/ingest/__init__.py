"""Stage ``ingest``: files, folders, feeds, exports and web archives to documents."""

from __future__ import annotations

from .runner import IngestReport, ingest_paths, to_document

__all__ = ["IngestReport", "ingest_paths", "to_document"]
