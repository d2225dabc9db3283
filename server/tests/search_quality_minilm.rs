//! Search quality with the MiniLM embedder (cargo feature `minilm`, `--embedder minilm`): the
//! top-3 hit rate of default (hybrid) search on both labelled corpora, over HTTP, plus the
//! embedder wiring (health report, re-embedding when a database switches embedder).
//!
//!     cargo test --release -p memoryrelay-server --features minilm --test search_quality_minilm
//!
//! The hash embedder's figures are in search_quality.rs; this file does not replace them.
mod common;
mod quality;

use common::*;
use memoryrelay_server::{DbLocation, EmbedderKind, ServerConfig};
use serde_json::{json, Value};

const MIN_HIT_RATE: f64 = 0.80;

fn minilm(db: DbLocation) -> ServerConfig {
    ServerConfig {
        db,
        embedder: EmbedderKind::MiniLm,
        ..ServerConfig::default()
    }
}

/// The 80% bar on the main corpus and on the held-out one (where local-hash stays below it:
/// search_quality.rs keeps that case ignored).
#[tokio::test]
#[cfg_attr(
    debug_assertions,
    ignore = "slow in debug builds (unoptimised candle): run with --release, as scripts/test-all.sh does"
)]
async fn minilm_top3_hit_rate_is_at_least_80_percent_on_both_corpora() {
    let s = start_with(minilm(DbLocation::Memory)).await;
    let failures = quality::below_bar(&s, "local-minilm", MIN_HIT_RATE).await;
    assert!(
        failures.is_empty(),
        "top-3 hit rate below {:.0}%: {failures:?}",
        MIN_HIT_RATE * 100.0
    );
}

async fn health_embedding(s: &Srv) -> Value {
    s.get("/v1/health").await.expect(200)["embedding_info"].clone()
}

async fn top_content(s: &Srv, agent: &str, query: &str) -> String {
    let r = s
        .post(
            "/v1/memories/search",
            json!({"agent_id": agent, "query": query, "limit": 1, "search_mode": "semantic"}),
        )
        .await
        .expect(200);
    r["data"][0]["memory"]["content"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// A database written with local-hash, reopened with MiniLM: health reports MiniLM and the
/// stored memories were re-embedded (a paraphrase sharing no word finds its memory by meaning
/// alone); switching back re-embeds again and equal text still scores ≥ 0.99.
#[tokio::test]
async fn switching_embedder_reports_it_in_health_and_reembeds_stored_memories() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("switch.db");
    let key = "mem_minilm_switch_test_000000000000".to_string();
    let config = |embedder| ServerConfig {
        db: DbLocation::File(path.clone()),
        api_keys: vec![key.clone()],
        embedder,
        ..ServerConfig::default()
    };
    let flight = "Our flight to Lisbon departs on Tuesday morning.";
    let backups = "Nightly database backups are kept for thirty days.";
    let pasta = "Dinner on Friday is homemade pasta with tomato sauce.";

    let s = start_with(config(EmbedderKind::Hash)).await;
    assert_eq!(
        health_embedding(&s).await,
        json!({"provider": "local-hash", "dimension": 256})
    );
    let agent = id(&s.agent("switcher").await);
    for content in [flight, backups, pasta] {
        s.post(
            "/v1/memories",
            json!({"agent_id": agent, "content": content}),
        )
        .await
        .expect(201);
    }
    s.shutdown().await;

    let s = start_with(config(EmbedderKind::MiniLm)).await;
    assert_eq!(
        health_embedding(&s).await,
        json!({"provider": "local-minilm", "dimension": 384})
    );
    assert_eq!(
        top_content(&s, &agent, "When does the plane leave?").await,
        flight
    );
    assert_eq!(
        top_content(&s, &agent, "How long do we retain snapshots?").await,
        backups
    );
    s.shutdown().await;

    let s = start_with(config(EmbedderKind::Hash)).await;
    assert_eq!(
        health_embedding(&s).await,
        json!({"provider": "local-hash", "dimension": 256})
    );
    let r = s
        .post(
            "/v1/memories/search",
            json!({"agent_id": agent, "query": pasta.to_uppercase(), "limit": 1, "search_mode": "semantic"}),
        )
        .await
        .expect(200);
    assert_eq!(r["data"][0]["memory"]["content"], json!(pasta));
    assert!(r["data"][0]["score"].as_f64().unwrap() >= 0.99, "{r}");
    s.shutdown().await;
}
