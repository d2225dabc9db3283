//! Shared helpers for the HTTP test suite: start a server on an ephemeral loopback port, send
//! requests with a tiny helper, and check response shapes against the wire contract (§1.5, §2.1,
//! §4.1). Each test binary uses a different subset, hence the `dead_code` allowance.
#![allow(dead_code)]

use std::sync::Once;
use std::time::Duration;

use memoryrelay_server::{spawn, DbLocation, RunningServer, ServerConfig};
use reqwest::header::HeaderMap;
use reqwest::{Method, RequestBuilder};
use serde_json::{json, Value};

static CRYPTO: Once = Once::new();

/// reqwest is built with `rustls-no-provider`: building a client panics unless a process-wide
/// rustls provider is installed, even though these tests only speak plain HTTP on loopback.
fn install_crypto_provider() {
    CRYPTO.call_once(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

pub fn http_client() -> reqwest::Client {
    install_crypto_provider();
    reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .expect("build reqwest client")
}

/// A running server plus a client authenticated with its first key.
pub struct Srv {
    server: Option<RunningServer>,
    pub http: reqwest::Client,
    pub base: String,
    pub key: String,
    pub keys: Vec<String>,
}

pub async fn start() -> Srv {
    start_with(ServerConfig::default()).await
}

pub async fn start_with(mut config: ServerConfig) -> Srv {
    // The same tests run against PostgreSQL when the suite is given a server: each test server
    // gets a database of its own (scripts/test-postgres.sh).
    if matches!(config.db, DbLocation::Memory | DbLocation::Temp) {
        if let Some(url) = fresh_postgres_database().await {
            config.db = DbLocation::Postgres(url);
        }
    }
    let server = spawn(config).await.expect("spawn server");
    let base = server.url().to_string();
    assert!(base.starts_with("http://127.0.0.1:"), "url: {base}");
    assert!(!base.ends_with('/'), "url has a trailing slash: {base}");
    let key = server.api_key().to_string();
    let keys = server.api_keys().to_vec();
    Srv {
        server: Some(server),
        http: http_client(),
        base,
        key,
        keys,
    }
}

/// A config with two accounts, for isolation tests.
pub fn two_keys() -> ServerConfig {
    ServerConfig {
        api_keys: vec![
            "mem_test_account_a_0000000000000000".into(),
            "mem_test_account_b_1111111111111111".into(),
        ],
        ..ServerConfig::default()
    }
}

/// A decoded response. `json` is `Value::Null` when the body is empty or not JSON.
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: HeaderMap,
    pub text: String,
    pub json: Value,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .map(|v| v.to_str().expect("ascii header").to_string())
    }

    /// Asserts the status and the headers every response carries (§1.3: `X-Request-Id`, and
    /// `Content-Type: application/json` with any body), then returns the JSON body.
    #[track_caller]
    pub fn expect(self, status: u16) -> Value {
        assert_eq!(
            self.status, status,
            "unexpected status; body: {}",
            self.text
        );
        let rid = self.header("x-request-id").unwrap_or_default();
        assert!(is_request_id(&rid), "X-Request-Id {rid:?}");
        if !self.text.is_empty() {
            let ct = self.header("content-type").unwrap_or_default();
            assert!(ct.starts_with("application/json"), "content-type {ct:?}");
            assert!(!self.json.is_null(), "body is not JSON: {}", self.text);
        }
        self.json
    }
}

/// Builds `?k=v&…` with proper percent-encoding.
pub fn qs(pairs: &[(&str, &str)]) -> String {
    let url = reqwest::Url::parse_with_params("http://x/", pairs).expect("query");
    match url.query() {
        Some(q) if !q.is_empty() => format!("?{q}"),
        _ => String::new(),
    }
}

