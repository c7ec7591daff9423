"""Extraction over a store: incremental, parallel, failures stored as rows.

Only documents without an ``extract_runs`` row for the current method
version are processed (``force`` redoes all). Work is split into chunks run
by a process pool (each worker loads the parsers once, parses with
``nlp.pipe`` and applies the rules, sending back only the small records), so
both cores are busy; tiny batches run in-process, where a pool's start-up
would cost more than it saves.
"""

from __future__ import annotations

import logging
import os
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from ..errors import ExtractError, KennanError
from ..records import Actor, Document, Role
from ..registry import method as method_name
from .actors import ActorIndex
from .document import DocResult, extract_english
from .nlp import DEFAULT_EN_MODEL, load_english

log = logging.getLogger(__name__)

#: below this many characters in total, a pool is not worth starting
POOL_MIN_CHARS = 40_000
CHUNK_DOCS = 24


@dataclass(frozen=True, slots=True)
class ExtractOptions:
    """Options for one extraction run."""

    model: str = DEFAULT_EN_MODEL
    processes: int | None = None     # None: all cores (at most 2 on the reference machine)
    force: bool = False
    limit: int | None = None
    doc_ids: tuple[str, ...] | None = None
    crf_model: str | None = None     # a user-built CRF tagger (bench/train_attribution.py); not shipped


@dataclass
class ExtractReport:
    """What an extraction run did."""

    method: str
    documents: int = 0
    skipped: int = 0
    statements: int = 0
    actors: int = 0
    failed: int = 0
    words: int = 0
    seconds: float = 0.0
    processes: int = 1
    by_kind: dict = field(default_factory=dict)
    by_lang: dict = field(default_factory=dict)
    failures: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.failed == 0

    def as_dict(self) -> dict:
        return {"method": self.method, "documents": self.documents, "skipped": self.skipped,
                "statements": self.statements, "actors": self.actors, "failed": self.failed,
                "words": self.words, "seconds": round(self.seconds, 3), "processes": self.processes,
                "by_kind": self.by_kind, "by_lang": self.by_lang, "failures": self.failures}

    def summary(self) -> str:
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(self.by_kind.items()))
        return (f"extracted {self.statements} statements ({kinds or 'none'}) from {self.documents} documents "
                f"with {self.method}; {self.actors} actors; {self.skipped} already done; {self.failed} failed; "
                f"{self.seconds:.1f}s on {self.processes} process(es)")


def run_method(opts: ExtractOptions) -> str:
    """The method a run is recorded under (incremental runs compare it): rules, or rules + CRF."""
    base = method_name("extract")
    return base + "+" + method_name("extract.crf") if opts.crf_model else base


def build_index(store) -> ActorIndex:
    """The actor index: seed gazetteer, then actors stored (user-imported ones win)."""
    desc = store.actor_descriptors()
    stored = sorted(store.iter_actors(), key=lambda a: a.source == "user")
    return ActorIndex([(a, desc.get(a.id, ())) for a in stored])


def _lang(doc: Document) -> str:
    return (doc.lang or "en").split("-")[0].lower()


# worker state (one per process) -------------------------------------------------
_STATE: dict = {}


def _init(model: str, index: ActorIndex, crf_model: str | None = None) -> None:
    _STATE["model"] = model
    _STATE["index"] = index
    _STATE["tagger"] = None
    if crf_model:
        from .learned import CRFTagger

        _STATE["tagger"] = CRFTagger(crf_model)


def _run_chunk(docs: list[Document]) -> list[tuple[str, DocResult | None, str | None, str | None]]:
    """Extract a chunk; returns (doc_id, result, error_code, error_message) per document."""
    index: ActorIndex = _STATE["index"]
    out = []
    en = [d for d in docs if _lang(d) != "ru"]
    ru = [d for d in docs if _lang(d) == "ru"]
    if en:
        nlp = load_english(_STATE["model"])
        for d, sdoc in zip(en, nlp.pipe((d.text for d in en), batch_size=16)):
            out.append(_safe(lambda: extract_english(d, sdoc, index, _STATE.get("tagger")), d))
    if ru:
        from .russian import extract_russian

        for d in ru:
            out.append(_safe(lambda: extract_russian(d, index), d))
    return out


def _safe(fn, d: Document):
    try:
        return d.id, fn(), None, None
    except KennanError as exc:
        return d.id, None, exc.code, exc.message
    except Exception as exc:  # a rule crashing on odd input must not stop the run: store the reason
        log.exception("extraction failed for %s", d.id)
        return d.id, None, "E010", f"{type(exc).__name__}: {exc}"


