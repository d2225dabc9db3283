//! The request path against the server's fault injection: retries, Retry-After, idempotent
//! replays and the mapping of every failure to its error code and fields (contract §2, §3).

mod common;

use std::time::{Duration, Instant, SystemTime};

use common::*;
use memoryrelay::resources::{CreateAgentOptions, CreateMemoryOptions, ListOptions};
use memoryrelay::{CallOptions, Client, ClientConfig, ErrorCode};
use serde_json::json;

async fn agent_id(c: &Client) -> String {
    c.agents()
        .create(&unique("agent"), CreateAgentOptions::default())
        .await
        .unwrap()
        .id
}

#[tokio::test]
async fn retries_503_then_succeeds() {
    let srv = start().await;
    let c = client(&srv);
    let a = agent_id(&c).await;
    reset_faults(&srv).await;
    add_fault(
        &srv,
        json!({"path": "/v1/memories", "method": "POST", "count": 2,
                           "action": "status", "status": 503}),
    )
    .await;
    let m = c
        .memories()
        .create(&a, "retried create", CreateMemoryOptions::default())
        .await
        .unwrap();
    assert_eq!(m.content, "retried create");
    assert_eq!(
        hits_for(&srv, "POST /v1/memories").await,
        3,
        "two failures + one success"
    );
    let page = c.memories().list(&a, ListOptions::default()).await.unwrap();
    assert_eq!(page.data.len(), 1, "the 503s changed nothing");
}

#[tokio::test]
async fn exhausted_retries_return_the_last_error() {
    let srv = start().await;
    let c = client(&srv);
    add_fault(
        &srv,
        json!({"path": "/v1/agents", "method": "GET", "count": 5,
                           "action": "status", "status": 502}),
    )
    .await;
    let err = c
        .agents()
        .with_options(CallOptions {
            max_retries: Some(1),
            ..Default::default()
        })
        .list(ListOptions::default())
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Api);
    assert_eq!(err.status(), Some(502));
    assert!(err.request_id().is_some_and(|id| id.starts_with("req_")));
    assert!(err.body().is_some_and(|b| b.contains("Injected fault")));
    assert_eq!(
        hits_for(&srv, "GET /v1/agents").await,
        2,
        "max_retries 1 = 2 attempts"
    );
}

#[tokio::test]
async fn retry_after_in_seconds_is_waited_exactly() {
    let srv = start().await;
    let c = client(&srv);
    add_fault(
        &srv,
        json!({"path": "/v1/agents", "method": "GET", "action": "status",
                           "status": 429, "retry_after": "1"}),
    )
    .await;
    let started = Instant::now();
    c.agents().list(ListOptions::default()).await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(hits_for(&srv, "GET /v1/agents").await, 2);
}

#[tokio::test]
async fn retry_after_as_http_date_is_waited() {
    let srv = start().await;
    let c = client(&srv);
    // Two seconds ahead, at HTTP-date resolution (whole seconds).
    let at = SystemTime::now() + Duration::from_secs(2);
    let date = httpdate::fmt_http_date(at);
    let at_second = httpdate::parse_http_date(&date).unwrap();
    add_fault(
        &srv,
        json!({"path": "/v1/agents", "method": "GET", "action": "status",
                           "status": 503, "retry_after": date}),
    )
    .await;
    c.agents().list(ListOptions::default()).await.unwrap();
    assert!(
        SystemTime::now() >= at_second,
        "retried before the Retry-After date"
    );
    assert_eq!(hits_for(&srv, "GET /v1/agents").await, 2);
}

#[tokio::test]
async fn retry_after_over_the_cap_fails_at_once_as_rate_limited() {
    let srv = start().await;
    let c = client(&srv);
    add_fault(
        &srv,
        json!({"path": "/v1/agents", "method": "GET", "action": "status",
                           "status": 429, "retry_after": "120"}),
    )
    .await;
    let err = c.agents().list(ListOptions::default()).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::RateLimited);
    assert_eq!(err.retry_after(), Some(120));
    assert_eq!(err.status(), Some(429));
    assert_eq!(hits_for(&srv, "GET /v1/agents").await, 1, "no retry");
}

