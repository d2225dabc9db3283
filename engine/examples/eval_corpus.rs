//! Top-3 hit rate of default (hybrid) search on labelled corpora, without HTTP:
//!
//!     cargo run -p memoryrelay-engine --example eval_corpus -- server/tests/fixtures/search_corpus.json
//!     cargo run --release -p memoryrelay-engine --features minilm --example eval_corpus -- \
//!         --embedder minilm server/tests/fixtures/search_corpus.json server/tests/fixtures/search_corpus_holdout.json

use std::sync::Arc;

use memoryrelay_engine::embed::{Embedder, EmbedderKind};
use memoryrelay_engine::Engine;
use serde_json::{json, Map, Value};

fn obj(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => unreachable!(),
    }
}

fn main() {
    let mut kind = EmbedderKind::Hash;
    let mut paths = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--embedder" {
            kind = args
                .next()
                .expect("--embedder hash|minilm")
                .parse()
                .expect("embedder");
        } else {
            paths.push(a);
        }
    }
    assert!(
        !paths.is_empty(),
        "usage: eval_corpus [--embedder hash|minilm] CORPUS.json..."
    );
    let embedder = kind.build().expect("embedder");
    for path in paths {
        eval(&path, embedder.clone());
    }
}

fn eval(path: &str, embedder: Arc<dyn Embedder>) {
    let corpus: Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("read")).expect("json");
    let provider = embedder.provider().to_string();
    let engine = Engine::with_embedder(None, embedder).expect("open");
    let mems = corpus["memories"].as_array().expect("memories");
    let items: Vec<Value> = mems
        .iter()
        .map(|m| json!({"content": m["content"]}))
        .collect();
    let r = engine
        .memories_batch_create("a", obj(json!({"agent_id": "eval", "memories": items})))
        .expect("batch");
    let ids: Vec<String> = r.body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["memory_id"].as_str().unwrap().to_string())
        .collect();
    let key_of = |id: &str| {
        mems[ids.iter().position(|x| x == id).unwrap()]["key"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let (mut hits, queries) = (0, corpus["queries"].as_array().expect("queries"));
    for q in queries {
        let r = engine
            .memories_search(
                "a",
                obj(json!({"agent_id": "eval", "query": q["query"], "limit": 3})),
            )
            .expect("search");
        let top: Vec<String> = r.body["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| key_of(d["memory"]["id"].as_str().unwrap()))
            .collect();
        let hit = top.iter().any(|k| k == q["expected"].as_str().unwrap());
        hits += hit as usize;
        println!(
            "[{}] {} expected {} got {:?}",
            if hit { "hit " } else { "MISS" },
            q["query"],
            q["expected"],
            top
        );
    }
    println!(
        "{path} ({provider}): top-3 hit rate {hits}/{} = {:.1}%",
        queries.len(),
        hits as f64 * 100.0 / queries.len() as f64
    );
}
