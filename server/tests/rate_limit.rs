//! The optional per-key rate limit (ServerConfig::rate_limit_per_minute; contract §2.1 429).
mod common;

use common::*;
use memoryrelay_server::ServerConfig;

#[tokio::test]
async fn requests_over_the_limit_get_429_with_retry_after() {
    let s = start_with(ServerConfig {
        rate_limit_per_minute: Some(5),
        ..two_keys()
    })
    .await;
    let (ka, kb) = (s.keys[0].clone(), s.keys[1].clone());
    for i in 0..5 {
        let r = s
            .call_as(&ka, reqwest::Method::GET, "/v1/agents", None)
            .await;
        assert_eq!(r.status, 200, "request {i} within the limit: {}", r.text);
    }
    let r = s
        .call_as(&ka, reqwest::Method::GET, "/v1/agents", None)
        .await;
    assert_error(&r, 429, "rate_limited");
    let ra = r.header("retry-after").expect("Retry-After on 429");
    let secs: u64 = ra
        .parse()
        .unwrap_or_else(|_| panic!("Retry-After must be integer seconds: {ra:?}"));
    assert!((1..=60).contains(&secs), "Retry-After {secs}");
    // Writes are limited too.
    let r = s
        .call_as(
            &ka,
            reqwest::Method::POST,
            "/v1/agents",
            Some(serde_json::json!({"name": "blocked"})),
        )
        .await;
    assert_error(&r, 429, "rate_limited");
    // The limit is per key: B still has its whole budget.
    for i in 0..5 {
        let r = s
            .call_as(&kb, reqwest::Method::GET, "/v1/agents", None)
            .await;
        assert_eq!(r.status, 200, "B request {i}: {}", r.text);
    }
    let r = s
        .call_as(&kb, reqwest::Method::GET, "/v1/agents", None)
        .await;
    assert_error(&r, 429, "rate_limited");
}

#[tokio::test]
async fn no_limit_by_default() {
    let s = start().await;
    for _ in 0..40 {
        s.get("/v1/agents").await.expect(200);
    }
}