#[tokio::test]
async fn rate_limited_when_retries_are_off() {
    let srv = start().await;
    let c = client(&srv);
    add_fault(
        &srv,
        json!({"path": "/v1/agents", "method": "GET", "action": "status",
                           "status": 429, "retry_after": "7"}),
    )
    .await;
    let err = c
        .call_with(
            "agents.list",
            json!({}),
            CallOptions {
                max_retries: Some(0),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::RateLimited);
    assert_eq!(err.retry_after(), Some(7));
    let v = err.to_json();
    assert_eq!(
        (v["code"].as_i64(), v["kind"].as_str()),
        (Some(6), Some("rate_limited"))
    );
    assert_eq!(v["retry_after"], 7);
}

#[tokio::test]
async fn lost_create_response_is_replayed_not_duplicated() {
    let srv = start().await;
    let c = client(&srv);
    let a = agent_id(&c).await;
    reset_faults(&srv).await;
    add_fault(
        &srv,
        json!({"path": "/v1/memories", "method": "POST",
                           "action": "drop_after_commit"}),
    )
    .await;
    let m = c
        .memories()
        .create(&a, "exactly once", CreateMemoryOptions::default())
        .await
        .unwrap();
    assert_eq!(
        hits_for(&srv, "POST /v1/memories").await,
        2,
        "the retry reused the key"
    );
    let page = c.memories().list(&a, ListOptions::default()).await.unwrap();
    assert_eq!(page.data.len(), 1);
    assert_eq!(page.data[0].id, m.id);
}

#[tokio::test]
async fn lost_delete_then_404_is_success() {
    let srv = start().await;
    let c = client(&srv);
    let a = agent_id(&c).await;
    let m = c
        .memories()
        .create(&a, "to delete", CreateMemoryOptions::default())
        .await
        .unwrap();
    let path = format!("/v1/memories/{}", m.id);
    add_fault(
        &srv,
        json!({"path": path, "method": "DELETE", "action": "drop_after_commit"}),
    )
    .await;
    c.memories().delete(&m.id).await.unwrap();
    assert_eq!(hits_for(&srv, &format!("DELETE {path}")).await, 2);
    let err = c.memories().get(&m.id).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
}

#[tokio::test]
async fn status_codes_map_to_error_codes() {
    let srv = start().await;
    let c = client(&srv);
    let a = agent_id(&c).await;

    // 401: a key the server does not know.
    let bad = Client::new(ClientConfig {
        api_key: Some("mem_wrong".into()),
        ..config(&srv)
    })
    .unwrap();
    let err = bad.agents().list(ListOptions::default()).await.unwrap_err();
    assert_eq!(
        (err.code(), err.status()),
        (ErrorCode::Authentication, Some(401))
    );
    assert!(err.request_id().is_some());

    // 403: the local server has no scopes, so a fault stands in for the hosted API.
    add_fault(
        &srv,
        json!({"path": "/v1/agents", "method": "GET", "action": "status",
                           "status": 403}),
    )
    .await;
    let err = c.agents().list(ListOptions::default()).await.unwrap_err();
    assert_eq!(
        (err.code(), err.status()),
        (ErrorCode::Forbidden, Some(403))
    );

    // 404 with the contract's body.
    let err = c.memories().get("nonexistent-id").await.unwrap_err();
    assert_eq!((err.code(), err.status()), (ErrorCode::NotFound, Some(404)));
    let body: serde_json::Value = serde_json::from_str(err.body().unwrap()).unwrap();
    assert_eq!(body["type"], "not_found");
    assert_eq!(err.request_id(), body["request_id"].as_str());

    // 409: agent names are unique per account.
    let name = unique("dup");
    c.agents()
        .create(&name, CreateAgentOptions::default())
        .await
        .unwrap();
    let err = c
        .agents()
        .create(&name, CreateAgentOptions::default())
        .await
        .unwrap_err();
    assert_eq!((err.code(), err.status()), (ErrorCode::Conflict, Some(409)));

    // 422 with the detail list kept in `details` and rendered into the message.
    let err = c
        .memories()
        .list(
            &a,
            ListOptions {
                limit: Some(0),
                offset: None,
            },
        )
        .await
        .unwrap_err();
    assert_eq!(
        (err.code(), err.status()),
        (ErrorCode::Validation, Some(422))
    );
    let details = err
        .details()
        .and_then(|d| d.as_array())
        .expect("details list");
    assert_eq!(details[0]["loc"], json!(["query", "limit"]));
    assert!(
        err.message().starts_with("query.limit: "),
        "{}",
        err.message()
    );

    // 500 after retries are exhausted.
    add_fault(
        &srv,
        json!({"path": "/v1/agents", "method": "GET", "count": 3,
                           "action": "status", "status": 500}),
    )
    .await;
    let err = c
        .agents()
        .with_options(CallOptions {
            max_retries: Some(0),
            ..Default::default()
        })
        .list(ListOptions::default())
        .await
        .unwrap_err();
    assert_eq!((err.code(), err.status()), (ErrorCode::Api, Some(500)));
    let v = err.to_json();
    assert_eq!(v["kind"], "api");
    assert!(v["body"].as_str().is_some());
}

#[tokio::test]
async fn timeout_maps_to_timeout() {
    let srv = start().await;
    let c = client(&srv);
    add_fault(
        &srv,
        json!({"path": "/v1/agents", "method": "GET", "count": 5,
                           "action": "delay", "delay_ms": 1500}),
    )
    .await;
    let opts = CallOptions {
        timeout: Some(Duration::from_millis(200)),
        max_retries: Some(1),
    };
    let err = c
        .call_with("agents.list", json!({}), opts)
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Timeout);
    assert_eq!(err.status(), None);
    assert_eq!(
        hits_for(&srv, "GET /v1/agents").await,
        2,
        "a timeout is retried"
    );
}