def extract_store(store, options: ExtractOptions | None = None, *,
                  progress: Callable[[int, int], None] | None = None) -> ExtractReport:
    """Extract statements and actors from the store's pending documents; returns a report."""
    opts = options or ExtractOptions()
    meth = run_method(opts)
    t0 = time.perf_counter()
    report = ExtractReport(method=meth)
    if opts.crf_model:
        from .learned import CRFTagger

        CRFTagger(opts.crf_model)  # fail early (E003/E004), even when nothing is pending
    docs = list(store.extract_pending(meth, force=opts.force, limit=opts.limit, doc_ids=opts.doc_ids))
    total_docs = store.count_documents()
    report.skipped = max(0, (len(opts.doc_ids) if opts.doc_ids is not None else total_docs) - len(docs))
    if not docs:
        report.seconds = time.perf_counter() - t0
        return report
    if any(_lang(d) != "ru" for d in docs):
        load_english(opts.model)  # fail early (E001) if the model is missing, before forking

    index = build_index(store)
    chars = sum(len(d.text) for d in docs)
    nproc = opts.processes or min(2, os.cpu_count() or 1)
    if chars < POOL_MIN_CHARS or len(docs) < 2:
        nproc = 1
    report.processes = nproc
    chunks = [docs[i:i + CHUNK_DOCS] for i in range(0, len(docs), CHUNK_DOCS)]
    if nproc == 1:
        _init(opts.model, index, opts.crf_model)
        results = (r for ch in chunks for r in _run_chunk(ch))
        _consume(store, results, report, meth, progress, len(docs), index)
    else:
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        ctx = mp.get_context("fork")
        with ProcessPoolExecutor(max_workers=nproc, mp_context=ctx, initializer=_init,
                                 initargs=(opts.model, index, opts.crf_model)) as pool:
            results = (r for rs in pool.map(_run_chunk, chunks) for r in rs)
            _consume(store, results, report, meth, progress, len(docs), index)
    report.words = sum(len(d.text.split()) for d in docs)
    report.seconds = time.perf_counter() - t0
    return report


def _consume(store, results, report: ExtractReport, meth: str, progress, total: int, index: ActorIndex) -> None:
    kinds: Counter = Counter()
    langs: Counter = Counter()
    actor_ids: set[str] = set()
    done = 0
    for doc_id, res, code, msg in results:
        done += 1
        if res is None:
            store.extract_save(doc_id, [], [], method=meth, status="failed", error_code=code, error_message=msg)
            report.failed += 1
            report.failures.append({"doc_id": doc_id, "code": code, "message": msg})
        else:
            desc = {a.id: index.entries[a.id].descriptors for a in res.actors if a.id in index.entries}
            store.extract_save(doc_id, res.statements, res.actors, method=meth, descriptors=desc)
            report.statements += len(res.statements)
            kinds.update(s.kind for s in res.statements)
            langs.update(s.lang or "und" for s in res.statements)
            actor_ids.update(a.id for a in res.actors)
        report.documents += 1
        if progress:
            progress(done, total)
    report.by_kind = dict(kinds)
    report.by_lang = dict(langs)
    report.actors = len(actor_ids)


def import_actors(store, path: str) -> int:
    """Add or correct actors from a user's CSV or YAML file; returns how many rows were read.

    YAML: a list of mappings (or ``{actors: [...]}``) with ``name``, ``kind``,
    optional ``country``, ``aliases`` (list), ``roles`` (list of strings or of
    ``{title, organisation, country}``), ``descriptors`` (list). CSV: columns
    ``name,kind,country,aliases,roles,descriptors`` with ``|`` between list items.
    """
    import csv

    import yaml

    from ..errors import ConfigError

    try:
        with open(path, encoding="utf-8") as fh:
            raw = fh.read()
    except OSError as exc:
        raise ConfigError(f"cannot read actors file {path!r}: {exc}; check the path", code="C010") from exc
    rows: list[dict]
    if path.lower().endswith((".yaml", ".yml", ".json")):
        try:
            data = yaml.safe_load(raw) or []
        except yaml.YAMLError as exc:
            raise ConfigError(f"bad YAML in {path!r}: {exc}; fix the file", code="C011") from exc
        if isinstance(data, dict):
            data = data.get("actors", [])
        if not isinstance(data, list):
            raise ConfigError(f"{path!r} must hold a list of actors (or 'actors: [...]')", code="C011")
        rows = data
    elif path.lower().endswith((".csv", ".tsv")):
        rows = list(csv.DictReader(raw.splitlines(), delimiter="\t" if path.lower().endswith(".tsv") else ","))
    else:
        raise ConfigError(f"actors file {path!r}: use .csv, .tsv, .yaml or .yml", code="C012")

    def lst(v) -> list:
        if v is None or v == "":
            return []
        if isinstance(v, list):
            return v
        return [x.strip() for x in str(v).split("|") if x.strip()]

    actors, desc = [], {}
    for i, r in enumerate(rows, 1):
        if not isinstance(r, dict) or not r.get("name"):
            raise ConfigError(f"{path!r} row {i}: every actor needs a 'name'", code="C013")
        kind = (r.get("kind") or "person").strip()
        if kind not in ("person", "organisation", "outlet", "country", "bloc", "role", "unknown"):
            raise ConfigError(f"{path!r} row {i}: kind {kind!r} is not one of person, organisation, outlet, "
                              "country, bloc, role, unknown", code="C014")
        roles = []
        for ro in lst(r.get("roles")):
            if isinstance(ro, dict):
                roles.append(Role(ro.get("title", ""), ro.get("organisation"), ro.get("country")))
            else:
                roles.append(Role(str(ro)))
        name = str(r["name"]).strip()
        aid = r.get("id") or Actor.make_id(name, kind)
        # an actor the seed knows under this name keeps its id so old statements stay linked
        seed = ActorIndex().lookup(name)
        if seed is not None and not r.get("id") and seed.actor.kind == kind:
            aid = seed.actor.id
        actors.append(Actor(id=aid, name=name, kind=kind, aliases=tuple(str(a) for a in lst(r.get("aliases"))),
                            roles=tuple(roles), country=r.get("country") or None, source="user"))
        desc[aid] = tuple(str(d) for d in lst(r.get("descriptors")))
    store.upsert_actors(actors, descriptors=desc, replace=True)
    return len(actors)


__all__ = ["ExtractOptions", "ExtractReport", "ExtractError", "build_index", "extract_store", "import_actors"]
