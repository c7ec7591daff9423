"""SQL of stage ``extract``: statements, actors, aliases, extract runs (migration 100)."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone

from ..errors import NotFound
from ._sql import date_range
from ..records import Actor, Document, Role, Statement


def alias_key(name: str) -> str:
    """Casefolded, accent-free form used to look actors up by name or alias."""
    s = unicodedata.normalize("NFKD", name.replace("ё", "е").replace("Ё", "Е"))
    s = "".join(c for c in s if not unicodedata.combining(c)).replace("’", "'")
    s = " ".join(s.split()).strip(" ,.")
    if s.casefold().startswith("the "):
        s = s[4:]
    return s.casefold()


@dataclass(frozen=True, slots=True)
class StatementFilter:
    """Filters for listing statements; ``None`` means no filter."""

    actor: str | None = None      # actor id, name or alias
    since: str | None = None      # said_on >= (ISO date prefix)
    until: str | None = None      # said_on <= (ISO date prefix)
    doc: str | None = None        # document id or unique prefix
    kind: str | None = None
    lang: str | None = None


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


_ST_COLS = ("id", "doc_id", "kind", "content", "content_spans", "speaker", "speaker_mention", "speaker_start",
            "speaker_end", "cue", "cue_lemma", "cue_start", "cue_end", "actor_id", "said_on", "said_on_source",
            "lang", "confidence", "method", "addressee", "addressee_actor_id", "setting", "is_question",
            "strength", "created_at")


def _st_row(s: Statement, now: str) -> tuple:
    sp = s.speaker_span or (None, None)
    cu = s.cue_span or (None, None)
    return (s.id, s.doc_id, s.kind, s.content, json.dumps([list(x) for x in s.content_spans]), s.speaker,
            s.speaker_mention, sp[0], sp[1], s.cue, s.cue_lemma, cu[0], cu[1], s.actor_id, s.said_on,
            s.said_on_source, s.lang, s.confidence, s.method, s.addressee, s.addressee_actor_id, s.setting,
            int(s.is_question), s.strength, now)


def _statement(r) -> Statement:
    return Statement(
        id=r["id"], doc_id=r["doc_id"], kind=r["kind"], content=r["content"],
        content_spans=tuple(tuple(x) for x in json.loads(r["content_spans"])), speaker=r["speaker"],
        speaker_span=(r["speaker_start"], r["speaker_end"]) if r["speaker_start"] is not None else None,
        cue=r["cue"], cue_lemma=r["cue_lemma"],
        cue_span=(r["cue_start"], r["cue_end"]) if r["cue_start"] is not None else None,
        actor_id=r["actor_id"], said_on=r["said_on"], said_on_source=r["said_on_source"], lang=r["lang"],
        confidence=r["confidence"], method=r["method"], addressee=r["addressee"], setting=r["setting"],
        is_question=bool(r["is_question"]), addressee_actor_id=r["addressee_actor_id"],
        speaker_mention=r["speaker_mention"], strength=r["strength"])


class ExtractSQLMixin:
    """Statements and actors in SQLite. Mixed into :class:`SQLiteStore`."""

    # runs ------------------------------------------------------------------
    def extract_pending(self, method: str, *, force: bool = False, limit: int | None = None,
                        doc_ids: Iterable[str] | None = None) -> Iterator[Document]:
        from .sqlite import _doc

        sql = "SELECT d.* FROM documents d"
        params: list = []
        where = ["d.status = 'ok'"]
        if not force:
            where.append("NOT EXISTS (SELECT 1 FROM extract_runs r WHERE r.doc_id = d.id AND r.method = ?)")
            params.append(method)
        if doc_ids is not None:
            ids = list(doc_ids)
            where.append(f"d.id IN ({','.join('?' * len(ids))})" if ids else "0")
            params.extend(ids)
        sql += " WHERE " + " AND ".join(where) + " ORDER BY d.published IS NULL, d.published, d.id"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        for row in self.conn.execute(sql, params).fetchall():
            yield _doc(row)

    def extract_save(self, doc_id: str, statements: Iterable[Statement], actors: Iterable[Actor], *,
                     method: str, descriptors: dict[str, tuple[str, ...]] | None = None,
                     status: str = "ok", error_code: str | None = None, error_message: str | None = None) -> int:
        statements = list(statements)
        now = _now()
        with self.transaction():
            self.upsert_actors(actors, descriptors=descriptors)
            self.conn.execute("DELETE FROM statements WHERE doc_id = ?", (doc_id,))
            marks = ",".join("?" * len(_ST_COLS))
            self.conn.executemany(f"INSERT OR REPLACE INTO statements({','.join(_ST_COLS)}) VALUES ({marks})",
                                  [_st_row(s, now) for s in statements])
            self.conn.execute(
                "INSERT OR REPLACE INTO extract_runs(doc_id, method, status, statements, error_code, error_message, at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (doc_id, method, status, len(statements), error_code, error_message, now))
        return len(statements)

    def extract_run_counts(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for r in self.conn.execute("SELECT method, status, count(*) FROM extract_runs GROUP BY method, status"):
            out.setdefault(r[0], {})[r[1]] = r[2]
        return out

    # actors ----------------------------------------------------------------
    def upsert_actors(self, actors: Iterable[Actor], *, descriptors: dict[str, tuple[str, ...]] | None = None,
                      replace: bool = False) -> int:
        """Insert actors or merge aliases/roles into stored ones. A user's actor keeps its name and kind
        unless ``replace`` (an import from the user's file) is given."""
        n = 0
        now = _now()
        descriptors = descriptors or {}
        with self.transaction():
            for a in actors:
                old = self.conn.execute("SELECT * FROM actors WHERE id = ?", (a.id,)).fetchone()
                roles = [[r.title, r.organisation, r.country] for r in a.roles]
                desc = list(descriptors.get(a.id, ()))
                if old is None:
                    self.conn.execute(
                        "INSERT INTO actors(id, name, kind, country, roles, descriptors, source, updated_at)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        (a.id, a.name, a.kind, a.country, json.dumps(roles, ensure_ascii=False),
                         json.dumps(desc, ensure_ascii=False), a.source, now))
                    n += 1
                else:
                    old_roles = json.loads(old["roles"])
                    merged = roles if replace else old_roles + [r for r in roles if r not in old_roles]
                    old_desc = json.loads(old["descriptors"])
                    mdesc = old_desc + [d for d in desc if d not in old_desc]
                    keep_user = old["source"] == "user" and not replace
                    self.conn.execute(
                        "UPDATE actors SET name = ?, kind = ?, country = ?, roles = ?, descriptors = ?, source = ?,"
                        " updated_at = ? WHERE id = ?",
                        (old["name"] if keep_user else a.name, old["kind"] if keep_user else a.kind,
                         a.country or old["country"], json.dumps(merged, ensure_ascii=False),
                         json.dumps(mdesc, ensure_ascii=False), "user" if keep_user else a.source, now, a.id))
                for alias in dict.fromkeys((a.name, *a.aliases)):
                    self.conn.execute(
                        "INSERT OR IGNORE INTO actor_aliases(alias_key, alias, actor_id, source) VALUES (?, ?, ?, ?)",
                        (alias_key(alias), alias, a.id, a.source))
        return n

    def _actor(self, r) -> Actor:
        aliases = tuple(x[0] for x in self.conn.execute(
            "SELECT alias FROM actor_aliases WHERE actor_id = ? AND alias != ? ORDER BY rowid", (r["id"], r["name"])))
        roles = tuple(Role(*x) for x in json.loads(r["roles"]))
        return Actor(id=r["id"], name=r["name"], kind=r["kind"], aliases=aliases, roles=roles,
                     country=r["country"], source=r["source"])

    def iter_actors(self, *, kind: str | None = None, name: str | None = None,
                    limit: int | None = None) -> Iterator[Actor]:
        sql, params = "SELECT * FROM actors", []
        where = []
        if kind:
            where.append("kind = ?")
            params.append(kind)
        if name:
            where.append("id IN (SELECT actor_id FROM actor_aliases WHERE alias_key LIKE ?)")
            params.append("%" + alias_key(name) + "%")
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY name"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        for r in self.conn.execute(sql, params).fetchall():
            yield self._actor(r)

    def actor_descriptors(self) -> dict[str, tuple[str, ...]]:
        return {r[0]: tuple(json.loads(r[1])) for r in self.conn.execute("SELECT id, descriptors FROM actors")}

    def actor_statement_counts(self) -> dict[str, int]:
        return {r[0]: r[1] for r in self.conn.execute(
            "SELECT actor_id, count(*) FROM statements WHERE actor_id IS NOT NULL GROUP BY actor_id")}

    def get_actor(self, ref: str) -> Actor:
        r = self.conn.execute("SELECT * FROM actors WHERE id = ?", (ref,)).fetchone()
        if r is None:
            ids = self.find_actor_ids(ref)
            if len(ids) == 1:
                r = self.conn.execute("SELECT * FROM actors WHERE id = ?", (ids[0],)).fetchone()
        if r is None:
            raise NotFound(f"no actor {ref!r}; list actors with `kennan actors`", code="N003")
        return self._actor(r)

    def find_actor_ids(self, ref: str) -> list[str]:
        """Actor ids whose id, name or alias is ``ref`` (exact, then substring)."""
        key = alias_key(ref)
        ids = [r[0] for r in self.conn.execute("SELECT id FROM actors WHERE id = ?", (ref,))]
        if ids:
            return ids
        ids = [r[0] for r in self.conn.execute("SELECT DISTINCT actor_id FROM actor_aliases WHERE alias_key = ?",
                                               (key,))]
        if ids:
            return ids
        return [r[0] for r in self.conn.execute(
            "SELECT DISTINCT actor_id FROM actor_aliases WHERE alias_key LIKE ?", ("%" + key + "%",))]

    # statements ------------------------------------------------------------
    def iter_statements(self, flt: StatementFilter | None = None, limit: int | None = None) -> Iterator[Statement]:
        flt = flt or StatementFilter()
        where, params = [], []
        if flt.actor:
            ids = self.find_actor_ids(flt.actor)
            marks = ",".join("?" * len(ids)) or "NULL"
            where.append(f"(actor_id IN ({marks}) OR addressee_actor_id IN ({marks}))")
            params.extend(ids + ids)
        c, p = date_range("said_on", flt.since, flt.until)
        where += c
        params += p
        if flt.doc:
            where.append("(doc_id = ? OR doc_id LIKE ?)")
            params.extend([flt.doc, flt.doc.replace("%", "") + "%"])
        if flt.kind:
            where.append("kind = ?")
            params.append(flt.kind)
        if flt.lang:
            where.append("lang = ?")
            params.append(flt.lang)
        sql = "SELECT * FROM statements" + (" WHERE " + " AND ".join(where) if where else "")
        sql += " ORDER BY said_on IS NULL, said_on, doc_id, json_extract(content_spans, '$[0][0]')"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        for r in self.conn.execute(sql, params).fetchall():
            yield _statement(r)

    def get_statement(self, sid: str) -> Statement:
        rows = self.conn.execute("SELECT * FROM statements WHERE id = ? OR id LIKE ? LIMIT 2",
                                 (sid, sid.replace("%", "") + "%")).fetchall()
        exact = [r for r in rows if r["id"] == sid]
        if exact or len(rows) == 1:
            return _statement((exact or rows)[0])
        if not rows:
            raise NotFound(f"no statement with id {sid!r}; list ids with `kennan statements`", code="N004")
        raise NotFound(f"statement id prefix {sid!r} is ambiguous; give more characters", code="N002")

    def count_statements(self) -> int:
        return self.conn.execute("SELECT count(*) FROM statements").fetchone()[0]
