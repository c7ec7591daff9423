"""SQL of the match stage: indexed statements, vectors, FTS5, narratives.

Tables (migration 200): ``match_items`` (one row per indexed statement, an
integer ``key`` used by the vector index, and a copy of the content for FTS5),
``match_fts`` (BM25), ``statement_vectors`` (compact vectors per model),
``narratives``, ``narrative_members``, ``narrative_decisions`` (user merges,
splits, confirmations and rejections, replayed by later runs) and
``match_clustered`` (which keys a clustering run has seen).

:class:`TextIndex` is the same FTS5 index in a throwaway in-memory database,
for benches and collections that are not in a store.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone

import numpy as np

from ..errors import NotFound, StoreError
from ._sql import date_range, in_chunks

_TOKENIZE = "porter unicode61 remove_diacritics 2"
#: ``match_fts_sample`` holds every SAMPLE_EVERY-th statement (by key), for cheap document frequencies.
SAMPLE_EVERY = 64


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True, slots=True)
class MatchItem:
    """A statement as the match stage indexes it."""

    key: int
    statement_id: str
    doc_id: str | None
    said_on: str | None
    lang: str | None
    actor_id: str | None
    speaker: str | None
    content: str
    outlet: str | None = None


@dataclass(frozen=True, slots=True)
class MatchFilter:
    """Filters for :meth:`MatchSQLMixin.match_lexical` and friends; ``None`` = any."""

    lang: str | None = None
    since: str | None = None
    until: str | None = None
    actor: str | None = None
    #: actor ids the ``actor`` reference resolved to (by the caller, through the actors table)
    actor_ids: tuple[str, ...] = ()

    def empty(self) -> bool:
        return not (self.lang or self.since or self.until or self.actor)


def _where(flt: MatchFilter | None, alias: str = "m") -> tuple[str, list]:
    if flt is None or flt.empty():
        return "", []
    clauses, params = [], []
    if flt.lang:
        clauses.append(f"{alias}.lang = ?")
        params.append(flt.lang)
    c, p = date_range(f"{alias}.said_on", flt.since, flt.until)
    clauses += c
    params += p
    if flt.actor:
        ids = [flt.actor, *flt.actor_ids]
        marks = ",".join("?" * len(ids))
        clauses.append(f"({alias}.actor_id IN ({marks}) OR {alias}.speaker = ? COLLATE NOCASE)")
        params.extend([*ids, flt.actor])
    return " AND ".join(clauses), params


_ITEM_SQL = ("SELECT m.key, m.statement_id, m.doc_id, m.said_on, m.lang, m.actor_id, m.speaker, m.content, "
             "d.outlet FROM match_items m LEFT JOIN documents d ON d.id = m.doc_id")


def _item(r) -> MatchItem:
    return MatchItem(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8])


class MatchSQLMixin:
    """SQL methods of the match stage (mixed into ``SQLiteStore``)."""

    conn: sqlite3.Connection

    # items -------------------------------------------------------------------
    def match_index_items(self, rows: Iterable[tuple], *, method: str) -> int:
        """Index statements not yet indexed.

        ``rows`` are ``(statement_id, doc_id, said_on, lang, actor_id, speaker,
        content)``. Returns how many were new. FTS5 follows by trigger.
        """
        now = _now()
        sql = ("INSERT OR IGNORE INTO match_items(statement_id, doc_id, said_on, lang, actor_id, speaker, content, "
               "method, indexed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        new = 0
        with self.transaction():
            for r in rows:
                new += self.conn.execute(sql, (*r, method, now)).rowcount
        return new

    def match_indexed_ids(self) -> set[str]:
        """Statement ids already indexed."""
        return {r[0] for r in self.conn.execute("SELECT statement_id FROM match_items")}

    def match_forget(self, statement_ids: Iterable[str]) -> int:
        """Drop indexed statements (gone from the store after re-extraction) and their memberships."""
        ids = list(statement_ids)
        n = 0
        with self.transaction():
            for chunk, marks in in_chunks(ids):
                self.conn.execute(f"DELETE FROM narrative_members WHERE statement_id IN ({marks})", chunk)
                n += self.conn.execute(f"DELETE FROM match_items WHERE statement_id IN ({marks})", chunk).rowcount
        return n

    def match_count(self) -> int:
        """How many statements are indexed."""
        return self.conn.execute("SELECT count(*) FROM match_items").fetchone()[0]

    def match_items(self, keys: Sequence[int]) -> dict[int, MatchItem]:
        """Indexed statements by key (with their document's outlet)."""
        out: dict[int, MatchItem] = {}
        keys = [int(k) for k in keys]
        for chunk, marks in in_chunks(keys):
            for r in self.conn.execute(f"{_ITEM_SQL} WHERE m.key IN ({marks})", chunk):
                out[r[0]] = _item(r)
        return out

    def match_items_by_statement(self, statement_ids: Sequence[str]) -> dict[str, MatchItem]:
        """Indexed statements by statement id."""
        out: dict[str, MatchItem] = {}
        ids = list(statement_ids)
        for chunk, marks in in_chunks(ids):
            for r in self.conn.execute(f"{_ITEM_SQL} WHERE m.statement_id IN ({marks})", chunk):
                out[r[1]] = _item(r)
        return out

    def match_keys(self, flt: MatchFilter | None = None, *, limit: int | None = None) -> list[int]:
        """Keys of indexed statements passing ``flt``, ordered by key."""
        where, params = _where(flt)
        sql = "SELECT m.key FROM match_items m" + (f" WHERE {where}" if where else "") + " ORDER BY m.key"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        return [r[0] for r in self.conn.execute(sql, params)]

    # lexical -----------------------------------------------------------------
    def match_lexical(self, fts: str, *, limit: int = 100, flt: MatchFilter | None = None) -> list[tuple[int, float]]:
        """BM25 over statement content: ``(key, score)`` best first (score = -bm25(), higher is better)."""
        if not fts:
            return []
        where, params = _where(flt)
        if where:
            sql = ("SELECT m.key, bm25(match_fts) AS r FROM match_fts JOIN match_items m ON m.key = match_fts.rowid "
                   f"WHERE match_fts MATCH ? AND {where} ORDER BY r LIMIT ?")
        else:  # no join: FTS5 rowids are the keys (a join per matching row costs ~40% more)
            sql = "SELECT rowid, bm25(match_fts) AS r FROM match_fts WHERE match_fts MATCH ? ORDER BY r LIMIT ?"
        try:
            rows = self.conn.execute(sql, [fts, *params, int(limit)]).fetchall()
        except sqlite3.OperationalError as exc:
            raise StoreError(f"bad lexical query {fts!r} ({exc})", code="S020") from exc
        return [(r[0], -r[1]) for r in rows]

    def match_term_docs(self, words: Sequence[str], *, sampled: bool = False) -> dict[str, int]:
        """Estimated document frequency of each query word in ``match_fts``.

        Words are looked up by their exact index term (:func:`stems`, the same
        tokenizer), so ``use`` counts the documents of ``us``.

        FTS5 counts a term's documents by reading its whole posting list, so on a
        large store exact counts cost as much as the query they are meant to
        bound. ``sampled`` reads them from ``match_fts_sample`` (every
        :data:`SAMPLE_EVERY`-th statement, migration 202) and scales up: about
        64x cheaper, exact enough to tell frequent terms from rare ones.
        """
        vocab, scale = ("match_fts_sample_vocab", SAMPLE_EVERY) if sampled else ("match_fts_vocab", 1)
        return term_docs(self.conn, vocab, words, scale)

    def match_langs(self, keys: Sequence[int]) -> dict[int, str | None]:
        """Language of each indexed statement by key (``None`` when unknown)."""
        out: dict[int, str | None] = {}
        ks = [int(k) for k in keys]
        for chunk, marks in in_chunks(ks):
            out.update(self.conn.execute(f"SELECT key, lang FROM match_items WHERE key IN ({marks})", chunk))
        return out

    # vectors -----------------------------------------------------------------
    def match_unembedded(self, model: str, *, limit: int | None = None) -> list[tuple[int, str]]:
        """``(key, content)`` of indexed statements with no vector of ``model`` yet."""
        sql = ("SELECT m.key, m.content FROM match_items m WHERE NOT EXISTS "
               "(SELECT 1 FROM statement_vectors v WHERE v.key = m.key AND v.model = ?) ORDER BY m.key")
        params: list = [model]
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        return [(r[0], r[1]) for r in self.conn.execute(sql, params)]

    def match_put_vectors(self, model: str, dim: int, dtype: str, rows: Iterable[tuple[int, bytes]], *,
                          method: str) -> int:
        """Store packed vectors ``(key, blob)`` of ``model``; returns how many."""
        now = _now()
        n = 0
        with self.transaction():
            for key, blob in rows:
                self.conn.execute(
                    "INSERT OR REPLACE INTO statement_vectors(key, model, dim, dtype, vec, method, created_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)", (int(key), model, int(dim), dtype, blob, method, now))
                n += 1
        return n

    def match_vector_models(self) -> dict[str, int]:
        """Models with stored vectors and how many each."""
        return {r[0]: r[1] for r in self.conn.execute(
            "SELECT model, count(*) FROM statement_vectors GROUP BY model ORDER BY count(*) DESC")}

    def match_vector_model(self, prefix: str) -> str | None:
        """A model name starting with ``prefix`` that has vectors (index lookup, not a scan)."""
        hi = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        r = self.conn.execute("SELECT model FROM statement_vectors WHERE model >= ? AND model < ? LIMIT 1",
                              (prefix, hi)).fetchone()
        return r[0] if r else None

    def match_vector_stamp(self, model: str) -> int:
        """Largest key with a vector of ``model`` (-1 if none): cheap, via the primary key index."""
        r = self.conn.execute("SELECT max(key) FROM statement_vectors WHERE model = ?", (model,)).fetchone()
        return int(r[0]) if r and r[0] is not None else -1

    def match_vector_dim(self, model: str) -> int:
        """Vector length of ``model`` (0 when it has no vectors)."""
        r = self.conn.execute("SELECT dim FROM statement_vectors WHERE model = ? LIMIT 1", (model,)).fetchone()
        return int(r[0]) if r else 0

    def match_vectors(self, model: str, keys: Sequence[int] | None = None, *,
                      after: int | None = None, limit: int | None = None) -> tuple[np.ndarray, list[bytes], str, int]:
        """Keys and packed vectors of ``model``: ``(keys, blobs, dtype, dim)``.

        ``keys`` restricts to those keys, ``after`` to keys greater than it
        (with ``limit``, at most that many, for reading in batches).
        """
        base = "SELECT key, vec, dtype, dim FROM statement_vectors WHERE model = ?"
        rows: list = []
        if keys is not None:
            ks = [int(k) for k in keys]
            for chunk, marks in in_chunks(ks):
                rows.extend(self.conn.execute(f"{base} AND key IN ({marks}) ORDER BY key", [model, *chunk]))
        else:
            lim = f" LIMIT {int(limit)}" if limit else ""
            rows = self.conn.execute(f"{base} AND key > ? ORDER BY key{lim}",
                                     (model, int(after) if after is not None else -1)).fetchall()
        if not rows:
            return np.zeros(0, dtype=np.int64), [], "float16", 0
        return (np.array([r[0] for r in rows], dtype=np.int64), [r[1] for r in rows], rows[0][2], rows[0][3])

    # narratives --------------------------------------------------------------
    def match_unclustered(self, model: str) -> list[int]:
        """Keys with a vector of ``model`` that no clustering run has seen yet, by key."""
        return [r[0] for r in self.conn.execute(
            "SELECT v.key FROM statement_vectors v WHERE v.model = ? AND NOT EXISTS "
            "(SELECT 1 FROM match_clustered c WHERE c.key = v.key) ORDER BY v.key", (model,))]

    def match_clustered_keys(self, model: str) -> list[int]:
        """Keys already seen by clustering with ``model``."""
        return [r[0] for r in self.conn.execute("SELECT key FROM match_clustered WHERE model = ? ORDER BY key",
                                                (model,))]

    def match_mark_clustered(self, keys: Iterable[int], *, model: str, method: str) -> None:
        now = _now()
        with self.transaction():
            self.conn.executemany("INSERT OR REPLACE INTO match_clustered(key, model, method, at) VALUES (?, ?, ?, ?)",
                                  [(int(k), model, method, now) for k in keys])

    def match_membership(self) -> dict[str, tuple[str, str]]:
        """statement id -> (narrative id, source) for every member."""
        return {r[0]: (r[1], r[2]) for r in self.conn.execute(
            "SELECT statement_id, narrative_id, source FROM narrative_members")}

    def match_save_narrative(self, nid: str, *, label: str, representative: str | None, method: str,
                             model: str, status: str = "auto") -> None:
        """Create or update a narrative row."""
        now = _now()
        with self.transaction():
            self.conn.execute(
                "INSERT INTO narratives(id, label, representative, status, method, model, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET label = excluded.label, "
                "representative = excluded.representative, updated_at = excluded.updated_at, "
                "status = CASE WHEN narratives.status = 'auto' THEN excluded.status ELSE narratives.status END",
                (nid, label, representative, status, method, model, now, now))

    def match_set_member(self, nid: str, statement_id: str, *, score: float, via: str | None, source: str,
                         method: str) -> None:
        """Put a statement in a narrative (moving it out of any other)."""
        with self.transaction():
            self.conn.execute("DELETE FROM narrative_members WHERE statement_id = ?", (statement_id,))
            self.conn.execute(
                "INSERT INTO narrative_members(narrative_id, statement_id, score, via, source, method, added_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)", (nid, statement_id, float(score), via, source, method, _now()))

    def match_remove_member(self, nid: str, statement_id: str) -> int:
        with self.transaction():
            return self.conn.execute("DELETE FROM narrative_members WHERE narrative_id = ? AND statement_id = ?",
                                     (nid, statement_id)).rowcount

    def match_absorb(self, nid: str, into: str) -> list[str]:
        """Move every member of ``nid`` into ``into`` and mark ``nid`` merged; returns the moved statement ids."""
        with self.transaction():
            sids = [r[0] for r in self.conn.execute(
                "SELECT statement_id FROM narrative_members WHERE narrative_id = ?", (nid,))]
            self.conn.execute("UPDATE narrative_members SET narrative_id = ? WHERE narrative_id = ?", (into, nid))
            self.match_mark_merged(nid, into)
        return sids

    def match_statuses(self) -> dict[str, str]:
        """narrative id -> status (auto, confirmed, merged)."""
        return {r[0]: r[1] for r in self.conn.execute("SELECT id, status FROM narratives")}

    def match_mark_merged(self, nid: str, into: str) -> None:
        with self.transaction():
            self.conn.execute("UPDATE narratives SET status = 'merged', merged_into = ?, updated_at = ? WHERE id = ?",
                              (into, _now(), nid))

    def match_set_status(self, nid: str, status: str) -> None:
        with self.transaction():
            self.conn.execute("UPDATE narratives SET status = ?, updated_at = ? WHERE id = ?", (status, _now(), nid))

    def match_merged_map(self) -> dict[str, str]:
        """narrative id -> the id it was merged into."""
        return {r[0]: r[1] for r in self.conn.execute(
            "SELECT id, merged_into FROM narratives WHERE merged_into IS NOT NULL")}

    def match_record_decision(self, action: str, nid: str, *, other: str | None = None,
                              statement_id: str | None = None, note: str | None = None) -> int:
        """Store a user decision (merge, split, confirm, reject)."""
        with self.transaction():
            cur = self.conn.execute(
                "INSERT INTO narrative_decisions(action, narrative_id, other_id, statement_id, note, at) "
                "VALUES (?, ?, ?, ?, ?, ?)", (action, nid, other, statement_id, note, _now()))
            return int(cur.lastrowid)

    def match_decisions(self) -> list[dict]:
        """Every stored user decision, oldest first."""
        return [dict(r) for r in self.conn.execute("SELECT * FROM narrative_decisions ORDER BY id")]

    def match_narrative_rows(self, *, include_merged: bool = False) -> list[dict]:
        """Narrative rows with their member statement ids and scores."""
        sql = "SELECT * FROM narratives" + ("" if include_merged else " WHERE status != 'merged'")
        rows = {r["id"]: dict(r) | {"members": []} for r in self.conn.execute(sql)}
        for r in self.conn.execute("SELECT narrative_id, statement_id, score, via, source FROM narrative_members "
                                   "ORDER BY narrative_id, added_at, statement_id"):
            if r[0] in rows:
                rows[r[0]]["members"].append({"statement_id": r[1], "score": r[2], "via": r[3], "source": r[4]})
        return list(rows.values())

    def match_narrative_of(self, statement_id: str) -> dict | None:
        """``{"id", "label"}`` of the (unmerged) narrative holding a statement, or ``None``."""
        r = self.conn.execute(
            "SELECT n.id, n.label FROM narrative_members m JOIN narratives n ON n.id = m.narrative_id "
            "WHERE m.statement_id = ? AND n.status != 'merged'", (statement_id,)).fetchone()
        return {"id": r[0], "label": r[1]} if r else None

    def match_narrative_counts(self) -> tuple[int, int]:
        """(narratives not merged away, those of them with 2+ members), counted in SQL."""
        total = self.conn.execute("SELECT count(*) FROM narratives WHERE status != 'merged'").fetchone()[0]
        multi = self.conn.execute(
            "SELECT count(*) FROM (SELECT m.narrative_id FROM narrative_members m JOIN narratives n "
            "ON n.id = m.narrative_id WHERE n.status != 'merged' GROUP BY m.narrative_id HAVING count(*) > 1)"
        ).fetchone()[0]
        return int(total), int(multi)

    def match_multi_members(self) -> Iterable[tuple[str, str]]:
        """``(narrative_id, statement_id)`` of every narrative with 2+ members, grouped by narrative."""
        return self.conn.execute(
            "SELECT narrative_id, statement_id FROM narrative_members WHERE narrative_id IN "
            "(SELECT narrative_id FROM narrative_members GROUP BY narrative_id HAVING count(*) > 1) "
            "ORDER BY narrative_id")

    def match_narratives_by_id(self, nids: Iterable[str]) -> list[dict]:
        """Narrative rows (with members) for the given ids, in batches."""
        ids = list(dict.fromkeys(nids))
        out: dict[str, dict] = {}
        for chunk, marks in in_chunks(ids):
            for r in self.conn.execute(f"SELECT * FROM narratives WHERE id IN ({marks})", chunk):
                out[r["id"]] = dict(r) | {"members": []}
            for r in self.conn.execute(
                    f"SELECT narrative_id, statement_id, score, via, source FROM narrative_members "
                    f"WHERE narrative_id IN ({marks}) ORDER BY narrative_id, added_at, statement_id", chunk):
                out[r[0]]["members"].append({"statement_id": r[1], "score": r[2], "via": r[3], "source": r[4]})
        return list(out.values())

    def match_narrative_row(self, nid: str) -> dict:
        """One narrative by id or unique prefix; raises ``NotFound``."""
        rows = self.conn.execute("SELECT id FROM narratives WHERE id = ? OR id LIKE ? LIMIT 2",
                                 (nid, nid.replace("%", "").replace("_", "") + "%")).fetchall()
        exact = [r[0] for r in rows if r[0] == nid]
        if not exact and len(rows) != 1:
            if not rows:
                raise NotFound(f"no narrative with id {nid!r}; list them with `kennan narratives`", code="N010")
            raise NotFound(f"narrative id prefix {nid!r} is ambiguous; give more characters", code="N011")
        the_id = exact[0] if exact else rows[0][0]
        row = dict(self.conn.execute("SELECT * FROM narratives WHERE id = ?", (the_id,)).fetchone())
        row["members"] = [
            {"statement_id": r[0], "score": r[1], "via": r[2], "source": r[3]}
            for r in self.conn.execute("SELECT statement_id, score, via, source FROM narrative_members "
                                       "WHERE narrative_id = ? ORDER BY added_at, statement_id", (the_id,))]
        return row


_STEMMER: sqlite3.Connection | None = None
_STEM_LOCK = threading.Lock()


def stems(words: Sequence[str]) -> dict[str, str]:
    """Each word's first index term under the store's own tokenizer (porter, unicode61).

    Exact, not guessed: the words go through a throwaway in-memory FTS5 table with
    the same tokenizer and come back from its ``instance`` vocabulary (``use`` ->
    ``us``, ``happy`` -> ``happi``, ``Россия`` -> ``россия``).
    """
    global _STEMMER
    words = list(words)
    if not words:
        return {}
    with _STEM_LOCK:
        if _STEMMER is None:
            conn = sqlite3.connect(":memory:", check_same_thread=False)
            conn.execute(f"CREATE VIRTUAL TABLE w USING fts5(t, tokenize='{_TOKENIZE}')")
            conn.execute("CREATE VIRTUAL TABLE w_i USING fts5vocab(w, instance)")
            _STEMMER = conn
        conn = _STEMMER
        conn.execute("DELETE FROM w")
        conn.executemany("INSERT INTO w(rowid, t) VALUES (?, ?)", list(enumerate(words)))
        out: dict[str, str] = {}
        for term, doc, off in conn.execute("SELECT term, doc, offset FROM w_i ORDER BY doc, offset"):
            out.setdefault(words[doc], term)
        return out


def term_docs(conn: sqlite3.Connection, vocab: str, words: Sequence[str], scale: int = 1) -> dict[str, int]:
    """Document frequency of each word (through its exact stem) from an fts5vocab ``row`` table."""
    by_stem: dict[str, list[str]] = {}
    for w, stem in stems(words).items():
        by_stem.setdefault(stem, []).append(w)
    out: dict[str, int] = {}
    keys = list(by_stem)
    for chunk, marks in in_chunks(keys):
        for term, doc in conn.execute(f"SELECT term, doc FROM {vocab} WHERE term IN ({marks})", chunk):
            for w in by_stem[term]:
                out[w] = int(doc) * scale
    return out


class TextIndex:
    """An FTS5 (BM25) index over ``(key, text)`` pairs in a throwaway SQLite database.

    Same tokenizer and ranking as the store's ``match_fts``, so benches measure
    what users get.
    """

    def __init__(self) -> None:
        self.conn = sqlite3.connect(":memory:")
        self.conn.execute(f"CREATE VIRTUAL TABLE t USING fts5(content, tokenize='{_TOKENIZE}')")
        self.conn.execute("CREATE VIRTUAL TABLE t_vocab USING fts5vocab(t, row)")

    def add(self, keys: Sequence[int], texts: Sequence[str]) -> None:
        """Index texts under integer keys."""
        self.conn.executemany("INSERT INTO t(rowid, content) VALUES (?, ?)",
                              [(int(k), t) for k, t in zip(keys, texts)])
        self.conn.commit()

    def search(self, fts: str, k: int = 100) -> list[tuple[int, float]]:
        """``(key, score)`` best first for an FTS5 MATCH expression (score = -bm25())."""
        if not fts:
            return []
        rows = self.conn.execute("SELECT rowid, bm25(t) AS r FROM t WHERE t MATCH ? ORDER BY r LIMIT ?",
                                 (fts, int(k))).fetchall()
        return [(r[0], -r[1]) for r in rows]

    def term_docs(self, words: Sequence[str]) -> dict[str, int]:
        """Document frequency of each word (as ``match_term_docs``, exact)."""
        return term_docs(self.conn, "t_vocab", words)

    def __len__(self) -> int:
        return self.conn.execute("SELECT count(*) FROM t").fetchone()[0]

    def close(self) -> None:
        self.conn.close()
