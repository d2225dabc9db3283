//! The transaction boundary every resource operation goes through ([`Engine::tx`]).
//!
//! - A write runs in one `BEGIN IMMEDIATE` transaction on the write connection; index changes
//!   are applied after COMMIT, and an error rolls everything back (§3.2 atomicity).
//! - Inside an outer unit of work ([`Engine::unit`], used for Idempotency-Key requests) the
//!   same operation runs in a savepoint of the unit's transaction, and its index changes wait
//!   for the unit's COMMIT.
//! - Work marked [`crate::read_only`] runs on a read connection of a file database, beside the
//!   writer.

use std::collections::HashMap;

use crate::embed::Embedder;
use crate::error::{Error, Result};
use crate::storage::db::Connection;
use crate::storage::indexes::{IndexHandle, IndexKey, Indexes};
pub(crate) use crate::storage::pending::IndexOp;
use crate::storage::pending::Unit;
use crate::storage::readers::reading;
use crate::storage::writer::Inner;
use crate::Engine;

/// Builds one agent's index from the rows a connection sees (the memories resource provides
/// it; passed in so storage does not depend on resources).
pub(crate) type IndexLoader =
    fn(&Connection, usize, &str) -> Result<crate::search::index::AgentIndex>;

enum Source<'a> {
    /// On the write connection: indexes loaded here may hold uncommitted rows, so they stay
    /// private to the transaction until it commits.
    Writer {
        shared: &'a Indexes,
        loaded: HashMap<IndexKey, IndexHandle>,
    },
    /// On a read connection: only published indexes; a missing one is loaded under the writer.
    Reader { engine: &'a Engine },
    /// On PostgreSQL: no in-process index (another replica could make it stale); search runs
    /// in SQL.
    Database,
}

/// Everything an operation needs while its transaction is open.
pub(crate) struct Ctx<'a> {
    pub conn: &'a Connection,
    pub embedder: &'a dyn Embedder,
    pub account: &'a str,
    pub ops: Vec<IndexOp>,
    load_index: IndexLoader,
    source: Source<'a>,
}

impl Ctx<'_> {
    /// Loads (if needed) and returns the index of one agent.
    pub fn index(&mut self, agent: &str) -> Result<IndexHandle> {
        let key = (self.account.to_string(), agent.to_string());
        match &mut self.source {
            Source::Writer { shared, loaded } => {
                if let Some(h) = loaded.get(&key).cloned().or_else(|| shared.get(&key)) {
                    return Ok(h);
                }
                let idx = (self.load_index)(self.conn, self.embedder.dimension(), agent)?;
                let h = IndexHandle::new(idx);
                loaded.insert(key, h.clone());
                Ok(h)
            }
            Source::Reader { engine } => match engine.indexes.get(&key) {
                Some(h) => Ok(h),
                None => engine.load_published_index(key),
            },
            Source::Database => Err(Error::Internal(
                "no in-memory index on PostgreSQL: search runs in SQL".into(),
            )),
        }
    }
}

