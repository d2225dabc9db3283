//! Optional per-key rate limit: N requests per fixed one-minute window; beyond it 429 with an
//! integer `Retry-After` (seconds until the window resets). On SQLite the windows live in the
//! process; on PostgreSQL in the database (clock-aligned minutes), so replicas count together.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::account::Account;
use crate::errors::ApiError;

const WINDOW: Duration = Duration::from_secs(60);

pub struct RateLimiter {
    per_minute: u32,
    windows: Mutex<HashMap<std::sync::Arc<str>, (Instant, u32)>>,
    /// Set on PostgreSQL: the windows are counted in the shared database.
    shared: Option<std::sync::Arc<memoryrelay_engine::Engine>>,
}

impl RateLimiter {
    pub fn new(per_minute: u32) -> Self {
        RateLimiter {
            per_minute,
            windows: Mutex::new(HashMap::new()),
            shared: None,
        }
    }

    /// A limiter that counts in the engine's database (every replica on it counts together).
    pub fn shared(per_minute: u32, engine: std::sync::Arc<memoryrelay_engine::Engine>) -> Self {
        RateLimiter {
            shared: Some(engine),
            ..RateLimiter::new(per_minute)
        }
    }

    /// Ok, or the whole seconds to wait; a database that cannot count is an error (503).
    async fn take(&self, account: &Account) -> Result<Result<(), u64>, ApiError> {
        let Some(engine) = self.shared.clone() else {
            return Ok(self.check(account));
        };
        let (acct, n) = (account.0.clone(), self.per_minute);
        match tokio::task::spawn_blocking(move || engine.rate_limit_take(&acct, n)).await {
            Ok(Ok(None)) => Ok(Ok(())),
            Ok(Ok(Some(secs))) => Ok(Err(secs)),
            Ok(Err(e)) => Err(e.into()),
            Err(_) => Err(ApiError::internal("rate limit check failed")),
        }
    }

    /// Ok, or the whole seconds to wait.
    pub fn check(&self, account: &Account) -> Result<(), u64> {
        let now = Instant::now();
        let mut w = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        let entry = w.entry(account.0.clone()).or_insert((now, 0));
        if now.duration_since(entry.0) >= WINDOW {
            *entry = (now, 0);
        }
        if entry.1 >= self.per_minute {
            let left = WINDOW.saturating_sub(now.duration_since(entry.0));
            return Err(left.as_secs_f64().ceil().max(1.0) as u64);
        }
        entry.1 += 1;
        Ok(())
    }
}

/// The rate limiter, when one is configured: what the middleware needs of the server state.
#[derive(Clone)]
pub struct RateLimitState(pub Option<std::sync::Arc<RateLimiter>>);

pub async fn middleware(
    State(RateLimitState(limiter)): State<RateLimitState>,
    req: Request,
    next: Next,
) -> Response {
    if let (Some(limiter), Some(account)) = (&limiter, req.extensions().get::<Account>()) {
        let verdict = match limiter.take(account).await {
            Ok(v) => v,
            Err(e) => return e.into_response(),
        };
        if let Err(secs) = verdict {
            let mut e = ApiError::new(
                429,
                format!("Rate limit exceeded; retry after {secs} seconds"),
            );
            e.retry_after = Some(secs.to_string());
            return e.into_response();
        }
    }
    next.run(req).await
}
