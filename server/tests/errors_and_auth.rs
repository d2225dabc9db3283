//! Health, authentication (§1.2), error bodies (§2.1), body parsing (§1.4), id handling, and
//! tenant isolation between two accounts.
mod common;

use common::*;
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn health_needs_no_key_and_ignores_credentials() {
    let s = start().await;
    for rb in [
        s.anonymous(Method::GET, "/v1/health"),
        s.anonymous(Method::GET, "/v1/health")
            .bearer_auth("mem_wrong"),
        s.anonymous(Method::GET, "/v1/health")
            .header("X-API-Key", "mem_wrong"),
        s.request(Method::GET, "/v1/health"),
    ] {
        let r = s.send(rb).await;
        assert!(r
            .header("content-type")
            .unwrap()
            .starts_with("application/json"));
        assert!(is_request_id(&r.header("x-request-id").unwrap()));
        let h = r.expect(200);
        check_fields(
            "Health",
            &h,
            &[
                ("status", T::Str),
                ("version", T::Str),
                ("api_version", T::Str),
                ("environment", T::Str),
                ("timestamp", T::Int),
                ("uptime_seconds", T::Int),
                ("services", T::Obj),
                ("embedding_info", T::Obj),
            ],
            &[],
        );
        assert_eq!(h["status"], "ok");
        assert_eq!(h["api_version"], "v1");
        assert!(h["services"]
            .as_object()
            .unwrap()
            .values()
            .all(|v| v.is_string()));
        check_fields(
            "Health.embedding_info",
            &h["embedding_info"],
            &[("provider", T::Str), ("dimension", T::Int)],
            &[],
        );
        assert!(h["embedding_info"]["dimension"].as_u64().unwrap() > 0);
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        assert!((h["timestamp"].as_i64().unwrap() - now).abs() < 120);
    }
}

#[tokio::test]
async fn generated_key_has_the_conventional_shape() {
    let s = start().await;
    assert_eq!(s.keys.len(), 1);
    let k = &s.key;
    assert!(k.starts_with("mem_") && k.len() == 36, "{k}");
    assert!(k[4..].chars().all(|c| c.is_ascii_hexdigit()), "{k}");
}

#[tokio::test]
async fn missing_or_wrong_key_is_401() {
    let s = start().await;
    let cases = [
        s.anonymous(Method::GET, "/v1/agents"),
        s.anonymous(Method::GET, "/v1/agents")
            .bearer_auth("mem_wrong"),
        s.anonymous(Method::GET, "/v1/agents")
            .header("X-API-Key", "mem_wrong"),
        s.anonymous(Method::GET, "/v1/agents")
            .header("Authorization", s.key.clone()),
        s.anonymous(Method::POST, "/v1/agents")
            .json(&json!({"name": "x"})),
        s.anonymous(Method::DELETE, &format!("/v1/memories/{}", unknown_uuid())),
    ];
    for rb in cases {
        let r = s.send(rb).await;
        assert_error(&r, 401, "authentication");
    }
    // Nothing was created by the rejected POST.
    assert_eq!(s.get("/v1/agents").await.expect(200)["total_count"], 0);
}

#[tokio::test]
async fn bearer_and_x_api_key_are_both_accepted() {
    let s = start().await;
    let key = s.key.clone();
    let ok = [
        s.anonymous(Method::GET, "/v1/agents").bearer_auth(&key),
        s.anonymous(Method::GET, "/v1/agents")
            .header("Authorization", format!("bearer {key}")),
        s.anonymous(Method::GET, "/v1/agents")
            .header("Authorization", format!("BEARER {key}")),
        s.anonymous(Method::GET, "/v1/agents")
            .header("X-API-Key", key.clone()),
        // Both present: Authorization wins.
        s.anonymous(Method::GET, "/v1/agents")
            .bearer_auth(&key)
            .header("X-API-Key", "mem_wrong"),
    ];
    for rb in ok {
        s.send(rb).await.expect(200);
    }
    let r = s
        .send(
            s.anonymous(Method::GET, "/v1/agents")
                .bearer_auth("mem_wrong")
                .header("X-API-Key", key.clone()),
        )
        .await;
    assert_error(&r, 401, "authentication");
    // The X-API-Key account is the same account as the Bearer one.
    let a = s
        .send(
            s.anonymous(Method::POST, "/v1/agents")
                .header("X-API-Key", key.clone())
                .json(&json!({"name": "via-x-api-key"})),
        )
        .await
        .expect(201);
    s.get(&format!("/v1/agents/{}", id(&a))).await.expect(200);
}

