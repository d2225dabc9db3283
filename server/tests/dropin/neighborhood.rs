//! `GET /v1/entities/{id}/neighborhood?depth=&max_neighbors=`: the co-occurrence graph of
//! entity links.

use reqwest::Method;
use serde_json::{json, Value};

use crate::as_b;
use crate::common::*;

fn neighbor_ids(v: &Value) -> Vec<(String, u64)> {
    v["neighbors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["entity"]["name"].as_str().unwrap().to_string(),
                n["depth"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[tokio::test]
async fn co_occurrence_neighbours_by_depth_with_edges() {
    let s = start_with(two_keys()).await;
    let a = s.agent("grapher").await;
    let aid = id(&a);
    let ent = |name: &'static str| {
        let s = &s;
        let aid = aid.clone();
        async move { s.entity(&aid, name, "concept").await }
    };
    let (alice, bob, carol, dave) = (
        ent("alice").await,
        ent("bob").await,
        ent("carol").await,
        ent("dave").await,
    );
    let link = |e: Value, m: Value| {
        let s = &s;
        async move {
            s.post(
                "/v1/entities/links",
                json!({"entity_id": id(&e), "memory_id": id(&m)}),
            )
            .await
            .expect(201);
        }
    };
    let m1 = s.memory(&aid, "alice and bob paired on the parser").await;
    let m2 = s.memory(&aid, "alice and bob reviewed the lexer").await;
    let m3 = s.memory(&aid, "bob and carol ran the release").await;
    let m4 = s.memory(&aid, "dave worked alone").await;
    for (e, m) in [
        (&alice, &m1),
        (&bob, &m1),
        (&alice, &m2),
        (&bob, &m2),
        (&bob, &m3),
        (&carol, &m3),
        (&dave, &m4),
    ] {
        link(e.clone(), m.clone()).await;
    }
    let path = |q: &str| format!("/v1/entities/{}/neighborhood{q}", id(&alice));

    let one = s.get(&path("")).await.expect(200);
    assert_entity(&one["entity"]);
    assert_eq!(one["entity"]["id"], alice["id"]);
    assert_eq!(neighbor_ids(&one), vec![("bob".to_string(), 1)]);
    assert_eq!(one["neighbors"][0]["shared_memory_count"], json!(2));
    assert_eq!(one["relationships"].as_array().unwrap().len(), 1);
    assert_eq!(one["relationships"][0]["weight"], json!(2));
    let mut mids: Vec<String> = one["memories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["memory_id"].as_str().unwrap().to_string())
        .collect();
    mids.sort();
    let mut want = vec![id(&m1), id(&m2)];
    want.sort();
    assert_eq!(mids, want);

    let two = s.get(&path("?depth=2&max_neighbors=50")).await.expect(200);
    assert_eq!(
        neighbor_ids(&two),
        vec![("bob".to_string(), 1), ("carol".to_string(), 2)]
    );
    assert_eq!(two["neighbors"][1]["via_entity_id"], bob["id"]);
    // Edges among alice, bob, carol: alice–bob (2) and bob–carol (1); dave is nowhere.
    let weights: Vec<u64> = two["relationships"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["weight"].as_u64().unwrap())
        .collect();
    assert_eq!(weights, vec![2, 1]);
    assert_eq!(two["total_neighbors"], json!(2));
    // The cap counts all neighbours.
    assert_eq!(
        neighbor_ids(&s.get(&path("?depth=2&max_neighbors=1")).await.expect(200)).len(),
        1
    );
    // A deleted memory no longer connects anyone.
    s.delete(&format!("/v1/memories/{}", id(&m3)))
        .await
        .expect(200);
    let after = s.get(&path("?depth=2")).await.expect(200);
    assert_eq!(neighbor_ids(&after), vec![("bob".to_string(), 1)]);
    let lonely = s
        .get(&format!("/v1/entities/{}/neighborhood", id(&dave)))
        .await
        .expect(200);
    assert_eq!(lonely["neighbors"], json!([]));

    for (q, field) in [
        ("?depth=3", "depth"),
        ("?depth=0", "depth"),
        ("?max_neighbors=0", "max_neighbors"),
        ("?max_neighbors=101", "max_neighbors"),
        ("?depth=x", "depth"),
    ] {
        assert_422(&s.get(&path(q)).await, json!(["query", field]));
    }
    assert_not_found(
        &s.get(&format!("/v1/entities/{}/neighborhood", unknown_uuid()))
            .await,
        "entity",
    );
    assert_not_found(&s.get("/v1/entities/nope/neighborhood").await, "entity");
    assert_not_found(&as_b(&s, Method::GET, &path(""), None).await, "entity");
}
