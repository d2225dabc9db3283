//! `PUT /v1/memories/{id}/importance {importance, tier?}` (the tool clients' memory_promote).

use reqwest::Method;
use serde_json::json;

use crate::as_b;
use crate::common::*;

#[tokio::test]
async fn importance_sets_the_tier_by_band_unless_given() {
    let s = start_with(two_keys()).await;
    let a = s.agent("promoter").await;
    let m = s
        .memory(&id(&a), "The release train leaves on Thursdays.")
        .await;
    let path = format!("/v1/memories/{}/importance", id(&m));
    for (importance, tier) in [
        (0.9, "hot"),
        (0.8, "hot"),
        (0.5, "warm"),
        (0.4, "warm"),
        (0.1, "cold"),
    ] {
        let r = s
            .put(&path, json!({"importance": importance}))
            .await
            .expect(200);
        assert_memory(&r);
        assert_eq!(
            (
                r["importance"].as_f64().unwrap(),
                r["tier"].as_str().unwrap()
            ),
            (importance, tier)
        );
    }
    let r = s
        .put(&path, json!({"importance": 0.95, "tier": "cold"}))
        .await
        .expect(200);
    assert_eq!(
        (r["importance"].clone(), r["tier"].clone()),
        (json!(0.95), json!("cold"))
    );
    let got = s.get(&format!("/v1/memories/{}", id(&m))).await.expect(200);
    assert_eq!(
        (got["importance"].clone(), got["tier"].clone()),
        (json!(0.95), json!("cold"))
    );

    // Bad input: 422 naming the field, nothing changed.
    assert_422(
        &s.put(&path, json!({})).await,
        json!(["body", "importance"]),
    );
    assert_422(
        &s.put(&path, json!({"importance": 1.5})).await,
        json!(["body", "importance"]),
    );
    assert_422(
        &s.put(&path, json!({"importance": "high"})).await,
        json!(["body", "importance"]),
    );
    assert_422(
        &s.put(&path, json!({"importance": 0.5, "tier": "lukewarm"}))
            .await,
        json!(["body", "tier"]),
    );
    for p in [
        format!("/v1/memories/{}/importance", unknown_uuid()),
        "/v1/memories/not-a-uuid/importance".to_string(),
    ] {
        assert_not_found(&s.put(&p, json!({"importance": 0.5})).await, "memory");
    }
    // Another account: 404, unchanged.
    assert_not_found(
        &as_b(&s, Method::PUT, &path, Some(json!({"importance": 0.1}))).await,
        "memory",
    );
    let got = s.get(&format!("/v1/memories/{}", id(&m))).await.expect(200);
    assert_eq!(
        (got["importance"].clone(), got["tier"].clone()),
        (json!(0.95), json!("cold"))
    );
    // A deleted memory cannot be promoted.
    s.delete(&format!("/v1/memories/{}", id(&m)))
        .await
        .expect(200);
    assert_not_found(&s.put(&path, json!({"importance": 0.5})).await, "memory");
}
