//! Engine-level checks of the trickier resource semantics (the HTTP suite lives in
//! server/tests): atomicity of batch items, index consistency with writes, dedup, filters,
//! supersede and tenancy.

use memoryrelay_engine::{Engine, Error};
use serde_json::{json, Map, Value};

fn obj(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        other => panic!("not an object: {other}"),
    }
}

fn search(e: &Engine, account: &str, body: Value) -> Vec<Value> {
    e.memories_search(account, obj(body)).unwrap().body["data"]
        .as_array()
        .unwrap()
        .clone()
}

fn contents(hits: &[Value]) -> Vec<String> {
    hits.iter()
        .map(|h| h["memory"]["content"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_failed_batch_item_leaves_no_trace_and_others_are_searchable() {
    let e = Engine::open(None).unwrap();
    e.memories_create(
        "acc",
        obj(json!({"agent_id": "main", "content": "warm up the index"})),
    )
    .unwrap();
    // Load main's index before the batch, so the batch must keep it in sync.
    assert_eq!(
        search(
            &e,
            "acc",
            json!({"agent_id": "main", "query": "warm up the index"})
        )
        .len(),
        1
    );
    let r = e
        .memories_batch_create(
            "acc",
            obj(json!({"agent_id": "main", "memories": [
                {"content": "Redis is used for rate limiting."},
                // A new agent name plus an unknown session: the agent must not survive.
                {"content": "orphan", "agent_id": "ghost", "session_id": "00000000-0000-4000-8000-000000000000"},
                {"content": ""},
                {"content": "Tests use pytest with async fixtures."},
            ]})),
        )
        .unwrap();
    assert_eq!(r.status, 200);
    assert_eq!(
        (r.body["succeeded"].clone(), r.body["failed"].clone()),
        (json!(2), json!(2))
    );
    assert_eq!(r.body["results"][1]["error_code"], "not_found");
    assert_eq!(r.body["results"][2]["error_code"], "validation");
    assert!(r.body["results"][2]["error"]
        .as_str()
        .unwrap()
        .starts_with("body.memories.2.content"));
    assert!(matches!(
        e.agents_get("acc", "ghost"),
        Err(Error::NotFound(_))
    ));
    let hits = search(
        &e,
        "acc",
        json!({"agent_id": "main", "query": "Redis is used for rate limiting.", "limit": 1}),
    );
    assert_eq!(contents(&hits), vec!["Redis is used for rate limiting."]);
    assert!(hits[0]["score"].as_f64().unwrap() >= 0.99);
}

#[test]
fn deleted_and_updated_memories_are_reflected_in_search() {
    let e = Engine::open(None).unwrap();
    let a = e
        .memories_create(
            "acc",
            obj(json!({"agent_id": "x", "content": "alpha bravo charlie"})),
        )
        .unwrap()
        .body;
    let b = e
        .memories_create(
            "acc",
            obj(json!({"agent_id": "x", "content": "delta echo foxtrot"})),
        )
        .unwrap()
        .body;
    let q = |text: &str| {
        search(
            &e,
            "acc",
            json!({"agent_id": "x", "query": text, "search_mode": "keyword", "min_score": 0.5}),
        )
    };
    assert_eq!(contents(&q("alpha")), vec!["alpha bravo charlie"]);
    e.memories_delete("acc", a["id"].as_str().unwrap()).unwrap();
    assert!(q("alpha").is_empty());
    assert!(matches!(
        e.memories_get("acc", a["id"].as_str().unwrap()),
        Err(Error::NotFound(_))
    ));
    assert!(matches!(
        e.memories_delete("acc", a["id"].as_str().unwrap()),
        Err(Error::NotFound(_))
    ));
    e.memories_update(
        "acc",
        b["id"].as_str().unwrap(),
        obj(json!({"content": "golf hotel"})),
    )
    .unwrap();
    assert!(q("delta").is_empty());
    assert_eq!(contents(&q("golf")), vec!["golf hotel"]);
    let list = e
        .memories_list("acc", obj(json!({"agent_id": "x"})))
        .unwrap()
        .body;
    assert_eq!(list["total_count"], 1);
}

#[test]
fn dedup_returns_the_existing_memory_and_stores_nothing() {
    let e = Engine::open(None).unwrap();
    let first = e
        .memories_create(
            "acc",
            obj(json!({"agent_id": "d", "content": "The API uses JWT tokens."})),
        )
        .unwrap();
    assert_eq!(first.status, 201);
    let dup = e
        .memories_create("acc", obj(json!({"agent_id": "d", "content": "the api uses jwt tokens.", "deduplicate": true})))
        .unwrap();
    assert_eq!(dup.status, 200);
    assert_eq!(dup.body["id"], first.body["id"]);
    assert_eq!(dup.body["is_duplicate"], true);
    let other = e
        .memories_create(
            "acc",
            obj(json!({"agent_id": "d", "content": "Bananas are yellow.", "deduplicate": true})),
        )
        .unwrap();
    assert_eq!(other.status, 201);
    assert_eq!(
        e.memories_list("acc", obj(json!({"agent_id": "d"})))
            .unwrap()
            .body["total_count"],
        2
    );
}

#[test]
fn metadata_filter_and_min_score_restrict_results() {
    let e = Engine::open(None).unwrap();
    for (c, m) in [
        ("deploy on monday", json!({"env": "prod"})),
        ("deploy on friday", json!({"env": "dev"})),
    ] {
        e.memories_create(
            "acc",
            obj(json!({"agent_id": "f", "content": c, "metadata": m})),
        )
        .unwrap();
    }
    let hits = search(
        &e,
        "acc",
        json!({"agent_id": "f", "query": "deploy", "metadata_filter": {"env": "dev"}}),
    );
    assert_eq!(contents(&hits), vec!["deploy on friday"]);
    // `threshold` is an alias of min_score; min_score wins when both are sent.
    assert!(search(
        &e,
        "acc",
        json!({"agent_id": "f", "query": "zebra", "threshold": 0.5})
    )
    .is_empty());
    assert_eq!(
        search(
            &e,
            "acc",
            json!({"agent_id": "f", "query": "zebra", "threshold": 0.5, "min_score": 0})
        )
        .len(),
        2
    );
}

#[test]
fn supersede_both_forms_and_conflicts() {
    let e = Engine::open(None).unwrap();
    e.agents_create("acc", obj(json!({"name": "ag"}))).unwrap();
    let mk = |title: &str, status: &str| {
        e.decisions_create(
            "acc",
            obj(
                json!({"agent_id": "ag", "title": title, "rationale": "because", "status": status}),
            ),
        )
        .unwrap()
        .body["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let (old, new) = (mk("old", "active"), mk("new", "experimental"));
    let r = e
        .decisions_supersede(
            "acc",
            &old,
            obj(json!({"new_decision_id": new, "reason": "better"})),
        )
        .unwrap();
    assert_eq!(
        (
            r.status,
            r.body["id"].as_str().unwrap(),
            r.body["status"].as_str().unwrap()
        ),
        (200, new.as_str(), "active")
    );
    let o = e.decisions_get("acc", &old).unwrap().body;
    assert_eq!(
        (
            o["status"].as_str(),
            o["superseded_by"].as_str(),
            o["superseded_reason"].as_str()
        ),
        (Some("superseded"), Some(new.as_str()), Some("better"))
    );
    assert!(matches!(
        e.decisions_supersede("acc", &old, obj(json!({"new_decision_id": new}))),
        Err(Error::Conflict(_))
    ));
    assert!(matches!(
        e.decisions_supersede("acc", &new, obj(json!({"new_decision_id": new}))),
        Err(Error::Validation(_))
    ));
    assert!(matches!(
        e.decisions_supersede("acc", &new, obj(json!({"title": "only title"}))),
        Err(Error::Validation(_))
    ));
    // The failed attempts changed nothing.
    assert_eq!(
        e.decisions_get("acc", &new).unwrap().body["status"],
        "active"
    );
    let b = e
        .decisions_supersede(
            "acc",
            &new,
            obj(json!({"title": "form b", "rationale": "r"})),
        )
        .unwrap();
    assert_eq!((b.status, b.body["status"].as_str()), (201, Some("active")));
    assert_eq!(
        e.decisions_get("acc", &new).unwrap().body["superseded_by"],
        b.body["id"]
    );
}

#[test]
fn accounts_are_isolated_and_agent_delete_removes_its_data() {
    let e = Engine::open(None).unwrap();
    let m = e
        .memories_create(
            "acc1",
            obj(json!({"agent_id": "shared-name", "content": "secret"})),
        )
        .unwrap()
        .body;
    let id = m["id"].as_str().unwrap();
    assert!(matches!(
        e.memories_get("acc2", id),
        Err(Error::NotFound(_))
    ));
    assert!(matches!(
        e.agents_get("acc2", "shared-name"),
        Err(Error::NotFound(_))
    ));
    assert!(search(&e, "acc2", json!({"query": "secret"})).is_empty());
    assert_eq!(search(&e, "acc1", json!({"query": "secret"})).len(), 1);
    e.agents_delete("acc1", "shared-name").unwrap();
    assert!(matches!(
        e.memories_get("acc1", id),
        Err(Error::NotFound(_))
    ));
    // A new agent with the same name starts empty (the old index is gone).
    e.agents_create("acc1", obj(json!({"name": "shared-name"})))
        .unwrap();
    assert!(search(
        &e,
        "acc1",
        json!({"agent_id": "shared-name", "query": "secret"})
    )
    .is_empty());
}

#[test]
fn get_or_create_returns_the_same_session() {
    let e = Engine::open(None).unwrap();
    e.agents_create("acc", obj(json!({"name": "s"}))).unwrap();
    let a = e
        .sessions_get_or_create("acc", obj(json!({"agent_id": "s", "external_id": "k"})))
        .unwrap();
    let b = e
        .sessions_get_or_create(
            "acc",
            obj(json!({"agent_id": "s", "external_id": "k", "title": "ignored"})),
        )
        .unwrap();
    assert_eq!((a.status, b.status), (201, 200));
    assert_eq!(
        (a.body["created"].clone(), b.body["created"].clone()),
        (json!(true), json!(false))
    );
    assert_eq!(a.body["id"], b.body["id"]);
    assert_eq!(b.body["title"], Value::Null);
    assert!(matches!(
        e.sessions_create("acc", obj(json!({"agent_id": "s", "external_id": "k"}))),
        Err(Error::Conflict(_))
    ));
}
