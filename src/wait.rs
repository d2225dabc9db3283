//! Waiting for a future from a plain thread: how the blocking client and its page iterator
//! run async work.

use crate::error::{Error, ErrorCode, Result};

/// Runs a future to completion on the blocking client's runtime and waits for it on this
/// thread. The future runs as a task of that runtime rather than under `Runtime::block_on`,
/// so the blocking client also works from threads that are inside another runtime
/// (`spawn_blocking`, an async caller that accepts blocking): tokio would panic there.
pub(crate) fn block_on<T: Send + 'static>(
    rt: &tokio::runtime::Runtime,
    fut: impl std::future::Future<Output = Result<T>> + Send + 'static,
) -> Result<T> {
    let (tx, rx) = std::sync::mpsc::sync_channel(1);
    rt.spawn(async move {
        let _ = tx.send(fut.await);
    });
    // The sender is dropped without a value only if the task panicked or the runtime stopped.
    rx.recv().unwrap_or_else(|_| {
        Err(Error::new(
            ErrorCode::Internal,
            "the blocking client's call did not complete (task panicked or runtime stopped)",
        ))
    })
}
