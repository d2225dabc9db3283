//! The tokio runtimes that run UniFFI calls.
//!
//! A connection belongs to the runtime whose reactor registered it, so a core `Client` must
//! only ever be used on one runtime.
//!
//! - **Async exports** run on one shared multi-thread runtime: the export spawns the call there
//!   and awaits the task's handle from the foreign executor. Dropping the awaiting future (the
//!   foreign side cancelled or freed it) aborts the task, which drops the HTTP exchange.
//! - **Blocking twins** run on a current-thread runtime owned by the calling thread, with a
//!   core `Client` per thread (see `client.rs`). The caller's thread then does the whole
//!   exchange itself: no hand-off to worker threads and back, which is most of the CPU a
//!   loopback request costs (see docs/uniffi.md, benchmark).
//!
//! A panic inside a call becomes INTERNAL, not a crash.

use std::cell::OnceCell;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::sync::OnceLock;

use futures_util::FutureExt;

use tokio::runtime::{Handle, Runtime};
use tokio::task::{AbortHandle, JoinError};

use memoryrelay_core::{Error, ErrorCode};

fn runtime() -> &'static Runtime {
    static RUNTIME: OnceLock<Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            // Two workers: calls are I/O-bound and the host process has its own threads.
            .worker_threads(2)
            .thread_name("memoryrelay-uniffi")
            .enable_all()
            .build()
            .expect("memoryrelay: cannot start the tokio runtime")
    })
}

/// Runs `f` with the runtime entered (for constructors that may touch tokio).
pub(crate) fn enter<T>(f: impl FnOnce() -> T) -> T {
    let _guard = runtime().enter();
    f()
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

/// Runs `fut` on the runtime and awaits it from any executor.
pub(crate) async fn spawn<T, F>(fut: F) -> Result<T, Error>
where
    F: Future<Output = Result<T, Error>> + Send + 'static,
    T: Send + 'static,
{
    let task = runtime().spawn(fut);
    let _abort = AbortOnDrop(task.abort_handle());
    task.await.unwrap_or_else(|e| Err(join_error(e)))
}

thread_local! {
    static LOCAL: OnceCell<Runtime> = const { OnceCell::new() };
}

fn inside_runtime() -> Result<(), Error> {
    if Handle::try_current().is_ok() {
        // Blocking a runtime thread would stall every call on it (and tokio would panic);
        // refuse with a clear error instead.
        return Err(Error::invalid_argument(
            "a *_blocking method was called from inside an async runtime; use the async method",
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