impl Srv {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// A request carrying `Authorization: Bearer <first key>`.
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.http
            .request(method, self.url(path))
            .bearer_auth(&self.key)
    }

    /// A request with no credentials at all.
    pub fn anonymous(&self, method: Method, path: &str) -> RequestBuilder {
        self.http.request(method, self.url(path))
    }

    pub async fn send(&self, rb: RequestBuilder) -> Resp {
        let r = rb.send().await.expect("http request");
        read(r).await
    }

    pub async fn call_as(
        &self,
        key: &str,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> Resp {
        let mut rb = self.http.request(method, self.url(path)).bearer_auth(key);
        if let Some(b) = body {
            rb = rb.json(&b);
        }
        self.send(rb).await
    }

    pub async fn call(&self, method: Method, path: &str, body: Option<Value>) -> Resp {
        self.call_as(&self.key.clone(), method, path, body).await
    }

    pub async fn get(&self, path: &str) -> Resp {
        self.call(Method::GET, path, None).await
    }
    pub async fn post(&self, path: &str, body: Value) -> Resp {
        self.call(Method::POST, path, Some(body)).await
    }
    /// POST with no body at all (summarize is specified without one).
    pub async fn post_empty(&self, path: &str) -> Resp {
        self.send(self.request(Method::POST, path)).await
    }
    pub async fn put(&self, path: &str, body: Value) -> Resp {
        self.call(Method::PUT, path, Some(body)).await
    }
    pub async fn patch(&self, path: &str, body: Value) -> Resp {
        self.call(Method::PATCH, path, Some(body)).await
    }
    pub async fn delete(&self, path: &str) -> Resp {
        self.call(Method::DELETE, path, None).await
    }

    // ---- fixtures: each asserts the creation succeeded and returns the created resource ----

    pub async fn agent(&self, name: &str) -> Value {
        self.post("/v1/agents", json!({ "name": name }))
            .await
            .expect(201)
    }

    pub async fn memory(&self, agent_id: &str, content: &str) -> Value {
        self.memory_with(json!({ "agent_id": agent_id, "content": content }))
            .await
    }

    pub async fn memory_with(&self, body: Value) -> Value {
        self.post("/v1/memories", body).await.expect(201)
    }

    pub async fn entity(&self, agent_id: &str, name: &str, entity_type: &str) -> Value {
        self.post(
            "/v1/entities",
            json!({ "agent_id": agent_id, "name": name, "entity_type": entity_type }),
        )
        .await
        .expect(201)
    }

    pub async fn session(&self, agent_id: &str) -> Value {
        self.post("/v1/sessions", json!({ "agent_id": agent_id }))
            .await
            .expect(201)
    }

    pub async fn decision(&self, agent_id: &str, title: &str, rationale: &str) -> Value {
        self.post(
            "/v1/decisions",
            json!({ "agent_id": agent_id, "title": title, "rationale": rationale }),
        )
        .await
        .expect(201)
    }

    pub async fn project(&self, agent_id: &str, name: &str) -> Value {
        self.post(
            "/v1/projects",
            json!({ "agent_id": agent_id, "name": name }),
        )
        .await
        .expect(201)
    }

    pub async fn pattern(&self, agent_id: &str, title: &str, description: &str) -> Value {
        self.post(
            "/v1/patterns",
            json!({ "agent_id": agent_id, "title": title, "description": description }),
        )
        .await
        .expect(201)
    }

    /// Graceful shutdown; the db file is closed when this returns.
    pub async fn shutdown(mut self) {
        if let Some(s) = self.server.take() {
            s.shutdown().await;
        }
    }
}

pub async fn read(r: reqwest::Response) -> Resp {
    let status = r.status().as_u16();
    let headers = r.headers().clone();
    let text = r.text().await.expect("read body");
    let json = serde_json::from_str(&text).unwrap_or(Value::Null);
    Resp {
        status,
        headers,
        text,
        json,
    }
}

pub fn id(v: &Value) -> String {
    v["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no id in {v}"))
        .to_string()
}

