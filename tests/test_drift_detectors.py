"""One detector at a time: each finding type fires on its case, with spans on the right words."""

from __future__ import annotations

from kennan.drift import compare, decompose, detect_lang
from kennan.drift.calibration import features, fit, hop_score
from kennan.drift.quotes import align


def _w(text, spans):
    return [text[a:b] for a, b in spans]


def test_decompose_scales_each_side_in_its_own_language():
    en = decompose("The talks could resume in May.")
    ru = decompose("Переговоры могут возобновиться в мае.")
    assert (en.lang, ru.lang) == ("en", "ru")
    assert en.certainty_label == ru.certainty_label == "possibility"
    assert [c.text for c in ru.certainty_cues] == ["могут"]
    assert decompose("Will the talks resume?").certainty_label == "question"
    assert decompose("The talks will resume.").certainty_label == "will_must"
    assert decompose("The talks resumed.").certainty_label == "done_is"
    assert detect_lang("США и Россия") == "ru" and detect_lang("Hello Moscow") == "en"


def test_reporting_verbs_do_not_set_certainty():
    side = decompose("The minister said there might be talks.")
    assert side.certainty_label == "possibility"
    assert all(c.text != "said" for c in side.certainty_cues)


def test_certainty_deflated_has_cues_on_both_sides():
    s, t = "Moscow will send a delegation.", "Moscow may send a delegation."
    f = compare(s, t).of_type("certainty_deflated")[0]
    assert _w(s, f.source_spans) == ["will"] and _w(t, f.target_spans) == ["may"]


def test_agent_removed_in_russian_passive_and_kept_with_explicit_subject():
    s = "The European Commission asked Moscow to clarify its position."
    r = compare(s, "Москву попросили разъяснить позицию.")
    f = r.of_type("agent_shift")[0]
    assert _w("Москву попросили разъяснить позицию.", f.target_spans) == ["попросили"]
    assert _w(s, f.source_spans) == ["asked"]
    assert "agent_shift" not in compare(s, "Еврокомиссия попросила Москву разъяснить позицию.").types
    assert "agent_shift" not in compare("Washington invited Moscow to the talks.",
                                        "США пригласили Россию на переговоры.").types


def test_passive_with_by_agent_is_not_agentless():
    r = compare("President Macron invited Xi Jinping to Paris.", "Xi Jinping has been invited to Paris by Macron.")
    assert r.faithful


def test_changed_subject_of_the_key_act():
    s, t = "Washington proposed new talks with Moscow.", "Moscow proposed new talks with Washington."
    f = compare(s, t).of_type("agent_shift")[0]
    assert _w(s, f.source_spans) == ["proposed"] and "USA -> RUSSIA" in f.detail
    # Flagged only where both subjects are known actors (India is not in the alias table).
    assert "agent_shift" not in compare("China proposed talks.", "India proposed talks.").types
    s2, t2 = "Пекин предложил Москве провести учения.", "Москва предложила Пекину провести учения."
    f2 = compare(s2, t2).of_type("agent_shift")[0]
    assert _w(s2, f2.source_spans) == ["предложил"] and _w(t2, f2.target_spans) == ["предложила"]
    assert "CHINA -> RUSSIA" in f2.detail


def test_scope_widened_and_quantifier_dropped():
    s = "Some European governments are reconsidering their contracts."
    t = "All European governments are reconsidering their contracts."
    r = compare(s, t)
    assert _w(t, r.of_type("scope_widened")[0].target_spans) == ["All"]
    assert _w(s, r.of_type("qualifier_dropped")[0].source_spans) == ["Some"]


def test_condition_dropped():
    s = "Moscow will respond if NATO deploys missiles in Poland."
    f = compare(s, "Moscow will respond to NATO.").of_type("qualifier_dropped")[0]
    assert _w(s, f.source_spans) == ["if"] and "condition" in f.detail


def test_misquotation_altered_points_at_changed_words():
    s = "Мы не будем вмешиваться во внутренние дела соседей."
    t = "Министр сказал: «Мы будем вмешиваться в дела соседей»."
    r = compare(s, t)
    f = r.of_type("misquotation")[0]
    assert "не" in _w(s, f.source_spans) or "не будем" in _w(s, f.source_spans)
    assert f.target_spans  # the altered words are located, not just flagged
    assert all(t[a:b] in "Мы будем вмешиваться в дела соседей" for a, b in f.target_spans)
    assert "stance_shift" in r.types  # the negation went missing


def test_misquotation_fabricated_quote():
    s = "We discussed cooperation on climate and health."
    t = 'The minister said Russia and the EU are "natural allies against American hegemony".'
    f = compare(s, t).of_type("misquotation")[0]
    assert _w(t, f.target_spans) == ["natural allies against American hegemony"]
    assert _w(s, f.source_spans) == [s]


def test_verbatim_quote_is_faithful():
    s = "We have no plans to expand the mission."
    assert compare(s, 'The general said: "We have no plans to expand the mission."').faithful


