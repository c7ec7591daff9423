"""Bad input never stops a batch, never half-writes, and is stored as a failure row."""

from __future__ import annotations

import gzip
import io
import json
import os

from kennan.config import IngestOptions
from kennan.ingest import ingest_paths

from test_ingest_formats import ARTICLE_HTML, make_warc


def _run(store, folder, **opts):
    return ingest_paths(store, [str(folder)], IngestOptions(**opts))


def _codes(report):
    return sorted((os.path.basename(f.path), f.record_index, f.code) for f in report.failures)


def test_one_bad_batch_goes_on_and_fails_are_stored(store, tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "good.txt").write_text("A good document about ports and grain.")
    (d / "empty.txt").write_text("")
    (d / "blank.md").write_text("   \n\n  ")
    (d / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    (d / "photo.txt").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + os.urandom(512))
    (d / "lines.jsonl").write_text('{"text": "good line one"}\n{"text": broken\n{"text": "good line three"}\n[1, 2]\n')
    (d / "nav.html").write_text("<html><head><title>Menu</title><script>var a=1;</script></head>"
                                "<body><nav><a href='/'>Home</a></nav></body></html>")
    (d / "big.txt").write_text("word " * 3000)
    good = gzip.compress("".join(json.dumps({"text": f"zipped line {i} " + os.urandom(8).hex()}) + "\n"
                                 for i in range(300)).encode())
    (d / "cut.jsonl.gz").write_bytes(good[: len(good) // 2])
    make_warc(d / "cut.warc.gz", [("https://x.example/1", ARTICLE_HTML),
                                  ("https://x.example/2", ARTICLE_HTML.replace("Thursday", "Monday"))])
    data = (d / "cut.warc.gz").read_bytes()
    (d / "cut.warc.gz").write_bytes(data[: int(len(data) * 0.8)])
    (d / "badfm.md").write_text("---\ntitle: [unclosed\n---\nbody\n")
    rep = _run(store, d, max_bytes=10_000)
    codes = _codes(rep)
    assert ("empty.txt", None, "I001") in codes
    assert ("blank.md", None, "I001") in codes
    assert ("image.png", None, "I002") in codes
    assert ("photo.txt", None, "I002") in codes
    assert ("lines.jsonl", 1, "I005") in codes and ("lines.jsonl", 3, "I005") in codes
    assert ("nav.html", None, "I006") in codes
    assert ("big.txt", None, "I007") in codes
    assert ("cut.jsonl.gz", None, "I004") in codes
    assert any(c[0] == "cut.warc.gz" and c[2] in ("I010", "I004") for c in codes)
    assert ("badfm.md", None, "I009") in codes
    texts = {doc.text for doc in store.iter_documents()}
    assert {"A good document about ports and grain.", "good line one", "good line three",
            } <= texts
    zipped = sorted(int(t.split()[2]) for t in texts if t.startswith("zipped line"))
    assert zipped[:2] == [0, 1] and len(zipped) < 300  # complete lines before the damage kept
    # the WARC's complete first record survives the damage after it
    assert any("there's that opportunity" in t for t in texts)
    # every failure is a stored row whose message states a fix
    stored = list(store.iter_failures())
    assert len(stored) == rep.failed == len(codes)
    for f in stored:
        assert f.message and f.code.startswith("I")
    by = {(os.path.basename(f.path), f.record_index): f for f in stored}
    assert "--max-size" in by[("big.txt", None)].message
    assert "line 2" in by[("lines.jsonl", 1)].message
    assert not rep.ok


def test_failures_do_not_duplicate_and_clear_when_fixed(store, tmp_path):
    p = tmp_path / "a.jsonl"
    p.write_text('{"text": "ok"}\n{oops\n')
    _run(store, tmp_path)
    _run(store, tmp_path)
    assert [(f.record_index, f.code) for f in store.iter_failures()] == [(1, "I005")]
    p.write_text('{"text": "ok"}\n{"text": "fixed"}\n')
    rep = _run(store, tmp_path)
    assert rep.ok and (rep.new, rep.unchanged) == (1, 1)
    assert list(store.iter_failures()) == []


def test_missing_path_is_a_failure_not_a_crash(store, tmp_path):
    (tmp_path / "ok.txt").write_text("present")
    rep = ingest_paths(store, [str(tmp_path / "nope"), str(tmp_path / "ok.txt")])
    assert rep.new == 1 and [f.code for f in rep.failures] == ["I012"]


def test_json_record_that_is_not_an_object(store, tmp_path):
    (tmp_path / "a.json").write_text(json.dumps([{"text": "fine"}, "just a string", {"title": "no text"}]))
    rep = _run(store, tmp_path)
    assert rep.new == 1
    assert sorted((f.record_index, f.code) for f in rep.failures) == [(1, "I005"), (2, "I013")]


def test_csv_row_with_extra_cells(store, tmp_path):
    (tmp_path / "a.csv").write_text("text,title\nfine row,T\nbad, row, with, commas,X\n")
    rep = _run(store, tmp_path)
    assert rep.new == 1 and [(f.record_index, f.code) for f in rep.failures] == [(1, "I005")]


def test_unknown_format_and_malformed_feed(store, tmp_path):
    (tmp_path / "feed.rss").write_text("<rss><channel><title>x</title></channel></rss>")
    rep = _run(store, tmp_path)
    assert [f.code for f in rep.failures] == ["I011"]


def test_transaction_rolls_back_whole_batch(store):
    from kennan.records import Document

    d1 = Document(id="x1", text="one", ingested_at="now")
    try:
        with store.transaction():
            store.add_documents([d1])
            raise RuntimeError("crash mid-batch")
    except RuntimeError:
        pass
    assert store.count_documents() == 0
    assert store.search("one") == []


def test_stdin(store, tmp_path):
    rep = ingest_paths(store, ["-"], stdin=io.BytesIO(b'{"text": "from a pipe"}\n{"text": "second"}\n'))
    assert rep.new == 2
    assert {d.source_path for d in store.iter_documents()} == {"<stdin>"}
    rep = ingest_paths(store, ["-"], stdin=io.BytesIO(b""))
    assert [f.code for f in rep.failures] == ["I001"]
