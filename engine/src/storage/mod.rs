//! SQLite storage: opening, pragmas and migrations.

pub mod schema;

use std::path::Path;

use rusqlite::{params, Connection};

use crate::error::Result;

/// Opens (creating if needed) the database and brings its schema up to date.
pub fn open(path: Option<&Path>) -> Result<Connection> {
    let conn = match path {
        Some(p) => Connection::open(p)?,
        None => Connection::open_in_memory()?,
    };
    // WAL lets readers of the file (backups, sqlite3 shell) coexist with the server; NORMAL
    // sync is durable across process crashes, which is what a local server needs.
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    migrate(&conn)?;
    Ok(conn)
}

/// Applies every migration not yet recorded, in order, each in its own transaction.
pub fn migrate(conn: &Connection) -> Result<Vec<i64>> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
             version INTEGER PRIMARY KEY,
             name TEXT NOT NULL,
             applied_at INTEGER NOT NULL
         )",
    )?;
    let mut applied = Vec::new();
    for (version, name, sql) in schema::MIGRATIONS {
        let done: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE version = ?1)",
            [version],
            |r| r.get(0),
        )?;
        if done {
            continue;
        }
        conn.execute_batch("BEGIN IMMEDIATE")?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_apply_once_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let conn = Connection::open(&path).unwrap();
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
}
