//! The registry of in-flight asynchronous calls of one handle.
//!
//! It arbitrates the race between a call finishing and `mr_cancel`: whoever removes the call's
//! entry first decides its outcome. A call whose entry was taken by `mr_cancel` (or by
//! `mr_client_free`) reports `MR_CANCELLED` even if its HTTP exchange had just completed, so
//! "`mr_cancel` returned `MR_OK`" always means "the callback sees `MR_CANCELLED`".
//! It also counts running tasks so that `mr_client_free` can wait until every callback returned.

use std::collections::HashMap;
use std::sync::{Condvar, Mutex, MutexGuard};

use tokio::sync::oneshot;

#[derive(Default)]
pub(crate) struct Inflight {
    state: Mutex<State>,
    /// Signalled whenever `running` drops to zero.
    idle: Condvar,
}

#[derive(Default)]
struct State {
    /// Last request id handed out; ids start at 1 so that 0 can mean "not started".
    last_id: u64,
    /// Cancel signal per in-flight call; sending (or dropping) the sender cancels the call.
    cancels: HashMap<u64, oneshot::Sender<()>>,
    /// Tasks spawned and whose callback has not yet returned.
    running: usize,
    /// Set by `mr_client_free`: no new calls start.
    closing: bool,
}

impl Inflight {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A poisoned lock only means a panic happened while it was held; the state itself is
        // always left consistent (single-field updates), so keep going.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Registers a new call; returns its id and the receiver that fires on cancellation, or
    /// `None` when the handle is being freed.
    pub(crate) fn register(&self) -> Option<(u64, oneshot::Receiver<()>)> {
        let mut state = self.lock();
        if state.closing {
            return None;
        }
        state.last_id += 1;
        let id = state.last_id;
        let (tx, rx) = oneshot::channel();
        state.cancels.insert(id, tx);
        state.running += 1;
        Some((id, rx))
    }

    /// Called by a finished call before its callback: true if it still owned its entry (its
    /// own outcome stands), false if a cancel took it first (it must report CANCELLED).
    pub(crate) fn claim(&self, id: u64) -> bool {
        self.lock().cancels.remove(&id).is_some()
    }

    /// Called after the callback returned.
    pub(crate) fn finished(&self) {
        let mut state = self.lock();
        state.running -= 1;
        if state.running == 0 {
            self.idle.notify_all();
        }
    }

    /// `mr_cancel`: true if the call was in flight and is now cancelled.
    pub(crate) fn cancel(&self, id: u64) -> bool {
        let sender = self.lock().cancels.remove(&id);
        match sender {
            // The receiver may already be gone if the task is past its select; the task then
            // fails to claim its entry and reports CANCELLED all the same.
            Some(tx) => {
                let _ = tx.send(());
                true
            }
            None => false,
        }
    }

    /// Stops new calls and cancels every in-flight one.
    pub(crate) fn cancel_all(&self) {
        let senders: Vec<_> = {
            let mut state = self.lock();
            state.closing = true;
            state.cancels.drain().map(|(_, tx)| tx).collect()
        };
        for tx in senders {
            let _ = tx.send(());
        }
    }

    /// `cancel_all`, then blocks until every callback has returned.
    pub(crate) fn cancel_all_and_wait(&self) {
        self.cancel_all();
        let mut state = self.lock();
        while state.running > 0 {
            state = self.idle.wait(state).unwrap_or_else(|e| e.into_inner());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_start_at_one_and_cancel_wins_the_race() {
        let inflight = Inflight::default();
        let (a, _rx_a) = inflight.register().unwrap();
        let (b, mut rx_b) = inflight.register().unwrap();
        assert_eq!((a, b), (1, 2));
        assert!(inflight.cancel(b));
        assert!(rx_b.try_recv().is_ok(), "cancel signal delivered");
        assert!(!inflight.cancel(b), "second cancel finds nothing");
        assert!(
            !inflight.claim(b),
            "the finished call must report CANCELLED"
        );
        assert!(inflight.claim(a), "an uncancelled call keeps its outcome");
        assert!(!inflight.cancel(a), "a finished call cannot be cancelled");
        inflight.finished();
        inflight.finished();
        inflight.cancel_all_and_wait(); // returns at once: nothing running
        assert!(inflight.register().is_none(), "closed");
    }
}
