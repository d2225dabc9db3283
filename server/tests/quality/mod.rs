//! The search-quality measurement shared by the semantic embedders' suites: the top-3 hit rate
//! of default (hybrid) search over HTTP on the labelled corpora in tests/fixtures/.
#![allow(dead_code)]

use std::collections::HashMap;
use std::io::Write;

use serde::Deserialize;
use serde_json::{json, Value};

use crate::common::*;

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

pub const CORPUS: &str = "search_corpus.json";
pub const HOLDOUT: &str = "search_corpus_holdout.json";

/// Loads a corpus through batch create into a server, runs every query (default hybrid mode,
/// limit 3) and returns (hits, queries) after printing the figure (labelled `embedder`, against
/// the bar `min_rate`) and each outcome.
pub async fn measure(s: &Srv, file: &str, embedder: &str, min_rate: f64) -> (usize, usize) {
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
        "search quality ({file}, {embedder}): top-3 hit rate {hits}/{n} = {:.1}% (hybrid, {} memories, target {:.0}%)\n{report}",
        hits as f64 * 100.0 / n as f64,
        corpus.memories.len(),
        min_rate * 100.0
    );
    (hits, n)
}

/// Measures both corpora; returns the ones under `min_rate` as "file: hits/n = x%".
pub async fn below_bar(s: &Srv, embedder: &str, min_rate: f64) -> Vec<String> {
    let mut failures = Vec::new();
    for file in [CORPUS, HOLDOUT] {
        let (hits, n) = measure(s, file, embedder, min_rate).await;
        let rate = hits as f64 / n as f64;
        if rate < min_rate {
            failures.push(format!("{file}: {hits}/{n} = {:.1}%", rate * 100.0));
        }
    }
    failures
}
