//! One deep document must never break readers (hardening probe, item 2). The server now refuses
//! metadata nested more than 32 levels (422 naming the field), and the client reads any depth
//! a server can emit: here a 126-level document written before that limit existed (straight
//! into the database file) comes back through get, list and search.

mod common;

use memoryrelay::{Client, ClientConfig, ErrorCode};
use memoryrelay_server::{DbLocation, ServerConfig};
use serde_json::{json, Value};

fn nested(levels: usize) -> Value {
    let mut v = json!("leaf");
    for _ in 0..levels {
        v = json!({ "k": v });
    }
    v
}

#[tokio::test]
async fn deep_metadata_is_refused_on_input_and_readable_on_output() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("deep.db");
    let server = memoryrelay_server::spawn(ServerConfig {
        db: DbLocation::File(db.clone()),
        ..Default::default()
    })
    .await
    .unwrap();
    let c = Client::new(ClientConfig {
        api_key: Some(server.api_key().into()),
        base_url: Some(server.url().into()),
        ..Default::default()
    })
    .unwrap();

    let e = c
        .call(
            "memories.create",
            json!({"agent_id": "deep", "content": "too deep", "metadata": nested(125)}),
        )
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::Validation, "{e}");
    assert!(e.details().unwrap().to_string().contains("metadata"), "{e}");

    let m = c
        .call(
            "memories.create",
            json!({"agent_id": "deep", "content": "deep fox"}),
        )
        .await
        .unwrap();
    // A document as deep as the server's own parser reads back (it stored up to 127 levels
    // before the limit).
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.busy_timeout(std::time::Duration::from_secs(5))
        .unwrap();
    conn.execute(
        "UPDATE memories SET metadata = ?1 WHERE id = ?2",
        rusqlite::params![nested(126).to_string(), m["id"].as_str().unwrap()],
    )
    .unwrap();

    let got = c
        .call("memories.get", json!({"memory_id": m["id"]}))
        .await
        .unwrap();
    assert_eq!(got["metadata"], nested(126));
    let list = c
        .call("memories.list", json!({"agent_id": "deep"}))
        .await
        .unwrap();
    assert_eq!(list["data"][0]["metadata"], nested(126));
    let hits = c
        .call(
            "memories.search",
            json!({"agent_id": "deep", "query": "deep fox"}),
        )
        .await
        .unwrap();
    assert_eq!(hits["data"][0]["memory"]["metadata"], nested(126));
    // The typed layer too.
    let typed = c.memories().list("deep", Default::default()).await.unwrap();
    assert_eq!(typed.data.len(), 1);
}
