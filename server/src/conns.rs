//! The open connections: how many, which are idle, and a way to close one. Lets the accept
//! loop keep a bound on open connections without locking out new clients: at the bound, the
//! connection idle the longest makes room; only when every connection has a request in
//! flight is the newcomer turned away.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use tokio::sync::Notify;

/// Closes one connection without a response when fired: an evicted idle connection, or
/// fault injection's `drop_after_commit`.
#[derive(Clone, Default)]
pub struct ConnKill(Arc<Notify>);

impl ConnKill {
    pub fn fire(&self) {
        self.0.notify_one();
    }

    /// Completes once `fire` has been called.
    pub async fn fired(&self) {
        self.0.notified().await
    }
}

/// What the accept loop and a connection share about that connection.
#[derive(Default)]
pub struct ConnState {
    /// Requests in flight.
    busy: AtomicUsize,
    /// Milliseconds since the registry's start at the last request start or end.
    last_active_ms: AtomicU64,
    pub kill: ConnKill,
}

pub struct Registry {
    max: usize,
    started: Instant,
    next_id: AtomicU64,
    open: Mutex<HashMap<u64, Arc<ConnState>>>,
}

/// A connection's place in the registry; leaving it (drop) frees the place.
pub struct Slot {
    registry: Arc<Registry>,
    id: u64,
    pub state: Arc<ConnState>,
}

impl Registry {
    pub fn new(max: usize) -> Arc<Registry> {
        Arc::new(Registry {
            max: max.max(1),
            started: Instant::now(),
            next_id: AtomicU64::new(0),
            open: Mutex::new(HashMap::new()),
        })
    }

    fn now_ms(&self) -> u64 {
        self.started.elapsed().as_millis() as u64
    }

    /// A place for a new connection, closing the longest-idle one at the bound; `None` when
    /// every open connection is busy.
    pub fn admit(self: &Arc<Self>) -> Option<Slot> {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        if open.len() >= self.max {
            let idlest = open
                .iter()
                .filter(|(_, c)| c.busy.load(Ordering::SeqCst) == 0)
                .min_by_key(|(id, c)| (c.last_active_ms.load(Ordering::Relaxed), **id))
                .map(|(id, _)| *id)?;
            if let Some(c) = open.remove(&idlest) {
                c.kill.fire();
            }
        }
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let state = Arc::new(ConnState::default());
        state.last_active_ms.store(self.now_ms(), Ordering::Relaxed);
        open.insert(id, state.clone());
        Some(Slot {
            registry: self.clone(),
            id,
            state,
        })
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.open.lock().unwrap_or_else(|e| e.into_inner()).len()
    }
}

impl Slot {
    /// Marks a request in flight until the returned guard drops.
    pub fn request(&self) -> Busy {
        self.state.busy.fetch_add(1, Ordering::SeqCst);
        Busy {
            registry: self.registry.clone(),
            state: self.state.clone(),
        }
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.registry
            .open
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&self.id);
    }
}

pub struct Busy {
    registry: Arc<Registry>,
    state: Arc<ConnState>,
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.state
            .last_active_ms
            .store(self.registry.now_ms(), Ordering::Relaxed);
        self.state.busy.fetch_sub(1, Ordering::SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_the_bound_the_idlest_connection_makes_room_unless_all_are_busy() {
        let r = Registry::new(2);
        let a = r.admit().unwrap();
        let b = r.admit().unwrap();
        let _busy_b = b.request();
        // a is idle: it is closed for c.
        let c = r.admit().unwrap();
        assert_eq!(r.len(), 2);
        drop(a); // its task ends after the kill; removing it again is harmless
        let _busy_c = c.request();
        assert!(r.admit().is_none(), "every connection busy: refuse");
        assert_eq!(r.len(), 2);
    }
}
