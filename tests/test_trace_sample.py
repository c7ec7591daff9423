"""The founding case end to end: the sample corpus traced back to Pompeo's hedged answer."""

from __future__ import annotations

import json

import pytest

from conftest import FOUNDING_CLAIM, run_cli
from kennan.report.html import write_report
from kennan.report.trace_view import trace_view
from kennan.store import open_store


@pytest.fixture(scope="module")
def view(traced_db):
    path, tid = traced_db
    s = open_store(path)
    v = trace_view(s, tid)
    s.close()
    return v


def _find(view, outlet, words):
    for t in view["tellings"]:
        if t["outlet"] == outlet and words in t["content"]:
            return t
    raise AssertionError(f"no telling from {outlet} with {words!r}: "
                         f"{[(t['outlet'], t['content'][:50]) for t in view['tellings']]}")


def _ancestors(view, tid):
    parent = {t["id"]: t["parent_id"] for t in view["tellings"]}
    out = []
    while parent.get(tid):
        tid = parent[tid]
        out.append(tid)
    return out


def _hop(view, source_id, target_id):
    return next(h for h in view["hops"] if h["source_id"] == source_id and h["target_id"] == target_id)


def test_primary_source_is_the_hedged_answer(view):
    pompeo = _find(view, "U.S. Department of State", "there's that opportunity")
    assert view["primary_id"] == pompeo["id"]
    assert pompeo["speaker"] == "Mike Pompeo" and pompeo["when"] == "2020-07-23"
    assert "Pompeo" in view["primary_note"]


def _kommersant_2020(view):
    return [t for t in view["tellings"] if t["speaker"] == "Kommersant" and t["when"] == "2020-07-24"
            and t["kind"] == "headline"]


def test_chain_from_answer_to_headline_to_2024_claim(view):
    pompeo = _find(view, "U.S. Department of State", "there's that opportunity")
    assert view["earliest_id"] == pompeo["id"]  # the question put to him only asks
    headlines = _kommersant_2020(view)
    # the newspaper's own headline, in Russian, and its English rendering by another outlet
    assert {t["lang"] for t in headlines} == {"ru", "en"}
    own = next(t for t in headlines if t["outlet"] == "Коммерсантъ")
    assert own["content"] == "Россию пригласили дружить против Китая"
    assert own["parent_id"] == pompeo["id"]
    first = _hop(view, pompeo["id"], own["id"])
    assert {"citation", "similarity", "time_order"} <= {e["kind"] for e in first["evidence"]}
    assert 0 < first["confidence"] <= 1
    rendering = next(t for t in headlines if t["outlet"] == "Moscow Wire Digest")
    assert own["id"] in _ancestors(view, rendering["id"])
    # Lavrov's 2024 claim descends from the 2020 headline; the senator echoes Lavrov
    lavrov = [t for t in view["tellings"] if t["speaker"] == "Sergey Lavrov" and t["when"] == "2024-11-26"]
    assert lavrov and all(own["id"] in _ancestors(view, t["id"]) for t in lavrov)
    dzhabarov = next(t for t in view["tellings"] if t["speaker"] == "Vladimir Dzhabarov"
                     and t["when"] == "2024-11-28")
    assert any(a in {t["id"] for t in lavrov} for a in _ancestors(view, dzhabarov["id"]))
    hop = _hop(view, dzhabarov["parent_id"], dzhabarov["id"])
    cite = next(e for e in hop["evidence"] if e["kind"] == "citation")
    assert cite["score"] == 1.0 and "Лаврова" in (cite["text"] or "")


def test_near_miss_and_distractors_are_not_in_the_chain(view):
    outlets = {t["outlet"] for t in view["tellings"]}
    assert "Westminster Record" not in outlets  # 2020-07-21 coalition against China, no Russia
    assert "EU Agriculture Bulletin" not in outlets
    assert not any("ruble" in t["content"].lower() or "harvest" in t["content"].lower() for t in view["tellings"])


def test_findings_on_the_headline_hop(view):
    pompeo = _find(view, "U.S. Department of State", "there's that opportunity")
    own = next(t for t in _kommersant_2020(view) if t["outlet"] == "Коммерсантъ")
    hop = _hop(view, pompeo["id"], own["id"])
    by_type = {}
    for f in hop["findings"]:
        by_type.setdefault(f["type"], []).append(f)
    assert not hop["faithful"] and hop["drift_score"] > 0.5
    cert = by_type["certainty_inflated"][0]
    assert "opportunity" in cert["source_text"] and cert["target_text"] == "пригласили"
    assert by_type["agent_shift"][0]["target_text"] == "пригласили"
    assert any(f["target_text"] == "против Китая" for f in by_type["added_intent"])
    assert any("I think" in (f["source_text"] or "") for f in by_type.get("qualifier_dropped", []))
    # every span points into the stored document text and names its method
    for f in hop["findings"]:
        assert f["method"].startswith("drift.")
        if f["source_span"]:
            assert f["source_text"] and len(f["source_text"]) == f["source_span"][1] - f["source_span"][0]
    assert sum(1 for f in hop["findings"] if f["source_span"]) >= 2  # the span check above is not vacuous


