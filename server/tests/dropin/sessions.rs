//! Session creation under an agent name nothing created yet creates the agent (the MCP server's
//! first step), in both create and get-or-create; a failing request creates nothing.

use reqwest::Method;
use serde_json::json;

use crate::as_b;
use crate::common::*;

#[tokio::test]
async fn an_unknown_agent_name_creates_the_agent() {
    let s = start_with(two_keys()).await;
    let sess = s
        .post(
            "/v1/sessions",
            json!({"agent_id": "fresh-agent", "title": "Start"}),
        )
        .await
        .expect(201);
    assert_session(&sess);
    let agent = s.get("/v1/agents/fresh-agent").await.expect(200);
    assert_eq!(sess["agent_id"], agent["id"]);
    // Again under the same name: same agent, no second one.
    let again = s
        .post("/v1/sessions", json!({"agent_id": "fresh-agent"}))
        .await
        .expect(201);
    assert_eq!(again["agent_id"], agent["id"]);
    let goc = s
        .post(
            "/v1/sessions/get-or-create",
            json!({"agent_id": "other-fresh", "external_id": "k1"}),
        )
        .await
        .expect(201);
    assert_eq!(goc["created"], json!(true));
    s.get("/v1/agents/other-fresh").await.expect(200);
    assert_eq!(
        s.get("/v1/agents").await.expect(200)["total_count"],
        json!(2)
    );

    // The other account creates its own agent of that name; the first account's is untouched.
    let b = as_b(
        &s,
        Method::POST,
        "/v1/sessions",
        Some(json!({"agent_id": "fresh-agent"})),
    )
    .await
    .expect(201);
    assert_ne!(b["agent_id"], agent["id"]);
    assert_eq!(
        s.get("/v1/agents").await.expect(200)["total_count"],
        json!(2)
    );
}

#[tokio::test]
async fn a_failing_session_create_creates_no_agent() {
    let s = start().await;
    // Unknown project: 404, and the named agent was not created.
    assert_not_found(
        &s.post(
            "/v1/sessions",
            json!({"agent_id": "never", "project": "no-such-project"}),
        )
        .await,
        "project",
    );
    assert_not_found(&s.get("/v1/agents/never").await, "agent");
    // A UUID is an id, never a name: unknown → 404.
    assert_not_found(
        &s.post("/v1/sessions", json!({"agent_id": unknown_uuid()}))
            .await,
        "agent",
    );
    assert_422(
        &s.post(
            "/v1/sessions",
            json!({"agent_id": "x", "title": "t".repeat(501)}),
        )
        .await,
        json!(["body", "title"]),
    );
    assert_not_found(&s.get("/v1/agents/x").await, "agent");
    assert_eq!(
        s.get("/v1/agents").await.expect(200)["total_count"],
        json!(0)
    );
}
