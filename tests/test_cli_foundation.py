"""The CLI as a user runs it: python -m kennan, --db / KENNAN_DB, output formats, exit codes."""

from __future__ import annotations

import csv
import io
import json
import sqlite3

from conftest import EXAMPLES, run_cli


def _corpus(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.md").write_text("---\ntitle: Alpha\noutlet: Ledger\npublished: 2020-07-23\n---\n"
                            "Pompeo said there is an opportunity to work with Russia on nonproliferation.\n")
    (d / "b.jsonl").write_text('{"text": "Песков заявил, что приглашений не было.", "title": "Beta", '
                               '"published": "2020-07-24T10:00:00+03:00"}\n{"text": broken\n')
    return d


def test_ingest_exit_codes_and_failures_listing(tmp_path):
    d = _corpus(tmp_path)
    db = str(tmp_path / "k.db")
    r = run_cli("ingest", str(d), db=db)
    assert r.returncode == 1  # something failed
    assert r.stdout.decode().startswith("2 new, 0 unchanged, 1 failed")
    assert b"I005" in r.stderr
    r = run_cli("failures", "--json", db=db)
    [f] = json.loads(r.stdout)
    assert f["code"] == "I005" and f["record"] == 1 and f["path"].endswith("b.jsonl")
    r = run_cli("ingest", str(d / "a.md"), db=db)
    assert r.returncode == 0 and r.stdout.decode().startswith("0 new, 1 unchanged, 0 failed")


def test_env_db_and_output_formats(tmp_path):
    d = _corpus(tmp_path)
    db = str(tmp_path / "env.db")
    env = {"KENNAN_DB": db}
    run_cli("ingest", str(d), env=env)
    rows = json.loads(run_cli("docs", "--json", env=env).stdout)
    assert [r["title"] for r in rows] == ["Alpha", "Beta"]
    nl = run_cli("docs", "--nl", env=env).stdout.decode().strip().split("\n")
    assert [json.loads(x)["title"] for x in nl] == ["Alpha", "Beta"]
    table = run_cli("docs", "--table", env=env).stdout.decode()
    assert table.split("\n")[0].split()[:3] == ["id", "published", "lang"] and "Alpha" in table
    got = list(csv.DictReader(io.StringIO(run_cli("docs", "--csv", env=env).stdout.decode())))
    assert [r["title"] for r in got] == ["Alpha", "Beta"]
    assert len(json.loads(run_cli("docs", "--json", "--limit", "1", env=env).stdout)) == 1
    assert sqlite3.connect(db).execute("SELECT count(*) FROM documents").fetchone()[0] == 2


def test_search_show_stats(tmp_path):
    d = _corpus(tmp_path)
    db = str(tmp_path / "k.db")
    run_cli("ingest", str(d), db=db)
    hits = json.loads(run_cli("search", "opportunity Russia", "--json", db=db).stdout)
    assert len(hits) == 1 and "[opportunity]" in hits[0]["snippet"] and "[Russia]" in hits[0]["snippet"]
    assert isinstance(hits[0]["score"], float)
    ru = json.loads(run_cli("search", "песков", "--json", db=db).stdout)
    assert [h["title"] for h in ru] == ["Beta"]
    # quotes and operators in plain queries are words, not syntax errors
    assert run_cli("search", 'Russia "AND (', "--json", db=db).returncode == 0
    shown = json.loads(run_cli("show", hits[0]["id"][:8], "--json", db=db).stdout)
    assert shown["title"] == "Alpha" and shown["published_source"] == "front-matter"
    text = run_cli("show", hits[0]["id"], db=db).stdout.decode()
    assert "nonproliferation" in text and "outlet" in text
    missing = run_cli("show", "ffffffff", db=db)
    assert missing.returncode == 2 and b"N001" in missing.stderr and b"kennan docs" in missing.stderr
    s = json.loads(run_cli("stats", "--json", db=db).stdout)
    assert s["documents"] == 2 and s["failures"] == 1 and s["by_lang"] == {"en": 1, "ru": 1}
    assert s["published_range"] == ["2020-07-23", "2020-07-24T10:00:00+03:00"]


def test_stdin_ingest(tmp_path):
    db = str(tmp_path / "k.db")
    r = run_cli("ingest", "-", db=db, input=b"---\ntitle: Piped\n---\nText from a pipe about shipping.\n")
    assert r.returncode == 0, r.stderr
    [doc] = json.loads(run_cli("docs", "--json", db=db).stdout)
    assert doc["title"] == "Piped" and doc["source"] == "<stdin>"


def test_bad_db_path_message(tmp_path):
    r = run_cli("docs", db=str(tmp_path / "no" / "such" / "dir" / "k.db"))
    assert r.returncode == 2 and b"S001" in r.stderr and b"--db" in r.stderr
    notdb = tmp_path / "x.db"
    notdb.write_bytes(b"this is not sqlite at all" * 100)
    r = run_cli("docs", db=str(notdb))
    assert r.returncode == 2 and b"S004" in r.stderr


def test_sample_corpus_ingests_cleanly(tmp_path):
    db = str(tmp_path / "k.db")
    r = run_cli("ingest", str(EXAMPLES), db=db)
    assert r.returncode == 0, r.stderr
    s = json.loads(run_cli("stats", "--json", db=db).stdout)
    assert 12 <= s["documents"] <= 20 and s["failures"] == 0
    assert set(s["by_lang"]) == {"en", "ru"}
    assert {"markdown", "html", "jsonl", "csv", "feed", "warc", "text"} <= set(s["by_format"])
    hits = json.loads(run_cli("search", "Китая", "--json", db=db).stdout)
    assert hits


def test_search_score_orders_by_term_frequency(tmp_path):
    """BM25 must rank by term frequency: with 5 docs and the term in 2, idf > 0 so scores spread."""
    d = tmp_path / "rank"
    d.mkdir()
    bodies = {
        "many": "Nonproliferation talks: nonproliferation first, nonproliferation always, said the envoy today.",
        "one": "The envoy mentioned nonproliferation once among trade, shipping and grain topics today.",
        "none1": "The envoy discussed trade, shipping and grain with the ministers during the visit today.",
        "none2": "Ministers talked about weather, ports and fishing quotas during a long meeting today.",
        "none3": "A spokesman commented on railway tariffs and customs rules at the briefing today.",
    }
    for name, body in bodies.items():
        (d / f"{name}.md").write_text(f"---\ntitle: {name}\n---\n{body}\n")
    db = str(tmp_path / "r.db")
    assert run_cli("ingest", str(d), db=db).returncode == 0
    hits = json.loads(run_cli("search", "nonproliferation", "--json", db=db).stdout)
    assert [h["title"] for h in hits] == ["many", "one"]
    assert hits[0]["score"] > hits[1]["score"] > 0
