"""Stage ``extract``: documents to attributed statements and canonical actors.

Reads :class:`~kennan.records.Document` rows, writes
:class:`~kennan.records.Statement` and :class:`~kennan.records.Actor` rows
(method ``extract.rules.v4``; see :mod:`kennan.registry`). English uses
spaCy rules over the dependency parse (:mod:`.english`), Russian natasha
(:mod:`.russian`); speakers resolve to actors in :mod:`.actors`, dates in
:mod:`.dates`.
"""

from __future__ import annotations

from .runner import ExtractOptions, ExtractReport, build_index, extract_store, import_actors

__all__ = ["ExtractOptions", "ExtractReport", "build_index", "extract_store", "import_actors"]
