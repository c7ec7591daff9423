"""Quotes, dates, actors, Russian rules and the store round trip, on small fixtures of our own."""

from __future__ import annotations

import pytest

from kennan.extract.actors import ActorIndex, parse_role
from kennan.extract.dates import resolve
from kennan.extract.quotes import find_quotes
from kennan.records import Document


@pytest.mark.parametrize("text,inner", [
    ('He said "we will win" today.', "we will win"),
    ("Он сказал: «мы победим».", "мы победим"),
    ("Er sagte „wir gewinnen“ heute.", "wir gewinnen"),
    ("She said “it’s over” again.", "it’s over"),
    ("They called it 'a disgrace' and left.", "a disgrace"),
])
def test_quote_conventions(text, inner):
    qs = find_quotes(text)
    assert [text[q.inner_start:q.inner_end] for q in qs] == [inner]


def test_apostrophes_are_not_quotes_and_paragraph_quotes_continue():
    assert find_quotes("Russia's view and the States' view don't change.") == []
    text = "“First paragraph of the speech.\n“Second paragraph, still quoted,” he said."
    (q,) = find_quotes(text)
    assert q.paragraphs == 2 and text[q.inner_start:q.inner_end].endswith("still quoted,")


@pytest.mark.parametrize("mention,pub,want", [
    ("July 23, 2020", "2024-12-03", ("2020-07-23", "context")),
    ("24 July 2020", None, ("2020-07-24", "context")),
    ("last Tuesday", "2024-12-05T10:00:00+00:00", ("2024-12-03", "relative")),
    ("yesterday", "2024-11-28", ("2024-11-27", "relative")),
    ("more than four years ago", "2024-12-03", ("2020", "relative")),
    ("two weeks ago", "2024-12-03", ("2024-11-19", "relative")),
    ("24 июля 2020 года", None, ("2020-07-24", "context")),
    ("last Tuesday", None, (None, None)),
])
def test_dates(mention, pub, want):
    assert resolve(mention, pub) == want


def test_role_parsing_and_russian_name_forms():
    r = parse_role("deputy chairman of the Russian Federation Council Committee on International Affairs")
    assert r.title == "deputy chairman" and r.country == "Russia"
    assert r.organisation == "Russian Federation Council Committee on International Affairs"
    assert parse_role("then-Secretary of State").title == "Secretary of State"
    idx = ActorIndex()
    assert idx.lookup("Сергея Лаврова").actor.name == "Sergey Lavrov"
    assert idx.lookup("Sergei Lavrov").actor.name == "Sergey Lavrov"
    assert idx.lookup("the West").actor.kind == "bloc"


@pytest.fixture(scope="module")
def nlp():
    from kennan.extract.nlp import load_english

    return load_english()


def _run(nlp, text, published="2024-11-20", outlet=None):
    from kennan.extract.document import extract_english

    doc = Document(id="t" + str(abs(hash(text)) % 10**8), text=text, published=published, lang="en", outlet=outlet)
    return extract_english(doc, nlp(text), ActorIndex()).statements


def test_english_forms(nlp):
    text = ("“We will never betray our friends,” Russian Foreign Minister Sergey Lavrov told reporters in Moscow on "
            "Monday. According to the minister, the talks failed.\n"
            "Ministry spokeswoman Maria Zakharova said last Tuesday that the West was “playing with fire.” "
            "She warned of consequences.")
    st = _run(nlp, text, published="2024-11-20")
    by_cue = {s.cue: s for s in st}
    d = by_cue["told"]
    assert d.kind == "direct" and d.speaker == "Sergey Lavrov" and d.addressee == "reporters"
    assert d.said_on == "2024-11-18" and d.said_on_source == "relative"
    a = by_cue["According to"]
    assert a.kind == "according_to" and a.speaker == "Sergey Lavrov" and a.content == "the talks failed"
    m = by_cue["said"]
    assert m.kind == "mixed" and m.speaker == "Maria Zakharova" and m.said_on == "2024-11-19"  # a Wednesday: the day before
    w = by_cue["warned"]
    assert w.speaker == "Maria Zakharova" and w.speaker_mention == "She" and w.strength == 3


