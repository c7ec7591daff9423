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
