//! Storage: opening either backend, migrations and re-embedding.

pub mod db;
pub(crate) mod indexes;
pub(crate) mod pending;
pub mod pg;
pub mod pg_schema;
pub mod readers;
pub mod row;
pub mod schema;
pub(crate) mod tx;
pub(crate) mod writer;

use std::path::Path;

use db::{params, Connection, OptionalExtension};

use crate::error::Result;

/// Opens (creating if needed) a SQLite database and brings its schema up to date.
pub fn open(path: Option<&Path>) -> Result<Connection> {
    let conn = match path {
        Some(p) => rusqlite::Connection::open(p).map_err(db::DbError::from)?,
        None => rusqlite::Connection::open_in_memory().map_err(db::DbError::from)?,
    };
    // WAL lets readers of the file (backups, sqlite3 shell) coexist with the server; NORMAL
    // sync is durable across process crashes, which is what a local server needs.
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    let conn = Connection::Sqlite(conn);
    migrate(&conn)?;
    Ok(conn)
}

/// Connects to PostgreSQL and brings its schema up to date. A wrong URL or an unreachable
/// server is an error here, at start.
pub fn open_postgres(url: &str) -> Result<Connection> {
    let conn =
        Connection::Postgres(pg::PgConn::connect(url).map_err(|e| {
            crate::Error::Unavailable(format!("cannot connect to PostgreSQL: {e}"))
        })?);
    migrate(&conn)?;
    Ok(conn)
}

/// Applies every migration not yet recorded, in order, each in its own transaction. On
/// PostgreSQL a lock makes replicas that start together apply each migration once.
pub fn migrate(conn: &Connection) -> Result<Vec<i64>> {
    let migrations = if conn.is_postgres() {
        pg_schema::MIGRATIONS
    } else {
        schema::MIGRATIONS
    };
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
             version INTEGER PRIMARY KEY,
             name TEXT NOT NULL,
             applied_at BIGINT NOT NULL
         )",
    )?;
    let mut applied = Vec::new();
    for (version, name, sql) in migrations {
        conn.execute_batch("BEGIN IMMEDIATE")?;
        if conn.is_postgres() {
            if let Err(e) = pg_schema::lock_schema(conn) {
                let _ = conn.execute_batch("ROLLBACK");
                return Err(e);
            }
        }
        let done: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE version = ?1)",
            [version],
            |r| r.get(0),
        )?;
        if done {
            conn.execute_batch("COMMIT")?;
            continue;
        }
        let res = conn.execute_batch(sql).and_then(|_| {
            conn.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)",
                params![version, name, crate::util::now()],
            )
        });
        match res {
            Ok(_) => conn.execute_batch("COMMIT")?,
            Err(e) => {
                let _ = conn.execute_batch("ROLLBACK");
                return Err(e.into());
            }
        }
        applied.push(*version);
    }
    Ok(applied)
}

