//! Fault injection admin routes (docs/interfaces.md §3). Built only with the `fault-injection`
//! cargo feature (this target has `required-features` in server/Cargo.toml).
mod common;

use std::time::{Duration, Instant};

use common::*;
use memoryrelay_server::ServerConfig;
use reqwest::Method;
use serde_json::{json, Value};

async fn faulty() -> Srv {
    start_with(ServerConfig {
        fault_injection: true,
        ..ServerConfig::default()
    })
    .await
}

async fn add_rule(s: &Srv, rule: Value) -> String {
    let r = s.post("/__faults", rule).await.expect(201);
    r["id"].as_str().expect("rule id").to_string()
}

async fn faults_state(s: &Srv) -> Value {
    let v = s.get("/__faults").await.expect(200);
    assert!(v["rules"].is_array() && v["hits"].is_object(), "{v}");
    v
}

#[tokio::test]
async fn admin_routes_are_absent_unless_enabled_at_runtime() {
    let s = start().await;
    assert_eq!(s.get("/__faults").await.status, 404);
    assert_eq!(
        s.post(
            "/__faults",
            json!({"path": "/v1/agents", "action": "status", "status": 500})
        )
        .await
        .status,
        404
    );
    s.get("/v1/agents").await.expect(200);
}

#[tokio::test]
async fn admin_routes_need_a_key() {
    let s = faulty().await;
    let r = s.send(s.anonymous(Method::GET, "/__faults")).await;
    assert_eq!(r.status, 401);
    let r = s
        .send(
            s.anonymous(Method::POST, "/__faults")
                .json(&json!({"path": "/v1/agents", "action": "status", "status": 500})),
        )
        .await;
    assert_eq!(r.status, 401);
    assert_eq!(faults_state(&s).await["rules"], json!([]), "no rule added");
}

#[tokio::test]
async fn status_rule_with_count_method_and_verbatim_retry_after() {
    let s = faulty().await;
    let a = s.agent("faulted").await;
    let http_date = "Wed, 21 Oct 2015 07:28:00 GMT";
    add_rule(
        &s,
        json!({"path": "/v1/memories", "method": "POST", "count": 2, "action": "status",
               "status": 503, "retry_after": http_date}),
    )
    .await;
    assert_eq!(faults_state(&s).await["rules"].as_array().unwrap().len(), 1);
    let body = json!({"agent_id": id(&a), "content": "Eventually stored once."});
    // Another method on the same path is not matched.
    s.get("/v1/memories").await.expect(200);
    for _ in 0..2 {
        let r = s.post("/v1/memories", body.clone()).await;
        assert_error(&r, 503, "api_error");
        assert_eq!(r.header("retry-after").as_deref(), Some(http_date));
    }
    let m = s.post("/v1/memories", body.clone()).await.expect(201);
    assert_memory(&m);
    // Faulted requests did not run.
    assert_eq!(s.get("/v1/memories").await.expect(200)["total_count"], 1);
    let st = faults_state(&s).await;
    assert_eq!(st["rules"], json!([]), "rule used up: {st}");
    assert_eq!(st["hits"]["POST /v1/memories"], 3, "{st}");
}

#[tokio::test]
async fn status_rule_with_custom_body_and_prefix_path() {
    let s = faulty().await;
    add_rule(
        &s,
        json!({"path": "/v1/agents*", "action": "status", "status": 429, "retry_after": "7",
               "body": {"message": "slow down"}}),
    )
    .await;
    let r = s.get(&format!("/v1/agents/{}", unknown_uuid())).await;
    assert_eq!(r.status, 429);
    assert_eq!(r.json, json!({"message": "slow down"}));
    assert_eq!(r.header("retry-after").as_deref(), Some("7"));
    // Default count is 1: the next request is handled normally.
    s.get("/v1/agents").await.expect(200);
    // Without retry_after no header is sent; without method any method matches.
    add_rule(
        &s,
        json!({"path": "/v1/agents", "action": "status", "status": 500}),
    )
    .await;
    let r = s.post("/v1/agents", json!({"name": "x"})).await;
    assert_error(&r, 500, "api_error");
    assert!(r.header("retry-after").is_none());
    assert_eq!(s.get("/v1/agents").await.expect(200)["total_count"], 0);
}

#[tokio::test]
async fn a_string_body_is_sent_verbatim_so_malformed_responses_can_be_tested() {
    let s = faulty().await;
    add_rule(
        &s,
        json!({"path": "/v1/agents", "method": "GET", "action": "status", "status": 200,
               "body": "{\"object\": \"list\", truncated"}),
    )
    .await;
    let r = s.get("/v1/agents").await;
    assert_eq!(r.status, 200);
    assert_eq!(r.text, "{\"object\": \"list\", truncated");
    assert!(r.json.is_null(), "the body must not be valid JSON");
    // The rule took one request; the next is handled normally.
    s.get("/v1/agents").await.expect(200);
}

