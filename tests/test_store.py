"""Store behaviour: migrations recorded, reopen is a no-op, newer schema refused."""

from __future__ import annotations

import sqlite3

import pytest

from kennan.errors import StoreError
from kennan.store import open_store
from kennan.store.schema import MIGRATIONS


def test_migrations_recorded_and_idempotent(tmp_path):
    path = str(tmp_path / "k.db")
    s = open_store(path)
    versions = s.schema_versions()
    assert versions == sorted(v for v, _, _ in MIGRATIONS)
    s.close()
    s = open_store(path)
    assert s.schema_versions() == versions
    mode = s.conn.execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"
    assert s.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    s.close()


def test_migration_versions_unique_and_ranged():
    versions = [v for v, _, _ in MIGRATIONS]
    assert len(versions) == len(set(versions))
    assert all(1 <= v < 500 for v in versions), versions  # foundation 1-99 ... web 400-499
    hundreds = {"extract": 1, "match": 2, "trace": 3, "drift": 3, "web": 4}
    for v, name, _ in MIGRATIONS:
        stage = name.split(":")[0].strip()
        if stage in hundreds:  # a stage's migration sits in that stage's range
            assert v // 100 == hundreds[stage], (v, name)


def test_newer_schema_is_refused(tmp_path):
    path = str(tmp_path / "k.db")
    open_store(path).close()
    c = sqlite3.connect(path)
    c.execute("INSERT INTO migrations VALUES (9999, 'future', 'x')")
    c.commit()
    c.close()
    with pytest.raises(StoreError) as e:
        open_store(path)
    assert e.value.code == "S002"


def test_nested_transactions_join(store):
    from kennan.records import Document

    with store.transaction():
        store.add_documents([Document(id="a", text="alpha", ingested_at="t")])
        with store.transaction():
            store.add_documents([Document(id="b", text="beta", ingested_at="t")])
    assert store.count_documents() == 2
    with pytest.raises(ValueError):
        with store.transaction():
            store.add_documents([Document(id="c", text="gamma", ingested_at="t")])
            with store.transaction():
                raise ValueError("inner failure")
    assert store.count_documents() == 2