def test_floating_quote_and_interview_setting(nlp):
    text = ("Peskov said in an interview with Izvestia that the proposal was absurd. "
            "“Nobody has offered us anything of the kind.”")
    st = _run(nlp, text)
    assert st[0].setting == "in an interview with Izvestia" and st[0].speaker == "Dmitry Peskov"
    fl = [s for s in st if s.kind == "floating"]
    assert fl and fl[0].speaker == "Dmitry Peskov" and fl[0].content.startswith("Nobody has offered")


def test_no_speaker_no_statement(nlp):
    st = _run(nlp, "It is said that the plan will fail. Does Moscow believe this is possible? The weather was fine.")
    assert st == ()


def test_russian_rules():
    from kennan.extract.russian import extract_russian

    text = ("Министр иностранных дел России Сергей Лавров заявил, что Запад пытается вбить клин между Москвой и "
            "Пекином. «Мы не дружим против кого-либо»,— подчеркнул министр. По словам Лаврова, диалог с Китаем "
            "продолжается.")
    res = extract_russian(Document(id="ru1", text=text, published="2024-11-26", lang="ru"), ActorIndex())
    kinds = [(s.kind, s.speaker, s.cue) for s in res.statements]
    assert ("indirect", "Sergey Lavrov", "заявил") in kinds
    assert ("direct", "Sergey Lavrov", "подчеркнул") in kinds
    assert ("according_to", "Sergey Lavrov", "По словам") in kinds
    assert all(s.lang == "ru" for s in res.statements)


def test_store_round_trip_and_incremental(store):
    from kennan.extract import ExtractOptions, extract_store

    text = "Pompeo said on July 23, 2020 that there was an opportunity to work with Russia."
    doc = Document(id=Document.make_id(text, None), text=text, published="2020-07-24", lang="en",
                   ingested_at="2026-12-01T00:00:00+00:00")
    assert store.add_documents([doc]) == 1
    r1 = extract_store(store, ExtractOptions(processes=1))
    assert (r1.documents, r1.statements, r1.failed) == (1, 1, 0)
    (s,) = store.iter_statements()
    assert s.speaker == "Mike Pompeo" and s.said_on == "2020-07-23"
    assert store.get_actor("Pompeo").id == s.actor_id
    r2 = extract_store(store, ExtractOptions(processes=1))
    assert r2.documents == 0 and r2.skipped == 1
    r3 = extract_store(store, ExtractOptions(processes=1, force=True))
    assert r3.documents == 1 and store.count_statements() == 1


def test_actors_import_yaml_and_csv(store, tmp_path):
    from kennan.errors import ConfigError
    from kennan.extract import import_actors

    y = tmp_path / "a.yaml"
    y.write_text("- name: Ivan Petrov\n  kind: person\n  country: Russia\n  aliases: [Петров, I. Petrov]\n"
                 "  roles: [{title: spokesman, organisation: Gazprom}]\n  descriptors: [the gas spokesman]\n",
                 encoding="utf-8")
    assert import_actors(store, str(y)) == 1
    a = store.get_actor("Петров")
    assert a.source == "user" and a.roles[0].organisation == "Gazprom"
    c = tmp_path / "a.csv"
    c.write_text("name,kind,aliases\nSergey Lavrov,person,Lavrov|Лавров|S. V. Lavrov\n", encoding="utf-8")
    import_actors(store, str(c))
    assert "S. V. Lavrov" in store.get_actor("Lavrov").aliases
    bad = tmp_path / "b.yaml"
    bad.write_text("- name: X\n  kind: planet\n", encoding="utf-8")
    with pytest.raises(ConfigError) as e:
        import_actors(store, str(bad))
    assert e.value.code == "C014"
