"""The provenance graph over hand-built tellings (the founding case, in our own words)."""

from __future__ import annotations

import re

from kennan.records import Statement, Telling
from kennan.trace import build_trace, find_citations


def _tell(sid, when, actor, kind, content, *, actor_kind="person", outlet=None, context=None, cue=None,
          cue_lemma=None, aliases=(), stype="indirect"):
    ctx = context or content
    st = Statement(id=sid, doc_id="d" + sid, kind=stype, content=content, content_spans=((0, len(content)),),
                   speaker=actor, speaker_span=(0, 1), cue=cue, cue_lemma=cue_lemma, cue_span=None,
                   actor_id="a" + actor.lower().replace(" ", ""), said_on=when, said_on_source="context", lang="en",
                   confidence=0.9, method="test")
    return Telling(statement=st, actor_name=actor, actor_kind=actor_kind, actor_aliases=tuple(aliases),
                   outlet=outlet, published=when, doc_title=None, doc_url=None, context=ctx, context_start=0)


def _words(t):
    return set(re.findall(r"[a-z]+", t.statement.content.lower())) - {"the", "to", "a", "in", "on", "of", "be", "with"}


def jaccard(a, b):
    wa, wb = _words(a), _words(b)
    return len(wa & wb) / max(1, len(wa | wb)) * 2.5


POMPEO = _tell("p", "2020-07-23", "Mike Pompeo", "person",
               "I think there's that opportunity to work with Russia against China on issues like nonproliferation",
               outlet="U.S. Department of State", aliases=("Pompeo",), stype="direct")
KOMMERSANT = _tell("k", "2020-07-24", "Kommersant", "headline", "Russia has been invited to be friends against China",
                   actor_kind="outlet", outlet="Kommersant", stype="headline",
                   context="Russia has been invited to be friends against China. The daily cited Pompeo's speech "
                           "at the Nixon Library, saying Washington may invite Russia into a coalition.")
WIRE = _tell("w", "2020-07-24", "Kommersant", "indirect", "Russia has been invited to be friends against China",
             actor_kind="outlet", outlet="Moscow Wire Digest",
             context="Russia has been invited to be friends against China, according to Kommersant.")
LAVROV = _tell("l", "2024-11-26", "Sergey Lavrov", "indirect",
               "Western politicians want to use Russia in a coalition against China",
               outlet="Polden", aliases=("Lavrov",))
DZHABAROV = _tell("z", "2024-11-28", "Vladimir Dzhabarov", "indirect",
                  "Russia will not be friends against China or against anyone",
                  outlet="Senate Herald", cue="echoed", cue_lemma="echo", aliases=("Dzhabarov",),
                  context="Dzhabarov echoed Lavrov: Russia will not be friends against China or against anyone.")


def test_chain_recovered_with_evidence_kinds():
    tr = build_trace([DZHABAROV, LAVROV, WIRE, KOMMERSANT, POMPEO], jaccard)
    parents = {h.target_id: h.source_id for h in tr.hops}
    assert parents["k"] == "p"  # the headline retells Pompeo (citation: "cited Pompeo's speech")
    assert parents["w"] == "k"  # the wire retells Kommersant ("according to Kommersant")
    assert parents["z"] == "l"  # the senator echoed Lavrov
    assert tr.roots[0] == "p" and tr.earliest_id == "p"
    hop = {h.target_id: h for h in tr.hops}
    kinds_k = {e.kind for e in hop["k"].evidence}
    assert {"citation", "similarity", "time_order", "amplification"} <= kinds_k
    cit = next(e for e in hop["w"].evidence if e.kind == "citation")
    assert cit.score == 1.0 and "according to" in cit.detail
    assert WIRE.context[cit.span[0]:cit.span[1]] == "Kommersant"
    assert next(e for e in hop["z"].evidence if e.kind == "citation").score == 1.0
    assert all(0 < h.confidence <= 1 for h in tr.hops)
    assert tr.chain_confidence["w"] < tr.chain_confidence["k"] <= 1.0


def test_primary_source_is_the_cited_actors_own_words():
    tr = build_trace([LAVROV, WIRE, KOMMERSANT, POMPEO], jaccard)
    assert tr.primary_id == "p" and "Pompeo" in tr.primary_note


def test_primary_source_missing_is_said():
    tr = build_trace([WIRE, KOMMERSANT], jaccard)
    assert tr.primary_id is None and "original" in tr.primary_note
    assert tr.earliest_id == "k"


def test_primary_may_be_later_than_earliest_report():
    # an outlet reports first; the actor's own transcript is published a day later
    early = _tell("e", "2020-07-22", "Ledger", "indirect", "Pompeo says there is an opportunity to work with Russia",
                  actor_kind="outlet", outlet="Ledger", stype="headline",
                  context="Pompeo says there is an opportunity to work with Russia, the Ledger reported.")
    late = _tell("t", "2020-07-23", "Mike Pompeo", "direct", "there is an opportunity to work with Russia",
                 outlet="U.S. Department of State", aliases=("Pompeo",))
    tr = build_trace([early, late], jaccard)
    assert tr.earliest_id == "e" and tr.primary_id == "t"


def test_echo_same_actor_later():
    a = _tell("a1", "2024-11-26", "Sergey Lavrov", "indirect", "the West wants to use Russia against China",
              aliases=("Lavrov",))
    b = _tell("a2", "2024-12-05", "Sergey Lavrov", "indirect", "the West wants to use Russia against China again",
              aliases=("Lavrov",))
    tr = build_trace([a, b], jaccard)
    [h] = tr.hops
    assert {e.kind for e in h.evidence} >= {"echo", "similarity"}


def test_unrelated_telling_stays_a_root():
    other = _tell("o", "2024-11-27", "Port Authority", "indirect", "the harbour strike ends on Monday",
                  actor_kind="organisation")
    tr = build_trace([LAVROV, other], jaccard)
    assert tr.hops == () and set(tr.roots) == {"l", "o"}


def test_candidates_are_not_all_pairs():
    calls = []

    def counting(a, b):
        calls.append((a.id, b.id))
        return 0.1

    many = [_tell(f"x{i}", f"2024-{1 + i // 28 % 12:02d}-{1 + i % 28:02d}", f"Speaker {i}", "indirect",
                  f"claim number {i}") for i in range(300)]
    build_trace(many, counting)
    assert len(calls) <= 300 * 5  # the time window, not n^2 / 2 = 44,850


def test_russian_citation_forms():
    t = _tell("r", "2020-07-24", "Moscow", "indirect", "x", context="Как пишет «Коммерсантъ», Россию пригласили. "
              "По данным «Коммерсанта», это так.")
    cites = find_citations(t, ["Коммерсантъ"])
    assert [c.strength for c in cites] == [1.0, 1.0]
    assert [t.context[c.span[0]:c.span[1]] for c in cites] == ["Коммерсантъ", "Коммерсанта"]
