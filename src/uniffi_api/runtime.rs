//! The one tokio runtime that runs every UniFFI call.
//!
//! All calls of a client must run on the runtime that owns its connections, whether they
//! come from an async export (polled by the foreign executor) or a blocking twin. So both
//! spawn the work here: the async export awaits the task's handle, the blocking twin parks
//! on it. Dropping the awaiting future (the foreign side cancelled or freed it) aborts the
//! task, which drops the HTTP exchange. A panic in the task becomes INTERNAL, not a crash.

use std::future::Future;
use std::sync::OnceLock;

use tokio::runtime::{Handle, Runtime};
use tokio::task::{AbortHandle, JoinError};

use crate::{Error, ErrorCode};

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

/// Runs `fut` on the runtime and blocks the calling thread until it ends.
pub(crate) fn block_on<T, F>(fut: F) -> Result<T, Error>
where
    F: Future<Output = Result<T, Error>> + Send + 'static,
    T: Send + 'static,
{
    if Handle::try_current().is_ok() {
        // Blocking a runtime thread would stall every call on it; refuse instead of panicking.
        return Err(Error::invalid_argument(
            "a *_blocking method was called from inside an async runtime; use the async method",
        ));
    }
    let task = runtime().spawn(fut);
    runtime()
        .block_on(task)
        .unwrap_or_else(|e| Err(join_error(e)))
}
