"""The founding article (../shared/seed, read in place, never copied) yields what an analyst lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from kennan.records import Document
from kennan.registry import method

SEED = Path(__file__).resolve().parent.parent.parent / "shared" / "seed" / "reverse-nixon-analysis.txt"


@pytest.fixture(scope="module")
def seed_result():
    if not SEED.is_file():
        pytest.skip(f"seed article not found at {SEED} (needs ../shared/seed next to the repo)")
    from kennan.extract.actors import ActorIndex
    from kennan.extract.document import extract_english
    from kennan.extract.nlp import load_english

    text = SEED.read_text(encoding="utf-8")
    doc = Document(id=Document.make_id(text, None), text=text, published="2024-12-03", lang="en")
    res = extract_english(doc, load_english()(text), ActorIndex())
    return doc, res


def _find(res, speaker, cue=None, contains=None, kind=None):
    out = [s for s in res.statements if s.speaker == speaker and (cue is None or s.cue == cue)
           and (contains is None or contains in s.content) and (kind is None or s.kind == kind)]
    assert out, f"no statement by {speaker!r} cue={cue!r} containing {contains!r}; got " + "; ".join(
        f"{s.speaker}/{s.cue}/{s.content[:40]}" for s in res.statements)
    return out[0]


def test_spans_point_into_text(seed_result):
    doc, res = seed_result
    assert len(res.statements) >= 12
    for s in res.statements:
        assert s.method == method("extract")
        for a, b in s.content_spans:
            assert doc.text[a:b] in s.content
        if s.cue_span:
            assert doc.text[s.cue_span[0]:s.cue_span[1]] == s.cue
        if s.speaker_span:
            assert doc.text[s.speaker_span[0]:s.speaker_span[1]] == s.speaker_mention or s.kind == "floating"
    # the span checks above are conditional: most statements must carry the spans they check
    n = len(res.statements)
    with_cue = sum(1 for s in res.statements if s.cue_span)
    with_speaker = sum(1 for s in res.statements if s.speaker_span)
    assert with_cue * 2 >= n and with_speaker * 2 >= n, (n, with_cue, with_speaker)


def test_lavrov_claim_accusation_and_journalists(seed_result):
    _, res = seed_result
    s = _find(res, "Sergey Lavrov", "claimed", "China has not questioned the Moscow-Pyongyang partnership")
    assert s.kind == "indirect" and s.cue_lemma == "claim"
    acc = _find(res, "Sergey Lavrov", "accused", "the West of attempting to “drive a wedge”")
    assert acc.speaker_mention == "He" and acc.kind == "mixed" and acc.strength == 3
    told = _find(res, "Sergey Lavrov", "told", "use Russia in a coalition against China")
    assert told.speaker_mention == "The Russian foreign minister"
    assert told.addressee == "journalists"


def test_senator_echo_resolved_with_role(seed_result):
    _, res = seed_result
    echo = _find(res, "Vladimir Dzhabarov", "echoed")
    assert echo.cue_lemma == "echo"
    emph = _find(res, "Vladimir Dzhabarov", "emphasized", "does not abandon friends")
    assert emph.speaker_mention == "The senator"
    actor = next(a for a in res.actors if a.name == "Vladimir Dzhabarov")
    assert any(r.title == "deputy chairman" and "Federation Council Committee on International Affairs"
               in (r.organisation or "") and r.country == "Russia" for r in actor.roles)
    assert echo.actor_id == actor.id


def test_kommersant_headline_dated_2020_07_24(seed_result):
    _, res = seed_result
    h = _find(res, "Kommersant", kind="headline")
    assert h.content == "Russia has been invited to be friends against China."
    assert h.said_on == "2020-07-24" and h.said_on_source == "context"
    assert next(a for a in res.actors if a.name == "Kommersant").kind == "outlet"


def test_question_to_pompeo_and_hedged_answer(seed_result):
    _, res = seed_result
    warned = _find(res, "Mike Pompeo", "warned")
    assert warned.said_on == "2020-07-23" and warned.setting == "In remarks on July 23, 2020"
    q = next(s for s in res.statements if s.kind == "question")
    assert q.is_question and q.addressee == "Mike Pompeo"
    assert "could align with Russia against China" in q.content
    ans = _find(res, "Mike Pompeo", "confirmed", "there’s that opportunity")
    assert ans.kind == "mixed" and ans.said_on == "2020-07-23"
    pompeo = next(a for a in res.actors if a.name == "Mike Pompeo")
    assert q.addressee_actor_id == pompeo.id == ans.actor_id


def test_trump_proclaimed_and_president_elect(seed_result):
    _, res = seed_result
    _find(res, "Donald Trump", "proclaimed", "“un-unite”")
    m = _find(res, "Donald Trump", "mentioned", "natural enemies")
    assert m.speaker_mention == "The U.S. president-elect"


def test_kennan_quoted(seed_result):
    _, res = seed_result
    k = _find(res, "George F. Kennan", "put it")
    assert "never be able to cooperate successfully" in k.content
    assert len(k.content_spans) == 2  # the host clause around "as George Kennan put it"


def test_author_questions_are_not_statements(seed_result):
    _, res = seed_result
    assert not any("reverse Nixon" in s.content for s in res.statements)
    assert not any(s.cue_lemma == "add" and "emphasis" in (s.speaker_mention or "") for s in res.statements)