#[tokio::test]
async fn every_response_carries_a_fresh_request_id() {
    let s = start().await;
    let r1 = s.get("/v1/agents").await;
    let r2 = s.get("/v1/agents").await;
    let r3 = s.get("/v1/nope").await;
    let ids: Vec<String> = [r1, r2, r3]
        .iter()
        .map(|r| r.header("x-request-id").expect("X-Request-Id"))
        .collect();
    assert!(ids.iter().all(|i| is_request_id(i)), "{ids:?}");
    assert_ne!(ids[0], ids[1]);
    assert_ne!(ids[1], ids[2]);
}

#[tokio::test]
async fn unknown_route_is_404_with_error_body() {
    let s = start().await;
    for (m, p) in [
        (Method::GET, "/v1/nope"),
        (Method::POST, "/v1/widgets"),
        (Method::GET, "/v2/widgets"),
        (Method::GET, "/"),
    ] {
        let r = s.call(m, p, None).await;
        assert_error(&r, 404, "not_found");
    }
}

#[tokio::test]
async fn malformed_and_non_object_bodies_are_400() {
    let s = start().await;
    let raw = |path: &str, body: &'static str| {
        s.request(Method::POST, path)
            .header("Content-Type", "application/json")
            .body(body)
    };
    for (path, body) in [
        ("/v1/agents", "{not json"),
        ("/v1/agents", "{\"name\": \"x\""),
        ("/v1/agents", "[{\"name\": \"x\"}]"),
        ("/v1/agents", "\"just a string\""),
        ("/v1/agents", "42"),
        ("/v1/memories", "[]"),
        ("/v1/memories/batch", "[{\"content\": \"x\"}]"),
        ("/v1/memories/search", "null"),
    ] {
        let r = s.send(raw(path, body)).await;
        let b = assert_error(&r, 400, "validation");
        assert!(b["detail"].is_string(), "400 detail is a string: {b}");
    }
    let r = s
        .send(
            s.request(Method::PUT, &format!("/v1/memories/{}", unknown_uuid()))
                .header("Content-Type", "application/json")
                .body("[1, 2]"),
        )
        .await;
    assert!(r.status == 400 || r.status == 404, "{}", r.status);
    assert_eq!(s.get("/v1/agents").await.expect(200)["total_count"], 0);
}

