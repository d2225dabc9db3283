//! Idempotency-Key (§3.2). A POST with a key is fingerprinted (method, path with query,
//! SHA-256 of the body). A stored response with the same fingerprint is replayed with
//! `Idempotent-Replayed: true`; a different fingerprint is 409. Concurrent repeats of one key
//! wait on a per-key lock for the original, then replay it. 5xx and 429 are not stored.
//!
//! A request whose handler reaches the engine stores its response in the same transaction as
//! its write (`crate::engine_call::call` claims the pending key; `Engine::idempotent`), so after a
//! crash a retry is either replayed or runs for the first time, never twice. Responses made
//! without the engine (a rejected body, an unknown route) change nothing and are stored after.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use memoryrelay_engine::idempotency::StoredResponse;
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::account::Account;
use crate::errors::ApiError;
use crate::extract::{content_length, read_body};
use memoryrelay_engine::Engine;

type KeyLock = Arc<tokio::sync::Mutex<()>>;

pub const REUSED: &str = "Idempotency-Key reused with a different request";

/// The key of the request being handled, for `crate::engine_call::call` to store atomically.
pub struct Pending {
    pub account: String,
    pub key: String,
    pub fingerprint: String,
    claimed: AtomicBool,
}

tokio::task_local! {
    static PENDING: Arc<Pending>;
}

/// Takes the current request's key for an atomic store, once; `None` without one.
pub fn claim() -> Option<Arc<Pending>> {
    PENDING
        .try_with(|p| (!p.claimed.swap(true, Ordering::SeqCst)).then(|| p.clone()))
        .ok()
        .flatten()
}

/// What the middleware needs of the server state.
#[derive(Clone)]
pub struct IdempotencyState {
    pub engine: Arc<Engine>,
    pub in_flight: Arc<InFlight>,
}

/// Per-(account, key) locks of requests in flight.
#[derive(Default)]
pub struct InFlight {
    locks: Mutex<HashMap<(Arc<str>, String), KeyLock>>,
}

impl InFlight {
    fn acquire(&self, k: &(Arc<str>, String)) -> KeyLock {
        let mut m = self.locks.lock().unwrap_or_else(|e| e.into_inner());
        m.entry(k.clone()).or_default().clone()
    }

    /// Forgets the lock when nobody else holds or waits for it. Clones are only made under the
    /// map lock, so the count is stable here.
    fn release(&self, k: &(Arc<str>, String), lock: KeyLock) {
        let mut m = self.locks.lock().unwrap_or_else(|e| e.into_inner());
        if Arc::strong_count(&lock) == 2 {
            m.remove(k);
        }
    }
}

/// 1–255 visible ASCII characters.
pub fn valid_key(k: &[u8]) -> bool {
    (1..=255).contains(&k.len()) && k.iter().all(|b| (0x21..=0x7e).contains(b))
}

pub async fn middleware(
    State(state): State<IdempotencyState>,
    req: Request,
    next: Next,
) -> Response {
    if req.method() != Method::POST {
        return next.run(req).await;
    }
    let Some(raw_key) = req
        .headers()
        .get("idempotency-key")
        .map(|v| v.as_bytes().to_vec())
    else {
        return next.run(req).await;
    };
    if !valid_key(&raw_key) {
        return ApiError::field(
            json!(["header", "Idempotency-Key"]),
            "Idempotency-Key must be 1-255 visible ASCII characters",
            "value_error",
        )
        .into_response();
    }
    let Some(account) = req.extensions().get::<Account>().cloned() else {
        return next.run(req).await;
    };
    let key = String::from_utf8(raw_key).expect("visible ASCII");
    let (parts, body) = req.into_parts();
    let bytes = match read_body(body, content_length(&parts.headers)).await {
        Ok(b) => b,
        Err(e) => return e.into_response(),
    };
    let path_q = parts
        .uri
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_default();
    let fingerprint = hex::encode(Sha256::digest(format!(
        "POST\n{path_q}\n{}",
        hex::encode(Sha256::digest(&bytes))
    )));

    let k = (account.0.clone(), key.clone());
    let lock = state.in_flight.acquire(&k);
    let response = {
        let _guard = lock.lock().await;
        run_once(
            &state,
            &account,
            &key,
            &fingerprint,
            Request::from_parts(parts, Body::from(bytes)),
            next,
        )
        .await
    };
    state.in_flight.release(&k, lock);
    response
}

async fn run_once(
    state: &IdempotencyState,
    account: &Account,
    key: &str,
    fingerprint: &str,
    req: Request,
    next: Next,
) -> Response {
    let engine = state.engine.clone();
    let (acct, k) = (account.0.to_string(), key.to_string());
    let stored = tokio::task::spawn_blocking(move || engine.idempotency_get(&acct, &k)).await;
    match stored {
        Ok(Ok(Some(s))) if s.fingerprint == fingerprint => return replay(s),
        Ok(Ok(Some(_))) => return ApiError::new(409, REUSED).into_response(),
        Ok(Ok(None)) => {}
        _ => return ApiError::internal("idempotency store unavailable").into_response(),
    }
    let pending = Arc::new(Pending {
        account: account.0.to_string(),
        key: key.to_string(),
        fingerprint: fingerprint.to_string(),
        claimed: AtomicBool::new(false),
    });
    let resp = PENDING.scope(pending.clone(), next.run(req)).await;
    if pending.claimed.load(Ordering::SeqCst) {
        // Stored (or replayed) by the engine, atomically with the write.
        return resp;
    }
    let status = resp.status();
    if status.is_server_error() || status == StatusCode::TOO_MANY_REQUESTS {
        return resp;
    }
    let (parts, body) = resp.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return ApiError::internal("failed to buffer response").into_response();
    };
    let record = StoredResponse {
        fingerprint: fingerprint.to_string(),
        status: status.as_u16(),
        body: bytes.to_vec(),
    };
    let engine = state.engine.clone();
    let (acct, k) = (account.0.to_string(), key.to_string());
    // The operation already committed; failing to remember it only costs a re-execution on a
    // retry, so the original response is still returned.
    let _ = tokio::task::spawn_blocking(move || engine.idempotency_put(&acct, &k, &record)).await;
    Response::from_parts(parts, Body::from(bytes))
}

pub fn replay(s: StoredResponse) -> Response {
    let status = StatusCode::from_u16(s.status).unwrap_or(StatusCode::OK);
    // A stored error body names the original request. The replay repeats that response, body
    // untouched, so it also repeats its X-Request-Id: body and header agree (§2.1).
    let original_id = serde_json::from_slice::<serde_json::Value>(&s.body)
        .ok()
        .and_then(|v| {
            v.get("request_id")
                .and_then(|r| r.as_str())
                .map(str::to_string)
        });
    let mut resp = Response::builder().status(status);
    if !s.body.is_empty() {
        resp = resp.header(header::CONTENT_TYPE, "application/json");
    }
    let mut resp = resp
        .body(Body::from(s.body))
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response());
    resp.headers_mut()
        .insert("idempotent-replayed", HeaderValue::from_static("true"));
    if let Some(v) = original_id.and_then(|id| HeaderValue::from_str(&id).ok()) {
        resp.headers_mut().insert("x-request-id", v);
    }
    resp
}
