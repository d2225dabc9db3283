//! Cancellation for foreign callers: UniFFI does not cancel Rust futures by itself, so a
//! call may take a token; `cancel()` ends every in-flight call made with it with CANCELLED
//! (contract §3.1: at once, even mid-backoff) and makes later calls with it fail the same way.

use std::future::Future;
use std::sync::Arc;

use tokio::sync::watch;

use memoryrelay_core::{Error, ErrorCode};

/// A cancellation signal shared between the caller and its calls. Once cancelled, it stays so.
#[derive(uniffi::Object)]
pub struct CancellationToken {
    tx: watch::Sender<bool>,
}

impl Default for CancellationToken {
    fn default() -> Self {
        CancellationToken {
            tx: watch::Sender::new(false),
        }
    }
}

export_blocking! {
    impl CancellationToken {
        /// A new, not yet cancelled token.
        #[uniffi::constructor]
        pub fn new() -> Arc<CancellationToken> {
            Arc::new(CancellationToken::default())
        }

        /// Cancels every call made with this token, now and later.
        pub fn cancel(&self) {
            self.tx.send_replace(true);
        }

        /// Whether `cancel()` was called.
        pub fn is_cancelled(&self) -> bool {
            *self.tx.borrow()
        }
    }
}

impl CancellationToken {
    /// Resolves once the token is cancelled.
    async fn cancelled(&self) {
        let mut rx = self.tx.subscribe();
        // The sender lives in `self`, so the channel cannot close while we wait.
        let _ = rx.wait_for(|cancelled| *cancelled).await;
    }
}

/// Runs `fut` until it ends or `token` is cancelled; dropping `fut` cancels its HTTP exchange.
pub(crate) async fn with_token<T>(
    token: Option<Arc<CancellationToken>>,
    fut: impl Future<Output = Result<T, Error>>,
) -> Result<T, Error> {
    let Some(token) = token else {
        return fut.await;
    };
    tokio::select! {
        biased;
        _ = token.cancelled() => Err(Error::new(ErrorCode::Cancelled, "the call was cancelled")),
        out = fut => out,
    }
}