impl Engine {
    /// Runs `f` in one transaction (see the module comment). On success the index changes are
    /// applied after COMMIT; on error everything is rolled back, so a failed request changes
    /// nothing.
    pub(crate) fn tx<T>(
        &self,
        account: &str,
        f: impl FnOnce(&mut Ctx<'_>) -> Result<T>,
    ) -> Result<T> {
        if reading() {
            if let Some(pool) = &self.readers {
                return self.read_tx(pool, account, f);
            }
        }
        let mut guard = self.lock()?;
        let Inner { conn, unit, .. } = &mut *guard;
        let nested = unit.is_some();
        let postgres = conn.is_postgres();
        if postgres && !nested && reading() {
            return self.pg_read_tx(conn, account, f);
        }
        if !nested && !conn.is_autocommit() {
            // A panic in an earlier operation left its transaction open: undo it, and drop
            // indexes that may hold its uncommitted rows.
            let _ = conn.execute_batch("ROLLBACK");
            self.indexes.clear();
        }
        conn.execute_batch(if nested {
            "SAVEPOINT engine_tx"
        } else {
            "BEGIN IMMEDIATE"
        })?;
        if postgres {
            if let Err(e) = lock_account(conn, account) {
                let _ = conn.execute_batch(if nested {
                    "ROLLBACK TO engine_tx; RELEASE engine_tx"
                } else {
                    "ROLLBACK"
                });
                return Err(e);
            }
        }
        let mut ctx = Ctx {
            conn,
            embedder: self.embedder.as_ref(),
            account,
            ops: Vec::new(),
            load_index: self.load_index,
            source: if postgres {
                Source::Database
            } else {
                Source::Writer {
                    shared: &self.indexes,
                    loaded: HashMap::new(),
                }
            },
        };
        let result = f(&mut ctx);
        let ops = std::mem::take(&mut ctx.ops);
        let loaded = match ctx.source {
            Source::Writer { loaded, .. } => loaded,
            Source::Database => HashMap::new(),
            Source::Reader { .. } => unreachable!("built as a writer"),
        };
        if let Some(unit) = unit {
            return match result {
                Ok(v) => {
                    conn.execute_batch("RELEASE engine_tx")?;
                    unit.ops.extend(ops);
                    unit.loaded.extend(loaded);
                    Ok(v)
                }
                Err(e) => {
                    let _ = conn.execute_batch("ROLLBACK TO engine_tx; RELEASE engine_tx");
                    Err(e)
                }
            };
        }
        let result =
            result.and_then(|v| conn.execute_batch("COMMIT").map(|_| v).map_err(Error::from));
        match result {
            Ok(v) => {
                self.publish(loaded, ops);
                Ok(v)
            }
            Err(e) => {
                let _ = conn.execute_batch("ROLLBACK");
                Err(e)
            }
        }
    }

    fn read_tx<T>(
        &self,
        pool: &crate::storage::readers::ReaderPool,
        account: &str,
        f: impl FnOnce(&mut Ctx<'_>) -> Result<T>,
    ) -> Result<T> {
        let conn = pool.get()?;
        // One snapshot for the whole operation (counts and pages agree).
        conn.execute_batch("BEGIN")?;
        let mut ctx = Ctx {
            conn: &conn,
            embedder: self.embedder.as_ref(),
            account,
            ops: Vec::new(),
            load_index: self.load_index,
            source: Source::Reader { engine: self },
        };
        let result = f(&mut ctx);
        let wrote = !ctx.ops.is_empty();
        let _ = conn.execute_batch("COMMIT");
        if wrote && result.is_ok() {
            return Err(Error::Internal(
                "a read-only operation tried to change the index".into(),
            ));
        }
        result
    }

    /// A read-only operation on PostgreSQL: one snapshot, no lock (writers never wait for it).
    fn pg_read_tx<T>(
        &self,
        conn: &Connection,
        account: &str,
        f: impl FnOnce(&mut Ctx<'_>) -> Result<T>,
    ) -> Result<T> {
        if let Connection::Postgres(pg) = conn {
            if pg.in_transaction() {
                let _ = conn.execute_batch("ROLLBACK");
            }
            pg.begin_read()?;
        }
        let mut ctx = Ctx {
            conn,
            embedder: self.embedder.as_ref(),
            account,
            ops: Vec::new(),
            load_index: self.load_index,
            source: Source::Database,
        };
        let result = f(&mut ctx);
        let _ = conn.execute_batch("COMMIT");
        result
    }

    /// Loads an index that no reader has published yet, under the write connection (so no
    /// commit can slip between the load and the publication), and publishes it.
    fn load_published_index(&self, key: IndexKey) -> Result<IndexHandle> {
        let guard = self.lock()?;
        if let Some(h) = self.indexes.get(&key) {
            return Ok(h);
        }
        let idx = (self.load_index)(&guard.conn, self.embedder.dimension(), &key.1)?;
        let h = IndexHandle::new(idx);
        // Only an index read outside any transaction equals the committed rows.
        if guard.conn.is_autocommit() {
            self.indexes.insert(key, h.clone());
        }
        Ok(h)
    }

    /// Makes committed changes visible: indexes loaded in the transaction first, then the
    /// changes in order. Called with the write connection held, after COMMIT.
    pub(crate) fn publish(&self, loaded: HashMap<IndexKey, IndexHandle>, ops: Vec<IndexOp>) {
        for (key, h) in loaded {
            self.indexes.insert(key, h);
        }
        for op in ops {
            match op {
                IndexOp::Upsert {
                    account,
                    agent,
                    seq,
                    vector,
                    content,
                    metadata,
                } => {
                    // Only loaded indexes are maintained; others load fresh from SQLite later.
                    if let Some(idx) = self.indexes.get(&(account, agent)) {
                        idx.write().upsert(
                            seq,
                            &vector,
                            crate::embed::text::term_set(&content),
                            &metadata,
                        );
                    }
                }
                IndexOp::Remove {
                    account,
                    agent,
                    seq,
                } => {
                    if let Some(idx) = self.indexes.get(&(account, agent)) {
                        idx.write().remove(seq);
                    }
                }
                IndexOp::DropAgent { account, agent } => {
                    self.indexes.remove(&(account, agent));
                }
            }
        }
    }

    /// Runs `f` as one unit of work: every engine transaction it makes on this thread joins
    /// one outer transaction, and `finish` runs inside that transaction too, before COMMIT,
    /// with what `f` returned. Nothing of it is visible until the COMMIT, and after a crash
    /// either all of it or none of it is in the database.
    /// On PostgreSQL the unit holds the account's lock from its start, so a retry of the same
    /// request on another replica waits for it and then finds its record.
    pub(crate) fn unit<T>(
        &self,
        account: &str,
        f: impl FnOnce() -> T,
        finish: impl FnOnce(&Connection, &T) -> Result<()>,
    ) -> Result<T> {
        let mut guard = self.lock()?;
        if guard.unit.is_some() {
            return Err(Error::Internal("units of work do not nest".into()));
        }
        if !guard.conn.is_autocommit() {
            let _ = guard.conn.execute_batch("ROLLBACK");
            self.indexes.clear();
        }
        guard.conn.execute_batch("BEGIN IMMEDIATE")?;
        if guard.conn.is_postgres() {
            if let Err(e) = lock_account(&guard.conn, account) {
                let _ = guard.conn.execute_batch("ROLLBACK");
                return Err(e);
            }
        }
        guard.unit = Some(Unit::default());
        let out = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| guard.lend(f))) {
            Ok(out) => out,
            Err(panic) => {
                guard.unit = None;
                let _ = guard.conn.execute_batch("ROLLBACK");
                std::panic::resume_unwind(panic)
            }
        };
        let unit = guard.unit.take().expect("set above");
        let done = finish(&guard.conn, &out)
            .and_then(|_| guard.conn.execute_batch("COMMIT").map_err(Error::from));
        match done {
            Ok(()) => {
                self.publish(unit.loaded, unit.ops);
                Ok(out)
            }
            Err(e) => {
                let _ = guard.conn.execute_batch("ROLLBACK");
                Err(e)
            }
        }
    }
}

/// Serialises writers of one account across every connection and replica until the
/// transaction ends (PostgreSQL's transaction-scoped advisory lock; re-entrant in a session).
/// Everything the contract makes atomic (uniqueness, get-or-create, supersede, adopt,
/// idempotency) is scoped to one account.
pub(crate) fn lock_account(conn: &Connection, account: &str) -> Result<()> {
    conn.execute(
        "SELECT pg_advisory_xact_lock(hashtextextended(?1, 0))",
        [account],
    )?;
    Ok(())
}
