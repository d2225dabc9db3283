//! The write connections: one for SQLite (it has one writer anyway, and serialising keeps
//! invariants such as get-or-create trivially atomic), a bounded pool for PostgreSQL (where an
//! advisory lock per account gives the same serialisation across replicas). Each connection is
//! held by one thread at a time.
//!
//! Unlike a plain `Mutex`, the thread that holds it can lend it to nested engine calls on the
//! same thread: an idempotent request runs its handler (which opens its own transaction) inside
//! the transaction that also stores the idempotency record, so both commit together
//! (`crate::idempotency`). A nested `lock()` on another thread waits as usual.

use std::cell::RefCell;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};

use crate::error::Result;
use crate::storage::db::Connection;

use crate::storage::indexes::Indexes;
use crate::storage::pending::Unit;

/// What the holder of the write connection owns.
pub(crate) struct Inner {
    pub conn: Connection,
    /// Set while an outer unit of work (an idempotent request) has its transaction open:
    /// nested transactions then become savepoints and hand their index changes to it.
    pub unit: Option<Unit>,
    /// The engine's shared indexes (also reachable here, so code holding the write connection
    /// can drop indexes that may hold a rolled-back transaction's rows).
    pub indexes: WriterIndexes,
}

/// The shared indexes as seen by the holder of the write connection.
pub(crate) struct WriterIndexes(Arc<Indexes>);

impl WriterIndexes {
    /// Drops every loaded index (they reload lazily). Takes `&mut` as only the holder of the
    /// write connection may do it.
    pub fn clear(&mut self) {
        self.0.clear();
    }
}

/// Opens one more write connection (PostgreSQL pools grow on demand).
pub(crate) type Opener = Box<dyn Fn() -> Result<Connection> + Send + Sync>;

pub(crate) struct WriterSlot {
    id: usize,
    slot: Mutex<Slot>,
    returned: Condvar,
    indexes: Arc<Indexes>,
    max: usize,
    open: Option<Opener>,
}

struct Slot {
    idle: Vec<Inner>,
    /// Connections in existence (idle or held).
    count: usize,
}

thread_local! {
    /// Write connections lent by an outer holder on this thread, by slot id.
    static LENT: RefCell<Vec<(usize, Inner)>> = const { RefCell::new(Vec::new()) };
}

static NEXT_ID: AtomicUsize = AtomicUsize::new(1);

impl WriterSlot {
    /// The single SQLite write connection.
    pub fn new(conn: Connection, indexes: Arc<Indexes>) -> WriterSlot {
        let slot = WriterSlot::pool(1, None, indexes);
        slot.put_back(conn);
        slot
    }

    /// Up to `max` connections, opened by `open` when all are busy.
    pub fn pool(max: usize, open: Option<Opener>, indexes: Arc<Indexes>) -> WriterSlot {
        WriterSlot {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            slot: Mutex::new(Slot {
                idle: Vec::new(),
                count: 0,
            }),
            returned: Condvar::new(),
            indexes,
            max: max.max(1),
            open,
        }
    }

    fn inner(&self, conn: Connection) -> Inner {
        Inner {
            conn,
            unit: None,
            indexes: WriterIndexes(self.indexes.clone()),
        }
    }

    /// Takes a write connection: the one lent on this thread, else an idle one, else a new one
    /// (below the pool's size), else waits.
    pub fn lock(&self) -> Result<WriterGuard<'_>> {
        if let Some(inner) = take_lent(self.id) {
            return Ok(WriterGuard {
                slot: self,
                inner: Some(inner),
                lent: true,
            });
        }
        // The slot's mutex only guards the hand-over; a panic cannot leave it inconsistent.
        let mut g = self.slot.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if let Some(inner) = g.idle.pop() {
                if !inner.conn.is_usable() {
                    // Lost while idle (database restart, terminated backend): open another.
                    g.count -= 1;
                    continue;
                }
                return Ok(WriterGuard {
                    slot: self,
                    inner: Some(inner),
                    lent: false,
                });
            }
            if let Some(open) = self.open.as_ref().filter(|_| g.count < self.max) {
                g.count += 1;
                drop(g);
                return match open() {
                    Ok(conn) => Ok(WriterGuard {
                        slot: self,
                        inner: Some(self.inner(conn)),
                        lent: false,
                    }),
                    Err(e) => {
                        self.forget_one();
                        Err(e)
                    }
                };
            }
            g = self.returned.wait(g).unwrap_or_else(|e| e.into_inner());
        }
    }

    /// Adds an already open connection to the pool.
    pub fn put_back(&self, conn: Connection) {
        let inner = self.inner(conn);
        let mut g = self.slot.lock().unwrap_or_else(|e| e.into_inner());
        g.idle.push(inner);
        g.count += 1;
        drop(g);
        self.returned.notify_one();
    }

    pub fn indexes(&self) -> Arc<Indexes> {
        self.indexes.clone()
    }

    /// The backend of the pool's connections (a pool holds one kind).
    pub fn backend(&self) -> crate::storage::db::Backend {
        if self.open.is_some() {
            crate::storage::db::Backend::Postgres
        } else {
            crate::storage::db::Backend::Sqlite
        }
    }

    fn forget_one(&self) {
        self.slot.lock().unwrap_or_else(|e| e.into_inner()).count -= 1;
        self.returned.notify_one();
    }
}

fn take_lent(id: usize) -> Option<Inner> {
    LENT.with(|l| {
        let mut l = l.borrow_mut();
        let i = l.iter().position(|(k, _)| *k == id)?;
        Some(l.swap_remove(i).1)
    })
}

fn put_lent(id: usize, inner: Inner) {
    LENT.with(|l| l.borrow_mut().push((id, inner)));
}

/// The write connection while held. Dropping it (also while unwinding) gives it back.
pub(crate) struct WriterGuard<'a> {
    slot: &'a WriterSlot,
    inner: Option<Inner>,
    lent: bool,
}

impl WriterGuard<'_> {
    /// Runs `f` with the connection lent to nested `lock()` calls on this thread, then takes
    /// it back (also when `f` panics).
    pub fn lend<T>(&mut self, f: impl FnOnce() -> T) -> T {
        struct TakeBack<'g, 'a>(&'g mut WriterGuard<'a>);
        impl Drop for TakeBack<'_, '_> {
            fn drop(&mut self) {
                self.0.inner = take_lent(self.0.slot.id);
            }
        }
        let inner = self.inner.take().expect("held");
        put_lent(self.slot.id, inner);
        let back = TakeBack(self);
        let out = f();
        drop(back);
        out
    }
}

impl std::ops::Deref for WriterGuard<'_> {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        self.inner.as_ref().expect("held")
    }
}

impl std::ops::DerefMut for WriterGuard<'_> {
    fn deref_mut(&mut self) -> &mut Inner {
        self.inner.as_mut().expect("held")
    }
}

impl Drop for WriterGuard<'_> {
    fn drop(&mut self) {
        let Some(inner) = self.inner.take() else {
            return;
        };
        if self.lent {
            put_lent(self.slot.id, inner);
        } else {
            if !inner.conn.is_usable() {
                // A lost PostgreSQL connection: the next lock opens a fresh one.
                drop(inner);
                self.slot.forget_one();
                return;
            }
            self.slot
                .slot
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .idle
                .push(inner);
            self.slot.returned.notify_one();
        }
    }
}