#[tokio::test]
async fn wrong_types_and_missing_fields_are_422_with_locations() {
    let s = start().await;
    let a = s.agent("types").await;
    let aid = id(&a);
    let cases = [
        ("/v1/agents", json!({"name": 5}), json!(["body", "name"])),
        (
            "/v1/agents",
            json!({"name": "ok", "metadata": [1]}),
            json!(["body", "metadata"]),
        ),
        (
            "/v1/agents",
            json!({"description": "no name"}),
            json!(["body", "name"]),
        ),
        (
            "/v1/memories",
            json!({"agent_id": aid, "content": ["a"]}),
            json!(["body", "content"]),
        ),
        (
            "/v1/memories",
            json!({"agent_id": aid, "content": "x", "importance": "high"}),
            json!(["body", "importance"]),
        ),
        (
            "/v1/memories",
            json!({"agent_id": aid, "content": "x", "deduplicate": "yes"}),
            json!(["body", "deduplicate"]),
        ),
        (
            "/v1/memories/search",
            json!({"agent_id": aid, "query": "x", "limit": "5"}),
            json!(["body", "limit"]),
        ),
        (
            "/v1/memories/batch",
            json!({"agent_id": aid, "memories": "nope"}),
            json!(["body", "memories"]),
        ),
        (
            "/v1/entities",
            json!({"agent_id": aid, "name": "n"}),
            json!(["body", "entity_type"]),
        ),
        (
            "/v1/decisions",
            json!({"agent_id": aid, "title": "t", "rationale": "r", "tags": "x"}),
            json!(["body", "tags"]),
        ),
        (
            "/v1/patterns",
            json!({"agent_id": aid, "title": "t", "description": "d", "tags": [1]}),
            json!(["body", "tags", 0]),
        ),
        (
            "/v1/projects",
            json!({"agent_id": aid}),
            json!(["body", "name"]),
        ),
    ];
    for (path, body, loc) in cases {
        let r = s.post(path, body.clone()).await;
        assert_eq!(r.status, 422, "{path} {body}: {}", r.text);
        assert_422(&r, loc);
    }
    // A batch item's loc carries its index.
    let r = s
        .post(
            "/v1/memories/batch",
            json!({"agent_id": aid, "memories": [{"content": "ok"}, "not an object"]}),
        )
        .await;
    if r.status == 422 {
        assert_422(&r, json!(["body", "memories", 1]));
    } else {
        let b = r.expect(200);
        assert_eq!(b["results"][1]["status"], "failed", "{b}");
        assert_eq!(b["results"][0]["status"], "success", "{b}");
    }
}

#[tokio::test]
async fn out_of_range_paging_on_every_list() {
    let s = start().await;
    for path in [
        "/v1/memories",
        "/v1/agents",
        "/v1/entities",
        "/v1/sessions",
        "/v1/decisions",
        "/v1/projects",
        "/v1/patterns",
    ] {
        for (k, v) in [("limit", "0"), ("limit", "101"), ("offset", "-1")] {
            let r = s.get(&format!("{path}?{k}={v}")).await;
            assert_eq!(r.status, 422, "{path}?{k}={v}: {}", r.text);
            let item = assert_422(&r, json!(["query", k]));
            let t = item["type"].as_str().unwrap();
            assert!(
                ["greater_than_equal", "less_than_equal"].contains(&t),
                "{path}?{k}={v}: item type {t}"
            );
        }
        // A missing offset is 0; the default limit is 50.
        let r = s.get(&format!("{path}?limit=100")).await.expect(200);
        assert_list(&r, 0, |_| {});
        // Unknown query parameters are ignored.
        s.get(&format!("{path}?foo=bar")).await.expect(200);
    }
}

#[tokio::test]
async fn default_list_limit_is_50() {
    let s = start().await;
    let a = s.agent("many").await;
    let items: Vec<_> = (0..60)
        .map(|i| json!({"content": format!("Memory {i}.")}))
        .collect();
    s.post(
        "/v1/memories/batch",
        json!({"agent_id": id(&a), "memories": items}),
    )
    .await
    .expect(200);
    let r = s.get("/v1/memories").await.expect(200);
    assert_list(&r, 0, assert_memory);
    assert_eq!(r["data"].as_array().unwrap().len(), 50);
    assert_eq!(r["total_count"], 60);
    assert_eq!(r["has_more"], true);
    let r = s.get("/v1/memories?offset=50").await.expect(200);
    assert_list(&r, 50, assert_memory);
    assert_eq!(r["data"].as_array().unwrap().len(), 10);
    assert_eq!(r["has_more"], false);
}

