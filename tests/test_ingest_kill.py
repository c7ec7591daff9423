"""A real SIGKILL mid-ingest leaves a consistent store; re-running finishes without duplicates."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

N_FILES = 1500


@pytest.mark.slow
def test_sigkill_mid_ingest_then_resume(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for i in range(N_FILES):
        (src / f"doc{i:05d}.md").write_text(
            f"---\ntitle: Story {i}\npublished: 2024-11-{1 + i % 28:02d}\nlang: en\n---\n"
            f"Story number {i}. The minister said on day {i % 28} that talks would continue, "
            f"according to officials briefed on meeting {i}.\n", encoding="utf-8")
    # one bigger JSONL file so a kill can land inside a multi-record file
    (src / "zz-export.jsonl").write_text("".join(
        f'{{"text": "export record {i} about the harvest", "date": "2020-07-{1 + i % 28:02d}"}}\n'
        for i in range(1500)), encoding="utf-8")
    expected = N_FILES + 1500
    db = str(tmp_path / "k.db")
    cmd = [sys.executable, "-m", "kennan", "ingest", str(src), "--db", db, "--batch", "25"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # wait until some batches are committed, then kill -9
    deadline = time.time() + 120
    count = 0
    while time.time() < deadline:
        time.sleep(0.05)
        if proc.poll() is not None:
            break
        try:
            with sqlite3.connect(db, timeout=1) as c:
                count = c.execute("SELECT count(*) FROM documents").fetchone()[0]
        except sqlite3.Error:
            continue
        if count >= 100:
            break
    assert proc.poll() is None, "ingest finished before it could be killed; make the corpus bigger"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    c = sqlite3.connect(db)
    assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    n_docs = c.execute("SELECT count(*) FROM documents").fetchone()[0]
    n_fts = c.execute("SELECT count(*) FROM documents_fts").fetchone()[0]
    assert 0 < n_docs < expected
    assert n_fts == n_docs  # text index and table agree
    # every stored document is whole: its text and title are complete
    for title, text in c.execute("SELECT title, text FROM documents WHERE format = 'markdown'"):
        i = int(title.split()[1])
        assert text.endswith(f"meeting {i}.")
    # files marked complete have all of their documents stored
    for path, ndocs in c.execute("SELECT path, documents FROM sources"):
        stored = c.execute("SELECT count(*) FROM documents WHERE source_path = ?", (path,)).fetchone()[0]
        assert stored == ndocs
    c.close()

    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    new, unchanged = done.stdout.split(" new, ")[0], done.stdout.split(" new, ")[1].split(" unchanged")[0]
    assert int(new) + int(unchanged) == expected
    assert int(new) == expected - n_docs
    c = sqlite3.connect(db)
    assert c.execute("SELECT count(*) FROM documents").fetchone()[0] == expected
    assert c.execute("SELECT count(DISTINCT id) FROM documents").fetchone()[0] == expected
    assert c.execute("SELECT count(*) FROM documents_fts").fetchone()[0] == expected
    assert c.execute("SELECT count(*) FROM failures").fetchone()[0] == 0
    c.close()
    again = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert again.stdout.startswith(f"0 new, {expected} unchanged")
