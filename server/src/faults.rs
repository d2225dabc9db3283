//! Fault injection for client tests (docs/interfaces.md §3). Compiled only with the
//! `fault-injection` feature and active only with the runtime flag.
//!
//! Rules are matched in the order they were added; each takes `count` matching requests.
//! Every request except the admin routes is counted in `hits` by `METHOD path`.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde_json::{json, Map, Value};

use crate::conns::ConnKill;
use crate::errors::ApiError;
use crate::extract::JsonMap;

pub const ADMIN_PATH: &str = "/__faults";

#[derive(Debug, Clone)]
enum Action {
    Status {
        status: u16,
        retry_after: Option<String>,
        body: Option<Value>,
    },
    DropAfterCommit,
    Delay(u64),
}

#[derive(Debug, Clone)]
struct Rule {
    id: String,
    path: String,
    method: Option<String>,
    remaining: u64,
    action: Action,
    spec: Map<String, Value>,
}

impl Rule {
    fn matches(&self, method: &str, path: &str) -> bool {
        let path_ok = match self.path.strip_suffix('*') {
            Some(prefix) => path.starts_with(prefix),
            None => path == self.path,
        };
        path_ok
            && self
                .method
                .as_deref()
                .is_none_or(|m| m.eq_ignore_ascii_case(method))
    }

    fn to_json(&self) -> Value {
        let mut v = self.spec.clone();
        v.insert("id".into(), json!(self.id));
        v.insert("count".into(), json!(self.remaining));
        Value::Object(v)
    }
}

#[derive(Default)]
pub struct Faults {
    state: Mutex<(Vec<Rule>, BTreeMap<String, u64>)>,
}

impl Faults {
    /// Counts the request and takes one use of the first matching rule.
    fn on_request(&self, method: &str, path: &str) -> Option<Action> {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        *s.1.entry(format!("{method} {path}")).or_insert(0) += 1;
        let i = s.0.iter().position(|r| r.matches(method, path))?;
        let rule = &mut s.0[i];
        rule.remaining -= 1;
        let action = rule.action.clone();
        if rule.remaining == 0 {
            s.0.remove(i);
        }
        Some(action)
    }
}

fn parse_rule(body: Map<String, Value>) -> Result<Rule, ApiError> {
    let bad = |field: &str, msg: &str| ApiError::field(json!(["body", field]), msg, "value_error");
    let path = match body.get("path") {
        Some(Value::String(p)) if !p.is_empty() => p.clone(),
        _ => return Err(bad("path", "path is required (a string)")),
    };
    let method = match body.get("method") {
        None | Some(Value::Null) => None,
        Some(Value::String(m)) => Some(m.to_ascii_uppercase()),
        _ => return Err(bad("method", "method must be a string")),
    };
    let count = match body.get("count") {
        None | Some(Value::Null) => 1,
        Some(v) => v
            .as_u64()
            .filter(|n| *n >= 1)
            .ok_or_else(|| bad("count", "count must be a positive integer"))?,
    };
    let action = match body.get("action").and_then(Value::as_str) {
        Some("status") => {
            let status = body
                .get("status")
                .and_then(Value::as_u64)
                .filter(|s| (100..=599).contains(s))
                .ok_or_else(|| bad("status", "status must be an HTTP status code"))?
                as u16;
            let retry_after = match body.get("retry_after") {
                None | Some(Value::Null) => None,
                Some(Value::String(s)) => Some(s.clone()),
                Some(Value::Number(n)) => Some(n.to_string()),
                _ => return Err(bad("retry_after", "retry_after must be a string")),
            };
            let body = body.get("body").filter(|b| !b.is_null()).cloned();
            Action::Status {
                status,
                retry_after,
                body,
            }
        }
        Some("drop_after_commit") => Action::DropAfterCommit,
        Some("delay") => Action::Delay(
            body.get("delay_ms")
                .and_then(Value::as_u64)
                .ok_or_else(|| bad("delay_ms", "delay_ms must be a non-negative integer"))?,
        ),
        _ => {
            return Err(bad(
                "action",
                "action must be one of: status, drop_after_commit, delay",
            ))
        }
    };
    Ok(Rule {
        id: format!("fault_{}", hex::encode(rand::random::<[u8; 6]>())),
        path,
        method,
        remaining: count,
        action,
        spec: body,
    })
}

/// The fault rules, when fault injection is on: what the middleware and admin routes need of
/// the server state.
#[derive(Clone)]
pub struct FaultsState(pub Option<std::sync::Arc<Faults>>);

pub fn routes<S>() -> Router<S>
where
    FaultsState: axum::extract::FromRef<S>,
    S: Clone + Send + Sync + 'static,
{
    Router::new().route(ADMIN_PATH, get(list).post(add).delete(reset))
}

fn faults(state: &FaultsState) -> &Faults {
    state
        .0
        .as_deref()
        .expect("fault routes exist only when enabled")
}

async fn add(State(state): State<FaultsState>, JsonMap(body): JsonMap) -> Response {
    match parse_rule(body) {
        Ok(rule) => {
            let id = rule.id.clone();
            faults(&state)
                .state
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .0
                .push(rule);
            (StatusCode::CREATED, axum::Json(json!({"id": id}))).into_response()
        }
        Err(e) => e.into_response(),
    }
}

async fn list(State(state): State<FaultsState>) -> Response {
    let s = faults(&state)
        .state
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    let rules: Vec<Value> = s.0.iter().map(Rule::to_json).collect();
    axum::Json(json!({"rules": rules, "hits": s.1})).into_response()
}

async fn reset(State(state): State<FaultsState>) -> Response {
    let mut s = faults(&state)
        .state
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    s.0.clear();
    s.1.clear();
    StatusCode::NO_CONTENT.into_response()
}

pub async fn middleware(State(state): State<FaultsState>, req: Request, next: Next) -> Response {
    let Some(f) = state.0.as_ref() else {
        return next.run(req).await;
    };
    let path = req.uri().path().to_string();
    if path == ADMIN_PATH {
        return next.run(req).await;
    }
    match f.on_request(req.method().as_str(), &path) {
        None => next.run(req).await,
        Some(Action::Delay(ms)) => {
            tokio::time::sleep(Duration::from_millis(ms)).await;
            next.run(req).await
        }
        Some(Action::Status {
            status,
            retry_after,
            body,
        }) => {
            let mut resp = match body {
                Some(b) => {
                    let code =
                        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
                    match b {
                        // A string goes out verbatim, so tests can send a malformed body.
                        Value::String(raw) => (
                            code,
                            [(axum::http::header::CONTENT_TYPE, "application/json")],
                            raw,
                        )
                            .into_response(),
                        other => (code, axum::Json(other)).into_response(),
                    }
                }
                None => {
                    ApiError::new(status, format!("Injected fault: HTTP {status}")).into_response()
                }
            };
            if let Some(ra) = retry_after.and_then(|r| axum::http::HeaderValue::from_str(&r).ok()) {
                resp.headers_mut()
                    .insert(axum::http::header::RETRY_AFTER, ra);
            }
            resp
        }
        Some(Action::DropAfterCommit) => {
            let kill = req.extensions().get::<ConnKill>().cloned();
            // Run the request to completion: its transaction commits (and its idempotency
            // record is stored) before the connection goes away.
            let _committed = next.run(req).await;
            match kill {
                Some(k) => {
                    k.fire();
                    // The connection task drops this future together with the connection.
                    std::future::pending::<Response>().await
                }
                None => ApiError::internal("drop_after_commit needs a connection handle")
                    .into_response(),
            }
        }
    }
}