#[tokio::test]
async fn malformed_and_unknown_ids_are_404_naming_the_field() {
    let s = start().await;
    let a = s.agent("ids").await;
    let aid = id(&a);
    for bad in ["not-a-uuid", "12345", &unknown_uuid()] {
        for (path, name) in [
            (format!("/v1/memories/{bad}"), "memory"),
            (format!("/v1/entities/{bad}"), "entity"),
            (format!("/v1/sessions/{bad}"), "session"),
            (format!("/v1/decisions/{bad}"), "decision"),
            (format!("/v1/patterns/{bad}"), "pattern"),
            (format!("/v1/agents/{bad}"), "agent"),
            (format!("/v1/projects/{bad}"), "project"),
        ] {
            assert_not_found(&s.get(&path).await, name);
            assert_not_found(&s.delete(&path).await, name);
        }
    }
    // Ids in the query and the body.
    assert_not_found(
        &s.get(&format!("/v1/memories?agent_id={}", unknown_uuid()))
            .await,
        "agent",
    );
    assert_not_found(&s.get("/v1/sessions?agent_id=ghost-agent").await, "agent");
    assert_not_found(
        &s.post(
            "/v1/memories",
            json!({"agent_id": aid, "content": "x", "session_id": "bad-id"}),
        )
        .await,
        "session",
    );
    let d = s.decision(&aid, "T", "R").await;
    assert_not_found(
        &s.post(
            &format!("/v1/decisions/{}/supersede", id(&d)),
            json!({"new_decision_id": "bad-id"}),
        )
        .await,
        "decision",
    );
}

#[tokio::test]
async fn body_over_one_mebibyte_is_413() {
    let s = start().await;
    let a = s.agent("big").await;
    let big = "x".repeat(1024 * 1024 + 1024);
    let r = s
        .post("/v1/memories", json!({"agent_id": id(&a), "content": big}))
        .await;
    assert_eq!(r.status, 413, "{}", r.text);
    assert!(r.header("x-request-id").is_some_and(|h| is_request_id(&h)));
    // A large body under the limit is fine: 100 items of 9000 characters ≈ 0.9 MB.
    let items: Vec<_> = (0..100)
        .map(|i| json!({"content": format!("{i} {}", "y".repeat(9000))}))
        .collect();
    let r = s
        .post(
            "/v1/memories/batch",
            json!({"agent_id": id(&a), "memories": items}),
        )
        .await
        .expect(200);
    assert_eq!(r["succeeded"], 100);
}

