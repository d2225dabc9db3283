//! Replays, against this server, the exact requests each tool of the official MCP server
//! (`@memoryrelay/mcp-server` 0.4.0, `src/client.ts` + `src/server.ts`) sends: same methods,
//! paths, query strings, bodies (absent optionals omitted, as `JSON.stringify` does) and
//! headers, in the order its instructions recommend. A tool succeeds when every request it
//! makes gets a 2xx whose body parses as JSON (the client calls `response.json()` on every
//! success, deletes included) with the fields the tool and its TypeScript types read.

use reqwest::Method;
use serde_json::{json, Value};

use crate::common::*;

/// The MCP client's request function: Bearer key, its User-Agent, always a JSON content type.
struct McpClient<'a> {
    s: &'a Srv,
    agent_id: String,
}

impl McpClient<'_> {
    async fn request(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<Value, String> {
        let mut rb = self
            .s
            .http
            .request(method.clone(), self.s.url(path))
            .header("Content-Type", "application/json")
            .header("Authorization", format!("Bearer {}", self.s.key))
            .header("User-Agent", "@memoryrelay/mcp-server");
        if let Some(b) = body {
            rb = rb.body(b.to_string());
        }
        let r = read(rb.send().await.map_err(|e| e.to_string())?).await;
        if !(200..300).contains(&r.status) {
            return Err(format!("{method} {path}: {} {}", r.status, r.text));
        }
        serde_json::from_str(&r.text)
            .map_err(|e| format!("{method} {path}: response.json() failed: {e}: {:?}", r.text))
    }
}

/// A JSON type test.
type Is = fn(&Value) -> bool;

/// Checks that `v` has each field with the JSON type the client's types declare.
fn has(v: &Value, fields: &[(&str, Is)]) -> Result<Value, String> {
    for (f, ok) in fields {
        if !ok(&v[*f]) {
            return Err(format!("field `{f}` missing or of the wrong type in {v}"));
        }
    }
    Ok(v.clone())
}

fn string(v: &Value) -> bool {
    v.is_string()
}
fn number(v: &Value) -> bool {
    v.is_number()
}
fn boolean(v: &Value) -> bool {
    v.is_boolean()
}
fn array(v: &Value) -> bool {
    v.is_array()
}

