//! `GET /v1/patterns/suggest?project=&limit=`: unadopted patterns ranked by how closely they
//! match the project's memories and description.

use reqwest::Method;
use serde_json::{json, Value};

use crate::as_b;
use crate::common::*;

#[tokio::test]
async fn suggestions_match_the_projects_memories_and_skip_adopted_ones() {
    let s = start_with(two_keys()).await;
    s.post(
        "/v1/projects",
        json!({"slug": "ledger", "name": "Ledger", "description": "Accounting service"}),
    )
    .await
    .expect(201);
    s.post(
        "/v1/projects",
        json!({"slug": "elsewhere", "name": "Elsewhere"}),
    )
    .await
    .expect(201);
    let a = s.agent("suggester").await;
    for content in [
        "Postgres connection pooling through pgbouncer keeps latency low",
        "We tune postgres connection pool sizes per service",
    ] {
        s.memory_with(json!({"agent_id": id(&a), "project": "ledger", "content": content}))
            .await;
    }
    let pat = |title: &'static str, extra: Value| {
        let s = &s;
        async move {
            let mut body = json!({"title": title, "description": title});
            body.as_object_mut()
                .unwrap()
                .extend(extra.as_object().unwrap().clone());
            s.post("/v1/patterns", body).await.expect(201)
        }
    };
    let pooling = pat("Postgres connection pooling with pgbouncer", json!({})).await;
    let naming = pat("React component naming in PascalCase", json!({})).await;
    let adopted = pat("Postgres connection pool sizing", json!({})).await;
    let foreign = pat(
        "Postgres connection pooling for elsewhere only",
        json!({"scope": "project", "source_project": "elsewhere"}),
    )
    .await;
    s.post(
        &format!("/v1/patterns/{}/adopt", id(&adopted)),
        json!({"project": "ledger"}),
    )
    .await
    .expect(200);

    let r = s
        .get("/v1/patterns/suggest?project=ledger")
        .await
        .expect(200);
    assert_eq!(r["project"], "ledger");
    let got = ids(&r);
    assert_eq!(got.first(), Some(&id(&pooling)), "{r}");
    assert!(
        !got.contains(&id(&adopted)),
        "adopted patterns are not suggested"
    );
    assert!(
        !got.contains(&id(&foreign)),
        "another project's own patterns are not suggested"
    );
    assert!(
        !got.contains(&id(&naming)),
        "unrelated patterns fall below the threshold: {r}"
    );
    assert_eq!(r["total"], json!(got.len()));
    let first = &r["data"][0];
    assert_pattern(first);
    assert!(first["score"].as_f64().unwrap() > 0.3, "{first}");
    assert!(first["matched_memory_id"].is_string());
    // Scores are non-increasing; threshold 0 lets the unrelated one in, last.
    let all = s
        .get("/v1/patterns/suggest?project=ledger&threshold=0&limit=50")
        .await
        .expect(200);
    let scores: Vec<f64> = all["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["score"].as_f64().unwrap())
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    assert!(ids(&all).contains(&id(&naming)));
    assert_eq!(
        ids(&s
            .get("/v1/patterns/suggest?project=ledger&limit=1")
            .await
            .expect(200)),
        vec![id(&pooling)]
    );
    // The project that owns the project-scoped pattern does get it.
    assert!(ids(&s
        .get("/v1/patterns/suggest?project=elsewhere&threshold=0")
        .await
        .expect(200))
    .contains(&id(&foreign)));

    // `suggest` is a route, not a pattern id.
    assert_422(
        &s.get("/v1/patterns/suggest").await,
        json!(["query", "project"]),
    );
    for q in ["limit=0", "limit=51", "threshold=2"] {
        let field = q.split('=').next().unwrap();
        assert_422(
            &s.get(&format!("/v1/patterns/suggest?project=ledger&{q}"))
                .await,
            json!(["query", field]),
        );
    }
    assert_not_found(&s.get("/v1/patterns/suggest?project=nope").await, "project");
    assert_not_found(
        &as_b(&s, Method::GET, "/v1/patterns/suggest?project=ledger", None).await,
        "project",
    );
    // The other account's own project gets none of this account's patterns.
    as_b(
        &s,
        Method::POST,
        "/v1/projects",
        Some(json!({"slug": "ledger", "name": "Ledger"})),
    )
    .await
    .expect(201);
    let b = as_b(
        &s,
        Method::GET,
        "/v1/patterns/suggest?project=ledger&threshold=0",
        None,
    )
    .await
    .expect(200);
    assert_eq!(b["total"], json!(0));
}