#[tokio::test]
async fn tenants_are_isolated() {
    let s = start_with(two_keys()).await;
    let (ka, kb) = (s.keys[0].clone(), s.keys[1].clone());
    let agent = s
        .call_as(
            &ka,
            Method::POST,
            "/v1/agents",
            Some(json!({"name": "shared-name"})),
        )
        .await
        .expect(201);
    let aid = id(&agent);
    let mem = s
        .call_as(
            &ka,
            Method::POST,
            "/v1/memories",
            Some(json!({"agent_id": aid, "content": "Secret of account A."})),
        )
        .await
        .expect(201);
    let ent = s
        .call_as(
            &ka,
            Method::POST,
            "/v1/entities",
            Some(json!({"agent_id": aid, "name": "A corp", "entity_type": "organization"})),
        )
        .await
        .expect(201);
    let sess = s
        .call_as(
            &ka,
            Method::POST,
            "/v1/sessions",
            Some(json!({"agent_id": aid, "external_id": "k1"})),
        )
        .await
        .expect(201);
    let dec = s
        .call_as(
            &ka,
            Method::POST,
            "/v1/decisions",
            Some(json!({"agent_id": aid, "title": "A's decision", "rationale": "R"})),
        )
        .await
        .expect(201);
    let proj = s
        .call_as(
            &ka,
            Method::POST,
            "/v1/projects",
            Some(json!({"agent_id": aid, "name": "A project", "slug": "a-project"})),
        )
        .await
        .expect(201);
    let pat = s
        .call_as(
            &ka,
            Method::POST,
            "/v1/patterns",
            Some(json!({"agent_id": aid, "title": "A's pattern", "description": "D"})),
        )
        .await
        .expect(201);

    // B sees 404 for every A resource, by id, name and slug, on read, update and delete.
    for (path, name) in [
        (format!("/v1/agents/{aid}"), "agent"),
        ("/v1/agents/shared-name".to_string(), "agent"),
        (format!("/v1/agents/{aid}/stats"), "agent"),
        (format!("/v1/memories/{}", id(&mem)), "memory"),
        (format!("/v1/entities/{}", id(&ent)), "entity"),
        (format!("/v1/sessions/{}", id(&sess)), "session"),
        (format!("/v1/decisions/{}", id(&dec)), "decision"),
        (format!("/v1/projects/{}", id(&proj)), "project"),
        ("/v1/projects/a-project".to_string(), "project"),
        ("/v1/projects/a-project/context".to_string(), "project"),
        (format!("/v1/patterns/{}", id(&pat)), "pattern"),
    ] {
        assert_not_found(&s.call_as(&kb, Method::GET, &path, None).await, name);
    }
    for (path, name, body) in [
        (
            format!("/v1/agents/{aid}"),
            "agent",
            json!({"description": "x"}),
        ),
        (
            format!("/v1/memories/{}", id(&mem)),
            "memory",
            json!({"content": "x"}),
        ),
        (
            format!("/v1/entities/{}", id(&ent)),
            "entity",
            json!({"name": "x"}),
        ),
        (
            format!("/v1/decisions/{}", id(&dec)),
            "decision",
            json!({"title": "x"}),
        ),
        (
            format!("/v1/projects/{}", id(&proj)),
            "project",
            json!({"name": "x"}),
        ),
        (
            format!("/v1/patterns/{}", id(&pat)),
            "pattern",
            json!({"title": "x"}),
        ),
    ] {
        assert_not_found(&s.call_as(&kb, Method::PUT, &path, Some(body)).await, name);
        assert_not_found(&s.call_as(&kb, Method::DELETE, &path, None).await, name);
    }
    assert_not_found(
        &s.call_as(
            &kb,
            Method::PUT,
            &format!("/v1/sessions/{}/end", id(&sess)),
            Some(json!({})),
        )
        .await,
        "session",
    );
    assert_not_found(
        &s.call_as(
            &kb,
            Method::POST,
            &format!("/v1/sessions/{}/summarize", id(&sess)),
            None,
        )
        .await,
        "session",
    );
    assert_not_found(
        &s.call_as(
            &kb,
            Method::POST,
            &format!("/v1/patterns/{}/adopt", id(&pat)),
            Some(json!({"project": "a-project"})),
        )
        .await,
        "pattern",
    );
    assert_not_found(
        &s.call_as(
            &kb,
            Method::POST,
            "/v1/entities/links",
            Some(json!({"entity_id": id(&ent), "memory_id": id(&mem)})),
        )
        .await,
        "entity",
    );
    assert_not_found(
        &s.call_as(
            &kb,
            Method::POST,
            "/v1/memories/search",
            Some(json!({"agent_id": aid, "query": "Secret of account A."})),
        )
        .await,
        "agent",
    );
    // B's lists and searches are empty.
    for path in [
        "/v1/agents",
        "/v1/memories",
        "/v1/entities",
        "/v1/sessions",
        "/v1/decisions",
        "/v1/projects",
        "/v1/patterns",
    ] {
        let r = s.call_as(&kb, Method::GET, path, None).await.expect(200);
        assert_eq!(r["total_count"], 0, "{path}: {r}");
        assert_eq!(r["data"], json!([]));
    }
    let r = s
        .call_as(
            &kb,
            Method::POST,
            "/v1/memories/search",
            Some(json!({"query": "Secret of account A."})),
        )
        .await
        .expect(200);
    assert_eq!(r["data"], json!([]));
    // Uniqueness is per account: B may reuse A's agent name and project slug; a memory created
    // by name lands in B's own agent.
    let b_agent = s
        .call_as(
            &kb,
            Method::POST,
            "/v1/agents",
            Some(json!({"name": "shared-name"})),
        )
        .await
        .expect(201);
    assert_ne!(b_agent["id"], agent["id"]);
    let b_mem = s
        .call_as(
            &kb,
            Method::POST,
            "/v1/memories",
            Some(json!({"agent_id": "shared-name", "content": "B's memory."})),
        )
        .await
        .expect(201);
    assert_eq!(b_mem["agent_id"], b_agent["id"]);
    s.call_as(
        &kb,
        Method::POST,
        "/v1/projects",
        Some(json!({"agent_id": id(&b_agent), "name": "B project", "slug": "a-project"})),
    )
    .await
    .expect(201);
    // A is unaffected.
    let a_view = s
        .call_as(&ka, Method::GET, "/v1/memories", None)
        .await
        .expect(200);
    assert_eq!(ids(&a_view), vec![id(&mem)]);
}

