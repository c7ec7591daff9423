"""Attribution patterns added in extract.rules.v3, on sentences of our own (not the sample corpus's).

Each case is a general construction of news prose: a reporting clause after the clause it reports,
"quoted X as saying", "called X Y", an object that belongs to what was urged, names inside reported
content or modifying another noun (no pronoun antecedents), and in Russian: anaphoric "Об этом заявил"
/ "Так … прокомментировал", nominal cues ("слова X о том, что …"), "по его словам", a conjoined cue
verb sharing its subject, a quote after a colon later in the sentence, a headline line glued to the
next paragraph by the segmenter, and object content of "допустил".
"""

from __future__ import annotations

import pytest

from kennan.extract.actors import ActorIndex
from kennan.records import Document


@pytest.fixture(scope="module")
def nlp():
    from kennan.extract.nlp import load_english

    return load_english()


def _en(nlp, text):
    from kennan.extract.document import extract_english

    doc = Document(id="p" + str(abs(hash(text)) % 10**8), text=text, published="2023-03-02", lang="en")
    return extract_english(doc, nlp(text), ActorIndex()).statements


def _ru(text):
    from kennan.extract.russian import extract_russian

    doc = Document(id="r" + str(abs(hash(text)) % 10**8), text=text, published="2023-03-02", lang="ru")
    return extract_russian(doc, ActorIndex()).statements


def _one(st, cue):
    got = [s for s in st if s.cue == cue]
    assert got, f"no statement with cue {cue!r}: " + "; ".join(f"{s.speaker}/{s.cue}/{s.content[:40]}" for s in st)
    return got[0]


def test_reporting_clause_after_its_content_not_the_headline(nlp):
    st = _en(nlp, "Ukraine will receive more tanks next month, the German daily Handelsblatt reported on "
                  "Sunday under the headline “Tanks are coming.”")
    s = _one(st, "reported")
    assert s.content == "Ukraine will receive more tanks next month" and s.kind == "indirect"
    assert "Handelsblatt" in s.speaker_mention


def test_quoted_him_as_saying_makes_him_the_speaker(nlp):
    st = _en(nlp, "According to the Boston Globe, Senator Elizabeth Warren was asked whether Barack Obama had "
                  "been right. “We will not rule anything out,” the newspaper quoted her as saying.")
    s = _one(st, "quoted")
    assert s.speaker == "Elizabeth Warren" and s.content.startswith("We will not rule anything out")


def test_called_x_y_and_urged_x_to(nlp):
    st = _en(nlp, "The Guardian called the budget the worst in a decade. Emmanuel Macron spoke in Paris, "
                  "where he urged European leaders to buy more weapons together.")
    c = _one(st, "called")
    assert c.content.startswith("the budget the worst") and c.speaker_mention == "The Guardian"
    u = _one(st, "urged")
    assert u.content == "European leaders to buy more weapons together" and u.speaker == "Emmanuel Macron"


def test_a_name_modifying_a_noun_is_no_antecedent(nlp):
    st = _en(nlp, "Rishi Sunak gave a lecture at the Ronald Reagan Presidential Library in California, "
                  "in which he warned of a new cold war.")
    s = _one(st, "warned")
    assert s.speaker == "Rishi Sunak" and s.speaker_mention == "he"


def test_russian_anaphora_takes_the_sentence_before():
    st = _ru("Германия не будет поставлять истребители Украине. Об этом заявил журналистам канцлер ФРГ "
             "Олаф Шольц.\n"
             "Переговоры зашли в тупик. Так министр иностранных дел Польши Збигнев Рау прокомментировал "
             "итоги встречи.")
    a = _one(st, "заявил")
    assert a.content == "Германия не будет поставлять истребители Украине" and "Шольц" in a.speaker_mention
    b = _one(st, "прокомментировал")
    assert b.content == "Переговоры зашли в тупик"


def test_russian_anaphora_repeats_no_statement():
    st = _ru("Министр финансов Антон Силуанов заявил, что бюджет будет исполнен. Об этом он сказал на "
             "заседании правительства.")
    assert [s.cue for s in st] == ["заявил"]


def test_russian_nominal_cue_with_genitive_speaker():
    st = _ru("Эксперты обсудили слова канцлера Германии Олафа Шольца о том, что Европа должна тратить больше "
             "на оборону.")
    s = _one(st, "слова")
    assert s.content == "что Европа должна тратить больше на оборону" and "Шольца" in s.speaker_mention


def test_russian_po_ego_slovam_conj_subject_and_colon_quote():
    st = _ru("Министр обороны Сергей Шойгу выступил в Думе. По его словам, армия готова к учениям.\n"
             "Министр заявил, что учения пройдут летом, и призвал «коллег» поддержать бюджет.\n"
             "Глава ведомства описал задачу так: «Нам нужно больше техники».")
    p = _one(st, "По его словам")
    assert p.content == "армия готова к учениям" and p.speaker == "Сергей Шойгу"
    c = _one(st, "призвал")
    assert "поддержать бюджет" in c.content and c.speaker_mention == "Министр"
    q = _one(st, "описал")
    assert q.kind == "direct" and q.content == "Нам нужно больше техники"


def test_russian_headline_line_is_its_own_sentence_and_object_content():
    st = _ru("Шольц: Германия не отправит войска\n"
             "Канцлер Германии Олаф Шольц заявил, что Берлин не пошлёт солдат на Украину. Накануне глава МИД "
             "Анналена Бербок допустила возможность новых санкций против Ирана.")
    z = _one(st, "заявил")
    assert z.content.startswith("что Берлин не пошлёт солдат") and "Шольц" in z.speaker_mention
    d = _one(st, "допустила")
    assert d.content == "возможность новых санкций против Ирана"


def test_russian_question_put_is_a_question():
    st = _ru("Журналист спросил, не собирается ли Германия отправить войска на Украину.")
    s = _one(st, "спросил")
    assert s.kind == "question" and s.is_question
    assert "Германия" in s.content


def test_asked_to_is_a_request_not_a_question(nlp):
    st = _en(nlp, "City officials asked drivers to avoid leaving pets in parked cars. "
                  "Reporters asked the minister whether the talks would resume.")
    request = [s for s in st if "pets" in s.content]
    assert request and request[0].kind == "indirect" and not request[0].is_question
    q = [s for s in st if s.kind == "question"]
    assert q and "talks would resume" in q[0].content
