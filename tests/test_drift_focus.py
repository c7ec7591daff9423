"""Source focus: a multi-sentence source is cut to the sentences the retelling uses."""

from __future__ import annotations

import pytest

from kennan.drift import compare_statements
from kennan.drift.focus import focus_source, focused_text, sentences
from kennan.records import Statement

ANSWER = ("I think there's that opportunity. We need to find the places where we can work with Russia on "
          "issues of mutual strategic importance, and nonproliferation is one of them. Arms control matters "
          "to everyone on the planet. We asked the Chinese to take part in an arms-control dialogue with us "
          "and the Russians, and so far they have said no. So where working with Moscow on questions like "
          "that makes the world safer, we ought to do it.")
SRC_DOC = "MR. CALDWELL: Could the United States work with Russia against China?\n\nSECRETARY POMPEO: " + ANSWER
HEADLINE = "Россию пригласили дружить против Китая"
TGT_DOC = "Коммерсантъ, 24 июля 2020.\n\n" + HEADLINE + "\n\nГоссекретарь США Майк Помпео..."


def _statement(doc: str, content: str, lang: str, sid: str) -> Statement:
    start = doc.index(content)
    return Statement(id=sid, doc_id="d-" + sid, kind="direct", content=content,
                     content_spans=((start, start + len(content)),), speaker=None, speaker_span=None, cue=None,
                     cue_lemma=None, cue_span=None, actor_id=None, said_on=None, said_on_source="none",
                     lang=lang, confidence=1.0, method="test")


@pytest.fixture(scope="module")
def headline_hop():
    src = _statement(SRC_DOC, ANSWER, "en", "s")
    tgt = _statement(TGT_DOC, HEADLINE, "ru", "t")
    return compare_statements(src, tgt), compare_statements(src, tgt, focus=False)


def test_sentences_split_and_keep_abbreviations():
    text = "Mr. Smith went to Washington. He said U.S. forces will stay! «Да», — сказал он. Т.е. нет."
    got = [text[a:b] for a, b in sentences(text)]
    assert got == ["Mr. Smith went to Washington.", "He said U.S. forces will stay!", "«Да», — сказал он.",
                   "Т.е. нет."]


def test_headline_takes_the_hedged_lead_and_the_russia_sentence():
    ranges = focus_source(ANSWER, HEADLINE, source_lang="en", target_lang="ru")
    assert [ANSWER[a:b] for a, b in ranges] == [ANSWER[:ANSWER.index(" Arms control")]]


def test_focused_hop_keeps_the_analysts_findings_and_drops_the_noise(headline_hop):
    r, whole = headline_hop
    src_words = {SRC_DOC[a:b] for f in r.findings for a, b in f.source_spans}
    tgt_words = {TGT_DOC[a:b] for f in r.findings for a, b in f.target_spans}
    assert {"certainty_inflated", "agent_shift", "added_intent", "qualifier_dropped"} <= set(r.types)
    assert "there's that opportunity" in src_words and "on issues of mutual strategic importance" in src_words
    assert {"пригласили", "против Китая"} <= tgt_words
    # words from sentences the headline never used: no finding points at them any more
    for noise in ("so far", "no", "on questions like that makes the world safer"):
        assert noise not in src_words
    whole_words = {SRC_DOC[a:b] for f in whole.findings for a, b in f.source_spans}
    assert {"so far", "no"} <= whole_words  # ... which the unfocused comparison did report
    # every source span lies inside the kept sentences, in document coordinates
    kept_end = SRC_DOC.index(" Arms control")
    for f in r.findings:
        for a, b in f.source_spans:
            assert SRC_DOC.index(ANSWER) <= a < b <= kept_end
    assert any("source focused" in n for n in r.notes)


def test_cross_language_retelling_of_another_sentence_is_aligned_to_it():
    t = "что Китай отказался присоединиться к переговорам о контроле над вооружениями"
    got = focused_text(ANSWER, t, source_lang="en", target_lang="ru")
    assert got.startswith("We asked the Chinese") and got.endswith("said no.")


def test_following_hedge_is_kept_with_the_sentence_it_qualifies():
    src = "Would we accept observers? Perhaps, under strict conditions."
    assert focused_text(src, 'The minister said Moscow would "accept observers".') == src


def test_whole_source_kept_when_nothing_aligns_or_it_is_not_longer():
    assert focus_source("Rain fell in Paris. The match was delayed.", "Tokyo stocks rose sharply.") is None
    assert focus_source("Russia may join. China will not.", "Russia may join, China will not. Talks go on.") is None
    one = "We could meet in Geneva next month."
    assert focus_source(one, "They will meet in Geneva.") is None


def test_multi_piece_selection_maps_into_the_document():
    doc = "Intro. " + "Trade is hard. Nothing moved. We may work with China on climate. Thanks."
    content = doc[len("Intro. "):]
    src = _statement(doc, content, "en", "m")
    tgt = _statement("X: Washington will work with China on climate.", "Washington will work with China on climate.",
                     "en", "n")
    r = compare_statements(src, tgt)
    assert "certainty_inflated" in r.types
    f = r.of_type("certainty_inflated")[0]
    assert [doc[a:b] for a, b in f.source_spans] == ["may"]
