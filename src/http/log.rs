//! Log events of the request path, as `tracing` events with target `memoryrelay`.
//!
//! One DEBUG event per attempt (method, attempt, status or error code, latency, request id) and
//! one INFO event per scheduled retry. Never the API key, never a body: events carry only the
//! fields below. Without a subscriber (the default) they cost one relaxed atomic load each.
//! The FFI crate routes them to each language's logger.

use std::time::{Duration, Instant};

use super::{Attempt, HttpRequest};
use crate::error::Error;

/// An attempt in flight.
pub(super) struct Started<'a> {
    req: &'a HttpRequest,
    attempt: u32,
    at: Instant,
}

impl<'a> Started<'a> {
    pub(super) fn now(req: &'a HttpRequest, attempt: u32) -> Started<'a> {
        Started {
            req,
            attempt,
            at: Instant::now(),
        }
    }

    /// Emits the attempt's outcome.
    pub(super) fn finished(self, outcome: &Attempt) {
        let latency_ms = self.at.elapsed().as_secs_f64() * 1000.0;
        match outcome {
            Attempt::Done(resp) => {
                let request_id = resp
                    .headers
                    .get("x-request-id")
                    .and_then(|v| v.to_str().ok());
                tracing::debug!(
                    target: "memoryrelay",
                    method = self.req.name,
                    http_method = %self.req.method,
                    attempt = self.attempt,
                    status = resp.status,
                    latency_ms,
                    request_id,
                    "request succeeded"
                );
            }
            Attempt::Failed { error, .. } => {
                tracing::debug!(
                    target: "memoryrelay",
                    method = self.req.name,
                    http_method = %self.req.method,
                    attempt = self.attempt,
                    status = error.status(),
                    code = error.code().name(),
                    latency_ms,
                    request_id = error.request_id(),
                    error = error.message(),
                    "request failed"
                );
            }
        }
    }
}

/// Emits a scheduled retry: `retry` is the number of the retry about to happen (1-based).
pub(super) fn retrying(req: &HttpRequest, retry: u32, error: &Error, wait: Duration) {
    tracing::info!(
        target: "memoryrelay",
        method = req.name,
        retry,
        status = error.status(),
        code = error.code().name(),
        wait_ms = wait.as_millis() as u64,
        request_id = error.request_id(),
        "retrying request"
    );
}
