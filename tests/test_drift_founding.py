"""The founding case through kennan.drift: types AND the exact words the spans point at."""

from __future__ import annotations

import pytest

from kennan.drift import compare
from kennan.registry import method

POMPEO = "I think there's that opportunity to work with Russia on issues like nonproliferation."
HEADLINE_EN = "Russia has been invited to be friends against China"
HEADLINE_RU = "Россию пригласили дружить против Китая"
LAVROV = "Western politicians want to use Russia in a coalition against China."
FAITHFUL = "Pompeo said there may be an opportunity to work with Russia on issues like nonproliferation."

# Offsets as if each statement sat inside a longer stored document.
SRC_DOC = "Q: Can you work with Moscow? A: " + POMPEO + " Thank you."
SRC_OFF = SRC_DOC.index(POMPEO)


def _doc(text: str, prefix: str = "Kommersant, 24 July 2020. ") -> tuple[str, int]:
    return prefix + text + " (headline)", len(prefix)


def _words(doc: str, spans) -> list[str]:
    return [doc[a:b] for a, b in spans]


def _find(result, type_):
    found = result.of_type(type_)
    assert found, f"no {type_} finding; got {result.types}"
    return found


@pytest.fixture(scope="module")
def en_hop():
    tgt_doc, off = _doc(HEADLINE_EN)
    return compare(POMPEO, HEADLINE_EN, source_offset=SRC_OFF, target_offset=off), tgt_doc


@pytest.fixture(scope="module")
def ru_hop():
    tgt_doc, off = _doc(HEADLINE_RU, "Коммерсантъ, 24 июля 2020. ")
    return compare(POMPEO, HEADLINE_RU, source_offset=SRC_OFF, target_offset=off), tgt_doc


def test_en_headline_certainty_inflated_with_cues(en_hop):
    r, tgt_doc = en_hop
    f = _find(r, "certainty_inflated")[0]
    assert set(_words(SRC_DOC, f.source_spans)) == {"there's that opportunity", "I think"}
    assert _words(tgt_doc, f.target_spans) == ["has been invited"]
    assert f.source_cues[0] == "there's that opportunity"
    assert r.source.certainty_label == "possibility" and r.target.certainty_label == "done_is"
    assert f.method == method("drift") and 0 < f.weight <= 1


def test_en_headline_agentless_passive_is_agent_shift(en_hop):
    r, tgt_doc = en_hop
    f = _find(r, "agent_shift")[0]
    assert _words(tgt_doc, f.target_spans) == ["has been invited"]
    assert "no such act" in f.detail
    # The source side points at the act the source does hold.
    assert _words(SRC_DOC, f.source_spans) == ["work with"]


def test_en_headline_added_intent_against_china(en_hop):
    r, tgt_doc = en_hop
    f = _find(r, "added_intent")
    assert [w for x in f for w in _words(tgt_doc, x.target_spans)] == ["against China"]
    # Absent from the source: the source span is the whole source statement.
    assert _words(SRC_DOC, f[0].source_spans) == [POMPEO]


def test_en_headline_scope_qualifier_dropped(en_hop):
    r, tgt_doc = en_hop
    dropped = {w for f in _find(r, "qualifier_dropped") for w in _words(SRC_DOC, f.source_spans)}
    assert "on issues like nonproliferation" in dropped
    assert "I think" in dropped
    for f in r.of_type("qualifier_dropped"):
        assert _words(tgt_doc, f.target_spans) == [HEADLINE_EN]


def test_en_headline_is_not_faithful_and_scores_high(en_hop):
    r, _ = en_hop
    assert not r.faithful and r.verdict == "drifted"
    assert r.score > 0.9
    assert not r.cross_lingual


def test_ru_headline_yields_the_same_findings(ru_hop):
    r, tgt_doc = ru_hop
    assert r.cross_lingual and r.target.lang == "ru" and r.source.lang == "en"
    for t in ("certainty_inflated", "agent_shift", "added_intent", "qualifier_dropped"):
        assert t in r.types
    ci = _find(r, "certainty_inflated")[0]
    assert _words(tgt_doc, ci.target_spans) == ["пригласили"]
    assert "there's that opportunity" in _words(SRC_DOC, ci.source_spans)
    ag = _find(r, "agent_shift")[0]
    assert _words(tgt_doc, ag.target_spans) == ["пригласили"]
    assert "indef3pl" in ag.detail  # Russian indefinite-personal: 3pl with no subject
    ai = _find(r, "added_intent")
    assert [w for x in ai for w in _words(tgt_doc, x.target_spans)] == ["против Китая"]
    dropped = {w for f in _find(r, "qualifier_dropped") for w in _words(SRC_DOC, f.source_spans)}
    assert "on issues like nonproliferation" in dropped


def test_lavrov_adds_use_and_coalition_to_the_headline():
    prefix = "MOSCOW, Nov 2024. Lavrov said: "
    doc = prefix + LAVROV
    r = compare(HEADLINE_EN, LAVROV, target_offset=len(prefix))
    cues = {w for f in _find(r, "added_intent") for w in _words(doc, f.target_spans)}
    assert {"use Russia", "coalition"} <= cues
    # "against China" is already in the headline: not added again.
    assert "against China" not in cues
    assert "agent_shift" not in r.types


def test_faithful_paraphrase_has_no_finding_and_says_faithful():
    r = compare(POMPEO, FAITHFUL)
    assert r.findings == ()
    assert r.faithful and r.verdict == "faithful"
    assert r.source.certainty_level == r.target.certainty_level == 1
    assert r.score < 0.5


def test_findings_become_store_records_with_spans(en_hop):
    r, _ = en_hop
    recs = r.to_records("hop1")
    assert len(recs) == len(r.findings)
    for rec, f in zip(recs, r.findings):
        assert rec.hop_id == "hop1" and rec.type == f.type
        assert rec.source_span == f.source_spans[0] and rec.target_span == f.target_spans[0]
        assert rec.method == "drift.lexicon.v2"
        assert rec.extra["target_spans"] == [list(s) for s in f.target_spans]


def test_sample_corpus_wording_of_the_2020_hop():
    """The sample corpus's wording: a two-sentence answer, the Russian headline and sub-headline."""
    answer = ("I think there's that opportunity. We need to find the places where we can work with Russia "
              "on issues of mutual strategic importance, and nonproliferation is one of them.")
    r = compare(answer, HEADLINE_RU)
    assert {"certainty_inflated", "agent_shift", "added_intent", "qualifier_dropped"} <= set(r.types)
    dropped = {answer[a:b] for f in r.of_type("qualifier_dropped") for a, b in f.source_spans}
    assert "on issues of mutual strategic importance" in dropped
    sub = "Вашингтон может позвать Москву в антикитайскую коалицию"
    r2 = compare(answer, sub)
    # The sub-headline keeps the hedge ("может") but adds the framing.
    assert "certainty_inflated" not in r2.types
    added = {sub[a:b] for f in r2.of_type("added_intent") for a, b in f.target_spans}
    assert added == {"антикитайскую", "коалицию"}
    # Lavrov's "would like to use" is a desire, not a hedge: no certainty change from the headline.
    lavrov_ru = "Запад хотел бы использовать Россию в коалиции против Китая"
    r3 = compare(HEADLINE_RU, lavrov_ru)
    assert r3.source.certainty_level == r3.target.certainty_level
    assert {lavrov_ru[a:b] for f in r3.of_type("added_intent") for a, b in f.target_spans} >= {
        "использовать Россию", "коалиции"}
