//! Versioned schema. Each migration runs once, in order, inside one transaction; the
//! `schema_migrations` table records which ran. Append new migrations; never edit old ones.

pub const MIGRATIONS: &[(i64, &str, &str)] = &[
    (
        1,
        "initial schema",
        r#"
CREATE TABLE agents (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    account TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT,
    metadata TEXT NOT NULL DEFAULT '{}',
    last_active_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (account, name)
);

CREATE TABLE memories (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    account TEXT NOT NULL,
    agent_id TEXT NOT NULL,
    content TEXT NOT NULL,
    metadata TEXT NOT NULL DEFAULT '{}',
    memory_type TEXT NOT NULL,
    importance REAL NOT NULL,
    tier TEXT NOT NULL,
    user_id TEXT,
    session_id TEXT,
    project_id TEXT,
    embedding BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    deleted_at INTEGER
);
CREATE INDEX memories_by_agent ON memories (agent_id, deleted_at, seq);
CREATE INDEX memories_by_account ON memories (account, deleted_at, seq);
CREATE INDEX memories_by_session ON memories (session_id) WHERE session_id IS NOT NULL;
CREATE INDEX memories_by_project ON memories (project_id) WHERE project_id IS NOT NULL;

-- Keyword candidates; rowid = memories.seq. Holds live memories only.
CREATE VIRTUAL TABLE memories_fts USING fts5 (content);

CREATE TABLE entities (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    account TEXT NOT NULL,
    agent_id TEXT,
    name TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    metadata TEXT NOT NULL DEFAULT '{}',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX entities_unique ON entities (account, ifnull(agent_id, ''), entity_type, name);

CREATE TABLE entity_links (
    seq INTEGER PRIMARY KEY,
    entity_id TEXT NOT NULL,
    memory_id TEXT NOT NULL,
    relationship TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (entity_id, memory_id, relationship)
);
CREATE INDEX entity_links_by_memory ON entity_links (memory_id);

CREATE TABLE sessions (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    account TEXT NOT NULL,
    agent_id TEXT NOT NULL,
    external_id TEXT,
    title TEXT,
    project TEXT,
    status TEXT NOT NULL,
    summary TEXT,
    metadata TEXT NOT NULL DEFAULT '{}',
    started_at INTEGER NOT NULL,
    ended_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX sessions_external ON sessions (agent_id, external_id) WHERE external_id IS NOT NULL;

CREATE TABLE decisions (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    account TEXT NOT NULL,
    agent_id TEXT NOT NULL,
    title TEXT NOT NULL,
    rationale TEXT NOT NULL,
    alternatives TEXT,
    status TEXT NOT NULL,
    superseded_by TEXT,
    superseded_reason TEXT,
    tags TEXT NOT NULL DEFAULT '[]',
    project_slug TEXT,
    session_id TEXT,
    metadata TEXT NOT NULL DEFAULT '{}',
    embedding BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX decisions_by_agent ON decisions (agent_id, seq);

CREATE TABLE projects (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    account TEXT NOT NULL,
    agent_id TEXT NOT NULL,
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT,
    stack TEXT,
    repo_url TEXT,
    metadata TEXT NOT NULL DEFAULT '{}',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (account, slug)
);

CREATE TABLE patterns (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    account TEXT NOT NULL,
    agent_id TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    scope TEXT NOT NULL,
    category TEXT,
    tags TEXT NOT NULL DEFAULT '[]',
    example_code TEXT,
    metadata TEXT NOT NULL DEFAULT '{}',
    embedding BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX patterns_by_agent ON patterns (agent_id, seq);

CREATE TABLE pattern_adoptions (
    seq INTEGER PRIMARY KEY,
    pattern_id TEXT NOT NULL,
    project_slug TEXT NOT NULL,
    account TEXT NOT NULL,
    adopted_at INTEGER NOT NULL,
    UNIQUE (pattern_id, project_slug)
);
CREATE INDEX pattern_adoptions_by_slug ON pattern_adoptions (account, project_slug);

CREATE TABLE idempotency_keys (
    account TEXT NOT NULL,
    key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    status INTEGER NOT NULL,
    body BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (account, key)
);
"#,
    ),
    (
        2,
        "settings",
        r#"
-- Server-level settings, e.g. the API key a server generated for itself, so a restarted
-- server on the same file keeps answering to it.
CREATE TABLE settings (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"#,
    ),
    (
        3,
        "account-wide projects and patterns, project relationships, async memories",
        r#"
-- The official tool clients create projects and patterns without agent_id (account-wide), so
-- agent_id becomes nullable. SQLite cannot drop NOT NULL in place: both tables are rebuilt,
-- keeping seq (creation order).
CREATE TABLE projects_v3 (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    account TEXT NOT NULL,
    agent_id TEXT,
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT,
    stack TEXT,
    repo_url TEXT,
    metadata TEXT NOT NULL DEFAULT '{}',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (account, slug)
);
INSERT INTO projects_v3 (seq, id, account, agent_id, slug, name, description, stack, repo_url, metadata, created_at, updated_at)
    SELECT seq, id, account, agent_id, slug, name, description, stack, repo_url, metadata, created_at, updated_at FROM projects;
DROP TABLE projects;
ALTER TABLE projects_v3 RENAME TO projects;

CREATE TABLE patterns_v3 (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    account TEXT NOT NULL,
    agent_id TEXT,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    scope TEXT NOT NULL,
    category TEXT,
    tags TEXT NOT NULL DEFAULT '[]',
    example_code TEXT,
    metadata TEXT NOT NULL DEFAULT '{}',
    embedding BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    -- The project the pattern was extracted from (`source_project` on create).
    source_project_id TEXT
);
INSERT INTO patterns_v3 (seq, id, account, agent_id, title, description, scope, category, tags, example_code, metadata, embedding, created_at, updated_at)
    SELECT seq, id, account, agent_id, title, description, scope, category, tags, example_code, metadata, embedding, created_at, updated_at FROM patterns;
DROP TABLE patterns;
ALTER TABLE patterns_v3 RENAME TO patterns;
CREATE INDEX patterns_by_agent ON patterns (agent_id, seq);

-- Directed, typed edges between two projects of one account.
CREATE TABLE project_relationships (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    account TEXT NOT NULL,
    source_project_id TEXT NOT NULL,
    target_project_id TEXT NOT NULL,
    relationship_type TEXT NOT NULL,
    metadata TEXT NOT NULL DEFAULT '{}',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (source_project_id, target_project_id, relationship_type)
);
CREATE INDEX project_relationships_by_target ON project_relationships (target_project_id);

-- Async (v2) creation stores the memory first and embeds it off the request path:
-- pending -> processing -> ready (or failed). Rows not ready have an empty embedding and are
-- not in the search index or the keyword table yet.
ALTER TABLE memories ADD COLUMN embed_status TEXT NOT NULL DEFAULT 'ready';
ALTER TABLE memories ADD COLUMN embed_error TEXT;
CREATE INDEX memories_not_ready ON memories (embed_status, seq) WHERE embed_status <> 'ready';
"#,
    ),
];
