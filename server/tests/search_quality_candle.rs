//! The semantic embedders that need a sentence-transformers model folder
//! (`MEMORYRELAY_TEST_MODEL_DIR`, e.g. all-MiniLM-L6-v2; .ci/run downloads it):
//! - `--embedder candle`: top-3 hit rate ≥ 95% on both labelled corpora;
//! - `--embedder openai` against a local `/v1/embeddings` endpoint that runs the same model:
//!   its vectors equal the candle embedder's, and search quality is the same over HTTP.
//!
//! ```sh
//! MEMORYRELAY_TEST_MODEL_DIR=… cargo test --release -p memoryrelay-server \
//!     --features candle,openai --test search_quality_candle
//! ```
//!
//! Unoptimised candle is too slow for a corpus, so these are ignored in debug builds
//! (scripts/test-all.sh runs them optimised).
mod common;
mod embeddings_server;
mod quality;

use std::sync::Arc;
use std::time::Instant;

use common::*;
use embeddings_server::{model_dir, EmbeddingsServer};
use memoryrelay_engine::embed::{dot, CandleEmbedder, Embedder, OpenAiEmbedder, OpenAiOptions};
use memoryrelay_server::{DbLocation, EmbedderKind, ServerConfig};
use serde_json::json;

const MIN_HIT_RATE: f64 = 0.95;
const MODEL: &str = "all-MiniLM-L6-v2";

fn candle_kind(dir: &std::path::Path) -> EmbedderKind {
    EmbedderKind::Candle {
        model_dir: dir.to_path_buf(),
    }
}

fn openai_kind(base_url: &str) -> EmbedderKind {
    EmbedderKind::OpenAi(OpenAiOptions {
        base_url: base_url.to_string(),
        // Small batches: the corpora's batch create spans several requests.
        batch_size: 16,
        ..OpenAiOptions::new(MODEL)
    })
}

#[tokio::test]
#[cfg_attr(
    debug_assertions,
    ignore = "slow in debug builds (unoptimised candle): run optimised, as scripts/test-all.sh does"
)]
async fn candle_top3_hit_rate_is_at_least_95_percent_on_both_corpora() {
    let Some(dir) = model_dir("candle_top3_hit_rate") else {
        return;
    };
    let s = start_with(ServerConfig {
        db: DbLocation::Memory,
        embedder: candle_kind(&dir),
        ..ServerConfig::default()
    })
    .await;
    let health = s.get("/v1/health").await.expect(200);
    assert_eq!(
        health["embedding_info"],
        json!({"provider": "local-candle", "dimension": 384})
    );
    let failures = quality::below_bar(&s, "local-candle", MIN_HIT_RATE).await;
    assert!(
        failures.is_empty(),
        "top-3 hit rate below 95%: {failures:?}"
    );
}

/// The candle embedder computes what sentence-transformers computes: its vectors match ones
/// made by an independent implementation (numpy BERT + mean pooling + L2 norm,
/// tests/fixtures/all_minilm_l6_v2_reference.py), including a text past the 256-token limit.
#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "slow in debug builds (unoptimised candle): run optimised, as scripts/test-all.sh does"
)]
fn candle_vectors_match_an_independent_reference_implementation() {
    let Some(dir) = model_dir("candle_vectors_match_an_independent_reference_implementation")
    else {
        return;
    };
    let path = format!(
        "{}/tests/fixtures/all_minilm_l6_v2_reference.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let reference: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let texts: Vec<&str> = reference["texts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    assert!(texts.len() >= 5);
    let candle = CandleEmbedder::load(&dir).expect("model folder loads");
    let got = candle.embed_batch(&texts).unwrap();
    for ((t, v), want) in texts
        .iter()
        .zip(&got)
        .zip(reference["vectors"].as_array().unwrap())
    {
        let want: Vec<f32> = want
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_f64().unwrap() as f32)
            .collect();
        assert_eq!(v.len(), want.len());
        let max_diff = v
            .iter()
            .zip(&want)
            .map(|(x, y)| (x - y).abs())
            .fold(0.0, f32::max);
        assert!(max_diff < 1e-4, "{t:?}: differs by up to {max_diff}");
        assert!(dot(v, &want) > 0.9999, "{t:?}");
    }
}

