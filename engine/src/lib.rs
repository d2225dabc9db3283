//! memoryrelay-engine: storage, embeddings, search and every resource semantic of the
//! MemoryRelay wire contract, without HTTP. The local server wraps it in axum; an offline
//! client mode can embed it directly.
//!
//! Every operation takes an account (an opaque string; the server derives it from the API key)
//! and request parameters as JSON maps, and returns a [`Reply`] (status + body) or an
//! [`Error`] that maps one-to-one onto a contract error status.

pub mod embed;
pub mod error;
pub mod idempotency;
pub mod params;
pub mod resources;
pub mod search;
pub mod storage;
pub mod util;

use std::path::Path;
use std::sync::Arc;

pub use embed::{Embedder, HashEmbedder};
pub use error::{Error, FieldError, Result};
pub use resources::Reply;
pub use storage::readers::read_only;

use storage::indexes::Indexes;
use storage::readers::ReaderPool;
use storage::writer::{WriterGuard, WriterSlot};

/// The engine over one of two storage backends:
/// - SQLite (the default): writes serialise on one connection (SQLite has one writer anyway,
///   and serialising keeps invariants such as get-or-create and uniqueness trivially atomic);
///   work marked [`read_only`] runs on read connections beside it when the database is a file;
///   memory search uses an in-process vector index per agent.
/// - PostgreSQL (with pgvector): a pool of connections; writers of one account serialise on a
///   transaction-scoped advisory lock, so any number of engines (server replicas) share one
///   database safely; search runs in SQL and nothing is cached in the process.
pub struct Engine {
    // Readers close before the writer: the last connection to close checkpoints the WAL.
    readers: Option<ReaderPool>,
    writer: WriterSlot,
    indexes: Arc<Indexes>,
    load_index: storage::tx::IndexLoader,
    embedder: Arc<dyn Embedder>,
    started: std::time::Instant,
}

impl Engine {
    /// Opens a database file, or an in-memory database when `path` is `None`.
    pub fn open(path: Option<&Path>) -> Result<Engine> {
        Self::with_embedder(path, Arc::new(HashEmbedder::default()))
    }

    pub fn with_embedder(path: Option<&Path>, embedder: Arc<dyn Embedder>) -> Result<Engine> {
        let conn = storage::open(path)?;
        storage::reembed(&conn, embedder.as_ref())?;
        Self::start(
            path.map(ReaderPool::new),
            WriterSlot::new(conn, Arc::default()),
            embedder,
        )
    }

    /// Connects to PostgreSQL (`postgres://user:pass@host:port/db`), creates or upgrades the
    /// schema (pgvector must be installable: `CREATE EXTENSION vector`) and keeps up to
    /// `max_connections` connections.
    pub fn open_postgres(
        url: &str,
        max_connections: usize,
        embedder: Arc<dyn Embedder>,
    ) -> Result<Engine> {
        let conn = storage::open_postgres(url)?;
        storage::reembed(&conn, embedder.as_ref())?;
        storage::pg_schema::ensure_vector_index(&conn, embedder.dimension())?;
        let url = url.to_string();
        // A database that cannot be reached now is a retryable 503, not an internal error.
        let opener: storage::writer::Opener = Box::new(move || {
            storage::pg::PgConn::connect(&url)
                .map(storage::db::Connection::Postgres)
                .map_err(|e| Error::Unavailable(format!("database unavailable: {e}")))
        });
        let writer = WriterSlot::pool(max_connections, Some(opener), Arc::default());
        writer.put_back(conn);
        Self::start(None, writer, embedder)
    }

    fn start(
        readers: Option<ReaderPool>,
        writer: WriterSlot,
        embedder: Arc<dyn Embedder>,
    ) -> Result<Engine> {
        let engine = Engine {
            readers,
            indexes: writer.indexes(),
            writer,
            load_index: resources::memories::load_index,
            embedder,
            started: std::time::Instant::now(),
        };
        // Async creates a previous process accepted but had not embedded yet.
        engine.resume_pending_memories()?;
        Ok(engine)
    }

    pub fn embedder(&self) -> &dyn Embedder {
        self.embedder.as_ref()
    }

    pub fn uptime_seconds(&self) -> u64 {
        self.started.elapsed().as_secs()
    }

    /// The write connection. A panic while holding it leaves SQLite consistent (the next
    /// transaction first rolls back the abandoned one), so there is no poisoning.
    pub(crate) fn lock(&self) -> Result<WriterGuard<'_>> {
        self.writer.lock()
    }

    /// Which storage backend this engine uses.
    pub fn backend(&self) -> storage::db::Backend {
        self.writer.backend()
    }

    /// Whether the database answers (for /v1/health).
    pub fn database_ok(&self) -> bool {
        self.lock().is_ok_and(|g| {
            g.conn
                .query_row("SELECT 1", [], |r| r.get::<_, i64>(0))
                .is_ok()
        })
    }
}

impl Engine {
    pub fn setting(&self, name: &str) -> Result<Option<String>> {
        use storage::db::OptionalExtension;
        Ok(self
            .lock()?
            .conn
            .query_row("SELECT value FROM settings WHERE name = ?1", [name], |r| {
                r.get(0)
            })
            .optional()?)
    }

    pub fn set_setting(&self, name: &str, value: &str) -> Result<()> {
        self.lock()?.conn.execute(
            "INSERT INTO settings (name, value) VALUES (?1, ?2) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            [name, value],
        )?;
        Ok(())
    }
}

impl Engine {
    /// Counts one request of `account` against a limit of `per_minute` in the current
    /// one-minute window (aligned to the clock), in the database so every replica sharing it
    /// counts together. `Ok(None)`: allowed; `Ok(Some(s))`: over the limit, retry in `s` seconds.
    pub fn rate_limit_take(&self, account: &str, per_minute: u32) -> Result<Option<u64>> {
        let t = util::now();
        let window = t - t.rem_euclid(60);
        let g = self.lock()?;
        let count: i64 = g.conn.query_row(
            "INSERT INTO rate_windows (account, window_start, count) VALUES (?1, ?2, 1) \
             ON CONFLICT (account, window_start) DO UPDATE SET count = rate_windows.count + 1 \
             RETURNING count",
            storage::db::params![account, window],
            |r| r.get(0),
        )?;
        // Old windows go now and then (the first request of a window cleans up).
        if count == 1 {
            g.conn.execute(
                "DELETE FROM rate_windows WHERE window_start < ?1",
                [window - 60],
            )?;
        }
        Ok((count > i64::from(per_minute)).then(|| (window + 60 - t).max(1) as u64))
    }
}
