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
    # extract 100-199 ----------------------------------------------------------
    (100, "extract: actors, aliases, statements, extract runs", """
CREATE TABLE actors (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    country TEXT,
    roles TEXT NOT NULL DEFAULT '[]',
    descriptors TEXT NOT NULL DEFAULT '[]',
    source TEXT NOT NULL DEFAULT 'extracted',
    updated_at TEXT NOT NULL
);
CREATE INDEX actors_name ON actors(name);
CREATE TABLE actor_aliases (
    alias_key TEXT NOT NULL,
    alias TEXT NOT NULL,
    actor_id TEXT NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
    source TEXT NOT NULL DEFAULT 'extracted',
    PRIMARY KEY (alias_key, actor_id)
);
CREATE INDEX actor_aliases_actor ON actor_aliases(actor_id);
CREATE TABLE statements (
    id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    content TEXT NOT NULL,
    content_spans TEXT NOT NULL,
    speaker TEXT,
    speaker_mention TEXT,
    speaker_start INTEGER,
    speaker_end INTEGER,
    cue TEXT,
    cue_lemma TEXT,
    cue_start INTEGER,
    cue_end INTEGER,
    actor_id TEXT REFERENCES actors(id) ON DELETE SET NULL,
    said_on TEXT,
    said_on_source TEXT NOT NULL,
    lang TEXT,
    confidence REAL NOT NULL,
    method TEXT NOT NULL,
    addressee TEXT,
    addressee_actor_id TEXT REFERENCES actors(id) ON DELETE SET NULL,
    setting TEXT,
    is_question INTEGER NOT NULL DEFAULT 0,
    strength INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
CREATE INDEX statements_doc ON statements(doc_id);
CREATE INDEX statements_actor ON statements(actor_id);
CREATE INDEX statements_said_on ON statements(said_on);
CREATE TABLE extract_runs (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    method TEXT NOT NULL,
    status TEXT NOT NULL,
    statements INTEGER NOT NULL DEFAULT 0,
    error_code TEXT,
    error_message TEXT,
    at TEXT NOT NULL,
    PRIMARY KEY (doc_id, method)
);
"""),
    # match 200-299 ------------------------------------------------------------
    (200, "match: indexed statements, vectors, FTS, narratives", """
CREATE TABLE match_items (
    key INTEGER PRIMARY KEY,
    statement_id TEXT NOT NULL UNIQUE,
    doc_id TEXT,
    said_on TEXT,
    lang TEXT,
    actor_id TEXT,
    speaker TEXT,
    content TEXT NOT NULL,
    method TEXT NOT NULL,
    indexed_at TEXT NOT NULL
);
CREATE INDEX match_items_said_on ON match_items(said_on);
CREATE INDEX match_items_actor ON match_items(actor_id);
CREATE VIRTUAL TABLE match_fts USING fts5(
    content, content='match_items', content_rowid='key', tokenize='porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER match_items_ai AFTER INSERT ON match_items BEGIN
    INSERT INTO match_fts(rowid, content) VALUES (new.key, new.content);
END;
CREATE TRIGGER match_items_ad AFTER DELETE ON match_items BEGIN
    INSERT INTO match_fts(match_fts, rowid, content) VALUES ('delete', old.key, old.content);
END;
CREATE TABLE statement_vectors (
    key INTEGER NOT NULL REFERENCES match_items(key) ON DELETE CASCADE,
    model TEXT NOT NULL,
    dim INTEGER NOT NULL,
    dtype TEXT NOT NULL,
    vec BLOB NOT NULL,
    method TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (key, model)
);
CREATE TABLE narratives (
    id TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    representative TEXT,
    status TEXT NOT NULL DEFAULT 'auto',
    merged_into TEXT,
    method TEXT NOT NULL,
    model TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE narrative_members (
    narrative_id TEXT NOT NULL REFERENCES narratives(id) ON DELETE CASCADE,
    statement_id TEXT NOT NULL,
    score REAL NOT NULL,
    via TEXT,
    source TEXT NOT NULL DEFAULT 'auto',
    method TEXT NOT NULL,
    added_at TEXT NOT NULL,
    PRIMARY KEY (narrative_id, statement_id)
);
CREATE UNIQUE INDEX narrative_members_statement ON narrative_members(statement_id);
CREATE TABLE narrative_decisions (
    id INTEGER PRIMARY KEY,
    action TEXT NOT NULL,
    narrative_id TEXT NOT NULL,
    other_id TEXT,
    statement_id TEXT,
    note TEXT,
    at TEXT NOT NULL
);
CREATE INDEX narrative_decisions_statement ON narrative_decisions(statement_id);
CREATE TABLE match_clustered (
    key INTEGER PRIMARY KEY REFERENCES match_items(key) ON DELETE CASCADE,
    model TEXT NOT NULL,
    method TEXT NOT NULL,
    at TEXT NOT NULL
);
"""),
    (201, "match: FTS5 vocabulary (document frequencies for query pruning)", """
CREATE VIRTUAL TABLE match_fts_vocab USING fts5vocab(match_fts, row);
"""),
    (202, "match: sampled FTS5 (1 in 64 statements) for cheap document frequencies; vectors by model", """
CREATE VIRTUAL TABLE match_fts_sample USING fts5(
    content, content='match_items', content_rowid='key', tokenize='porter unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE match_fts_sample_vocab USING fts5vocab(match_fts_sample, row);
INSERT INTO match_fts_sample(rowid, content) SELECT key, content FROM match_items WHERE key % 64 = 0;
CREATE TRIGGER match_items_sample_ai AFTER INSERT ON match_items WHEN new.key % 64 = 0 BEGIN
    INSERT INTO match_fts_sample(rowid, content) VALUES (new.key, new.content);
END;
CREATE TRIGGER match_items_sample_ad AFTER DELETE ON match_items WHEN old.key % 64 = 0 BEGIN
    INSERT INTO match_fts_sample(match_fts_sample, rowid, content) VALUES ('delete', old.key, old.content);
END;
CREATE INDEX statement_vectors_model ON statement_vectors(model, key);
"""),
    (300, "traces", """
CREATE TABLE traces (
    id TEXT PRIMARY KEY,
    narrative_id TEXT,
    query TEXT,
    telling_ids TEXT NOT NULL,
    roots TEXT NOT NULL,
    earliest_id TEXT,
    primary_id TEXT,
    primary_note TEXT NOT NULL,
    method TEXT NOT NULL,
    drift_method TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX traces_narrative ON traces(narrative_id);
CREATE TABLE hops (
    trace_id TEXT NOT NULL REFERENCES traces(id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    narrative_id TEXT,
    source_id TEXT NOT NULL,
    target_id TEXT NOT NULL,
    confidence REAL NOT NULL,
    chain_confidence REAL,
    drift_score REAL,
    method TEXT NOT NULL,
    PRIMARY KEY (trace_id, id)
);
CREATE INDEX hops_target ON hops(target_id);
CREATE TABLE hop_evidence (
    trace_id TEXT NOT NULL,
    hop_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    score REAL NOT NULL,
    detail TEXT NOT NULL,
    span_start INTEGER,
    span_end INTEGER,
    FOREIGN KEY (trace_id, hop_id) REFERENCES hops(trace_id, id) ON DELETE CASCADE
);
CREATE TABLE findings (
    id INTEGER PRIMARY KEY,
    trace_id TEXT NOT NULL,
    hop_id TEXT NOT NULL,
    type TEXT NOT NULL,
    source_start INTEGER,
    source_end INTEGER,
    target_start INTEGER,
    target_end INTEGER,
    source_cue TEXT NOT NULL,
    target_cue TEXT NOT NULL,
    weight REAL NOT NULL,
    method TEXT NOT NULL,
    detail TEXT NOT NULL,
    FOREIGN KEY (trace_id, hop_id) REFERENCES hops(trace_id, id) ON DELETE CASCADE
);
CREATE INDEX findings_hop ON findings(trace_id, hop_id);
"""),
]
