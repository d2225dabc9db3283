//! Idempotency-Key handling on the server (contract §3.2).
mod common;

use common::*;
use reqwest::Method;
use serde_json::{json, Value};

async fn post_key(s: &Srv, key: &str, path: &str, idem: &str, body: &Value) -> Resp {
    s.send(
        s.anonymous(Method::POST, path)
            .bearer_auth(key)
            .header("Idempotency-Key", idem)
            .json(body),
    )
    .await
}

#[tokio::test]
async fn same_key_same_body_replays_without_executing() {
    let s = start().await;
    let a = s.agent("idem").await;
    let body = json!({"agent_id": id(&a), "content": "Created exactly once."});
    let first = post_key(&s, &s.key, "/v1/memories", "key-1", &body).await;
    assert_eq!(first.status, 201, "{}", first.text);
    assert_ne!(first.header("idempotent-replayed").as_deref(), Some("true"));
    let second = post_key(&s, &s.key, "/v1/memories", "key-1", &body).await;
    assert_eq!(second.status, 201, "{}", second.text);
    assert_eq!(
        second.header("idempotent-replayed").as_deref(),
        Some("true")
    );
    assert_eq!(second.json, first.json, "the stored body is replayed");
    let list = s.get("/v1/memories").await.expect(200);
    assert_eq!(list["total_count"], 1, "nothing created twice");

    // A create that would conflict if re-executed is replayed instead.
    let agent_body = json!({"name": "replayed-agent"});
    let a1 = post_key(&s, &s.key, "/v1/agents", "key-2", &agent_body).await;
    assert_eq!(a1.status, 201);
    let a2 = post_key(&s, &s.key, "/v1/agents", "key-2", &agent_body).await;
    assert_eq!(a2.status, 201, "replay, not a 409: {}", a2.text);
    assert_eq!(a2.json, a1.json);
    // A POST without a key runs normally.
    let a3 = s.post("/v1/agents", agent_body).await;
    assert_error(&a3, 409, "conflict");
}

#[tokio::test]
async fn same_key_different_request_is_409() {
    let s = start().await;
    let a = s.agent("idem-409").await;
    let body = json!({"agent_id": id(&a), "content": "Original."});
    post_key(&s, &s.key, "/v1/memories", "reused", &body)
        .await
        .expect(201);
    let other = json!({"agent_id": id(&a), "content": "Different."});
    let r = post_key(&s, &s.key, "/v1/memories", "reused", &other).await;
    let b = assert_error(&r, 409, "conflict");
    assert!(
        b["detail"].as_str().unwrap().contains("Idempotency-Key"),
        "{b}"
    );
    // Other path, same body and key: also a different fingerprint.
    let r = post_key(&s, &s.key, "/v1/memories/batch", "reused", &body).await;
    assert_error(&r, 409, "conflict");
    let list = s.get("/v1/memories").await.expect(200);
    assert_eq!(list["total_count"], 1);
}

#[tokio::test]
async fn client_errors_are_stored_and_replayed() {
    let s = start().await;
    let a = s.agent("idem-4xx").await;
    let bad = json!({"agent_id": id(&a), "content": "   "});
    let r1 = post_key(&s, &s.key, "/v1/memories", "bad-key", &bad).await;
    assert_error(&r1, 422, "validation");
    let r2 = post_key(&s, &s.key, "/v1/memories", "bad-key", &bad).await;
    assert_eq!(r2.status, 422);
    assert_eq!(r2.header("idempotent-replayed").as_deref(), Some("true"));
    assert_eq!(r2.json, r1.json);
    // The key is bound to that request now.
    let good = json!({"agent_id": id(&a), "content": "Fixed."});
    assert_error(
        &post_key(&s, &s.key, "/v1/memories", "bad-key", &good).await,
        409,
        "conflict",
    );
}

#[tokio::test]
async fn invalid_keys_are_422() {
    let s = start().await;
    let a = s.agent("idem-invalid").await;
    let body = json!({"agent_id": id(&a), "content": "x"});
    for key in ["", "has space", &"k".repeat(256)] {
        let r = post_key(&s, &s.key, "/v1/memories", key, &body).await;
        assert_error(&r, 422, "validation");
    }
    let r = s
        .send(
            s.request(Method::POST, "/v1/memories")
                .header(
                    "Idempotency-Key",
                    reqwest::header::HeaderValue::from_bytes("clé".as_bytes()).unwrap(),
                )
                .json(&body),
        )
        .await;
    assert_error(&r, 422, "validation");
    // 255 visible ASCII characters is the maximum and fine.
    let max: String = (0..255).map(|i| (b'!' + (i % 94) as u8) as char).collect();
    post_key(&s, &s.key, "/v1/memories", &max, &body)
        .await
        .expect(201);
    assert_eq!(s.get("/v1/memories").await.expect(200)["total_count"], 1);
}