/// Ids of a list envelope's or array's items, in order.
pub fn ids(v: &Value) -> Vec<String> {
    let arr = v.get("data").unwrap_or(v);
    arr.as_array()
        .unwrap_or_else(|| panic!("not a list: {v}"))
        .iter()
        .map(id)
        .collect()
}

// ---- shape checks (contract §4.1) ----

/// JSON types of fields in §4.1.
#[derive(Clone, Copy, Debug)]
pub enum T {
    Uuid,
    Str,
    Int,
    Num,
    Bool,
    Obj,
    Arr,
    /// RFC 3339 UTC string.
    Ts,
}

pub fn is_uuid(s: &str) -> bool {
    uuid::Uuid::parse_str(s).is_ok() && s.len() == 36 && s == s.to_lowercase()
}

fn type_ok(t: T, v: &Value) -> bool {
    match t {
        T::Uuid => v.as_str().is_some_and(is_uuid),
        T::Str => v.is_string(),
        T::Int => v.is_i64() || v.is_u64(),
        T::Num => v.is_number(),
        T::Bool => v.is_boolean(),
        T::Obj => v.is_object(),
        T::Arr => v.is_array(),
        T::Ts => v.as_str().is_some_and(is_rfc3339_utc),
    }
}

pub fn is_rfc3339_utc(s: &str) -> bool {
    use time::format_description::well_known::Rfc3339;
    match time::OffsetDateTime::parse(s, &Rfc3339) {
        Ok(t) => t.offset().is_utc(),
        Err(_) => false,
    }
}

/// `required` fields must be present and non-null with the given type; `nullable` ones must be
/// present (the server emits every field) and either null or of the given type.
#[track_caller]
pub fn check_fields(what: &str, v: &Value, required: &[(&str, T)], nullable: &[(&str, T)]) {
    let obj = v
        .as_object()
        .unwrap_or_else(|| panic!("{what}: not an object: {v}"));
    for (name, t) in required {
        let f = obj
            .get(*name)
            .unwrap_or_else(|| panic!("{what}: missing required field `{name}` in {v}"));
        assert!(
            type_ok(*t, f),
            "{what}: field `{name}` should be {t:?}, got {f} in {v}"
        );
    }
    for (name, t) in nullable {
        let f = obj.get(*name).unwrap_or_else(|| {
            panic!("{what}: missing field `{name}` (null expected when unset) in {v}")
        });
        assert!(
            f.is_null() || type_ok(*t, f),
            "{what}: field `{name}` should be null or {t:?}, got {f} in {v}"
        );
    }
}

#[track_caller]
fn check_object_tag(v: &Value, tag: &str) {
    assert_eq!(v["object"], json!(tag), "object tag in {v}");
}

#[track_caller]
pub fn assert_memory(v: &Value) {
    check_fields(
        "Memory",
        v,
        &[
            ("id", T::Uuid),
            ("object", T::Str),
            ("agent_id", T::Uuid),
            ("content", T::Str),
            ("metadata", T::Obj),
            ("memory_type", T::Str),
            ("importance", T::Num),
            ("tier", T::Str),
            ("is_duplicate", T::Bool),
            ("created_at", T::Int),
            ("updated_at", T::Int),
        ],
        &[
            ("user_id", T::Str),
            ("session_id", T::Uuid),
            ("project_id", T::Uuid),
        ],
    );
    check_object_tag(v, "memory");
    let mt = v["memory_type"].as_str().unwrap();
    assert!(
        [
            "fact",
            "event",
            "insight",
            "task",
            "preference",
            "entity_reference",
            "system"
        ]
        .contains(&mt),
        "memory_type {mt}"
    );
    assert!(["hot", "warm", "cold"].contains(&v["tier"].as_str().unwrap()));
    let imp = v["importance"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&imp), "importance {imp}");
}

