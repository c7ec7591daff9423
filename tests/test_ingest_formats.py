"""Every input format, read from real files the tests write."""

from __future__ import annotations

import gzip
import io
import json

import pytest

from kennan.config import FieldMap, IngestOptions
from kennan.ingest import ingest_paths
from kennan.store import DocumentFilter

ARTICLE_HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Pompeo says there is an opportunity to work with Russia | Capitol Ledger</title>
<meta property="og:site_name" content="Capitol Ledger">
<meta name="author" content="Jane Roe">
<meta property="article:published_time" content="2020-07-23T18:30:00-07:00">
<link rel="canonical" href="https://ledger.example/pompeo-russia">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/politics">Politics</a></nav>
<div class="cookie">We use cookies. <button>OK</button></div>
<article><h1>Pompeo says there is an opportunity to work with Russia</h1>
<p>Secretary of State Mike Pompeo said on Thursday that the United States could work with Russia on
questions of strategic importance, such as nonproliferation, while urging democracies to confront China.</p>
<p>"I think there's that opportunity," Pompeo told the audience at the Nixon Library in California,
when a moderator asked whether Washington could align with Moscow against Beijing.</p>
<p>He added that China had declined to take part in arms control talks, which he described as a missed chance.</p>
</article>
<footer>Copyright 2020 Capitol Ledger. All rights reserved. <a href="/privacy">Privacy</a></footer>
</body></html>"""


def _ingest(store, *paths, **opts):
    return ingest_paths(store, [str(p) for p in paths], IngestOptions(**opts))


def _docs(store):
    return list(store.iter_documents())


def test_markdown_front_matter(store, tmp_path):
    p = tmp_path / "speech.md"
    p.write_text("---\ntitle: Remarks at the Nixon Library\noutlet: U.S. Department of State\n"
                 "url: https://state.example/remarks\npublished: 2020-07-23\nauthor: Office of the Spokesperson\n"
                 "lang: en\n---\n# Remarks\n\nSECRETARY POMPEO: Thank you all.\n", encoding="utf-8")
    rep = _ingest(store, p)
    assert (rep.new, rep.failed) == (1, 0)
    [d] = _docs(store)
    assert d.title == "Remarks at the Nixon Library"
    assert d.outlet == "U.S. Department of State"
    assert d.url == "https://state.example/remarks"
    assert d.published == "2020-07-23" and d.published_source == "front-matter"
    assert d.author == "Office of the Spokesperson"
    assert (d.lang, d.lang_source) == ("en", "metadata")
    assert d.text.startswith("# Remarks") and "---" not in d.text
    assert d.format == "markdown" and len(d.id) == 16


def test_plain_text_detects_language(store, tmp_path):
    p = tmp_path / "note.txt"
    p.write_text("Пресс-секретарь президента заявил журналистам, что Москва не получала никаких приглашений.\n",
                 encoding="utf-8")
    _ingest(store, p)
    [d] = _docs(store)
    assert (d.lang, d.lang_source, d.format) == ("ru", "detected", "text")
    assert d.published is None and d.published_source is None


def test_cli_outlet_and_lang_override(store, tmp_path):
    p = tmp_path / "a.md"
    p.write_text("---\noutlet: Someone\n---\nA short English text about grain exports and ports.\n")
    _ingest(store, p, outlet="Wire", lang="de")
    [d] = _docs(store)
    assert (d.outlet, d.lang, d.lang_source) == ("Wire", "de", "cli")


def test_html_through_trafilatura(store, tmp_path):
    p = tmp_path / "page.html"
    p.write_text(ARTICLE_HTML, encoding="utf-8")
    rep = _ingest(store, p)
    assert rep.new == 1, rep.failures
    [d] = _docs(store)
    assert d.title == "Pompeo says there is an opportunity to work with Russia"
    assert d.outlet == "Capitol Ledger"
    assert d.author == "Jane Roe"
    assert d.published == "2020-07-23T18:30:00-07:00" and d.published_source == "html-meta"
    assert d.url == "https://ledger.example/pompeo-russia"
    assert "there's that opportunity" in d.text
    assert "cookies" not in d.text and "Privacy" not in d.text  # boilerplate gone
    assert d.lang == "en"


def test_html_in_legacy_encoding(store, tmp_path):
    html = ("<html><head><meta charset='windows-1251'><title>Песков</title></head><body><article>"
            "<p>Пресс-секретарь президента России Дмитрий Песков заявил журналистам, что никаких приглашений "
            "Москва не получала и что подобные идеи противоречат дипломатическим традициям.</p>"
            "<p>Он добавил, что Россия строит отношения с Китаем на принципах равноправия и взаимного уважения, "
            "и не собирается участвовать в союзах, направленных против третьих стран.</p></article></body></html>")
    p = tmp_path / "peskov.htm"
    p.write_bytes(html.encode("cp1251"))
    rep = _ingest(store, p)
    assert rep.new == 1, rep.failures
    [d] = _docs(store)
    assert "Песков заявил журналистам" in d.text and d.lang == "ru"


def test_undecodable_text_tries_detected_encoding(store, tmp_path):
    p = tmp_path / "cp1251.txt"
    p.write_bytes("Министр иностранных дел заявил, что Запад пытается вбить клин между Москвой и Пекином."
                  .encode("cp1251"))
    rep = _ingest(store, p)
    assert rep.new == 1
    assert "вбить клин" in _docs(store)[0].text


def test_jsonl_defaults_and_mapping(store, tmp_path):
    p = tmp_path / "export.jsonl"
    p.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [
        {"text": "First wire story about wheat.", "title": "Wheat", "published": "2020-07-24T10:00:00+03:00",
         "url": "https://w.example/1", "source": "Wire", "author": "A. Writer", "lang": "en"},
        {"body": {"main": "Second story, nested body."}, "headline": "Nested", "date": "2020-07-25"},
    ]) + "\n", encoding="utf-8")
    rep = _ingest(store, p)
    assert rep.new == 1 and rep.failed == 1  # second record has no top-level text
    assert rep.failures[0].code == "I013" and rep.failures[0].record_index == 1
    assert "--text-field" in rep.failures[0].message
    [d] = _docs(store)
    assert (d.title, d.outlet, d.author, d.published, d.record_index) == (
        "Wheat", "Wire", "A. Writer", "2020-07-24T10:00:00+03:00", 0)
    assert d.published_source == "field:published"
    # with a mapping the nested record is read
    p2 = tmp_path / "nested.jsonl"
    p2.write_text(json.dumps({"body": {"main": "Second story, nested body."}, "headline": "Nested",
                              "when": "2020-07-25"}) + "\n")
    rep = ingest_paths(store, [str(p2)], IngestOptions(fields=FieldMap(text="body.main", date="when")))
    assert rep.new == 1
    d2 = [d for d in _docs(store) if d.title == "Nested"][0]
    assert d2.text == "Second story, nested body." and d2.published == "2020-07-25"


def test_json_array_and_wrapped(store, tmp_path):
    (tmp_path / "a.json").write_text(json.dumps([{"text": "alpha text one"}, {"text": "beta text two"}]))
    (tmp_path / "b.json").write_text(json.dumps({"items": [{"content": "gamma text three"}]}))
    rep = _ingest(store, tmp_path)
    assert (rep.new, rep.failed) == (3, 0)
    assert {d.format for d in _docs(store)} == {"json"}


def test_csv_and_tsv(store, tmp_path):
    (tmp_path / "s.csv").write_text(
        'text,title,date,outlet\n"She said, ""we will build a coalition"" of democracies.",Call,2020-07-21,Gazette\n'
        '"Second, unrelated row about farm subsidies.",Farms,2020-07-22,Gazette\n', encoding="utf-8")
    (tmp_path / "s.tsv").write_text("text\ttitle\nA tab separated row about ports.\tPorts\n", encoding="utf-8")
    rep = _ingest(store, tmp_path)
    assert (rep.new, rep.failed) == (3, 0), rep.failures
    call = [d for d in _docs(store) if d.title == "Call"][0]
    assert call.text == 'She said, "we will build a coalition" of democracies.'
    assert (call.published, call.outlet, call.format, call.record_index) == ("2020-07-21", "Gazette", "csv", 0)
    assert [d.format for d in _docs(store) if d.title == "Ports"] == ["tsv"]


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Moscow Wire Digest</title><link>https://mwd.example/</link><language>en</language>
<item><title>Russia invited to be friends against China, paper says</title><link>https://mwd.example/a</link>
<pubDate>Fri, 24 Jul 2020 12:00:00 +0300</pubDate><dc:creator>Staff</dc:creator>
<content:encoded><![CDATA[<p>A Moscow daily reported that Washington <b>may</b> invite Moscow into a coalition.</p><p>Second paragraph &amp; more.</p>]]></content:encoded></item>
<item><title>Ruble steady</title><link>https://mwd.example/b</link><pubDate>Sat, 25 Jul 2020 09:00:00 +0300</pubDate>
<description>The ruble held steady against the dollar on Friday.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>State News</title><id>urn:x</id><updated>2020-07-22T00:00:00Z</updated>
<entry><title>Visa note</title><id>urn:1</id><link href="https://state.example/visa"/>
<updated>2020-07-22T15:00:00Z</updated><author><name>Press Office</name></author>
<content type="html">&lt;p&gt;The visa programme resumes next month.&lt;/p&gt;</content></entry></feed>"""


