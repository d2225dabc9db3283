//! Builds the axum application: routes plus the middleware stack, outermost first:
//! request id (and size limits) → read marking → fault injection → auth → rate limit →
//! idempotency → strict body → handler.

use axum::middleware::{from_fn, from_fn_with_state};
use axum::Router;

use crate::routes;
use crate::state::SharedState;
use crate::{auth, idempotency, rate_limit, read_path, request_id};

pub fn build(state: SharedState) -> Router {
    #[allow(unused_mut)]
    let mut router = routes::router();
    #[cfg(feature = "fault-injection")]
    if state.faults.is_some() {
        router = router.merge(crate::faults::routes());
    }
    let router = router
        .fallback(routes::not_found)
        .method_not_allowed_fallback(routes::method_not_allowed)
        .layer(from_fn(crate::extract::strict_body))
        .layer(from_fn_with_state(state.clone(), idempotency::middleware))
        .layer(from_fn_with_state(state.clone(), rate_limit::middleware))
        .layer(from_fn_with_state(state.clone(), auth::middleware));
    #[cfg(feature = "fault-injection")]
    let router = router.layer(from_fn_with_state(state.clone(), crate::faults::middleware));
    router
        .layer(from_fn(read_path::middleware))
        .layer(from_fn(request_id::middleware))
        .with_state(state)
}
