//! Optional per-key rate limit: N requests per fixed one-minute window; beyond it 429 with an
//! integer `Retry-After` (seconds until the window resets).

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
}

impl RateLimiter {
    pub fn new(per_minute: u32) -> Self {
        RateLimiter {
            per_minute,
            windows: Mutex::new(HashMap::new()),
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
        if let Err(secs) = limiter.check(account) {
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
