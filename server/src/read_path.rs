//! Which requests are reads: they run on the engine's read connections, beside the writer,
//! instead of queueing behind writes (`memoryrelay_engine::read_only`). A read is a GET or a
//! POST to a search route (a search body is too rich for a query string, but it changes
//! nothing). Such a request that tried to write would fail loudly, not write.

use axum::extract::Request;
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;

tokio::task_local! {
    static READ: bool;
}

pub fn is_read_request(method: &Method, path: &str) -> bool {
    method == Method::GET
        || method == Method::HEAD
        || (method == Method::POST && path.ends_with("/search"))
}

/// Whether the current request is a read (false outside a request).
pub fn current_is_read() -> bool {
    READ.try_with(|r| *r).unwrap_or(false)
}

pub async fn middleware(req: Request, next: Next) -> Response {
    let read = is_read_request(req.method(), req.uri().path());
    READ.scope(read, next.run(req)).await
}
