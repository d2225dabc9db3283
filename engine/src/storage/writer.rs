//! The one write connection, held by one thread at a time.
//!
//! Unlike a plain `Mutex`, the thread that holds it can lend it to nested engine calls on the
//! same thread: an idempotent request runs its handler (which opens its own transaction) inside
//! the transaction that also stores the idempotency record, so both commit together
//! (`crate::idempotency`). A nested `lock()` on another thread waits as usual.

use std::cell::RefCell;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};

use rusqlite::Connection;

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

pub(crate) struct WriterSlot {
    id: usize,
    slot: Mutex<Option<Inner>>,
    returned: Condvar,
}

thread_local! {
    /// Write connections lent by an outer holder on this thread, by slot id.
    static LENT: RefCell<Vec<(usize, Inner)>> = const { RefCell::new(Vec::new()) };
}

static NEXT_ID: AtomicUsize = AtomicUsize::new(1);

impl WriterSlot {
    pub fn new(conn: Connection, indexes: Arc<Indexes>) -> WriterSlot {
        WriterSlot {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            slot: Mutex::new(Some(Inner {
                conn,
                unit: None,
                indexes: WriterIndexes(indexes),
            })),
            returned: Condvar::new(),
        }
    }

    /// Takes the write connection: the one lent on this thread, else waits for it.
    pub fn lock(&self) -> WriterGuard<'_> {
        if let Some(inner) = take_lent(self.id) {
            return WriterGuard {
                slot: self,
                inner: Some(inner),
                lent: true,
            };
        }
        // The slot's mutex only guards the hand-over; a panic cannot leave it inconsistent.
        let mut g = self.slot.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if let Some(inner) = g.take() {
                return WriterGuard {
                    slot: self,
                    inner: Some(inner),
                    lent: false,
                };
            }
            g = self.returned.wait(g).unwrap_or_else(|e| e.into_inner());
        }
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
            *self.slot.slot.lock().unwrap_or_else(|e| e.into_inner()) = Some(inner);
            self.slot.returned.notify_one();
        }
    }
}