def test_quote_lifted_from_a_condition():
    s = "If the sanctions remain, we might have to reconsider our presence in the region."
    t = 'The deputy minister warned Moscow might "reconsider our presence in the region".'
    f = compare(s, t).of_type("quote_out_of_context")[0]
    assert _w(s, f.source_spans) == ["If", "might"]
    assert _w(t, f.target_spans) == ["reconsider our presence in the region"]


def test_quote_lifted_from_a_question():
    s = "Why would we want a war with our neighbours?"
    t = 'The minister said Moscow would "want a war with our neighbours".'
    r = compare(s, t)
    assert "quote_out_of_context" in r.types and "certainty_inflated" in r.types


def test_quotes_across_languages_are_not_aligned_and_notes_say_so():
    r = compare("We will defend our interests.", "Министр пообещал «защищать интересы страны».")
    assert r.faithful
    assert any("not checked" in n for n in r.notes)


def test_stance_shift_with_cues():
    s, t = "We welcome the dialogue with Tokyo.", "Moscow rejects dialogue with Tokyo."
    f = compare(s, t).of_type("stance_shift")[0]
    assert "welcome" in _w(s, f.source_spans) and _w(t, f.target_spans) == ["rejects"]
    g = compare("Germany will not send troops.", "Germany will send troops.").of_type("stance_shift")[0]
    assert _w("Germany will not send troops.", g.source_spans) == ["not"] and "removed" in g.detail


def test_offsets_shift_every_span():
    a = compare("The troops will leave.", "The troops could leave.")
    b = compare("The troops will leave.", "The troops could leave.", source_offset=100, target_offset=7)
    for fa, fb in zip(a.findings, b.findings):
        assert [(x + 100, y + 100) for x, y in fa.source_spans] == list(fb.source_spans)
        assert [(x + 7, y + 7) for x, y in fa.target_spans] == list(fb.target_spans)


def test_align_names_changed_words():
    al = align("will accept any deal", "We will not accept any deal that ignores our interests.")
    assert not al.verbatim and not al.absent
    assert align("expand the mission", "We have no plans to expand the mission.").verbatim
    assert align("natural allies", "We discussed trade.").absent


def test_hop_score_is_monotone_in_findings_and_fit_separates():
    r0 = compare("The troops will leave.", "The troops will leave soon, officials said.")
    r1 = compare("The troops may leave.", "The troops have left against orders.")
    assert hop_score(()) < hop_score(r1.findings)
    assert r0.score <= r1.score
    rows = [features(()), features(()), features(r1.findings), features(r1.findings)]
    b, w = fit(rows, [0, 0, 1, 1])
    assert b < 0 and sum(w) > 0


def _statement(doc_text, spans, kind="indirect", lang=None):
    from kennan.records import Statement

    content = " … ".join(doc_text[s:e] for s, e in spans)
    return Statement(id="s", doc_id="d", kind=kind, content=content, content_spans=tuple(spans), speaker=None,
                     speaker_span=None, cue=None, cue_lemma=None, cue_span=None, actor_id=None, said_on=None,
                     said_on_source="none", lang=lang, confidence=1.0, method="test")


def test_compare_statements_maps_spans_into_documents():
    from kennan.drift import compare_statements

    src_doc = "Asked about Moscow, he said: I think there's that opportunity to work with Russia. End."
    a = src_doc.index("I think")
    src = _statement(src_doc, [(a, src_doc.index(" End."))], kind="direct")
    tgt_doc = "Headline. Russia has been invited, the paper wrote, to be friends against China."
    t1, t2 = tgt_doc.index("Russia has"), tgt_doc.index("to be friends")
    tgt = _statement(tgt_doc, [(t1, t1 + len("Russia has been invited")), (t2, len(tgt_doc) - 1)])
    r = compare_statements(src, tgt)
    ci = r.of_type("certainty_inflated")[0]
    assert [src_doc[x:y] for x, y in ci.source_spans] == ["there's that opportunity", "I think"]
    assert [tgt_doc[x:y] for x, y in ci.target_spans] == ["has been invited"]
    ai = r.of_type("added_intent")[0]
    assert [tgt_doc[x:y] for x, y in ai.target_spans] == ["against China"]
    assert any("joined content" in n for n in r.notes)


def test_empty_text_is_a_coded_error():
    import pytest

    from kennan.errors import TraceError

    with pytest.raises(TraceError) as e:
        compare("", "Russia was invited.")
    assert e.value.code == "T301"


def test_shipped_calibration_is_loaded_not_the_fallback():
    import json

    from kennan.drift import calibration

    data = json.loads(calibration.CALIBRATION_FILE.read_text(encoding="utf-8"))
    b, w = calibration._coefficients()
    assert b == data["intercept"] and list(w) == [data["coef"][f] for f in calibration.FEATURES]
    assert "dev" in data["fitted_on"]


def test_russian_interrogative_ne_li_is_no_negation():
    assert decompose("не могут ли США теперь опереться на Москву").negations == ()
    assert [c.text for c in decompose("Россия не дружит против кого-либо").negations] == ["не"]
