"""Exports for pandas and Gephi: documents, statements, actors, narratives, hops as JSON, JSON lines, CSV, GraphML.

Every export is streamed: rows are written as they are read from the store,
with no size cap and memory bounded by the caches in
:class:`kennan.report.data.Lookup` (GraphML's ``hops`` keeps the set of
statement ids in its graph, since nodes must be declared before edges).

Nested values (spans, evidence, findings, roles) are JSON inside CSV cells, so
``pandas.read_csv`` keeps one row per record and ``json.loads`` recovers them.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from typing import TextIO
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from ..errors import ConfigError, NotFound
from . import data as rd
from .streams import write_json_array, write_jsonl

WHATS = ("documents", "statements", "actors", "narratives", "hops")
FORMATS = ("json", "jsonl", "csv", "graphml")

#: The store stage each export needs (None: every store has it).
NEEDS = {"documents": None, "statements": "statements", "actors": "actors", "narratives": "narratives",
         "hops": "trace"}

_COLUMNS = {
    "documents": ["id", "published", "published_source", "lang", "lang_source", "outlet", "title", "author", "url",
                  "format", "source_path", "record_index", "ingested_at", "status", "chars", "text"],
    "statements": ["id", "doc_id", "said_on", "said_on_source", "kind", "speaker", "actor_id", "actor_name", "cue",
                   "cue_lemma", "content", "lang", "outlet", "published", "confidence", "strength", "is_question",
                   "addressee", "addressee_actor_id", "setting", "speaker_mention", "content_spans", "speaker_span",
                   "cue_span", "method"],
    "actors": ["id", "name", "kind", "country", "source", "statements", "aliases", "roles"],
    "narratives": ["id", "label", "status", "size", "first_said", "last_said", "languages", "actors", "outlets",
                   "representative", "representative_text", "method", "model", "members"],
    "hops": ["trace_id", "id", "narrative_id", "source_id", "target_id", "confidence", "chain_confidence",
             "drift_score", "finding_types", "method", "evidence", "findings"],
}


def check(store, what: str, fmt: str) -> None:
    """Raise :class:`ConfigError` unless ``what`` and ``fmt`` are known and the store can give ``what``."""
    if what not in WHATS:
        raise ConfigError(f"cannot export {what!r}; choose --what from {', '.join(WHATS)}", code="C050")
    if fmt not in FORMATS:
        raise ConfigError(f"unknown export format {fmt!r}; choose --format from {', '.join(FORMATS)}", code="C051")
    need = NEEDS[what]
    if need is not None and need not in rd.available(store):
        raise ConfigError(f"this kennan's store has no {need} stage, so it cannot export {what}; "
                          f"export documents, or upgrade kennan", code="C052")


def export(store, what: str, fmt: str, out: TextIO) -> int:
    """Write every ``what`` row of ``store`` to ``out`` in ``fmt``; returns how many rows (or GraphML nodes)."""
    check(store, what, fmt)
    if fmt == "graphml":
        return _GRAPHML[what](store, GraphML(out))
    rows = ROWS[what](store)
    if fmt == "jsonl":
        return write_jsonl(rows, out)
    if fmt == "json":
        return write_json_array(rows, out)
    cols = _COLUMNS[what]
    w = csv.writer(out, lineterminator="\n")
    w.writerow(cols)
    n = 0
    for r in rows:
        w.writerow([_cell(r.get(c)) for c in cols])
        n += 1
    return n


def _cell(v):
    if v is None:
        return ""
    if isinstance(v, (list, tuple, dict)):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, bool):
        return "true" if v else "false"
    return v


# rows ------------------------------------------------------------------------
def document_rows(store) -> Iterator[dict]:
    """Every document with its text, in publication order."""
    for d in store.iter_documents():
        yield rd.document_row(d, text=True)


def statement_rows(store) -> Iterator[dict]:
    """Every statement with its actor's name and its document's outlet and date."""
    lk = rd.Lookup(store)
    for s in rd.iter_statements(store):
        yield rd.statement_row(s, lk)


def actor_rows(store) -> Iterator[dict]:
    """Every actor with aliases, roles and statement count."""
    counts = rd.actor_counts(store)
    for a in store.iter_actors():
        yield dict(rd.as_dict(a), statements=counts.get(a.id, 0))


def narrative_rows(store) -> Iterator[dict]:
    """Every narrative (merged ones excluded) with its summary and member statement ids."""
    lk = rd.Lookup(store)
    for r in store.match_narrative_rows():
        row = rd.narrative_summary(store, r, lk)
        row["members"] = [m["statement_id"] for m in r["members"]]
        yield row


def hop_rows(store) -> Iterator[dict]:
    """Every stored hop of every trace, with evidence, findings and finding types."""
    for h in store.iter_hop_rows():
        h = dict(h)
        h["finding_types"] = sorted({f["type"] for f in h.get("findings", []) if f["type"] != "faithful"})
        yield h


ROWS: dict[str, Callable[[object], Iterator[dict]]] = {
    "documents": document_rows, "statements": statement_rows, "actors": actor_rows,
    "narratives": narrative_rows, "hops": hop_rows,
}


# GraphML -----------------------------------------------------------------------
class GraphML:
    """A streaming GraphML writer: declare keys, then write nodes and edges as they come."""

    TYPES = {str: "string", float: "double", int: "long", bool: "boolean"}

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.keys: dict[tuple[str, str], str] = {}
        self.n = 0
        self.edges = 0

    def start(self, node_keys: dict[str, type], edge_keys: dict[str, type], *, directed: bool = True) -> None:
        """Write the header and the attribute keys (GraphML wants them before the graph)."""
        self.out.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                       '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
                       'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
                       'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
                       'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')
        for scope, keys in (("node", node_keys), ("edge", edge_keys)):
            for name, typ in keys.items():
                kid = f"{scope[0]}_{name}"
                self.keys[(scope, name)] = kid
                self.out.write(f'  <key id={quoteattr(kid)} for="{scope}" attr.name={quoteattr(name)} '
                               f'attr.type="{self.TYPES[typ]}"/>\n')
        self.out.write(f'  <graph id="kennan" edgedefault="{"directed" if directed else "undirected"}">\n')

    def _data(self, scope: str, attrs: dict) -> str:
        parts = []
        for k, v in attrs.items():
            if v is None or (scope, k) not in self.keys:
                continue
            if isinstance(v, bool):
                v = "true" if v else "false"
            elif isinstance(v, (list, tuple, dict)):
                v = json.dumps(v, ensure_ascii=False)
            parts.append(f'<data key="{self.keys[(scope, k)]}">{_xml_text(str(v))}</data>')
        return "".join(parts)

    def node(self, nid: str, **attrs) -> None:
        """One node; attributes without a declared key are dropped."""
        self.out.write(f"    <node id={quoteattr(_xml_text(nid))}>{self._data('node', attrs)}</node>\n")
        self.n += 1

    def edge(self, source: str, target: str, **attrs) -> None:
        """One edge between declared node ids."""
        self.edges += 1
        self.out.write(f"    <edge id=\"e{self.edges}\" source={quoteattr(_xml_text(source))} "
                       f"target={quoteattr(_xml_text(target))}>{self._data('edge', attrs)}</edge>\n")

    def end(self) -> int:
        """Close the graph; returns the node count."""
        self.out.write("  </graph>\n</graphml>\n")
        return self.n


def _xml_text(s: str) -> str:
    """Escape for XML and drop the control characters XML 1.0 forbids."""
    s = "".join(c for c in s if c in "\t\n\r" or ord(c) >= 0x20)
    return xml_escape(s)


_S = str
_STATEMENT_KEYS = {"type": _S, "label": _S, "said_on": _S, "kind": _S, "lang": _S, "speaker": _S, "outlet": _S,
                   "doc_id": _S, "confidence": float}
_ACTOR_KEYS = {"type": _S, "label": _S, "kind": _S, "country": _S, "statements": int}


def _statement_attrs(r: dict) -> dict:
    return {"type": "statement", "label": r["content"], "said_on": r["said_on"], "kind": r["kind"], "lang": r["lang"],
            "speaker": r["actor_name"] or r["speaker"], "outlet": r["outlet"], "doc_id": r["doc_id"],
            "confidence": r["confidence"]}


def _graph_documents(store, g: GraphML) -> int:
    g.start({"type": _S, "label": _S, "published": _S, "lang": _S, "url": _S, "format": _S, "chars": int},
            {"relation": _S})
    outlets = [o for o in store.stats().get("by_outlet", {}) if o != "unknown"]
    for o in outlets:
        g.node("outlet:" + o, type="outlet", label=o)
    for d in store.iter_documents():
        g.node(d.id, type="document", label=d.title or d.id, published=d.published, lang=d.lang, url=d.url,
               format=d.format, chars=len(d.text))
        if d.outlet:
            g.edge("outlet:" + d.outlet, d.id, relation="published")
    return g.end()


def _graph_statements(store, g: GraphML) -> int:
    g.start(_STATEMENT_KEYS | _ACTOR_KEYS, {"relation": _S})
    counts = rd.actor_counts(store)
    for a in store.iter_actors():
        g.node(a.id, type="actor", label=a.name, kind=a.kind, country=a.country, statements=counts.get(a.id, 0))
    for r in statement_rows(store):
        g.node(r["id"], **_statement_attrs(r))
        if r["actor_id"]:
            g.edge(r["actor_id"], r["id"], relation="said")
        if r.get("addressee_actor_id"):
            g.edge(r["id"], r["addressee_actor_id"], relation="addressed_to")
    return g.end()


def _graph_actors(store, g: GraphML) -> int:
    """Actors, with weighted edges: who addressed whom, and who retold whom (from stored hops)."""
    g.start(_ACTOR_KEYS, {"relation": _S, "weight": float})
    counts = rd.actor_counts(store)
    ids = set()
    for a in store.iter_actors():
        g.node(a.id, type="actor", label=a.name, kind=a.kind, country=a.country, statements=counts.get(a.id, 0))
        ids.add(a.id)
    pairs: dict[tuple[str, str, str], int] = {}
    for s in rd.iter_statements(store):
        if s.actor_id and s.addressee_actor_id and s.actor_id != s.addressee_actor_id:
            k = (s.actor_id, s.addressee_actor_id, "addressed")
            pairs[k] = pairs.get(k, 0) + 1
    if "trace" in rd.available(store):
        actor_of: dict[str, str | None] = {}

        def who(sid: str) -> str | None:
            if sid not in actor_of:
                try:
                    actor_of[sid] = store.get_statement(sid).actor_id
                except NotFound:
                    actor_of[sid] = None
            return actor_of[sid]

        for h in store.iter_hop_rows():
            a, b = who(h["source_id"]), who(h["target_id"])
            if a and b and a != b:
                k = (b, a, "retold")
                pairs[k] = pairs.get(k, 0) + 1
    for (a, b, rel), w in sorted(pairs.items()):
        if a in ids and b in ids:
            g.edge(a, b, relation=rel, weight=float(w))
    return g.end()


def _graph_narratives(store, g: GraphML) -> int:
    g.start(_STATEMENT_KEYS | {"size": int, "first_said": _S, "last_said": _S}, {"relation": _S, "score": float})
    lk = rd.Lookup(store)
    for r in store.match_narrative_rows():
        summ = rd.narrative_summary(store, r, lk)
        g.node(r["id"], type="narrative", label=summ["label"], size=summ["size"], first_said=summ["first_said"],
               last_said=summ["last_said"])
        for m in r["members"]:
            try:
                s = store.get_statement(m["statement_id"])
            except NotFound:
                continue
            g.node(s.id, **_statement_attrs(rd.statement_row(s, lk)))
            g.edge(s.id, r["id"], relation="tells", score=m.get("score"))
    return g.end()


def _graph_hops(store, g: GraphML) -> int:
    g.start(_STATEMENT_KEYS, {"relation": _S, "trace_id": _S, "confidence": float, "drift_score": float,
                              "finding_types": _S, "evidence": _S})
    ids: dict[str, None] = {}
    for h in store.iter_hop_rows():
        ids.setdefault(h["source_id"])
        ids.setdefault(h["target_id"])
    lk = rd.Lookup(store)
    for sid in ids:
        try:
            s = store.get_statement(sid)
        except NotFound:
            g.node(sid, type="statement", label="(statement no longer stored)")
            continue
        g.node(sid, **_statement_attrs(rd.statement_row(s, lk)))
    for h in hop_rows(store):
        g.edge(h["source_id"], h["target_id"], relation="retold_by", trace_id=h["trace_id"],
               confidence=h["confidence"], drift_score=h.get("drift_score"),
               finding_types=",".join(h["finding_types"]), evidence=",".join(e["kind"] for e in h["evidence"]))
    return g.end()


_GRAPHML = {"documents": _graph_documents, "statements": _graph_statements, "actors": _graph_actors,
            "narratives": _graph_narratives, "hops": _graph_hops}
