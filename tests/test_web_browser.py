"""The web UI in a real headless Chromium (Playwright), against ``kennan serve`` in a subprocess.

Needs Debian's chromium at /usr/bin/chromium: run ``.ci/browser-setup.sh``.
Set ``KENNAN_SKIP_BROWSER=1`` to skip these tests explicitly. Screenshots go
to tests/screenshots/ (not committed).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import copy_db

# One group: under `pytest -n N --dist loadgroup` the web tests share one worker, so the
# session stores and the browser are built once.
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("web")]

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync"]
SHOTS = Path(__file__).resolve().parent / "screenshots"
TOKEN = "browser-test-token-0123456789abcdef"


def require_chromium(path: str = CHROMIUM) -> None:
    """Skip only on explicit request (KENNAN_SKIP_BROWSER=1); fail loudly when chromium is missing."""
    if os.environ.get("KENNAN_SKIP_BROWSER") == "1":
        pytest.skip("KENNAN_SKIP_BROWSER=1: browser tests skipped on request")
    if not Path(path).exists():
        pytest.fail(f"{path} is missing: run .ci/browser-setup.sh (installs Debian's chromium and "
                    "chromium-driver), or set KENNAN_SKIP_BROWSER=1 to skip the browser tests on purpose")


@pytest.fixture(scope="module")
def browser():
    require_chromium()
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


def _serve(db: str, *extra: str) -> tuple[subprocess.Popen, str]:
    """Start ``kennan serve --port 0`` and return it with its base URL (read from its stderr)."""
    proc = subprocess.Popen([sys.executable, "-m", "kennan", "serve", "--db", db, "--port", "0", *extra],
                            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
                            env={**os.environ, "KENNAN_TOKEN": ""})
    deadline = time.monotonic() + 60
    line = ""
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        m = re.search(r"at (http://127\.0\.0\.1:\d+/)", line)
        if m:
            return proc, m.group(1).rstrip("/")
        if proc.poll() is not None:
            break
    proc.kill()
    raise AssertionError(f"kennan serve did not start: {line}{proc.stderr.read()}")


@pytest.fixture(scope="module")
def server(web_db_traced):
    db, ids = web_db_traced
    proc, base = _serve(db)
    yield base, ids
    proc.terminate()
    proc.wait(timeout=20)


class Watch:
    """What a page did that it must not: dialogs, console errors, uncaught exceptions."""

    def __init__(self, page) -> None:
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        page.on("dialog", self._dialog)
        page.on("console", lambda m: self.errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))

    def _dialog(self, d) -> None:
        self.dialogs.append(d.message)
        d.dismiss()

    def clean(self) -> None:
        assert self.dialogs == [], self.dialogs
        assert self.errors == [], self.errors


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=True)
    p = ctx.new_page()
    p.watch = Watch(p)
    yield p
    ctx.close()


def _open(page, url: str, shot: str | None = None):
    resp = page.goto(url, wait_until="load")
    assert resp is not None and resp.status == 200, (url, resp.status if resp else None)
    if shot:
        page.screenshot(path=str(SHOTS / f"{shot}.png"), full_page=True)
    return resp


def _pwned(page):
    return page.evaluate("() => typeof window.__pwned === 'undefined' ? null : String(window.__pwned)")


def test_every_page_loads_and_shows_what_it_should(page, server):
    base, ids = server
    _open(page, base + "/", "home")
    assert page.locator("h1").inner_text().startswith("Who said what")
    _open(page, base + "/search?q=invited+friends+against+China", "search")
    assert page.locator("ol.hits li").count() >= 2
    assert page.locator("mark.match").count() >= 2
    _open(page, base + "/docs", "documents")
    assert page.locator("table.documents tbody tr").count() >= 19
    page.get_by_role("link", name="Secretary Michael R. Pompeo at the Richard Nixon Presidential Library "
                                  "and Museum").click()
    page.wait_for_load_state("load")
    page.screenshot(path=str(SHOTS / "document.png"), full_page=True)
    assert "there's that opportunity" in page.locator(".document .text").inner_text()
    assert page.locator(".document .text mark.content").count() >= 3  # statements highlighted in the text
    _open(page, base + "/statements", "statements")
    assert page.locator("table.statements tbody tr").count() >= 40
    _open(page, base + f"/statements/{ids['statements'][0]}", "statement")
    assert "I think there's that opportunity" in page.locator("blockquote.content").inner_text()
    assert page.locator(".context mark.speaker, .context mark.cue").count() >= 1
    _open(page, base + "/actors", "actors")
    page.get_by_role("link", name="Sergey Lavrov", exact=True).first.click()
    page.wait_for_load_state("load")
    page.screenshot(path=str(SHOTS / "actor.png"), full_page=True)
    assert page.locator("h1").inner_text().startswith("Sergey Lavrov")
    assert page.locator("svg.timeline circle").count() >= 3
    _open(page, base + "/failures", "failures")
    assert "bad <img src=x onerror=\"window.__pwned='failure'\">.txt" in page.locator("table.failures").inner_text()
    assert page.locator("table.failures code", has_text="I001").count() == 1
    assert _pwned(page) is None
    _open(page, base + "/stats", "stats")
    assert "documents" in page.locator("table.kv").inner_text()
    page.watch.clean()


def test_click_from_a_narrative_to_its_trace(page, server):
    base, ids = server
    _open(page, base + "/narratives", "narratives")
    page.locator(f"a.narrative-link[href='/narratives/{ids['narrative']}']").click()
    page.wait_for_load_state("load")
    page.screenshot(path=str(SHOTS / "narrative.png"), full_page=True)
    assert page.locator("svg.timeline").count() == 2  # by actor and by outlet
    assert page.locator("svg.timeline circle").count() >= 8
    page.locator("a.trace-link").first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith(f"/trace/{ids['trace']}")
    page.screenshot(path=str(SHOTS / "trace.png"), full_page=True)
    graph = page.locator("svg.graph")
    assert graph.is_visible()
    assert graph.locator("path[marker-end]").count() == len(ids["hops"])
    assert graph.locator("text", has_text="primary").count() == 1
    hops = page.locator("section.hop")
    assert hops.count() == len(ids["hops"])
    first = hops.nth(0)
    assert first.locator(".source mark.changed").inner_text() == "I think there's that opportunity"
    assert first.locator(".target mark.changed").first.inner_text() == "has been invited"
    assert "certainty_inflated" in first.locator("table.findings").inner_text()
    assert "faithful" in hops.nth(2).inner_text()
    first.screenshot(path=str(SHOTS / "trace-hop.png"))
    # a node in the graph links to its statement
    graph.locator(f"a[href='/statements/{ids['statements'][0]}']").first.click()
    page.wait_for_load_state("load")
    assert "/statements/" in page.url
    page.watch.clean()


def test_hostile_documents_do_not_execute_and_read_correctly(page, server):
    base, _ = server
    _open(page, base + "/docs?outlet=Data+Wire")
    _open(page, base + "/search?q=minister+coalitions", "hostile-search")
    assert _pwned(page) is None
    page.locator("ol.hits a.title").first.click()
    page.wait_for_load_state("load")
    page.screenshot(path=str(SHOTS / "hostile-document.png"), full_page=True)
    assert _pwned(page) is None
    title = page.locator("h1.doc-title").inner_text()
    assert title == "Breaking <script>window.__pwned = 'title'</script> & \"quotes\""
    text = page.locator(".document .text").inner_text()
    assert "The minister said <script>window.__pwned = 'body'</script> nothing" in text
    assert "<img src=x onerror=\"window.__pwned='img'\">" in text
    assert "<svg onload=\"window.__pwned='svg'\"></svg>" in text
    assert "Entities stay literal: &amp; &lt;script&gt; &quot; and a template {{ 7*7 }} too." in text
    assert "<a href=\"javascript:alert(2)\">click</a>" in text
    assert page.locator("main script, main img, main iframe").count() == 0
    url = page.locator("dd.url")
    assert url.inner_text() == "javascript:window.__pwned='url'"
    assert url.locator("a").count() == 0  # shown as text, not a link
    outlet = page.locator("dl.meta dd").first.inner_text()
    assert outlet == "<b onmouseover=\"window.__pwned='outlet'\">Evil Wire</b>"
    page.locator("dl.meta dd").first.hover()
    # the entity-encoded saved page and the JSONL record with a data: URL
    for q, needle in (("spokesman wrote", "<script>window.__pwned='entity'</script>"),
                      ("wire report quoting nobody", "<iframe src=\"javascript:window.__pwned='iframe'\"></iframe>")):
        _open(page, base + "/search?q=" + q.replace(" ", "+"))
        page.locator("ol.hits a.title").first.click()
        page.wait_for_load_state("load")
        assert needle in page.locator(".document .text").inner_text()
        assert _pwned(page) is None
        assert page.locator("main script, main iframe, main img").count() == 0
    assert page.locator("dd.url a").count() == 0  # data: URL as text
    assert page.locator("dd.url").inner_text().startswith("data:text/html,<script>")
    # every link on the page stays on the site
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    assert hrefs and all(h.startswith(("/", "#", "http://", "https://")) for h in hrefs), hrefs
    assert _pwned(page) is None
    page.watch.clean()


def test_token_in_the_url_once_then_a_session_cookie(browser, web_db):
    proc, base = _serve(web_db, "--token", TOKEN)
    try:
        ctx = browser.new_context()
        p = ctx.new_page()
        r = p.goto(base + "/docs")
        assert r.status == 401 and "needs a token" in p.locator(".message").inner_text()
        r = p.goto(base + f"/docs?lang=ru&token={TOKEN}")
        assert r.status == 200 and p.url == base + "/docs?lang=ru"  # the token left the address bar
        cookies = ctx.cookies()
        assert len(cookies) == 1 and cookies[0]["httpOnly"] and cookies[0]["sameSite"] == "Strict"
        assert TOKEN not in cookies[0]["value"]
        assert p.evaluate("() => document.cookie") == ""  # HttpOnly: scripts cannot read it
        assert p.goto(base + "/stats").status == 200
        ctx.close()
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture(scope="module")
def real_trace(web_db, tmp_path_factory):
    """A copy of ``web_db`` with the founding claim traced by the real pipeline (match, trace, drift)."""
    from kennan.pipeline import trace_claim
    from kennan.store import open_store

    path = copy_db(web_db, tmp_path_factory.mktemp("realtrace") / "real.db")
    s = open_store(path)
    tid = trace_claim(s, claim="the West wants to use Russia in a coalition against China")
    nid = s.get_trace(tid)[0].narrative_id
    s.close()
    return path, tid, nid


def test_the_founding_case_from_its_narrative_to_its_trace(page, real_trace):
    """The sample corpus through the real pipeline: narrative page -> trace page, as an analyst clicks."""
    db, tid, nid = real_trace
    proc, base = _serve(db)
    try:
        if nid:
            _open(page, base + f"/narratives/{nid}", "real-narrative")
            assert page.locator("svg.timeline circle").count() >= 3
            page.locator(f"a.trace-link[href='/trace/{tid}']").first.click()
            page.wait_for_load_state("load")
        else:
            _open(page, base + "/traces")
            page.locator(f"a.trace-link[href='/trace/{tid}']").click()
            page.wait_for_load_state("load")
        assert page.url.endswith(f"/trace/{tid}")
        page.screenshot(path=str(SHOTS / "real-trace.png"), full_page=True)
        graph = page.locator("svg.graph")
        assert graph.is_visible() and graph.locator("g").count() >= 3
        assert page.locator("p.primary").inner_text().startswith("Primary source:")
        hops = page.locator("section.hop")
        assert hops.count() >= 2
        assert page.locator("section.hop .sides .text").count() == 2 * hops.count()
        page.watch.clean()
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_the_offline_report_opens_from_a_file(page, real_trace, tmp_path):
    from kennan.report.html import write_report
    from kennan.store import open_store

    db, tid, _ = real_trace
    out = tmp_path / "report.html"
    s = open_store(db)
    write_report(s, str(out))
    s.close()
    resp = page.goto(out.as_uri(), wait_until="load")
    assert resp is None or resp.ok
    page.screenshot(path=str(SHOTS / "report.png"), full_page=True)
    assert page.locator("section.trace svg").count() >= 1
    assert page.locator("h1").inner_text().startswith("kennan report")
    assert _pwned(page) is None
    page.watch.clean()
