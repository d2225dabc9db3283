//! Read-only connections to a database file, so reads run beside the one writer instead of
//! queueing behind it (WAL: a reader sees the last committed state and never blocks the
//! writer, nor is blocked by it).
//!
//! A caller marks work as read-only with [`read_only`]; the engine's transaction boundary then
//! takes one of these connections instead of the write connection. An in-memory database has
//! no readers (a second connection would be another database): there everything uses the
//! writer.

use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex};
use std::time::Duration;

use rusqlite::OpenFlags;

use crate::storage::db::Connection;

use crate::error::Result;

/// Upper bound of open read connections; callers beyond it wait for one to come back.
/// Reads are short and CPU-bound, so more than a few per core only costs memory.
pub const MAX_READERS: usize = 8;

thread_local! {
    static READ_ONLY: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f` with the engine's operations on this thread marked read-only: they use a read
/// connection when the database has them. An operation that tries to write there fails with
/// an error rather than writing, so only mark work that never writes.
pub fn read_only<T>(f: impl FnOnce() -> T) -> T {
    struct Reset(bool);
    impl Drop for Reset {
        fn drop(&mut self) {
            READ_ONLY.with(|r| r.set(self.0));
        }
    }
    let _reset = Reset(READ_ONLY.with(|r| r.replace(true)));
    f()
}

pub(crate) fn reading() -> bool {
    READ_ONLY.with(Cell::get)
}

pub(crate) struct ReaderPool {
    path: PathBuf,
    state: Mutex<PoolState>,
    returned: Condvar,
}

struct PoolState {
    idle: Vec<Connection>,
    open: usize,
}

impl ReaderPool {
    pub fn new(path: &Path) -> ReaderPool {
        ReaderPool {
            path: path.to_path_buf(),
            state: Mutex::new(PoolState {
                idle: Vec::new(),
                open: 0,
            }),
            returned: Condvar::new(),
        }
    }

    /// An idle read connection, a new one while fewer than `MAX_READERS` are open, else the
    /// next one given back.
    pub fn get(&self) -> Result<PooledReader<'_>> {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if let Some(conn) = s.idle.pop() {
                return Ok(PooledReader {
                    pool: self,
                    conn: Some(conn),
                });
            }
            if s.open < MAX_READERS {
                s.open += 1;
                drop(s);
                return match open_reader(&self.path) {
                    Ok(conn) => Ok(PooledReader {
                        pool: self,
                        conn: Some(conn),
                    }),
                    Err(e) => {
                        self.state.lock().unwrap_or_else(|e| e.into_inner()).open -= 1;
                        self.returned.notify_one();
                        Err(e)
                    }
                };
            }
            s = self.returned.wait(s).unwrap_or_else(|e| e.into_inner());
        }
    }
}

fn open_reader(path: &Path) -> Result<Connection> {
    let conn = rusqlite::Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(Duration::from_secs(5))?;
    Ok(Connection::Sqlite(conn))
}

pub(crate) struct PooledReader<'a> {
    pool: &'a ReaderPool,
    conn: Option<Connection>,
}

impl std::ops::Deref for PooledReader<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        self.conn.as_ref().expect("pooled")
    }
}

impl Drop for PooledReader<'_> {
    fn drop(&mut self) {
        let Some(conn) = self.conn.take() else {
            return;
        };
        let mut s = self.pool.state.lock().unwrap_or_else(|e| e.into_inner());
        if conn.is_autocommit() {
            s.idle.push(conn);
        } else {
            // A read left open by a panic: drop the connection rather than reuse its snapshot.
            s.open -= 1;
        }
        drop(s);
        self.pool.returned.notify_one();
    }
}
