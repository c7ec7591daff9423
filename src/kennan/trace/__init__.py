"""Stage ``trace``: a provenance graph per narrative, earliest telling and primary source."""

from __future__ import annotations

from .citations import Citation, find_citations
from .provenance import build_trace, confidence, evidence_for

__all__ = ["Citation", "build_trace", "confidence", "evidence_for", "find_citations"]
