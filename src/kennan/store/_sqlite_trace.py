"""SQLite methods of stage ``trace``: traces, hops with their evidence, drift findings."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timezone

from ..errors import NotFound
from ..records import Evidence, Finding, Hop, Trace


class TraceSQLMixin:
    """Stores a trace whole: re-saving the same trace id replaces it in one transaction."""

    def save_trace(self, trace_id: str, trace: Trace, *, query: str | None = None,
                   findings: dict[str, list[Finding]] | None = None, drift_scores: dict[str, float] | None = None,
                   drift_method: str | None = None) -> None:
        findings = findings or {}
        drift_scores = drift_scores or {}
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        with self.transaction():
            self.conn.execute("DELETE FROM traces WHERE id = ?", (trace_id,))
            self.conn.execute(
                "INSERT INTO traces(id, narrative_id, query, telling_ids, roots, earliest_id, primary_id, primary_note,"
                " method, drift_method, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (trace_id, trace.narrative_id, query, json.dumps(list(trace.telling_ids)), json.dumps(list(trace.roots)),
                 trace.earliest_id, trace.primary_id, trace.primary_note, trace.method, drift_method, now))
            for h in trace.hops:
                self.conn.execute(
                    "INSERT INTO hops(trace_id, id, narrative_id, source_id, target_id, confidence, chain_confidence,"
                    " drift_score, method) VALUES (?,?,?,?,?,?,?,?,?)",
                    (trace_id, h.id, h.narrative_id, h.source_id, h.target_id, h.confidence,
                     trace.chain_confidence.get(h.target_id), drift_scores.get(h.id), h.method))
                self.conn.executemany(
                    "INSERT INTO hop_evidence(trace_id, hop_id, kind, score, detail, span_start, span_end)"
                    " VALUES (?,?,?,?,?,?,?)",
                    [(trace_id, h.id, e.kind, e.score, e.detail, *(e.span or (None, None))) for e in h.evidence])
                self.conn.executemany(
                    "INSERT INTO findings(trace_id, hop_id, type, source_start, source_end, target_start, target_end,"
                    " source_cue, target_cue, weight, method, detail) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                    [(trace_id, h.id, f.type, *(f.source_span or (None, None)), *(f.target_span or (None, None)),
                      f.source_cue, f.target_cue, f.weight, f.method, f.detail) for f in findings.get(h.id, [])])

    def get_trace(self, trace_id: str) -> tuple[Trace, dict[str, list[Finding]], dict[str, float], dict]:
        """A stored trace, its findings by hop id, drift scores by hop id, and its row (query, dates)."""
        row = self.conn.execute("SELECT * FROM traces WHERE id = ? OR id LIKE ? ORDER BY id = ? DESC LIMIT 1",
                                (trace_id, trace_id + "%", trace_id)).fetchone()
        if row is None:
            raise NotFound(f"no trace {trace_id!r}; list them with `kennan traces`", code="N030")
        tid = row["id"]
        evidence: dict[str, list[Evidence]] = {}
        for e in self.conn.execute("SELECT * FROM hop_evidence WHERE trace_id = ? ORDER BY rowid", (tid,)):
            span = (e["span_start"], e["span_end"]) if e["span_start"] is not None else None
            evidence.setdefault(e["hop_id"], []).append(Evidence(e["kind"], e["score"], e["detail"], span))
        hops, chain, scores = [], {}, {}
        for h in self.conn.execute("SELECT * FROM hops WHERE trace_id = ? ORDER BY rowid", (tid,)):
            hops.append(Hop(h["id"], h["source_id"], h["target_id"], tuple(evidence.get(h["id"], ())),
                            h["confidence"], h["method"], h["narrative_id"]))
            if h["chain_confidence"] is not None:
                chain[h["target_id"]] = h["chain_confidence"]
            if h["drift_score"] is not None:
                scores[h["id"]] = h["drift_score"]
        findings: dict[str, list[Finding]] = {}
        for f in self.conn.execute("SELECT * FROM findings WHERE trace_id = ? ORDER BY id", (tid,)):
            findings.setdefault(f["hop_id"], []).append(_finding(f))
        trace = Trace(row["narrative_id"], tuple(json.loads(row["telling_ids"])), tuple(hops),
                      tuple(json.loads(row["roots"])), row["earliest_id"], row["primary_id"], row["primary_note"],
                      chain, row["method"])
        return trace, findings, scores, dict(row)

    def iter_traces(self, limit: int | None = None) -> Iterator[dict]:
        """Stored traces, newest first, as rows."""
        sql = ("SELECT t.*, (SELECT count(*) FROM hops h WHERE h.trace_id = t.id) AS hops FROM traces t "
               "ORDER BY created_at DESC, id")
        params: list = []
        if limit:
            sql += " LIMIT ?"
            params.append(limit)
        for r in self.conn.execute(sql, params):
            yield dict(r)

    def iter_hop_rows(self) -> Iterator[dict]:
        """Every stored hop with its evidence and findings as JSON-ready dicts (for exports)."""
        for h in self.conn.execute("SELECT * FROM hops ORDER BY trace_id, rowid"):
            d = dict(h)
            d["evidence"] = [dict(e) for e in self.conn.execute(
                "SELECT kind, score, detail, span_start, span_end FROM hop_evidence WHERE trace_id = ? AND hop_id = ?",
                (h["trace_id"], h["id"]))]
            d["findings"] = [dict(f) for f in self.conn.execute(
                "SELECT type, source_start, source_end, target_start, target_end, source_cue, target_cue, weight,"
                " method, detail FROM findings WHERE trace_id = ? AND hop_id = ?", (h["trace_id"], h["id"]))]
            yield d


def _finding(f) -> Finding:
    s = (f["source_start"], f["source_end"]) if f["source_start"] is not None else None
    t = (f["target_start"], f["target_end"]) if f["target_start"] is not None else None
    return Finding(hop_id=f["hop_id"], type=f["type"], source_span=s, target_span=t, source_cue=f["source_cue"],
                   target_cue=f["target_cue"], weight=f["weight"], method=f["method"], detail=f["detail"])