#[track_caller]
pub fn assert_agent(v: &Value) {
    check_fields(
        "Agent",
        v,
        &[
            ("id", T::Uuid),
            ("object", T::Str),
            ("name", T::Str),
            ("metadata", T::Obj),
            ("memory_count", T::Int),
            ("created_at", T::Ts),
            ("updated_at", T::Ts),
        ],
        &[("description", T::Str), ("last_active_at", T::Ts)],
    );
    check_object_tag(v, "agent");
}

#[track_caller]
pub fn assert_agent_stats(v: &Value) {
    check_fields(
        "AgentStats",
        v,
        &[
            ("agent_id", T::Uuid),
            ("memory_count", T::Int),
            ("entity_count", T::Int),
            ("session_count", T::Int),
            ("decision_count", T::Int),
            ("pattern_count", T::Int),
        ],
        &[("last_active_at", T::Ts)],
    );
}

#[track_caller]
pub fn assert_entity(v: &Value) {
    check_fields(
        "Entity",
        v,
        &[
            ("id", T::Uuid),
            ("object", T::Str),
            ("name", T::Str),
            ("entity_type", T::Str),
            ("type", T::Str),
            ("metadata", T::Obj),
            ("memory_count", T::Int),
            ("created_at", T::Ts),
            ("updated_at", T::Ts),
        ],
        &[("agent_id", T::Uuid)],
    );
    check_object_tag(v, "entity");
    assert_eq!(v["type"], v["entity_type"], "type mirrors entity_type: {v}");
}

#[track_caller]
pub fn assert_entity_link(v: &Value) {
    check_fields(
        "EntityLink",
        v,
        &[
            ("entity_id", T::Uuid),
            ("memory_id", T::Uuid),
            ("relationship", T::Str),
            ("relevance_score", T::Num),
            ("created_at", T::Ts),
        ],
        &[],
    );
    assert_eq!(v["relevance_score"].as_f64(), Some(1.0), "{v}");
}

#[track_caller]
pub fn assert_session(v: &Value) {
    check_fields(
        "Session",
        v,
        &[
            ("id", T::Uuid),
            ("object", T::Str),
            ("agent_id", T::Uuid),
            ("status", T::Str),
            ("metadata", T::Obj),
            ("memory_count", T::Int),
            ("started_at", T::Ts),
            ("created_at", T::Ts),
            ("updated_at", T::Ts),
        ],
        &[
            ("external_id", T::Str),
            ("title", T::Str),
            ("project", T::Str),
            ("summary", T::Str),
            ("ended_at", T::Ts),
        ],
    );
    check_object_tag(v, "session");
    assert!(["active", "ended"].contains(&v["status"].as_str().unwrap()));
}

#[track_caller]
pub fn assert_session_summary(v: &Value) {
    check_fields(
        "SessionSummary",
        v,
        &[
            ("session_id", T::Uuid),
            ("summary", T::Str),
            ("memory_count", T::Int),
            ("generated_at", T::Ts),
        ],
        &[],
    );
}

#[track_caller]
pub fn assert_decision(v: &Value) {
    check_fields(
        "Decision",
        v,
        &[
            ("id", T::Uuid),
            ("object", T::Str),
            ("agent_id", T::Uuid),
            ("title", T::Str),
            ("rationale", T::Str),
            ("status", T::Str),
            ("tags", T::Arr),
            ("metadata", T::Obj),
            ("created_at", T::Ts),
            ("updated_at", T::Ts),
        ],
        &[
            ("alternatives", T::Str),
            ("superseded_by", T::Uuid),
            ("superseded_reason", T::Str),
            ("project_slug", T::Str),
            ("session_id", T::Uuid),
        ],
    );
    check_object_tag(v, "decision");
    assert!(["active", "experimental", "superseded"].contains(&v["status"].as_str().unwrap()));
}

