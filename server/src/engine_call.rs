//! Runs an engine operation for a handler: off the async runtime, on the read connections for a
//! read, in one transaction with its idempotency record for a keyed write; renders the reply.

use memoryrelay_engine::{Engine, Reply};

use crate::errors::ApiError;
use crate::state::SharedState;

/// Runs a blocking engine operation off the async runtime and renders its reply.
///
/// A read request runs on the engine's read connections. A write that carries an
/// Idempotency-Key (see `crate::idempotency`) runs together with the storing of its response,
/// in one transaction, so a crash can never keep the write and lose the record.
pub async fn call<F>(state: &SharedState, f: F) -> axum::response::Response
where
    F: FnOnce(&Engine) -> memoryrelay_engine::Result<Reply> + Send + 'static,
{
    use memoryrelay_engine::idempotency::Outcome;
    let engine = state.engine.clone();
    let request_id = crate::request_scope::current();
    let read = crate::read_path::current_is_read();
    let pending = if read {
        None
    } else {
        crate::idempotency::claim()
    };
    let job = move || -> Rendered {
        let run = || Rendered::from_result(f(&engine), &request_id);
        if read {
            return memoryrelay_engine::read_only(run);
        }
        let Some(p) = pending else {
            return run();
        };
        let stored = engine.idempotent(&p.account, &p.key, &p.fingerprint, run, Rendered::record);
        match stored {
            Ok(Outcome::Ran(r)) => r,
            Ok(Outcome::Replay(s)) => Rendered::Replay(s),
            Ok(Outcome::Conflict) => Rendered::from_result(
                Err(memoryrelay_engine::Error::Conflict(
                    crate::idempotency::REUSED.into(),
                )),
                &request_id,
            ),
            Err(e) => Rendered::from_result(Err(e), &request_id),
        }
    };
    match tokio::task::spawn_blocking(job).await {
        Ok(r) => r.into_response(),
        Err(_) => {
            use axum::response::IntoResponse;
            ApiError::internal("internal error").into_response()
        }
    }
}

/// An engine result as the bytes of its HTTP response, so the same bytes can be both stored
/// for replay and sent.
pub enum Rendered {
    Fresh { status: u16, body: Vec<u8> },
    Replay(memoryrelay_engine::idempotency::StoredResponse),
}

impl Rendered {
    fn from_result(r: memoryrelay_engine::Result<Reply>, request_id: &str) -> Rendered {
        match r {
            Ok(reply) if reply.status == 204 => Rendered::Fresh {
                status: 204,
                body: Vec::new(),
            },
            Ok(reply) => Rendered::Fresh {
                status: reply.status,
                body: reply.body.to_string().into_bytes(),
            },
            Err(e) => {
                let e = ApiError::from(e);
                Rendered::Fresh {
                    status: e.status.as_u16(),
                    body: e.body_json(request_id).to_string().into_bytes(),
                }
            }
        }
    }

    /// What to store for replay: §3.2 stores statuses below 500 except 429.
    fn record(&self) -> Option<(u16, Vec<u8>)> {
        match self {
            Rendered::Fresh { status, body } if *status < 500 && *status != 429 => {
                Some((*status, body.clone()))
            }
            _ => None,
        }
    }

    fn into_response(self) -> axum::response::Response {
        use axum::response::IntoResponse;
        match self {
            Rendered::Replay(s) => crate::idempotency::replay(s),
            Rendered::Fresh { status, body } => {
                let status = axum::http::StatusCode::from_u16(status)
                    .unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR);
                if body.is_empty() {
                    return status.into_response();
                }
                (
                    status,
                    [(axum::http::header::CONTENT_TYPE, "application/json")],
                    body,
                )
                    .into_response()
            }
        }
    }
}

pub fn reply_response(reply: Reply) -> axum::response::Response {
    use axum::response::IntoResponse;
    let status =
        axum::http::StatusCode::from_u16(reply.status).unwrap_or(axum::http::StatusCode::OK);
    if status == axum::http::StatusCode::NO_CONTENT {
        return status.into_response();
    }
    (
        status,
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        reply.body.to_string(),
    )
        .into_response()
}
