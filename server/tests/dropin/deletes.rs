//! Every delete answers 200 `{id, object, deleted: true, success: true}`; a repeat or another
//! account's delete is 404 and changes nothing.

use reqwest::Method;
use serde_json::json;

use crate::as_b;
use crate::common::*;

#[tokio::test]
async fn every_delete_answers_200_with_a_body_and_is_tenant_scoped() {
    let s = start_with(two_keys()).await;
    let a = s.agent("deleter").await;
    let aid = id(&a);
    let m = s.memory(&aid, "to be deleted").await;
    let e = s.entity(&aid, "Gone", "concept").await;
    let sess = s.session(&aid).await;
    let d = s.decision(&aid, "Use X", "Because").await;
    let p = s.project(&aid, "Deleted project").await;
    let pat = s.pattern(&aid, "Pattern", "Text").await;
    let paths = [
        ("memory", format!("/v1/memories/{}", id(&m))),
        ("entity", format!("/v1/entities/{}", id(&e))),
        ("session", format!("/v1/sessions/{}", id(&sess))),
        ("decision", format!("/v1/decisions/{}", id(&d))),
        ("pattern", format!("/v1/patterns/{}", id(&pat))),
        ("project", format!("/v1/projects/{}", id(&p))),
        ("agent", format!("/v1/agents/{aid}")),
    ];
    for (object, path) in &paths {
        // Another account: 404, and the resource is still there.
        assert_not_found(&as_b(&s, Method::DELETE, path, None).await, object);
        s.get(path).await.expect(200);
        let r = s.delete(path).await;
        assert_deleted(&r, object);
        assert_eq!(r.json["id"].as_str(), path.rsplit('/').next());
        assert_not_found(&s.delete(path).await, object);
    }
    assert_eq!(
        s.get("/v1/agents").await.expect(200)["total_count"],
        json!(0)
    );
}