#[track_caller]
pub fn assert_project(v: &Value) {
    check_fields(
        "Project",
        v,
        &[
            ("id", T::Uuid),
            ("object", T::Str),
            ("slug", T::Str),
            ("name", T::Str),
            ("metadata", T::Obj),
            ("memory_count", T::Int),
            ("created_at", T::Ts),
            ("updated_at", T::Ts),
        ],
        &[
            ("description", T::Str),
            ("agent_id", T::Uuid),
            ("stack", T::Obj),
            ("repo_url", T::Str),
        ],
    );
    check_object_tag(v, "project");
}

#[track_caller]
pub fn assert_pattern(v: &Value) {
    check_fields(
        "Pattern",
        v,
        &[
            ("id", T::Uuid),
            ("object", T::Str),
            ("title", T::Str),
            ("description", T::Str),
            ("scope", T::Str),
            ("tags", T::Arr),
            ("metadata", T::Obj),
            ("adoption_count", T::Int),
            ("adopted_by", T::Arr),
            ("created_at", T::Ts),
            ("updated_at", T::Ts),
        ],
        &[
            ("agent_id", T::Uuid),
            ("category", T::Str),
            ("example_code", T::Str),
            ("source_project_id", T::Uuid),
            ("source_project_slug", T::Str),
        ],
    );
    check_object_tag(v, "pattern");
    assert_eq!(
        v["adoption_count"].as_u64().unwrap() as usize,
        v["adopted_by"].as_array().unwrap().len(),
        "adoption_count = len(adopted_by): {v}"
    );
}

/// List envelope (§1.5), with each item checked by `item`. Returns the data array.
#[track_caller]
pub fn assert_list(v: &Value, offset: usize, item: fn(&Value)) -> Vec<Value> {
    check_fields(
        "List",
        v,
        &[
            ("object", T::Str),
            ("data", T::Arr),
            ("has_more", T::Bool),
            ("total_count", T::Int),
        ],
        &[("next_cursor", T::Str)],
    );
    assert_eq!(v["object"], json!("list"));
    assert!(
        v["next_cursor"].is_null(),
        "local server sends null next_cursor"
    );
    let data = v["data"].as_array().unwrap().clone();
    let total = v["total_count"].as_u64().unwrap() as usize;
    assert_eq!(
        v["has_more"].as_bool().unwrap(),
        offset + data.len() < total,
        "has_more = offset + len(data) < total_count: {v}"
    );
    for d in &data {
        item(d);
    }
    data
}

#[track_caller]
pub fn assert_score(v: &Value) -> f64 {
    let s = v
        .as_f64()
        .unwrap_or_else(|| panic!("score not a number: {v}"));
    assert!((0.0..=1.0).contains(&s), "score {s} outside [0,1]");
    s
}

/// Scores must be sorted descending.
#[track_caller]
pub fn assert_sorted_scores(data: &[Value]) {
    let scores: Vec<f64> = data.iter().map(|d| assert_score(&d["score"])).collect();
    assert!(
        scores.windows(2).all(|w| w[0] >= w[1]),
        "scores not descending: {scores:?}"
    );
}

// ---- error checks (contract §2.1) ----

pub fn is_request_id(s: &str) -> bool {
    s.strip_prefix("req_")
        .is_some_and(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit()))
}

/// Asserts an error response: status, `{"detail","type","request_id"}`, `X-Request-Id` equal to
/// the body's `request_id`, JSON content type. Returns the body.
#[track_caller]
pub fn assert_error(r: &Resp, status: u16, kind: &str) -> Value {
    assert_eq!(r.status, status, "status; body: {}", r.text);
    let b = &r.json;
    assert!(
        b.is_object(),
        "error body is not a JSON object: {:?}",
        r.text
    );
    assert!(
        b["detail"].is_string() || b["detail"].is_array(),
        "detail must be a string or a list: {b}"
    );
    assert_eq!(b["type"], json!(kind), "error type in {b}");
    let rid = b["request_id"]
        .as_str()
        .unwrap_or_else(|| panic!("request_id missing: {b}"));
    assert!(is_request_id(rid), "request_id format: {rid}");
    assert_eq!(
        r.header("x-request-id").as_deref(),
        Some(rid),
        "X-Request-Id header must equal the body's request_id"
    );
    let ct = r.header("content-type").unwrap_or_default();
    assert!(ct.starts_with("application/json"), "content-type {ct}");
    b.clone()
}