#[tokio::test]
async fn drop_after_commit_commits_then_closes_the_connection() {
    let s = faulty().await;
    add_rule(
        &s,
        json!({"path": "/v1/agents", "method": "POST", "action": "drop_after_commit"}),
    )
    .await;
    let res = s
        .request(Method::POST, "/v1/agents")
        .json(&json!({"name": "committed-but-dropped"}))
        .send()
        .await;
    match res {
        Err(e) => assert!(!e.is_timeout(), "connection error, not a timeout: {e}"),
        Ok(r) => panic!("expected no response, got {}", r.status()),
    }
    let a = s.get("/v1/agents/committed-but-dropped").await.expect(200);
    assert_agent(&a);
    // The server keeps serving afterwards.
    assert_eq!(s.get("/v1/agents").await.expect(200)["total_count"], 1);
}

#[tokio::test]
async fn delay_rule_delays_the_response() {
    let s = faulty().await;
    add_rule(
        &s,
        json!({"path": "/v1/agents", "method": "GET", "action": "delay", "delay_ms": 400}),
    )
    .await;
    let t = Instant::now();
    let r = s.get("/v1/agents").await;
    let took = t.elapsed();
    assert_list(&r.expect(200), 0, assert_agent);
    assert!(took >= Duration::from_millis(400), "took {took:?}");
    let t = Instant::now();
    s.get("/v1/agents").await.expect(200);
    assert!(t.elapsed() < Duration::from_millis(400), "rule used up");
}

#[tokio::test]
async fn hits_count_requests_and_delete_clears_everything() {
    let s = faulty().await;
    s.send(s.request(Method::DELETE, "/__faults"))
        .await
        .expect(204);
    s.get("/v1/agents?limit=5").await.expect(200);
    s.get("/v1/agents").await.expect(200);
    s.get(&format!("/v1/agents/{}", unknown_uuid())).await;
    s.post("/v1/agents", json!({"name": "counted"}))
        .await
        .expect(201);
    s.post("/v1/agents", json!({"name": "counted"})).await; // 409 still counts
    let st = faults_state(&s).await;
    assert_eq!(
        st["hits"]["GET /v1/agents"], 2,
        "query string ignored: {st}"
    );
    assert_eq!(st["hits"]["POST /v1/agents"], 2, "{st}");

    add_rule(
        &s,
        json!({"path": "/v1/agents", "action": "status", "status": 502, "count": 5}),
    )
    .await;
    let r = s.send(s.request(Method::DELETE, "/__faults")).await;
    assert_eq!(r.status, 204, "{}", r.text);
    let st = faults_state(&s).await;
    assert_eq!(st["rules"], json!([]));
    assert!(
        st["hits"].get("GET /v1/agents").is_none(),
        "hits reset: {st}"
    );
    assert!(
        st["hits"].get("POST /v1/agents").is_none(),
        "hits reset: {st}"
    );
    // The cleared rule no longer applies.
    s.get("/v1/agents").await.expect(200);
    assert_eq!(faults_state(&s).await["hits"]["GET /v1/agents"], 1);
}

#[tokio::test]
async fn a_lost_response_is_replayed_by_idempotency_key() {
    let s = faulty().await;
    let a = s.agent("lost-response").await;
    add_rule(
        &s,
        json!({"path": "/v1/memories", "method": "POST", "action": "drop_after_commit"}),
    )
    .await;
    let body = json!({"agent_id": id(&a), "content": "Stored once despite the retry."});
    let send = || {
        s.request(Method::POST, "/v1/memories")
            .header("Idempotency-Key", "retry-after-drop")
            .json(&body)
            .send()
    };
    assert!(send().await.is_err(), "first attempt loses its response");
    let r = read(send().await.expect("second attempt")).await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.header("idempotent-replayed").as_deref(), Some("true"));
    assert_memory(&r.json);
    assert_eq!(
        s.get("/v1/memories").await.expect(200)["total_count"],
        1,
        "no duplicate"
    );
}

#[tokio::test]
async fn a_5xx_is_not_stored_so_the_retry_runs_afresh() {
    let s = faulty().await;
    let a = s.agent("fresh-after-5xx").await;
    add_rule(
        &s,
        json!({"path": "/v1/memories", "method": "POST", "action": "status", "status": 503}),
    )
    .await;
    let body = json!({"agent_id": id(&a), "content": "Runs on the retry."});
    let send = || {
        s.send(
            s.request(Method::POST, "/v1/memories")
                .header("Idempotency-Key", "retry-after-503")
                .json(&body),
        )
    };
    assert_error(&send().await, 503, "api_error");
    let r = send().await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_ne!(r.header("idempotent-replayed").as_deref(), Some("true"));
    assert_eq!(s.get("/v1/memories").await.expect(200)["total_count"], 1);
}

#[tokio::test]
async fn hits_count_rejected_and_unknown_requests_too() {
    let s = faulty().await;
    s.send(s.request(Method::DELETE, "/__faults"))
        .await
        .expect(204);
    let r = s.send(s.anonymous(Method::GET, "/v1/agents")).await;
    assert_eq!(r.status, 401);
    s.get("/v1/no-such-route").await;
    s.post("/v1/agents", json!({"name": ""})).await;
    let st = faults_state(&s).await;
    assert_eq!(st["hits"]["GET /v1/agents"], 1, "{st}");
    assert_eq!(st["hits"]["GET /v1/no-such-route"], 1, "{st}");
    assert_eq!(st["hits"]["POST /v1/agents"], 1, "{st}");
}
