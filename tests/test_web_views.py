"""The web UI in-process (no browser): pages, JSON twins, the error shape, headers, escaping."""

from __future__ import annotations

import re
import warnings
from html.parser import HTMLParser

import pytest
from conftest import copy_db

from kennan.web import create_app
from kennan.web.security import CSP

pytestmark = pytest.mark.xdist_group("web")  # one worker under --dist loadgroup


def _client(app):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # starlette's note about httpx2
        from starlette.testclient import TestClient
    return TestClient(app, base_url="http://127.0.0.1")


@pytest.fixture(scope="module")
def client(web_db):
    with _client(create_app(web_db)) as c:
        yield c


@pytest.fixture(scope="module")
def doc_ids(client):
    docs = client.get("/docs.json?limit=1000").json()["documents"]
    return {d["title"]: d["id"] for d in docs}


class _Audit(HTMLParser):
    """Collects anything in a page that could run script or leave the site."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "iframe", "object", "embed", "img", "base", "meta") and tag != "meta":
            self.problems.append(f"<{tag}>")
        for k, v in attrs:
            if k.startswith("on"):
                self.problems.append(f"{tag} {k}=")
            if k == "style":
                self.problems.append(f"{tag} style=")
            if k in ("href", "src", "action", "formaction") and v is not None:
                if not (v.startswith("/") or v.startswith("#") or re.match(r"https?://", v)):
                    self.problems.append(f"{tag} {k}={v!r}")

    def handle_data(self, data):
        self.text.append(data)


def audit(html: str) -> _Audit:
    a = _Audit()
    a.feed(html)
    return a


PAGES = ["/", "/search?q=coalition+against+China", "/docs", "/docs?lang=ru", "/failures", "/stats"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_and_has_a_json_twin(client, path):
    r = client.get(path)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/html")
    assert audit(r.text).problems == []
    base, _, query = path.partition("?")
    twin = ("/index.json" if base == "/" else base + ".json") + ("?" + query if query else "")
    j = client.get(twin)
    assert j.status_code == 200
    assert j.headers["content-type"] == "application/json"
    assert "error" not in j.json()
    # ?format=json is the same twin
    sep = "&" if query else "?"
    assert client.get(path + sep + "format=json").json() == j.json()
    # the HTML page links to its twin
    assert 'href="' + twin.replace("&", "&amp;") + '"' in r.text


def test_search_finds_the_founding_headline(client):
    hits = client.get("/search.json", params={"q": "пригласили дружить против Китая"}).json()["hits"]
    assert hits and hits[0]["title"] == "Россию пригласили дружить против Китая"
    html = client.get("/search", params={"q": "пригласили дружить"}).text
    assert '<mark class="match">' in html


def test_documents_filter_and_paging(client):
    ru = client.get("/docs.json?lang=ru").json()["documents"]
    assert ru and all(d["lang"] == "ru" for d in ru)
    page1 = client.get("/docs.json?limit=3").json()
    page2 = client.get("/docs.json?limit=3&offset=3").json()
    assert page1["more"] is True and len(page1["documents"]) == 3
    assert {d["id"] for d in page1["documents"]}.isdisjoint({d["id"] for d in page2["documents"]})
    assert "text" not in page1["documents"][0]


def test_document_page_json_twin_holds_the_text(client, doc_ids):
    doc_id = doc_ids["Secretary Michael R. Pompeo at the Richard Nixon Presidential Library and Museum"]
    j = client.get(f"/docs/{doc_id}.json").json()
    assert "there's that opportunity" in j["document"]["text"]
    html = client.get(f"/docs/{doc_id}").text
    assert "there&#39;s that opportunity" in html
    # a unique id prefix works like the id
    assert client.get(f"/docs/{doc_id[:8]}.json").json()["document"]["id"] == doc_id


def _error(r, status, code):
    assert r.status_code == status, r.text
    if r.headers["content-type"].startswith("application/json"):
        e = r.json()["error"]
    else:
        m = re.search(r'data-status="(\d+)".*?<code>([^<]+)</code>', r.text, re.S)
        assert m, r.text
        e = {"status": int(m.group(1)), "code": m.group(2)}
    assert e["status"] == status and e["code"] == code
    return e


@pytest.mark.parametrize("path,status,code", [
    ("/no/such/page", 404, "W404"),
    ("/docs/ffffffffffffffff", 404, "N001"),
    ("/docs?limit=lots", 400, "W400"),
    ("/docs?limit=0", 400, "W400"),
    ("/docs?since=2020-13-45", 400, "W400"),
    ("/docs?format=xml", 400, "W400"),
])
def test_one_error_shape_in_html_and_json(client, path, status, code):
    _error(client.get(path), status, code)
    base, _, q = path.partition("?")
    twin = base + ".json" + ("?" + q if q else "")
    if "format=" not in path:
        e = _error(client.get(twin), status, code)
        assert set(e) == {"status", "code", "message"} and e["message"]
    _error(client.get(path, headers={"accept": "application/json"}), status, code)


def test_error_message_states_the_fix(client):
    e = client.get("/docs.json?limit=lots").json()["error"]
    assert "limit" in e["message"] and "whole number" in e["message"]


def test_stage_pages_say_which_stage_is_missing(client, web_db):
    from kennan.report.data import available
    from kennan.store import open_store

    s = open_store(web_db)
    have = available(s)
    s.close()
    for stage, path in (("statements", "/statements"), ("actors", "/actors"), ("narratives", "/narratives")):
        if stage not in have:
            e = _error(client.get(path + ".json"), 404, "W404")
            assert stage in e["message"]
        else:
            assert client.get(path + ".json").status_code == 200


def test_post_is_refused_with_the_error_shape(client):
    _error(client.post("/docs.json"), 405, "W405")


@pytest.mark.parametrize("path", ["/", "/docs.json", "/nope", "/static/style.css", "/docs?limit=x"])
def test_security_headers_on_every_response(client, path):
    h = client.get(path).headers
    assert h["content-security-policy"] == CSP
    assert "default-src 'none'" in CSP and "frame-ancestors 'none'" in CSP and "script-src" not in CSP
    assert h["x-content-type-options"] == "nosniff"
    assert h["referrer-policy"] == "no-referrer"
    assert h["x-frame-options"] == "DENY"


def test_hostile_document_is_escaped_and_reads_correctly(client, doc_ids):
    title = "Breaking <script>window.__pwned = 'title'</script> & \"quotes\""
    r = client.get(f"/docs/{doc_ids[title]}")
    a = audit(r.text)
    assert a.problems == []
    text = "".join(a.text)
    assert "The minister said <script>window.__pwned = 'body'</script> nothing" in text
    assert "<img src=x onerror=\"window.__pwned='img'\">" in text
    assert "Entities stay literal: &amp; &lt;script&gt; &quot; and a template {{ 7*7 }} too." in text
    assert title in text
    # the javascript: URL is shown as text, never as a link
    assert "javascript:window.__pwned='url'" in text
    assert 'href="javascript' not in r.text.lower()
    assert re.search(r'<span class="url-text">javascript:', r.text)


def test_hostile_listing_and_search_pages(client):
    for path in ("/docs", "/search?q=minister+coalitions", "/search?q=wire+report", "/search?q=<script>"):
        r = client.get(path)
        assert r.status_code == 200
        assert audit(r.text).problems == [], path
    docs = client.get("/docs").text
    assert "&lt;b onmouseover=" in docs  # the outlet's markup, as text


JTITLE = "\"><img src=x onerror=\"window.__pwned='jtitle'\">"


def test_data_url_is_not_a_link_but_https_is(client, doc_ids):
    r = client.get(f"/docs/{doc_ids[JTITLE]}")
    assert audit(r.text).problems == []
    assert 'href="data:' not in r.text
    ok = client.get(f"/docs/{doc_ids['Plain & simple']}").text
    assert '<a href="https://example.org/a?b=1&amp;c=&lt;2&gt;" rel="noopener noreferrer nofollow">' in ok


def test_app_refuses_a_missing_store(tmp_path):
    from kennan.errors import ConfigError

    with pytest.raises(ConfigError) as e:
        create_app(str(tmp_path / "absent.db"))
    assert e.value.code == "C042"


def test_page_cache_never_serves_a_stale_store(web_db, tmp_path):
    """A cached page is dropped as soon as another connection commits (PRAGMA data_version)."""
    from kennan.ingest import ingest_paths
    from kennan.store import open_store

    db = copy_db(web_db, tmp_path / "copy.db")
    app = create_app(db)
    with _client(app) as c:
        before = c.get("/docs.json?limit=1000").json()["documents"]
        again = c.get("/docs.json?limit=1000").json()["documents"]
        assert again == before and app.app.state.cache.hits >= 1
        (tmp_path / "new").mkdir()
        (tmp_path / "new" / "late.md").write_text("---\ntitle: A late addition\n---\nSomething said later on.\n",
                                                  encoding="utf-8")
        s = open_store(db)
        ingest_paths(s, [str(tmp_path / "new")])
        s.close()
        after = c.get("/docs.json?limit=1000").json()["documents"]
        assert len(after) == len(before) + 1
        assert "A late addition" in {d["title"] for d in after}
    off = create_app(db, cache_size=0)
    with _client(off) as c:
        c.get("/docs.json")
        c.get("/docs.json")
        assert off.app.state.cache.hits == 0


def test_failure_rows_are_escaped(client):
    from conftest import WEB_HOSTILE_FAILING

    rows = client.get("/failures.json").json()["failures"]
    mine = [f for f in rows if f["path"].endswith(WEB_HOSTILE_FAILING)]
    assert len(mine) == 1 and mine[0]["code"] == "I001"
    html = client.get("/failures").text
    assert audit(html).problems == []
    assert "bad &lt;img src=x onerror=&#34;window.__pwned=&#39;failure&#39;&#34;&gt;.txt" in html


def test_missing_chromium_fails_loudly_unless_skipped_on_purpose(monkeypatch, tmp_path):
    from test_web_browser import require_chromium

    monkeypatch.delenv("KENNAN_SKIP_BROWSER", raising=False)
    with pytest.raises(pytest.fail.Exception, match="run .ci/browser-setup.sh"):
        require_chromium(str(tmp_path / "no-chromium"))
    monkeypatch.setenv("KENNAN_SKIP_BROWSER", "1")
    with pytest.raises(pytest.skip.Exception, match="KENNAN_SKIP_BROWSER=1"):
        require_chromium(str(tmp_path / "no-chromium"))


@pytest.mark.parametrize("path", ["/docs?path=x&url=y&self=z", "/search?q=a&path=b", "/stats?format=html&x=%00"])
def test_odd_query_parameters_are_harmless(client, path):
    r = client.get(path)
    assert r.status_code == 200 and audit(r.text).problems == []
