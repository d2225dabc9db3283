//! No id can change the route: `.`, `..`, `/`, `?`, `#` and `%` stay inside their path segment,
//! and the server's literal routes never shadow an id (hardening probe, item 4).

mod common;

use memoryrelay::ErrorCode;
use serde_json::json;

#[tokio::test]
async fn dot_segments_and_reserved_characters_stay_inside_their_segment() {
    let server = common::start().await;
    let c = common::client(&server);
    let stats = c
        .call("agents.create", json!({"name": "stats"}))
        .await
        .unwrap();
    let dot = c.call("agents.create", json!({"name": "."})).await.unwrap();
    let odd = c
        .call("agents.create", json!({"name": "a/b?c#d%e"}))
        .await
        .unwrap();
    assert_ne!(stats["id"], dot["id"]);

    // `.` names the agent called "."; it does not collapse into /v1/agents/stats.
    let s = c
        .call("agents.stats", json!({"agent_id": "."}))
        .await
        .unwrap();
    assert_eq!(s["agent_id"], dot["id"], "{s}");
    let got = c
        .call("agents.get", json!({"agent_id": "a/b?c#d%e"}))
        .await
        .unwrap();
    assert_eq!(got["id"], odd["id"]);

    for id in [
        "..",
        ".",
        "...",
        "search",
        "batch",
        "x/../y",
        "a?b",
        "a#b",
        "%2E%2E",
        "nonexistent-id",
    ] {
        let e = c
            .call("memories.get", json!({"memory_id": id}))
            .await
            .expect_err(id);
        assert_eq!(e.code(), ErrorCode::NotFound, "{id}: {e}");
    }
    let e = c
        .call("agents.get", json!({"agent_id": ".."}))
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::NotFound, "{e}");
}
