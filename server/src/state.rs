//! Shared server state.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::FromRef;
use memoryrelay_engine::Engine;

use crate::account::Account;
use crate::idempotency::{IdempotencyState, InFlight};
use crate::rate_limit::{RateLimitState, RateLimiter};

pub struct AppState {
    pub engine: Arc<Engine>,
    /// key → account id
    pub keys: HashMap<String, Account>,
    pub rate_limit: Option<Arc<RateLimiter>>,
    pub idempotency: Arc<InFlight>,
    #[cfg(feature = "fault-injection")]
    pub faults: Option<Arc<crate::faults::Faults>>,
}

pub type SharedState = Arc<AppState>;

// Each middleware takes only its own part of the state, so no middleware module depends on
// this aggregate (and none forms an import cycle with it).
impl FromRef<SharedState> for RateLimitState {
    fn from_ref(state: &SharedState) -> RateLimitState {
        RateLimitState(state.rate_limit.clone())
    }
}

impl FromRef<SharedState> for IdempotencyState {
    fn from_ref(state: &SharedState) -> IdempotencyState {
        IdempotencyState {
            engine: state.engine.clone(),
            in_flight: state.idempotency.clone(),
        }
    }
}

#[cfg(feature = "fault-injection")]
impl FromRef<SharedState> for crate::faults::FaultsState {
    fn from_ref(state: &SharedState) -> crate::faults::FaultsState {
        crate::faults::FaultsState(state.faults.clone())
    }
}
