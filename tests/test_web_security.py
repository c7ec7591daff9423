"""Token, Host check, bind rule, safe URLs, highlighting and SVG escaping."""

from __future__ import annotations

import re
import warnings

import pytest
from conftest import run_cli
from markupsafe import Markup

from kennan.errors import ConfigError
from kennan.report.markup import Mark, highlight, link, safe_url
from kennan.report.plots import (
    GraphEdge,
    GraphNode,
    TimelinePoint,
    graph_svg,
    timeline_svg,
)
from kennan.web import create_app
from kennan.web.security import COOKIE, check_bind, is_loopback, session_value

pytestmark = pytest.mark.xdist_group("web")  # one worker under --dist loadgroup

TOKEN = "s3cret-token-for-tests-0123456789"


def _client(app, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient
    return TestClient(app, base_url="http://127.0.0.1", **kw)


@pytest.fixture(scope="module")
def token_app(web_db):
    return create_app(web_db, token=TOKEN)


def test_no_token_is_401_in_the_error_shape(token_app):
    with _client(token_app) as c:
        r = c.get("/docs.json")
        assert r.status_code == 401
        assert r.json()["error"]["code"] == "W401"
        assert r.headers["www-authenticate"].startswith("Bearer")
        assert r.headers["content-security-policy"]
        html = c.get("/docs")
        assert html.status_code == 401 and 'data-status="401"' in html.text
        assert c.get("/static/style.css").status_code == 401


def test_bearer_token(token_app):
    with _client(token_app) as c:
        assert c.get("/docs.json", headers={"authorization": f"Bearer {TOKEN}"}).status_code == 200
        r = c.get("/docs.json", headers={"authorization": "Bearer wrong-token-wrong-token"})
        assert r.status_code == 401


def test_query_token_once_sets_a_strict_cookie_and_drops_the_token(token_app):
    with _client(token_app, follow_redirects=False) as c:
        r = c.get(f"/docs?lang=en&token={TOKEN}")
        assert r.status_code == 303
        assert r.headers["location"] == "/docs?lang=en"
        cookie = r.headers["set-cookie"]
        assert cookie.startswith(f"{COOKIE}={session_value(TOKEN)}")
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
        assert TOKEN not in cookie  # the cookie is an HMAC, not the token
        c.cookies.set(COOKIE, session_value(TOKEN))
        assert c.get("/docs?lang=en").status_code == 200
        c.cookies.clear()
        assert c.get("/docs").status_code == 401
        wrong = c.get("/docs.json?token=nope-nope-nope-nope")
        assert wrong.status_code == 401 and wrong.json()["error"]["code"] == "W402"


def test_host_check_without_token(web_db):
    app = create_app(web_db, allowed_hosts=("127.0.0.1", "localhost", "::1"))
    with _client(app) as c:
        assert c.get("/stats.json").status_code == 200
        assert c.get("/stats.json", headers={"host": "localhost:8000"}).status_code == 200
        assert c.get("/stats.json", headers={"host": "[::1]:8000"}).status_code == 200
        r = c.get("/stats.json", headers={"host": "attacker.example:8000"})
        assert r.status_code == 403 and r.json()["error"]["code"] == "W403"


@pytest.mark.parametrize("host,token,code", [
    ("0.0.0.0", None, "C040"),
    ("192.168.1.5", None, "C040"),
    ("::", None, "C040"),
    ("0.0.0.0", "short", "C041"),
])
def test_bind_rule(host, token, code):
    with pytest.raises(ConfigError) as e:
        check_bind(host, token)
    assert e.value.code == code


def test_bind_rule_allows_loopback_and_tokens():
    check_bind("127.0.0.1", None)
    check_bind("localhost", None)
    check_bind("::1", None)
    check_bind("0.0.0.0", TOKEN)
    assert is_loopback("127.0.0.2") and not is_loopback("10.0.0.1")


def test_serve_refuses_to_start_off_loopback_without_token(web_db):
    r = run_cli("serve", "--host", "0.0.0.0", "--port", "0", db=web_db, env={"KENNAN_TOKEN": ""})
    assert r.returncode == 2
    assert b"[C040]" in r.stderr and b"--token" in r.stderr


@pytest.mark.parametrize("url,ok", [
    ("https://example.org/x", True),
    ("http://example.org", True),
    ("HTTPS://EXAMPLE.ORG/", True),
    ("javascript:alert(1)", False),
    ("JavaScript:alert(1)", False),
    (" javascript:alert(1)", False),
    ("java\tscript:alert(1)", False),
    ("java\nscript:alert(1)", False),
    ("data:text/html,<script>alert(1)</script>", False),
    ("vbscript:msgbox", False),
    ("//evil.example/x", False),
    ("/relative", False),
    ("https:evil", False),
    ("", False),
    (None, False),
])
def test_safe_url(url, ok):
    assert (safe_url(url) is not None) is ok


def test_link_escapes_label_and_href():
    assert str(link("javascript:alert(1)")) == '<span class="url-text">javascript:alert(1)</span>'
    out = str(link('https://x.example/?a="><script>', "<b>"))
    assert out == ('<a href="https://x.example/?a=&#34;&gt;&lt;script&gt;" rel="noopener noreferrer nofollow">'
                   "&lt;b&gt;</a>")


def test_highlight_escapes_and_nests():
    text = 'He said <script>x</script> & "more".'
    out = str(highlight(text, [Mark(8, 26, "content", title='t"<'), Mark(0, 2, "speaker"), Mark(3, 7, "cue"),
                               Mark(16, 17, "cue")]))
    assert "<script>" not in out
    assert out.startswith('<mark class="speaker">He</mark> <mark class="cue">said</mark> ')
    assert '<mark class="content" title="t&#34;&lt;">&lt;script&gt;</mark>' in out
    assert '<mark class="content cue" title="t&#34;&lt;">x</mark>' in out
    assert out.endswith(" &amp; &#34;more&#34;.")
    # the text reads the same once tags are stripped and entities decoded
    import html

    assert html.unescape(re.sub(r"<[^>]+>", "", out)) == text


def test_highlight_clips_bad_spans_and_refuses_bad_classes():
    out = str(highlight("abc", [Mark(-5, 2, "content"), Mark(2, 99, 'x" onclick="y'), Mark(2, 2, "cue")]))
    assert out == '<mark class="content">ab</mark><mark class="hl">c</mark>'
    assert isinstance(highlight("a<b", []), Markup) and str(highlight("a<b", [])) == "a&lt;b"


def test_svg_escapes_every_label_and_has_no_inline_style():
    evil = "<script>alert(1)</script>\" onload=\"x"
    tl = str(timeline_svg([TimelinePoint("2020-07-24", evil, "ru", evil, "/statements/s1"),
                           TimelinePoint("2024-11-15", "Lavrov", "ru", "x"),
                           TimelinePoint(None, "nobody", "en")], title=evil))
    g = str(graph_svg([GraphNode("a", (evil, "2020-07-23"), "2020-07-23", "en", "/statements/a", "earliest"),
                       GraphNode("b", ("b",), "2020-07-24", "ru")],
                      [GraphEdge("a", "b", 0.8, evil)], title=evil))
    for svg in (tl, g):
        assert "<script" not in svg and 'onload="' not in svg and "style=" not in svg
        assert "&lt;script&gt;" in svg
        assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert "1 undated not shown" in tl
    assert "l-4 8 m8 -8 l-4 8" in tl  # the 4-year gap is squeezed to a break mark
    assert 'marker-end="url(#arrow)"' in g