/// Makes the stored vectors match `embedder`: when the database was written with another
/// embedder (another `Embedder::identity`), every stored embedding is recomputed, in one
/// transaction, and the new identity recorded. A fresh database only records it.
pub fn reembed(conn: &Connection, embedder: &dyn crate::Embedder) -> Result<bool> {
    let id = embedder.identity();
    let read = |conn: &Connection| -> Result<Option<String>> {
        Ok(conn
            .query_row(
                "SELECT value FROM settings WHERE name = 'embedder'",
                [],
                |r| r.get(0),
            )
            .optional()?)
    };
    if read(conn)?.as_deref() == Some(id.as_str()) {
        return Ok(false);
    }
    conn.execute_batch("BEGIN IMMEDIATE")?;
    let stored = match (|| {
        if conn.is_postgres() {
            // Replicas starting together: one re-embeds, the others then see its identity.
            pg_schema::lock_schema(conn)?;
        }
        read(conn)
    })() {
        Ok(s) => s,
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK");
            return Err(e);
        }
    };
    if stored.as_deref() == Some(id.as_str()) {
        conn.execute_batch("COMMIT")?;
        return Ok(false);
    }
    let res = (|| -> Result<()> {
        if conn.is_postgres() {
            // Rebuilt for the new dimension by `pg_schema::ensure_vector_index` after this.
            pg_schema::drop_vector_indexes(conn, None)?;
        }
        for (table, text_sql) in [
            ("memories", "content"),
            ("decisions", "title || '\n' || rationale"),
            ("patterns", "title || '\n' || description"),
        ] {
            let rows: Vec<(i64, String)> = conn
                .prepare(&format!("SELECT seq, {text_sql} FROM {table}"))?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<std::result::Result<_, _>>()?;
            let mut update =
                conn.prepare(&format!("UPDATE {table} SET embedding = ?1 WHERE seq = ?2"))?;
            // In slices, so a neural embedder can spread a slice over the cores while memory
            // stays bounded.
            for slice in rows.chunks(256) {
                let texts: Vec<&str> = slice.iter().map(|(_, t)| t.as_str()).collect();
                for ((seq, _), v) in slice.iter().zip(embedder.embed_batch(&texts)?) {
                    update.execute(params![crate::embed::to_blob(&v), seq])?;
                }
            }
        }
        conn.execute(
            "INSERT INTO settings (name, value) VALUES ('embedder', ?1) \
             ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            [&id],
        )?;
        Ok(())
    })();
    match res {
        Ok(()) => conn.execute_batch("COMMIT")?,
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK");
            return Err(e);
        }
    }
    Ok(stored.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_apply_once_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let conn = Connection::Sqlite(rusqlite::Connection::open(&path).unwrap());
        let first = migrate(&conn).unwrap();
        assert_eq!(
            first,
            schema::MIGRATIONS.iter().map(|m| m.0).collect::<Vec<_>>()
        );
        // Running again applies nothing and keeps data.
        conn.execute(
            "INSERT INTO agents (id, account, name, created_at, updated_at) VALUES ('x', 'a', 'n', 0, 0)",
            [],
        )
        .unwrap();
        drop(conn);
        let conn = open(Some(&path)).unwrap();
        assert!(migrate(&conn).unwrap().is_empty());
        let n: i64 = conn
            .query_row("SELECT count(*) FROM agents", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 1);
        let versions: Vec<i64> = conn
            .prepare("SELECT version FROM schema_migrations ORDER BY version")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<std::result::Result<_, _>>()
            .unwrap();
        assert_eq!(versions.len(), schema::MIGRATIONS.len());
        let mode: String = conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
    }

    /// An embedder that maps every text to the same unit vector, to tell its vectors apart.
    struct Constant(u32);

    impl crate::Embedder for Constant {
        fn provider(&self) -> &str {
            "constant"
        }
        fn dimension(&self) -> usize {
            crate::embed::DEFAULT_DIMENSION
        }
        fn embed(&self, _text: &str) -> std::result::Result<Vec<f32>, crate::embed::EmbedError> {
            let mut v = vec![0.0; self.dimension()];
            v[self.0 as usize] = 1.0;
            Ok(v)
        }
        fn version(&self) -> u32 {
            self.0
        }
    }

    #[test]
    fn stored_vectors_follow_the_embedder_version() {
        use std::sync::Arc;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("e.db");
        let body = |v: serde_json::Value| v.as_object().unwrap().clone();
        {
            let e = crate::Engine::with_embedder(Some(&path), Arc::new(Constant(1))).unwrap();
            e.memories_create(
                "a",
                body(serde_json::json!({"agent_id": "x", "content": "hello"})),
            )
            .unwrap();
        }
        let blob = |conn: &Connection| -> Vec<f32> {
            crate::embed::from_blob(
                &conn
                    .query_row("SELECT embedding FROM memories", [], |r| {
                        r.get::<_, Vec<u8>>(0)
                    })
                    .unwrap(),
            )
        };
        let conn = open(Some(&path)).unwrap();
        assert_eq!(blob(&conn)[1], 1.0);
        // Same identity: nothing to do. Another version: every vector is recomputed.
        assert!(!reembed(&conn, &Constant(1)).unwrap());
        assert!(reembed(&conn, &Constant(2)).unwrap());
        assert_eq!((blob(&conn)[1], blob(&conn)[2]), (0.0, 1.0));
        assert!(!reembed(&conn, &Constant(2)).unwrap());
    }
}