def test_rss_and_atom(store, tmp_path):
    (tmp_path / "f.rss").write_text(RSS, encoding="utf-8")
    (tmp_path / "s.atom").write_text(ATOM, encoding="utf-8")
    rep = _ingest(store, tmp_path)
    assert (rep.new, rep.failed) == (3, 0), rep.failures
    docs = {d.title: d for d in _docs(store)}
    a = docs["Russia invited to be friends against China, paper says"]
    assert a.outlet == "Moscow Wire Digest" and a.author == "Staff" and a.url == "https://mwd.example/a"
    assert a.published == "2020-07-24T12:00:00+03:00" and a.published_source == "feed"
    assert "may invite Moscow" in a.text and "Second paragraph & more." in a.text
    assert (a.format, a.record_index) == ("feed", 0)
    v = docs["Visa note"]
    assert v.text == "The visa programme resumes next month." and v.author == "Press Office"
    assert v.published == "2020-07-22T15:00:00+00:00"


def make_warc(path, pages, *, gz=True, extra_non_html=True):
    """Write a WARC with one HTTP response per (url, html) page, plus a non-HTML record."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=gz)
        w.write_record(w.create_warcinfo_record(path.name, {"software": "kennan-tests"}))
        for url, html in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(url, "response", payload=io.BytesIO(html.encode("utf-8")),
                                                http_headers=headers, warc_headers_dict={"WARC-Date": "2024-11-27T08:00:00Z"}))
            if extra_non_html:
                headers = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
                w.write_record(w.create_warc_record(url + ".png", "response", payload=io.BytesIO(b"\x89PNG\r\n\x1a\n0000"),
                                                    http_headers=headers))


@pytest.mark.parametrize("gz", [True, False])
def test_warc(store, tmp_path, gz):
    nodate = ARTICLE_HTML.replace('<meta property="article:published_time" content="2020-07-23T18:30:00-07:00">', "")
    p = tmp_path / ("a.warc.gz" if gz else "a.warc")
    make_warc(p, [("https://ledger.example/one", ARTICLE_HTML), ("https://ledger.example/two",
                                                                 nodate.replace("Thursday", "Friday"))], gz=gz)
    rep = _ingest(store, p)
    assert (rep.new, rep.failed) == (2, 0), rep.failures
    docs = sorted(_docs(store), key=lambda d: d.record_index)
    assert [d.record_index for d in docs] == [0, 1]
    assert docs[0].url == "https://ledger.example/one" and docs[0].format == "warc"
    assert docs[0].published_source == "html-meta"
    assert docs[1].published == "2024-11-27T08:00:00+00:00" and docs[1].published_source == "warc-capture"


def test_gzip_variants(store, tmp_path):
    (tmp_path / "a.md.gz").write_bytes(gzip.compress(b"---\ntitle: Zipped\n---\nCompressed markdown body text."))
    (tmp_path / "b.html.gz").write_bytes(gzip.compress(ARTICLE_HTML.encode()))
    (tmp_path / "c.jsonl.gz").write_bytes(gzip.compress(b'{"text": "zipped line one"}\n{"text": "zipped line two"}\n'))
    (tmp_path / "d.csv.gz").write_bytes(gzip.compress(b"text\nzipped csv row\n"))
    (tmp_path / "e.rss.gz").write_bytes(gzip.compress(RSS.encode()))
    rep = _ingest(store, tmp_path)
    assert (rep.new, rep.failed) == (7, 0), rep.failures
    assert {d.format for d in _docs(store)} == {"markdown", "html", "jsonl", "csv", "feed"}


def test_folders_recursive_and_hidden_skipped(store, tmp_path):
    (tmp_path / "x" / "y").mkdir(parents=True)
    (tmp_path / "x" / "y" / "deep.txt").write_text("A deep file about shipping lanes.")
    (tmp_path / ".hidden.txt").write_text("should not be read")
    (tmp_path / "x" / ".git").mkdir()
    (tmp_path / "x" / ".git" / "config.txt").write_text("nope")
    rep = _ingest(store, tmp_path)
    assert rep.new == 1 and rep.files == 1


def test_reingest_is_idempotent(store, tmp_path):
    (tmp_path / "a.txt").write_text("One text about the harvest.")
    (tmp_path / "b.jsonl").write_text('{"text": "two"}\n{"text": "three"}\n')
    first = _ingest(store, tmp_path)
    assert (first.new, first.unchanged) == (3, 0)
    second = _ingest(store, tmp_path)
    assert (second.new, second.unchanged, second.failed) == (0, 3, 0)
    assert second.summary().startswith("0 new, 3 unchanged")
    assert store.count_documents() == 3
    # a changed file is re-read; its unchanged records stay unchanged
    (tmp_path / "b.jsonl").write_text('{"text": "two"}\n{"text": "three"}\n{"text": "four"}\n')
    third = _ingest(store, tmp_path)
    assert (third.new, third.unchanged) == (1, 3)


def test_same_text_same_url_is_one_document(store, tmp_path):
    (tmp_path / "a.jsonl").write_text('{"text": "same", "url": "u1"}\n{"text": "same", "url": "u1"}\n'
                                      '{"text": "same", "url": "u2"}\n')
    rep = _ingest(store, tmp_path)
    assert (rep.new, rep.unchanged) == (2, 1)


def test_document_filters(store, tmp_path):
    (tmp_path / "a.jsonl").write_text(
        '{"text": "early en", "date": "2020-07-21", "outlet": "A", "lang": "en"}\n'
        '{"text": "late ru", "date": "2024-11-26T10:00:00+03:00", "outlet": "B", "lang": "ru"}\n')
    _ingest(store, tmp_path)
    assert [d.text for d in store.iter_documents(DocumentFilter(lang="ru"))] == ["late ru"]
    assert [d.text for d in store.iter_documents(DocumentFilter(since="2021-01-01"))] == ["late ru"]
    assert [d.text for d in store.iter_documents(DocumentFilter(until="2024-11-26"))] == ["early en", "late ru"]
    assert [d.text for d in store.iter_documents(DocumentFilter(until="2020-12-31"))] == ["early en"]
    assert [d.text for d in store.iter_documents(DocumentFilter(outlet="A"))] == ["early en"]