#[tokio::test]
async fn keys_are_scoped_per_account() {
    let s = start_with(two_keys()).await;
    let (ka, kb) = (s.keys[0].clone(), s.keys[1].clone());
    let body = json!({"name": "same-name"});
    let ra = post_key(&s, &ka, "/v1/agents", "shared-key", &body).await;
    assert_eq!(ra.status, 201);
    let rb = post_key(&s, &kb, "/v1/agents", "shared-key", &body).await;
    assert_eq!(rb.status, 201, "{}", rb.text);
    assert_ne!(rb.header("idempotent-replayed").as_deref(), Some("true"));
    assert_ne!(rb.json["id"], ra.json["id"], "B got its own agent");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_repeats_wait_for_the_original() {
    let s = start().await;
    let a = s.agent("idem-concurrent").await;
    let items: Vec<_> = (0..50)
        .map(|i| json!({"content": format!("Concurrent item {i} about deployments.")}))
        .collect();
    let body = json!({"agent_id": id(&a), "memories": items});
    let tasks: Vec<_> = (0..6)
        .map(|_| {
            let rb = s
                .request(Method::POST, "/v1/memories/batch")
                .header("Idempotency-Key", "concurrent-key")
                .json(&body);
            tokio::spawn(async move { read(rb.send().await.unwrap()).await })
        })
        .collect();
    let mut bodies = Vec::new();
    let mut fresh = 0;
    for t in tasks {
        let r = t.await.unwrap();
        assert_eq!(r.status, 200, "{}", r.text);
        if r.header("idempotent-replayed").as_deref() != Some("true") {
            fresh += 1;
        }
        bodies.push(r.json);
    }
    assert_eq!(fresh, 1, "exactly one execution");
    assert!(bodies.windows(2).all(|w| w[0] == w[1]), "identical replays");
    let list = s.get("/v1/memories").await.expect(200);
    assert_eq!(list["total_count"], 50);
}

#[tokio::test]
async fn only_posts_are_idempotent_and_both_auth_headers_share_the_store() {
    let s = start().await;
    let a = s.agent("idem-put").await;
    let m = s.memory(&id(&a), "v0").await;
    let path = format!("/v1/memories/{}", id(&m));
    for content in ["v1", "v2"] {
        let r = s
            .send(
                s.request(Method::PUT, &path)
                    .header("Idempotency-Key", "put-key")
                    .json(&json!({"content": content})),
            )
            .await;
        assert_ne!(r.header("idempotent-replayed").as_deref(), Some("true"));
        assert_eq!(r.expect(200)["content"], content, "PUT executes every time");
    }
    // Same account through X-API-Key: the Bearer request's key is replayed.
    let body = json!({"name": "via-both-headers"});
    let first = post_key(&s, &s.key, "/v1/agents", "auth-key", &body).await;
    assert_eq!(first.status, 201);
    let second = s
        .send(
            s.anonymous(Method::POST, "/v1/agents")
                .header("X-API-Key", s.key.clone())
                .header("Idempotency-Key", "auth-key")
                .json(&body),
        )
        .await;
    assert_eq!(second.status, 201, "{}", second.text);
    assert_eq!(
        second.header("idempotent-replayed").as_deref(),
        Some("true")
    );
    assert_eq!(second.json, first.json);
}

#[tokio::test]
async fn replayed_errors_keep_header_and_body_request_ids_equal() {
    let s = start().await;
    let a = s.agent("idem-rid").await;
    let bad = json!({"agent_id": id(&a), "content": ""});
    let r1 = post_key(&s, &s.key, "/v1/memories", "rid-key", &bad).await;
    assert_error(&r1, 422, "validation");
    let r2 = post_key(&s, &s.key, "/v1/memories", "rid-key", &bad).await;
    assert_eq!(r2.header("idempotent-replayed").as_deref(), Some("true"));
    // §2.1: the error body's request_id is the one in X-Request-Id, replay or not.
    assert_error(&r2, 422, "validation");
}

#[tokio::test]
async fn the_fingerprint_includes_the_query_string() {
    let s = start().await;
    let a = s.agent("idem-query").await;
    let body = json!({"agent_id": id(&a), "query": "anything"});
    post_key(&s, &s.key, "/v1/memories/search", "q-key", &body)
        .await
        .expect(200);
    let r = post_key(&s, &s.key, "/v1/memories/search?extra=1", "q-key", &body).await;
    assert_error(&r, 409, "conflict");
}