#[tokio::test]
async fn connection_refused_maps_to_network() {
    let c = Client::new(ClientConfig {
        api_key: Some("mem_x".into()),
        base_url: Some(closed_port_url()),
        ..ClientConfig::default()
    })
    .unwrap();
    let err = c
        .call_with(
            "agents.list",
            json!({}),
            CallOptions {
                max_retries: Some(1),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Network);
    assert_eq!(err.status(), None);
    assert!(err.body().is_none());
}

#[tokio::test]
async fn non_json_success_body_is_an_api_error_with_the_raw_body() {
    let url = raw_stub(
        "HTTP/1.1 200 OK\r\ncontent-type: text/html\r\nx-request-id: req_stub\r\ncontent-length: 17\r\nconnection: close\r\n\r\n<html>oops</html>",
    )
    .await;
    let c = Client::new(ClientConfig {
        api_key: Some("mem_x".into()),
        base_url: Some(url),
        ..ClientConfig::default()
    })
    .unwrap();
    let err = c
        .call("memories.get", json!({"memory_id": "m"}))
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Api);
    assert_eq!(err.message(), "invalid JSON in response");
    assert_eq!(err.body(), Some("<html>oops</html>"));
    assert_eq!(err.request_id(), Some("req_stub"));
    // The typed surface decodes the body directly and reports the same error.
    let err = c.memories().get("m").await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Api);
    assert_eq!(err.message(), "invalid JSON in response");
    assert_eq!(err.body(), Some("<html>oops</html>"));
}

#[tokio::test]
async fn html_error_page_uses_the_status_line() {
    let url = raw_stub(
        "HTTP/1.1 502 Bad Gateway\r\ncontent-type: text/html\r\ncontent-length: 13\r\nconnection: close\r\n\r\n<h1>oops</h1>",
    )
    .await;
    let c = Client::new(ClientConfig {
        api_key: Some("mem_x".into()),
        base_url: Some(url),
        max_retries: Some(0),
        ..ClientConfig::default()
    })
    .unwrap();
    let err = c.call("agents.list", json!({})).await.unwrap_err();
    assert_eq!((err.code(), err.status()), (ErrorCode::Api, Some(502)));
    assert_eq!(err.message(), "HTTP 502 Bad Gateway");
    assert_eq!(err.body(), Some("<h1>oops</h1>"));
}

#[tokio::test]
async fn fault_body_that_is_not_an_error_object() {
    // A 2xx fault with a JSON body of the wrong shape (a string body goes out verbatim, so this
    // one is the JSON string "not a memory"): the JSON layer returns it losslessly, the typed
    // layer reports an API error instead of panicking.
    let srv = start().await;
    let c = client(&srv);
    add_fault(
        &srv,
        json!({"path": "/v1/memories/x", "method": "GET", "count": 2,
                           "action": "status", "status": 200, "body": "\"not a memory\""}),
    )
    .await;
    let v = c
        .call("memories.get", json!({"memory_id": "x"}))
        .await
        .unwrap();
    assert_eq!(v, json!("not a memory"));
    let err = c.memories().get("x").await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Api);
}

#[tokio::test]
async fn redirects_are_not_followed() {
    let url = raw_stub(
        "HTTP/1.1 302 Found\r\nlocation: http://127.0.0.1:9/elsewhere\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
    )
    .await;
    let c = Client::new(ClientConfig {
        api_key: Some("mem_x".into()),
        base_url: Some(url),
        ..ClientConfig::default()
    })
    .unwrap();
    let err = c.call("agents.list", json!({})).await.unwrap_err();
    assert_eq!((err.code(), err.status()), (ErrorCode::Api, Some(302)));
}
