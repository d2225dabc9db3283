//! Search quality with the MiniLM embedder (cargo feature `minilm`, `--embedder minilm`): the
//! top-3 hit rate of default (hybrid) search on both labelled corpora, over HTTP, plus the
//! embedder wiring (health report, re-embedding when a database switches embedder).
//!
//!     cargo test --release -p memoryrelay-server --features minilm --test search_quality_minilm
//!
//! The hash embedder's figures are in search_quality.rs; this file does not replace them.
mod common;

use std::collections::HashMap;
use std::io::Write;

use common::*;
use memoryrelay_server::{DbLocation, EmbedderKind, ServerConfig};
use serde::Deserialize;
use serde_json::{json, Value};

#[derive(Deserialize)]
struct Corpus {
    memories: Vec<Item>,
    queries: Vec<Query>,
}

#[derive(Deserialize)]
struct Item {
    key: String,
    content: String,
}

#[derive(Deserialize)]
struct Query {
    query: String,
    expected: String,
}

const MIN_HIT_RATE: f64 = 0.80;
const CORPUS: &str = "search_corpus.json";
const HOLDOUT: &str = "search_corpus_holdout.json";

fn minilm(db: DbLocation) -> ServerConfig {
    ServerConfig {
        db,
        embedder: EmbedderKind::MiniLm,
        ..ServerConfig::default()
    }
}

/// Loads a corpus through batch create into a MiniLM server, runs every query (default hybrid
/// mode, limit 3) and returns (hits, queries) after printing the figure and each outcome.
async fn measure(s: &Srv, file: &str) -> (usize, usize) {
    let path = format!("{}/tests/fixtures/{file}", env!("CARGO_MANIFEST_DIR"));
    let corpus: Corpus =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).expect("corpus JSON");
    assert!(corpus.memories.len() >= 40 && corpus.queries.len() >= 20);
    // One agent per corpus, so the two corpora never compete for the top 3.
    let agent = s.agent(&format!("quality-{file}")).await;
    let items: Vec<Value> = corpus
        .memories
        .iter()
        .map(|m| json!({"content": m.content}))
        .collect();
    let mut key_of: HashMap<String, &str> = HashMap::new();
    // The API takes at most 100 memories per batch.
    for (chunk_no, chunk) in items.chunks(100).enumerate() {
        let batch = s
            .post(
                "/v1/memories/batch",
                json!({"agent_id": id(&agent), "memories": chunk}),
            )
            .await
            .expect(200);
        assert_eq!(batch["succeeded"], json!(chunk.len()), "{batch}");
        for r in batch["results"].as_array().unwrap() {
            let idx = chunk_no * 100 + r["index"].as_u64().unwrap() as usize;
            key_of.insert(
                r["memory_id"].as_str().unwrap().to_string(),
                corpus.memories[idx].key.as_str(),
            );
        }
    }
    assert_eq!(key_of.len(), corpus.memories.len());

    let mut hits = 0;
    let mut report = String::new();
    for q in &corpus.queries {
        let r = s
            .post(
                "/v1/memories/search",
                json!({"agent_id": id(&agent), "query": q.query, "limit": 3}),
            )
            .await
            .expect(200);
        let top: Vec<&str> = r["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| key_of[d["memory"]["id"].as_str().unwrap()])
            .collect();
        assert!(top.len() <= 3, "limit 3 honoured: {r}");
        let hit = top.contains(&q.expected.as_str());
        hits += hit as usize;
        report.push_str(&format!(
            "  [{}] {:?} expected {} got {:?}\n",
            if hit { "hit " } else { "MISS" },
            q.query,
            q.expected,
            top
        ));
    }
    let n = corpus.queries.len();
    // Straight to the stderr handle, which libtest does not capture: the figure shows in CI logs
    // for a passing test too.
    let _ = writeln!(
        std::io::stderr(),
        "search quality ({file}, local-minilm): top-3 hit rate {hits}/{n} = {:.1}% (hybrid, {} memories, target {:.0}%)\n{report}",
        hits as f64 * 100.0 / n as f64,
        corpus.memories.len(),
        MIN_HIT_RATE * 100.0
    );
    (hits, n)
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
    let mut failures = Vec::new();
    for file in [CORPUS, HOLDOUT] {
        let (hits, n) = measure(&s, file).await;
        let rate = hits as f64 / n as f64;
        if rate < MIN_HIT_RATE {
            failures.push(format!("{file}: {hits}/{n} = {:.1}%", rate * 100.0));
        }
    }
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
