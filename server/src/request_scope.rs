//! The id of the request being handled, in a task-local, so an error body built anywhere below
//! the request-id middleware carries the same id as the `X-Request-Id` header.

use std::future::Future;

tokio::task_local! {
    static REQUEST_ID: String;
}

pub fn generate() -> String {
    let bytes: [u8; 8] = rand::random();
    format!("req_{}", hex::encode(bytes))
}

/// The current request's id (a fresh one outside any request).
pub fn current() -> String {
    REQUEST_ID
        .try_with(|id| id.clone())
        .unwrap_or_else(|_| generate())
}

/// Runs `fut` with `id` as the current request id.
pub async fn scope<F: Future>(id: String, fut: F) -> F::Output {
    REQUEST_ID.scope(id, fut).await
}
