//! The runtime policy of the shared library, in one place.
//!
//! A connection belongs to the runtime whose reactor registered it, so a core `Client` is only
//! ever used on the runtime it was built in. Two cases, nothing else:
//!
//! - **The shared runtime**: one process-wide multi-thread runtime (two workers named
//!   `memoryrelay-worker`), started with the first client and stopped when the last client is
//!   released (each client holds a counted [`Shared`] reference), runs every call of the C ABI
//!   (`mr_call` blocks the calling thread on it, `mr_call_async` spawns on it) and UniFFI's async
//!   exports (spawned there, awaited from the foreign executor; dropping the awaiting future
//!   aborts the task and its HTTP exchange). Clients for them are built inside it. Callbacks run
//!   on its workers, so a callback that blocks slows every client of the process: they must
//!   return quickly (docs/c-abi.md).
//! - **The calling thread's runtime**: UniFFI's blocking calls (`call_blocking`, what Python's
//!   sync client uses) run on a current-thread runtime owned by the calling thread, with a core
//!   client kept in that thread's local storage (`uniffi_api/client.rs`). The thread then does
//!   the whole exchange itself, with no hand-off to workers and back (most of the CPU a loopback
//!   request costs, docs/uniffi.md). Both are freed with the thread.
//!
//! The pure Rust crate has its own, separate choice for Rust users (`BlockingClient` owns a
//! one-worker runtime, like `reqwest::blocking`); nothing here uses it.
//!
//! A panic inside a call becomes INTERNAL, not a crash.

use std::cell::OnceCell;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex, PoisonError, Weak};

use futures_util::FutureExt;

use tokio::runtime::{Handle, Runtime};
use tokio::task::{AbortHandle, JoinError};

use memoryrelay_core::{Error, ErrorCode};

/// A counted reference to the shared runtime.
#[derive(Clone)]
pub(crate) struct Shared(Arc<Owned>);

/// The runtime itself; stopped when the last [`Shared`] goes.
struct Owned(Option<Runtime>);

impl Drop for Owned {
    fn drop(&mut self) {
        if let Some(rt) = self.0.take() {
            if Handle::try_current().is_ok() {
                // Dropping a runtime inside an async context panics (it blocks to stop its
                // workers): do it on a thread of its own.
                std::thread::spawn(move || drop(rt));
            } else {
                drop(rt);
            }
        }
    }
}

/// The shared runtime, started if no client holds it.
pub(crate) fn acquire() -> Result<Shared, Error> {
    static CURRENT: Mutex<Weak<Owned>> = Mutex::new(Weak::new());
    let mut current = CURRENT.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(owned) = current.upgrade() {
        return Ok(Shared(owned));
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        // Two workers: calls are I/O-bound and the host process has its own threads; two keep
        // I/O moving while one runs a slow callback.
        .worker_threads(2)
        .thread_name("memoryrelay-worker")
        .enable_all()
        .build()
        .map_err(|e| Error::new(ErrorCode::Internal, format!("cannot start a runtime: {e}")))?;
    let owned = Arc::new(Owned(Some(rt)));
    *current = Arc::downgrade(&owned);
    Ok(Shared(owned))
}

impl Shared {
    fn runtime(&self) -> &Runtime {
        self.0 .0.as_ref().expect("present until dropped")
    }

    /// Runs `f` with the runtime entered (to build a client that will run on it).
    pub(crate) fn enter<T>(&self, f: impl FnOnce() -> T) -> T {
        let _guard = self.runtime().enter();
        f()
    }

    /// Spawns a task (the C ABI's async calls).
    pub(crate) fn spawn_task<F>(&self, fut: F)
    where
        F: Future<Output = ()> + Send + 'static,
    {
        self.runtime().spawn(fut);
    }

    /// Runs `fut` with the calling thread blocked (the C ABI's sync calls).
    pub(crate) fn block_on<F: Future>(&self, fut: F) -> F::Output {
        self.runtime().block_on(fut)
    }

    /// Runs `fut` on the runtime and awaits it from any executor (UniFFI's async exports).
    pub(crate) async fn spawn<T, F>(&self, fut: F) -> Result<T, Error>
    where
        F: Future<Output = Result<T, Error>> + Send + 'static,
        T: Send + 'static,
    {
        let task = self.runtime().spawn(fut);
        let _abort = AbortOnDrop(task.abort_handle());
        task.await.unwrap_or_else(|e| Err(join_error(e)))
    }
}

/// Aborts the task when the awaiting future is dropped before the task finished.
struct AbortOnDrop(AbortHandle);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

fn join_error(e: JoinError) -> Error {
    if e.is_cancelled() {
        Error::new(ErrorCode::Cancelled, "the call was cancelled")
    } else {
        Error::new(ErrorCode::Internal, "internal error: the call panicked")
    }
}

thread_local! {
    static LOCAL: OnceCell<Runtime> = const { OnceCell::new() };
}

fn inside_runtime() -> Result<(), Error> {
    if Handle::try_current().is_ok() {
        // Blocking a runtime thread would stall every call on it (and tokio would panic);
        // refuse with a clear error instead.
        return Err(Error::invalid_argument(
            "a blocking call was made from inside an async runtime; use the async method",
        ));
    }
    Ok(())
}

/// Runs `f` inside the calling thread's own current-thread runtime.
fn with_local<T>(f: impl FnOnce(&Runtime) -> T) -> Result<T, Error> {
    inside_runtime()?;
    LOCAL.with(|cell| {
        if cell.get().is_none() {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| {
                    Error::new(ErrorCode::Internal, format!("cannot start a runtime: {e}"))
                })?;
            let _ = cell.set(rt);
        }
        Ok(f(cell.get().expect("set above")))
    })
}

/// Runs `f` with the calling thread's runtime entered (to build a per-thread client).
pub(crate) fn enter_local<T>(f: impl FnOnce() -> T) -> Result<T, Error> {
    with_local(|rt| {
        let _guard = rt.enter();
        f()
    })
}

/// Runs `fut` to completion on the calling thread's runtime.
pub(crate) fn block_on_local<T, F>(fut: F) -> Result<T, Error>
where
    F: Future<Output = Result<T, Error>>,
{
    with_local(|rt| {
        rt.block_on(AssertUnwindSafe(fut).catch_unwind())
            .unwrap_or_else(|_| {
                Err(Error::new(
                    ErrorCode::Internal,
                    "internal error: the call panicked",
                ))
            })
    })?
}
