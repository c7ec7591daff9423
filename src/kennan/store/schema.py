"""The store schema as an ordered list of migrations.

Each migration is ``(version, name, sql)``; applied ones are recorded in the
``migrations`` table. Versions are grouped by stage so that stages can add
migrations without colliding: ingest 1-99, extract 100-199, match 200-299,
trace/drift 300-399, web/report 400-499. Never edit an applied migration; add
a new one.
"""

from __future__ import annotations

MIGRATIONS: list[tuple[int, str, str]] = [
    (1, "documents", """
CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    text TEXT NOT NULL,
    outlet TEXT,
    url TEXT,
    title TEXT,
    author TEXT,
    published TEXT,
    published_source TEXT,
    lang TEXT,
    lang_source TEXT,
    source_path TEXT,
    record_index INTEGER,
    format TEXT,
    ingested_at TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'ok'
);
CREATE INDEX documents_published ON documents(published);
CREATE INDEX documents_outlet ON documents(outlet);
CREATE VIRTUAL TABLE documents_fts USING fts5(
    title, text, content='documents', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
END;
CREATE TABLE failures (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL,
    record_index INTEGER,
    code TEXT NOT NULL,
    message TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE UNIQUE INDEX failures_key ON failures(path, ifnull(record_index, -1));
CREATE TABLE sources (
    path TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    documents INTEGER NOT NULL,
    failures INTEGER NOT NULL,
    completed_at TEXT NOT NULL
);
"""),
]