def test_rendering_hop_is_faithful(view):
    own = next(t for t in _kommersant_2020(view) if t["outlet"] == "Коммерсантъ")
    rendering = next(t for t in _kommersant_2020(view) if t["outlet"] == "Moscow Wire Digest")
    hop = _hop(view, rendering["parent_id"], rendering["id"])
    assert rendering["parent_id"] == own["id"]
    assert hop["faithful"] and hop["findings"] == []


def test_added_intent_on_the_2024_hop(view):
    lavrov = [t for t in view["tellings"] if t["speaker"] == "Sergey Lavrov" and t["when"] == "2024-11-26"]
    first = min(lavrov, key=lambda t: len(_ancestors(view, t["id"])))
    hop = _hop(view, first["parent_id"], first["id"])
    intent = {f["target_text"] for f in hop["findings"] if f["type"] == "added_intent"}
    assert intent & {"использовать Россию", "use Russia", "coalition", "рассчитывает"}, hop["findings"]


def test_html_report_is_self_contained_and_marks_the_words(traced_db, tmp_path):
    import re

    path, tid = traced_db
    s = open_store(path)
    out = tmp_path / "t.html"
    write_report(s, str(out), trace_ids=[tid], narratives=0, documents=0)
    s.close()
    html = out.read_text(encoding="utf-8")
    assert "<script" not in html.lower() and "http://" not in html.split("<body")[0]
    marked = [(m.group(1), m.group(2)) for m in re.finditer(r'<mark class="([^"]*)"[^>]*>([^<]*)</mark>', html)]
    assert any("f-certainty-inflated" in c and w == "пригласили" for c, w in marked), marked
    assert "Primary source" in html and "Mike Pompeo" in html
    assert "<svg" in html


def test_cli_trace_text_json_and_html(traced_db, tmp_path):
    path, tid = traced_db
    out = tmp_path / "r.html"
    r = run_cli("trace", FOUNDING_CLAIM, "--html", str(out), db=path)
    assert r.returncode == 0, r.stderr.decode()
    text = r.stdout.decode()
    assert "PRIMARY SOURCE" in text and "certainty_inflated" in text and "retells" in text
    assert out.read_text(encoding="utf-8").lower().startswith("<!doctype html>")
    j = json.loads(run_cli("trace", "--trace-id", tid, "--json", db=path).stdout)
    assert j["primary_id"] and j["hops"] and all("evidence" in h for h in j["hops"])
    listed = json.loads(run_cli("traces", "--json", db=path).stdout)
    assert tid in {t["id"] for t in listed}


def test_trace_by_narrative_and_statement_agree(traced_db, view):
    path, tid = traced_db
    lavrov = next(t for t in view["tellings"] if t["speaker"] == "Sergey Lavrov" and t["when"] == "2024-11-26")
    by_st = json.loads(run_cli("trace", "--statement", lavrov["id"], "--json", db=path).stdout)
    by_nar = json.loads(run_cli("trace", "--narrative", view["narrative_id"], "--json", "--no-drift", db=path).stdout)
    assert by_st["primary_id"] == by_nar["primary_id"] == view["primary_id"]
    assert by_st["narrative_id"] == view["narrative_id"]


def test_trace_errors_name_the_fix(tmp_path):
    db = str(tmp_path / "empty.db")
    r = run_cli("trace", "anything", db=db)
    assert r.returncode == 2 and b"T001" in r.stderr and b"kennan" in r.stderr
    r = run_cli("trace", db=db)
    assert r.returncode == 2 and b"exactly one of" in r.stderr


def test_reported_questions_retell_the_question_not_the_answer(view):
    by_id = {t["id"]: t for t in view["tellings"]}
    asked = [t for t in view["tellings"] if t["kind"] == "question" and t["parent_id"]]
    assert {t["outlet"] for t in asked} >= {"Коммерсантъ", "Moscow Wire Digest"}
    for t in asked:  # the moderator's question, in Russian and in the English press review
        assert by_id[t["parent_id"]]["kind"] == "question"
        assert by_id[t["parent_id"]]["speaker"] == "Daniel Caldwell"