#[tokio::test]
async fn other_authorization_schemes_are_401() {
    let s = start().await;
    let key = s.key.clone();
    for value in [
        format!("Basic {key}"),
        format!("Token {key}"),
        "Bearer".to_string(),
        format!("Bearer  {key}x"),
    ] {
        let r = s
            .send(
                s.anonymous(Method::GET, "/v1/agents")
                    .header("Authorization", value.clone()),
            )
            .await;
        assert_error(&r, 401, "authentication");
    }
}

#[test]
fn spawn_background_serves_without_a_runtime_and_stops_on_drop() {
    let server = memoryrelay_server::spawn_background(memoryrelay_server::ServerConfig::default())
        .expect("spawn_background");
    let url = server.url().to_string();
    let key = server.api_key().to_string();
    assert_eq!(server.api_keys().to_vec(), vec![key.clone()]);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let http = http_client();
    let status = rt.block_on(async {
        http.get(format!("{url}/v1/agents"))
            .bearer_auth(&key)
            .send()
            .await
            .unwrap()
            .status()
    });
    assert_eq!(status, 200);
    drop(server);
    let after = rt.block_on(async {
        reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(5))
            .build()
            .unwrap()
            .get(format!("{url}/v1/health"))
            .send()
            .await
    });
    assert!(
        after.is_err(),
        "server still answering after drop: {after:?}"
    );
}

#[tokio::test]
async fn request_id_is_the_servers_own_even_if_the_client_sends_one() {
    let s = start().await;
    let r = s
        .send(
            s.request(Method::GET, "/v1/agents")
                .header("X-Request-Id", "client-chosen"),
        )
        .await;
    let rid = r.header("x-request-id").unwrap();
    assert!(is_request_id(&rid), "X-Request-Id must be req_<hex>: {rid}");
}

#[tokio::test]
async fn wrong_method_on_a_known_path_gets_an_error_response() {
    let s = start().await;
    for (m, p) in [
        (Method::DELETE, "/v1/memories"),
        (Method::PUT, "/v1/agents"),
        (Method::GET, "/v1/memories/batch"),
    ] {
        let r = s.call(m.clone(), p, None).await;
        assert!(
            r.status == 404 || r.status == 405,
            "{m} {p}: {} {}",
            r.status,
            r.text
        );
        if r.status == 404 {
            assert_error(&r, 404, "not_found");
        }
        assert!(
            r.header("x-request-id").is_some_and(|h| is_request_id(&h)),
            "{m} {p}"
        );
    }
}

#[tokio::test]
async fn agent_names_with_reserved_characters_work_in_paths_and_queries() {
    let s = start().await;
    let name = "team alpha/ops #1 & co?";
    let a = s.agent(name).await;
    let enc = "team%20alpha%2Fops%20%231%20%26%20co%3F";
    let got = s.get(&format!("/v1/agents/{enc}")).await.expect(200);
    assert_eq!(got["id"], a["id"]);
    s.memory(name, "By an awkward name.").await;
    let list = s
        .get(&format!("/v1/memories{}", qs(&[("agent_id", name)])))
        .await
        .expect(200);
    assert_eq!(list["total_count"], 1);
    let stats = s.get(&format!("/v1/agents/{enc}/stats")).await.expect(200);
    assert_eq!(stats["memory_count"], 1);
}