/// A 404 whose detail names the resource/field (matched case-insensitively).
#[track_caller]
pub fn assert_not_found(r: &Resp, names: &str) {
    let b = assert_error(r, 404, "not_found");
    let detail = b["detail"].to_string().to_lowercase();
    assert!(
        detail.contains(&names.to_lowercase()),
        "404 detail should name `{names}`: {detail}"
    );
}

const VALIDATION_ITEM_TYPES: [&str; 7] = [
    "missing",
    "string_too_short",
    "string_too_long",
    "greater_than_equal",
    "less_than_equal",
    "enum",
    "value_error",
];

/// A 422 with a list `detail` where every item is `{loc, msg, type}` and one item has `loc`.
/// Returns that item.
#[track_caller]
pub fn assert_422(r: &Resp, loc: Value) -> Value {
    let b = assert_error(r, 422, "validation");
    let items = b["detail"]
        .as_array()
        .unwrap_or_else(|| panic!("422 detail must be a list: {b}"));
    assert!(!items.is_empty(), "422 detail is empty");
    for it in items {
        assert!(it["loc"].is_array(), "item loc: {it}");
        assert!(it["msg"].is_string(), "item msg: {it}");
        let t = it["type"].as_str().unwrap_or_default();
        assert!(
            VALIDATION_ITEM_TYPES.contains(&t),
            "item type {t:?} in {it}"
        );
    }
    items
        .iter()
        .find(|it| it["loc"] == loc)
        .unwrap_or_else(|| panic!("no 422 item with loc {loc}: {b}"))
        .clone()
}

/// A delete's answer: 200 with `{id, object, deleted: true, success: true}` (the official tool
/// clients parse a JSON body after every successful DELETE).
#[track_caller]
pub fn assert_deleted(r: &Resp, object: &str) {
    assert_eq!(r.status, 200, "delete status; body: {}", r.text);
    let v = &r.json;
    assert!(is_uuid(v["id"].as_str().unwrap_or_default()), "id in {v}");
    assert_eq!(v["object"], json!(object), "object in {v}");
    assert_eq!(v["deleted"], json!(true), "deleted in {v}");
    assert_eq!(v["success"], json!(true), "success in {v}");
}

/// A fresh lowercase UUID that names nothing.
pub fn unknown_uuid() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// The PostgreSQL server the suite runs against (`MEMORYRELAY_TEST_DATABASE_URL`, a URL whose
/// user may create databases), if any.
pub fn postgres_admin_url() -> Option<String> {
    std::env::var("MEMORYRELAY_TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())
}

/// Creates an empty database on the suite's PostgreSQL server and returns its URL.
pub async fn fresh_postgres_database() -> Option<String> {
    let admin = postgres_admin_url()?;
    let name = format!("mrtest_{}", uuid_like());
    let create = format!("CREATE DATABASE {name}");
    let admin_for_task = admin.clone();
    tokio::task::spawn_blocking(move || {
        let mut c = postgres::Client::connect(&admin_for_task, postgres::NoTls)
            .expect("connect to MEMORYRELAY_TEST_DATABASE_URL");
        c.batch_execute(&create).expect("create test database");
    })
    .await
    .expect("create database task");
    // Same server and credentials, other database: replace the path of the URL.
    let base = match admin.rfind('/') {
        Some(i) if i > admin.find("://").map_or(0, |s| s + 2) => &admin[..i],
        _ => admin.as_str(),
    };
    Some(format!("{base}/{name}"))
}

fn uuid_like() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!(
        "{}_{}_{}",
        std::process::id(),
        t % 1_000_000_000_000,
        N.fetch_add(1, Ordering::Relaxed)
    )
}