fn memory(v: Value) -> Result<Value, String> {
    has(
        &v,
        &[("id", string), ("content", string), ("created_at", number)],
    )
}
fn list(v: Value) -> Result<Value, String> {
    has(&v, &[("data", array), ("has_more", boolean)])
}
fn search_results(v: Value) -> Result<Vec<Value>, String> {
    let data = has(&v, &[("data", array)])?["data"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    for r in &data {
        memory(r["memory"].clone())?;
        has(r, &[("score", number)])?;
    }
    Ok(data)
}
fn session(v: Value) -> Result<Value, String> {
    has(
        &v,
        &[
            ("id", string),
            ("status", string),
            ("started_at", string),
            ("created_at", string),
        ],
    )
}
fn decision(v: Value) -> Result<Value, String> {
    has(
        &v,
        &[
            ("id", string),
            ("title", string),
            ("rationale", string),
            ("status", string),
            ("tags", array),
        ],
    )
}
fn with_id(v: Value) -> Result<Value, String> {
    has(&v, &[("id", string)])
}
fn any(v: Value) -> Result<Value, String> {
    Ok(v)
}

#[derive(Default)]
struct Tally {
    ok: Vec<&'static str>,
    failed: Vec<String>,
}

impl Tally {
    fn record<T>(&mut self, tool: &'static str, r: Result<T, String>) -> Option<T> {
        match r {
            Ok(v) => {
                self.ok.push(tool);
                Some(v)
            }
            Err(e) => {
                self.failed.push(format!("{tool}: {e}"));
                None
            }
        }
    }
}

fn enc(s: &str) -> String {
    qs(&[("x", s)])[3..].to_string()
}

#[tokio::test]
async fn every_mcp_tool_works_against_this_server() {
    let s = start().await;
    // The MCP server's default agent id is `<user>-<host>`: a name nothing created yet.
    let c = McpClient {
        s: &s,
        agent_id: "dev-laptop".into(),
    };
    let mut t = Tally::default();
    use Method as M;

    t.record(
        "memory_health",
        c.request(M::GET, "/v1/health", None)
            .await
            .and_then(|v| has(&v, &[("status", string)])),
    );
    // project_register: {slug, name, description?, stack?, repo_url?}; no agent_id.
    t.record(
        "project_register",
        c.request(
            M::POST,
            "/v1/projects",
            Some(
                json!({"slug": "payments", "name": "Payments", "description": "Card payments",
            "stack": {"lang": "rust"}, "repo_url": "https://example.com/payments"}),
            ),
        )
        .await
        .and_then(with_id),
    );
    c.request(
        M::POST,
        "/v1/projects",
        Some(json!({"slug": "checkout", "name": "Checkout"})),
    )
    .await
    .expect("second project");
    t.record(
        "project_list",
        c.request(M::GET, "/v1/projects?limit=20", None)
            .await
            .and_then(list),
    );
    t.record(
        "project_info",
        c.request(M::GET, "/v1/projects/payments", None)
            .await
            .and_then(with_id),
    );
    t.record(
        "project_context",
        c.request(
            M::GET,
            &format!("/v1/projects/{}/context", enc("payments")),
            None,
        )
        .await
        .and_then(any),
    );
    // session_start: {agent_id, title?, project?, metadata?}; the tool reads `.id`.
    let sess = t.record(
        "session_start",
        c.request(
            M::POST,
            "/v1/sessions",
            Some(
                json!({"agent_id": c.agent_id, "title": "Fix refunds", "project": "payments",
            "metadata": {"ticket": "PAY-1"}}),
            ),
        )
        .await
        .and_then(session),
    );
    let sid = sess
        .as_ref()
        .map(|v| v["id"].as_str().unwrap().to_string())
        .unwrap_or_default();
    t.record(
        "decision_check",
        c.request(
            M::GET,
            &format!(
                "/v1/decisions/check?{}",
                "query=refund+retries&limit=5&threshold=0.3&project=payments"
            ),
            None,
        )
        .await
        .and_then(|v| has(&v, &[("data", array), ("query", string), ("total", number)])),
    );
    t.record(
        "pattern_search",
        c.request(
            M::GET,
            "/v1/patterns/search?query=idempotent+retries&limit=10&threshold=0.3",
            None,
        )
        .await
        .and_then(|v| has(&v, &[("data", array), ("query", string), ("total", number)])),
    );
    // memory_store: {content, metadata?, agent_id, deduplicate?, dedup_threshold?, project?, importance?, tier?}.
    let m = t.record(
        "memory_store",
        c.request(M::POST, "/v1/memories", Some(json!({"content": "Refunds are retried with an idempotency key per charge",
            "metadata": {"area": "refunds"}, "agent_id": c.agent_id, "deduplicate": true, "dedup_threshold": 0.95,
            "project": "payments", "importance": 0.7, "tier": "warm"})))
            .await
            .and_then(memory),
    );
    let mid = m.as_ref().map(id).unwrap_or_default();
    t.record(
        "memory_search",
        c.request(M::POST, "/v1/memories/search", Some(json!({"query": "refund retries idempotency", "limit": 10,
            "threshold": 0.5, "agent_id": "dev-laptop", "include_archived": true, "project": "payments", "tier": "warm",
            "min_importance": 0.1})))
            .await
            .and_then(search_results),
    );
    t.record(
        "memory_list",
        c.request(M::GET, "/v1/memories?limit=20&offset=0", None)
            .await
            .and_then(list),
    );
    t.record(
        "memory_get",
        c.request(M::GET, &format!("/v1/memories/{mid}"), None)
            .await
            .and_then(memory),
    );
    t.record(
        "memory_update",
        c.request(
            M::PATCH,
            &format!("/v1/memories/{mid}"),
            Some(
                json!({"content": "Refunds are retried with one idempotency key per charge",
            "metadata": {"area": "refunds"}}),
            ),
        )
        .await
        .and_then(memory),
    );
    // entity_create sends `type`, not `entity_type`, and no agent_id.
    let e = t.record(
        "entity_create",
        c.request(
            M::POST,
            "/v1/entities",
            Some(json!({"name": "Stripe", "type": "organization", "metadata": {"tier": "vendor"}})),
        )
        .await
        .and_then(with_id),
    );
    let e2 = c
        .request(
            M::POST,
            "/v1/entities",
            Some(json!({"name": "Refunds", "type": "concept"})),
        )
        .await
        .expect("entity");
    let eid = e.as_ref().map(id).unwrap_or_default();
    t.record(
        "entity_link",
        c.request(
            M::POST,
            "/v1/entities/links",
            Some(json!({"entity_id": eid, "memory_id": mid, "relationship": "mentioned_in"})),
        )
        .await
        .and_then(any),
    );
    c.request(
        M::POST,
        "/v1/entities/links",
        Some(json!({"entity_id": id(&e2), "memory_id": mid, "relationship": "mentioned_in"})),
    )
    .await
    .expect("second link");
    t.record(
        "entity_list",
        c.request(M::GET, "/v1/entities?limit=20&offset=0", None)
            .await
            .and_then(list),
    );
    t.record(
        "entity_graph",
        c.request(
            M::GET,
            &format!("/v1/entities/{eid}/neighborhood?depth=1&max_neighbors=50"),
            None,
        )
        .await
        .and_then(any),
    );
    t.record(
        "agent_list",
        c.request(M::GET, "/v1/agents?limit=20&offset=0", None)
            .await
            .and_then(list),
    );
    let ag = t.record(
        "agent_create",
        c.request(
            M::POST,
            "/v1/agents",
            Some(json!({"name": "reviewer", "description": "Reviews PRs"})),
        )
        .await
        .and_then(with_id),
    );
    t.record(
        "agent_get",
        c.request(
            M::GET,
            &format!("/v1/agents/{}", ag.as_ref().map(id).unwrap_or_default()),
            None,
        )
        .await
        .and_then(with_id),
    );
    t.record(
        "memory_batch_store",
        c.request(M::POST, "/v1/memories/batch", Some(json!({"memories": [
            {"content": "Chargebacks are handled by the disputes team", "metadata": {}, "agent_id": c.agent_id},
            {"content": "Payouts run nightly at 02:00 UTC", "metadata": {"k": "v"}, "agent_id": c.agent_id}]})))
            .await
            .and_then(|v| has(&v, &[("success", boolean), ("total", number), ("succeeded", number), ("failed", number), ("results", array)])),
    );
    // memory_context builds its text client-side from a search (compress when a budget is set).
    t.record(
        "memory_context",
        c.request(
            M::POST,
            "/v1/memories/search",
            Some(
                json!({"query": "refunds idempotency", "limit": 10, "threshold": 0.5,
            "agent_id": c.agent_id, "compress": true, "max_context_tokens": 500}),
            ),
        )
        .await
        .and_then(search_results)
        .and_then(|r| {
            if r.is_empty() {
                Err("no results to build a context from".into())
            } else {
                Ok(r)
            }
        }),
    );
    // project_add_relationship: {from, to, type, details?} → POST /v1/projects/{from}/relationships.
    t.record(
        "project_add_relationship",
        c.request(
            M::POST,
            "/v1/projects/checkout/relationships",
            Some(json!({"target_project": "payments",
            "relationship_type": "depends_on", "metadata": {"via": "rest"}})),
        )
        .await
        .and_then(any),
    );
    t.record(
        "project_dependencies",
        c.request(M::GET, "/v1/projects/checkout/dependencies", None)
            .await
            .and_then(any),
    );
    t.record(
        "project_dependents",
        c.request(M::GET, "/v1/projects/payments/dependents", None)
            .await
            .and_then(any),
    );
    t.record(
        "project_related",
        c.request(M::GET, "/v1/projects/payments/related", None)
            .await
            .and_then(any),
    );
    t.record(
        "project_impact",
        c.request(
            M::POST,
            "/v1/projects/impact-analysis",
            Some(json!({"project": "payments",
            "change_description": "Refund API now requires an idempotency key"})),
        )
        .await
        .and_then(any),
    );
    // decision_record: {title, rationale, agent_id, alternatives?, project_slug?, tags?, status?}.
    let d = t.record(
        "decision_record",
        c.request(M::POST, "/v1/decisions", Some(json!({"title": "Retry refunds", "rationale": "Card networks time out",
            "agent_id": c.agent_id, "alternatives": "Manual retries", "project_slug": "payments", "tags": ["refunds"]})))
            .await
            .and_then(decision),
    );
    // decision_list with no arguments: an empty URLSearchParams still leaves the `?`.
    t.record(
        "decision_list",
        c.request(M::GET, "/v1/decisions?", None)
            .await
            .and_then(list),
    );
    t.record(
        "decision_supersede",
        c.request(M::POST, &format!("/v1/decisions/{}/supersede", d.as_ref().map(id).unwrap_or_default()),
            Some(json!({"title": "Retry refunds with backoff", "rationale": "Avoid thundering herds", "tags": ["refunds"]})))
            .await
            .and_then(decision),
    );
    // pattern_create: {title, description, category?, example_code?, scope?, tags?, source_project?}; no agent_id.
    let p = t.record(
        "pattern_create",
        c.request(M::POST, "/v1/patterns", Some(json!({"title": "Idempotency keys for retries",
            "description": "Every retried payment call carries an idempotency key", "category": "resilience",
            "example_code": "headers['Idempotency-Key'] = key", "scope": "global", "tags": ["payments"], "source_project": "payments"})))
            .await
            .and_then(with_id),
    );
    let pid = p.as_ref().map(id).unwrap_or_default();
    t.record(
        "pattern_suggest",
        c.request(
            M::GET,
            "/v1/patterns/suggest?project=checkout&limit=10",
            None,
        )
        .await
        .and_then(|v| {
            has(
                &v,
                &[("data", array), ("project", string), ("total", number)],
            )
        }),
    );
    t.record(
        "pattern_adopt",
        c.request(
            M::POST,
            &format!("/v1/patterns/{pid}/adopt"),
            Some(json!({"project": "payments"})),
        )
        .await
        .and_then(with_id),
    );
    c.request(
        M::POST,
        &format!("/v1/patterns/{pid}/adopt"),
        Some(json!({"project": "checkout"})),
    )
    .await
    .expect("adopt");
    t.record(
        "project_shared_patterns",
        c.request(
            M::GET,
            &format!(
                "/v1/projects/shared-patterns?a={}&b={}",
                enc("payments"),
                enc("checkout")
            ),
            None,
        )
        .await
        .and_then(any),
    );
    t.record(
        "memory_promote",
        c.request(
            M::PUT,
            &format!("/v1/memories/{}/importance", enc(&mid)),
            Some(json!({"importance": 0.9, "tier": "hot"})),
        )
        .await
        .and_then(memory),
    );
    let job = t.record(
        "memory_store_async",
        c.request(M::POST, "/v2/memories", Some(json!({"content": "Async: settlement files arrive at 06:00",
            "agent_id": c.agent_id, "metadata": {"k": "v"}, "project": "payments", "importance": 0.5, "tier": "warm"})))
            .await
            .and_then(|v| has(&v, &[("id", string), ("status", string), ("job_id", string), ("estimated_completion_seconds", number)])),
    );
    t.record(
        "memory_status",
        c.request(
            M::GET,
            &format!(
                "/v2/memories/{}/status",
                job.as_ref().map(id).unwrap_or_default()
            ),
            None,
        )
        .await
        .and_then(|v| {
            has(
                &v,
                &[
                    ("id", string),
                    ("status", string),
                    ("created_at", string),
                    ("updated_at", string),
                ],
            )
        }),
    );
    t.record(
        "context_build",
        c.request(
            M::POST,
            "/v2/context/build",
            Some(
                json!({"query": "refund retries", "max_memories": 20, "max_tokens": 2000,
            "search_mode": "hybrid", "exclude_memory_ids": [unknown_uuid()]}),
            ),
        )
        .await
        .and_then(|v| {
            has(
                &v,
                &[
                    ("context", array),
                    ("token_count", number),
                    ("ranking_version", string),
                    ("ai_enhanced", boolean),
                    ("latency_ms", number),
                ],
            )
        }),
    );
    t.record(
        "session_end",
        c.request(
            M::PUT,
            &format!("/v1/sessions/{sid}/end"),
            Some(json!({"summary": "Refund retries fixed"})),
        )
        .await
        .and_then(session),
    );
    t.record(
        "session_recall",
        c.request(
            M::GET,
            &format!("/v1/sessions/{sid}?include_memories=true"),
            None,
        )
        .await
        .and_then(session)
        .and_then(|v| has(&v, &[("memories", array)])),
    );
    t.record(
        "session_list",
        c.request(M::GET, "/v1/sessions?limit=20&agent_id=dev-laptop", None)
            .await
            .and_then(list),
    );
    // memory_recall: a search with the default agent, limit 5, threshold 0.3.
    t.record(
        "memory_recall",
        c.request(
            M::POST,
            "/v1/memories/search",
            Some(
                json!({"query": "payouts nightly", "limit": 5, "threshold": 0.3,
            "agent_id": c.agent_id, "compress": true, "max_context_tokens": 300}),
            ),
        )
        .await
        .and_then(search_results),
    );
    // memory_forget by query: search limit 1 threshold 0.9, delete the match; both must parse.
    let forget = async {
        let hits = search_results(
            c.request(
                M::POST,
                "/v1/memories/search",
                Some(
                    json!({"query": "Chargebacks are handled by the disputes team",
                "limit": 1, "threshold": 0.9, "agent_id": c.agent_id}),
                ),
            )
            .await?,
        )?;
        let target = hits.first().ok_or("no high-confidence match")?["memory"]["id"]
            .as_str()
            .unwrap()
            .to_string();
        c.request(M::DELETE, &format!("/v1/memories/{target}"), None)
            .await
    };
    t.record("memory_forget", forget.await);
    // memory_delete: the client awaits response.json() on the DELETE.
    t.record(
        "memory_delete",
        c.request(M::DELETE, &format!("/v1/memories/{mid}"), None)
            .await
            .and_then(any),
    );

    assert!(
        t.failed.is_empty(),
        "failed tools:\n{}",
        t.failed.join("\n")
    );
    assert_eq!(t.ok.len(), 44, "every MCP tool replayed once: {:?}", t.ok);
    // The session's agent was created by session_start, and memories landed under it.
    assert_eq!(
        s.get("/v1/agents/dev-laptop").await.expect(200)["name"],
        "dev-laptop"
    );
}
