"""``kennan report`` (offline HTML) and ``kennan export`` (json, jsonl, csv, graphml)."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest
from conftest import WEB_HOSTILE, copy_db, run_cli
from markupsafe import escape

from kennan.errors import ConfigError
from kennan.report.export import FORMATS, WHATS, check, export
from kennan.report.html import REPORT_CSP, write_report
from kennan.store import open_store

pytestmark = pytest.mark.xdist_group("web")  # one worker under --dist loadgroup

G = "{http://graphml.graphdrawing.org/xmlns}"


@pytest.fixture(scope="module")
def traced(web_db_traced):
    path, ids = web_db_traced
    s = open_store(path)
    yield s, ids
    s.close()


@pytest.fixture(scope="module")
def report_html(traced, tmp_path_factory):
    store, _ = traced
    out = tmp_path_factory.mktemp("report") / "report.html"
    res = write_report(store, str(out))
    assert res["traces"] == 1 and res["documents"] == store.count_documents()
    return out.read_text(encoding="utf-8")


def test_report_is_self_contained_and_runs_nothing(report_html):
    assert f'<meta http-equiv="Content-Security-Policy" content="{escape(REPORT_CSP)}">' in report_html
    from html.parser import HTMLParser

    found: list[str] = []

    class Audit(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag in ("script", "link", "img", "iframe", "object", "embed", "base"):
                found.append(tag)
            found.extend(f"{tag} {k}" for k, _ in attrs if k.startswith("on") or k in ("src", "style"))

    Audit().feed(report_html)
    assert found == []
    hrefs = re.findall(r'href="([^"]*)"', report_html)
    assert hrefs and all(h.startswith(("#", "http://", "https://")) for h in hrefs), hrefs


def test_report_shows_the_trace_hop_by_hop(report_html, traced):
    _, ids = traced
    assert "Primary source:" in report_html and "Mike Pompeo" in report_html
    assert report_html.count('class="hop"') == len(ids["hops"])
    assert "<svg" in report_html and "marker-end" in report_html
    assert re.search(r'<mark class="[^"]*changed[^"]*f-certainty-inflated[^"]*"[^>]*>'
                     r"I think there&#39;s that opportunity</mark>", report_html)
    assert "certainty_inflated" in report_html and "Faithful: no drift finding" in report_html
    assert "Tellings by actor" in report_html  # the narrative's timeline


def test_report_escapes_hostile_metadata(report_html):
    assert ("Breaking &lt;script&gt;window.__pwned = &#39;title&#39;&lt;/script&gt; &amp; &#34;quotes&#34;"
            in report_html)
    assert "&lt;b onmouseover=&#34;window.__pwned=&#39;outlet&#39;&#34;&gt;Evil Wire&lt;/b&gt;" in report_html
    assert '<span class="url-text">javascript:window.__pwned=&#39;url&#39;</span>' in report_html
    assert 'href="javascript' not in report_html and 'href="data:' not in report_html


@pytest.mark.parametrize("what", WHATS)
def test_every_export_parses_and_counts(traced, what):
    store, _ = traced
    outs = {}
    for fmt in FORMATS:
        buf = io.StringIO()
        outs[fmt] = (export(store, what, fmt, buf), buf.getvalue())
    n_json, text = outs["json"]
    rows = json.loads(text)
    assert len(rows) == n_json
    lines = [json.loads(line) for line in outs["jsonl"][1].splitlines()]
    assert lines == rows
    table = list(csv.DictReader(io.StringIO(outs["csv"][1])))
    assert len(table) == len(rows) == outs["csv"][0]
    assert [r["id"] for r in table] == [r["id"] for r in rows]
    expected = {"documents": store.count_documents(), "statements": store.count_statements(),
                "actors": len(list(store.iter_actors())), "narratives": len(store.match_narrative_rows()),
                "hops": len(list(store.iter_hop_rows()))}[what]
    assert len(rows) == expected and expected > 0
    root = ET.fromstring(outs["graphml"][1])
    graph = root.find(G + "graph")
    nodes = {n.get("id") for n in graph.iter(G + "node")}
    assert len(nodes) == outs["graphml"][0] or what in ("narratives",)
    for e in graph.iter(G + "edge"):
        assert e.get("source") in nodes and e.get("target") in nodes


def test_csv_round_trips_hostile_text_and_nested_values(traced):
    store, _ = traced
    buf = io.StringIO()
    export(store, "documents", "csv", buf)
    table = list(csv.DictReader(io.StringIO(buf.getvalue())))
    texts = {r["title"]: r["text"] for r in table}
    assert "Entities stay literal: &amp; &lt;script&gt; &quot; and a template {{ 7*7 }} too." in \
        texts["Breaking <script>window.__pwned = 'title'</script> & \"quotes\""]
    buf = io.StringIO()
    export(store, "statements", "csv", buf)
    st = next(csv.DictReader(io.StringIO(buf.getvalue())))
    spans = json.loads(st["content_spans"])
    doc = store.get_document(st["doc_id"])
    assert doc.text[spans[0][0]:spans[0][1]] in st["content"] or st["content"] in doc.text


def test_hop_export_keeps_findings_and_evidence(traced):
    store, ids = traced
    buf = io.StringIO()
    export(store, "hops", "jsonl", buf)
    hops = {h["id"]: h for h in map(json.loads, buf.getvalue().splitlines())}
    first = hops[ids["hops"][0]]
    assert first["finding_types"] == ["agent_shift", "certainty_inflated"]
    assert {e["kind"] for e in first["evidence"]} >= {"citation", "similarity"}
    assert first["source_id"] == ids["statements"][0]


def test_exports_stream_row_by_row(traced):
    store, _ = traced

    class Counting(io.StringIO):
        writes = 0

        def write(self, s):
            Counting.writes += 1
            return super().write(s)

    n = export(store, "documents", "jsonl", Counting())
    assert Counting.writes == n  # one write per row, as each row is read


def test_export_errors_have_codes(traced):
    store, _ = traced
    for what, fmt, code in (("people", "json", "C050"), ("documents", "xlsx", "C051")):
        with pytest.raises(ConfigError) as e:
            check(store, what, fmt)
        assert e.value.code == code

    class DocsOnly:
        def iter_documents(self):
            return iter(())

    with pytest.raises(ConfigError) as e:
        check(DocsOnly(), "hops", "json")
    assert e.value.code == "C052"


def test_cli_report_and_export(web_db_traced, tmp_path):
    db, _ = web_db_traced
    out = tmp_path / "r.html"
    r = run_cli("report", "-o", str(out), db=db)
    assert r.returncode == 0, r.stderr
    assert b"report written to" in r.stdout and b"kennan serve" in r.stdout and out.is_file()
    r = run_cli("export", "--what", "documents", "--format", "jsonl", db=db)
    assert r.returncode == 0, r.stderr
    titles = [json.loads(line)["title"] for line in r.stdout.decode().splitlines()]
    assert "Plain & simple" in titles
    g = tmp_path / "hops.graphml"
    r = run_cli("export", "--what", "hops", "--format", "graphml", "-o", str(g), db=db)
    assert r.returncode == 0 and b"exported 4 nodes of hops" in r.stderr
    r = run_cli("report", "-o", str(tmp_path / "no" / "such" / "r.html"), db=db)
    assert r.returncode == 2 and b"[C054]" in r.stderr


def test_hostile_fixture_is_what_the_tests_assume():
    assert "<script>" in WEB_HOSTILE["hostile.md"] and "javascript:" in WEB_HOSTILE["hostile.md"]


def test_statement_knows_its_narrative_and_a_merged_one_is_not_named(web_db_traced, tmp_path):
    from kennan.report.data import narrative_of

    src, ids = web_db_traced
    s = open_store(copy_db(src, tmp_path / "copy.db"))
    first = ids["statements"][0]
    label = s.match_narrative_row(ids["narrative"])["label"]
    assert narrative_of(s, first) == {"id": ids["narrative"], "label": label}
    assert narrative_of(s, "no-such-statement") is None
    s.match_save_narrative("nother", label="other", representative=None, method="t", model="t")
    s.match_mark_merged(ids["narrative"], "nother")
    assert narrative_of(s, first) is None
    s.close()