/// The endpoint runs the candle model; the OpenAI-compatible client must hand back the same
/// vectors (JSON floats round-trip f32 exactly; renormalising moves them by < 1e-6), in input
/// order across batches, and the model answers meaning, not words.
#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "slow in debug builds (unoptimised candle): run optimised, as scripts/test-all.sh does"
)]
fn openai_embedder_vectors_equal_the_candle_embedders() {
    let Some(dir) = model_dir("openai_embedder_vectors_equal_the_candle_embedders") else {
        return;
    };
    let started = Instant::now();
    let candle = Arc::new(CandleEmbedder::load(&dir).expect("model folder loads"));
    let load = started.elapsed();
    let endpoint = EmbeddingsServer::start(candle.clone(), MODEL);
    let openai = OpenAiEmbedder::connect(OpenAiOptions {
        base_url: endpoint.base_url.clone(),
        batch_size: 3,
        ..OpenAiOptions::new(MODEL)
    })
    .expect("endpoint answers the probe");
    assert_eq!(openai.dimension(), 384);
    assert_eq!(openai.provider(), "openai:all-MiniLM-L6-v2");
    assert_eq!(openai.identity(), "openai/all-MiniLM-L6-v2/384/v1");

    let texts = [
        "The project uses PostgreSQL 16 with pgvector.",
        "Our flight to Lisbon departs on Tuesday morning.",
        "When does the plane leave?",
        "Nightly database backups are kept for thirty days.",
        "Rust ist schön! 🦀",
        "a",
        "   ",
        &"long text that goes past the model's maximum sequence length ".repeat(80),
    ];
    let from_http = openai.embed_batch(&texts).expect("batch over HTTP");
    let local = candle.embed_batch(&texts).expect("batch in process");
    assert_eq!(from_http.len(), texts.len());
    for ((t, a), b) in texts.iter().zip(&from_http).zip(&local) {
        assert_eq!(a.len(), 384);
        let max_diff = a
            .iter()
            .zip(b)
            .map(|(x, y)| (x - y).abs())
            .fold(0.0, f32::max);
        assert!(max_diff < 1e-6, "{t:?}: differs by {max_diff}");
        // Batch and single calls agree too.
        assert_eq!(&candle.embed(t).unwrap(), b, "{t:?}");
    }
    // 8 texts in batches of 3 (plus the probe).
    assert_eq!(endpoint.seen().len(), 1 + 3);
    // Meaning without shared words: the plane question is closest to the flight.
    let q = &from_http[2];
    assert!(dot(q, &from_http[1]) > dot(q, &from_http[3]) + 0.2);

    // Cost per text, in process (printed, not asserted: timings are for benchmarks). CPU time
    // is the whole process's, so it counts every thread the model uses.
    let many: Vec<String> = (0..64)
        .map(|i| format!("Memory number {i}: the deploy of service {i} moved to Friday."))
        .collect();
    let refs: Vec<&str> = many.iter().map(String::as_str).collect();
    let (t, cpu) = (Instant::now(), cpu_time());
    candle.embed_batch(&refs).unwrap();
    let (batch_wall, batch_cpu) = (t.elapsed() / 64, (cpu_time() - cpu) / 64);
    let (t, cpu) = (Instant::now(), cpu_time());
    for r in &refs[..16] {
        candle.embed(r).unwrap();
    }
    let (single_wall, single_cpu) = (t.elapsed() / 16, (cpu_time() - cpu) / 16);
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "local-candle per 12-word text: alone {single_wall:?} wall / {single_cpu:?} CPU; in a batch \
         of 64 {batch_wall:?} wall / {batch_cpu:?} CPU ({} cores); model load {load:?}",
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
    );
}

/// User + system CPU time of this process so far.
fn cpu_time() -> std::time::Duration {
    // SAFETY: getrusage only writes the struct it is given.
    let mut r: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut r) };
    let tv = |t: libc::timeval| {
        std::time::Duration::from_secs(t.tv_sec as u64)
            + std::time::Duration::from_micros(t.tv_usec as u64)
    };
    tv(r.ru_utime) + tv(r.ru_stime)
}

/// The production path end to end: a server with `--embedder openai` whose endpoint runs the
/// model reaches the same search quality as the in-process model.
#[tokio::test]
#[cfg_attr(
    debug_assertions,
    ignore = "slow in debug builds (unoptimised candle): run optimised, as scripts/test-all.sh does"
)]
async fn openai_embedder_top3_hit_rate_is_at_least_95_percent_on_both_corpora() {
    let Some(dir) = model_dir("openai_embedder_top3_hit_rate") else {
        return;
    };
    let candle = Arc::new(CandleEmbedder::load(&dir).expect("model folder loads"));
    let endpoint = EmbeddingsServer::start(candle, MODEL);
    let s = start_with(ServerConfig {
        db: DbLocation::Memory,
        embedder: openai_kind(&endpoint.base_url),
        ..ServerConfig::default()
    })
    .await;
    let health = s.get("/v1/health").await.expect(200);
    assert_eq!(
        health["embedding_info"],
        json!({"provider": "openai:all-MiniLM-L6-v2", "dimension": 384})
    );
    let failures = quality::below_bar(&s, "openai → local all-MiniLM-L6-v2", MIN_HIT_RATE).await;
    assert!(
        failures.is_empty(),
        "top-3 hit rate below 95%: {failures:?}"
    );
    s.shutdown().await;
}
