"""Stage ``match``: restatements across paraphrase and language, and narratives.

Library entry points (the CLI in ``kennan.cli.match`` is a thin shell over them):

- :func:`embed_store` — index (FTS5) and embed (dense, float16) new statements.
- :func:`similar` — statements restating a text, with BM25, cosine and fused scores.
- :func:`build_narratives` — incremental clustering into narratives.
- :func:`list_narratives`, :func:`get_narrative` — read them back.
- :func:`merge_narratives`, :func:`split_narrative`, :func:`confirm_member`,
  :func:`reject_member` — user decisions, stored and respected by later runs.
"""

from .encoders import Encoder, get_encoder
from .narratives import (
    ClusterReport,
    NarrativeOptions,
    build_narratives,
    confirm_member,
    get_narrative,
    list_narratives,
    merge_narratives,
    reject_member,
    split_narrative,
)
from .search import EmbedReport, Match, embed_store, similar

__all__ = [
    "ClusterReport", "EmbedReport", "Encoder", "Match", "NarrativeOptions", "build_narratives", "confirm_member",
    "embed_store", "get_encoder", "get_narrative", "list_narratives", "merge_narratives", "reject_member",
    "similar", "split_narrative",
]
