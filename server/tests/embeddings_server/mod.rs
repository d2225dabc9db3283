//! A local OpenAI-compatible embeddings endpoint for the tests: `POST /v1/embeddings` on
//! 127.0.0.1:<ephemeral>, answering with the vectors of a real embedder (the candle model
//! folder, or the hash embedder for the failure-path tests), plus switchable faults (an error
//! status, a delay, a wrong dimension, a malformed body, a required key). It runs on a thread
//! and runtime of its own, so it answers whatever the test's runtime is doing; dropping it
//! stops it and frees the port.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use memoryrelay_engine::embed::Embedder;
use serde_json::{json, Value};

/// What the next answers look like.
#[derive(Debug, Clone, Default)]
pub enum Fault {
    #[default]
    None,
    /// The next `times` requests get this status and body (then normal answers again).
    Status {
        status: u16,
        body: String,
        retry_after: Option<String>,
        times: usize,
    },
    /// Every answer waits this long first.
    Delay(Duration),
    /// Every vector loses its last coordinate.
    WrongDimension,
    /// Every answer is this body with status 200.
    Malformed(String),
}

/// One request as the endpoint saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub authorization: Option<String>,
    pub body: Value,
}

#[derive(Default)]
struct Shared {
    fault: Fault,
    required_key: Option<String>,
    seen: Vec<Seen>,
}

pub struct EmbeddingsServer {
    pub base_url: String,
    shared: Arc<Mutex<Shared>>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

#[derive(Clone)]
struct AppState {
    embedder: Arc<dyn Embedder>,
    model: String,
    shared: Arc<Mutex<Shared>>,
}

impl EmbeddingsServer {
    /// Serves `embedder` as model `model`; `base_url` is `http://127.0.0.1:<port>/v1`.
    pub fn start(embedder: Arc<dyn Embedder>, model: &str) -> Self {
        let shared = Arc::new(Mutex::new(Shared::default()));
        let state = AppState {
            embedder,
            model: model.to_string(),
            shared: shared.clone(),
        };
        let (addr_tx, addr_rx) = std::sync::mpsc::channel();
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("runtime");
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                    .await
                    .expect("bind");
                addr_tx.send(listener.local_addr().unwrap()).unwrap();
                let app = Router::new()
                    .route("/v1/embeddings", post(embeddings))
                    .with_state(state);
                axum::serve(listener, app)
                    .with_graceful_shutdown(async {
                        let _ = stop_rx.await;
                    })
                    .await
                    .expect("serve");
            });
        });
        let addr = addr_rx.recv().expect("embeddings server address");
        EmbeddingsServer {
            base_url: format!("http://{addr}/v1"),
            shared,
            stop: Some(stop_tx),
            thread: Some(thread),
        }
    }

    pub fn set_fault(&self, fault: Fault) {
        self.shared.lock().unwrap().fault = fault;
    }

    pub fn require_key(&self, key: &str) {
        self.shared.lock().unwrap().required_key = Some(key.to_string());
    }

    /// The requests received so far, oldest first.
    pub fn seen(&self) -> Vec<Seen> {
        self.shared.lock().unwrap().seen.clone()
    }

    pub fn clear_seen(&self) {
        self.shared.lock().unwrap().seen.clear();
    }

    /// Stops serving (the port refuses connections afterwards).
    pub fn stop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            t.join().expect("embeddings server thread");
        }
    }
}

impl Drop for EmbeddingsServer {
    fn drop(&mut self) {
        self.stop();
    }
}

fn error(status: u16, message: &str) -> Response {
    (
        StatusCode::from_u16(status).unwrap(),
        Json(json!({"error": {"message": message, "type": "invalid_request_error"}})),
    )
        .into_response()
}

async fn embeddings(State(st): State<AppState>, headers: HeaderMap, body: String) -> Response {
    let authorization = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let parsed: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
    let (fault, required_key) = {
        let mut sh = st.shared.lock().unwrap();
        sh.seen.push(Seen {
            authorization: authorization.clone(),
            body: parsed.clone(),
        });
        let fault = sh.fault.clone();
        if let Fault::Status { times, .. } = &mut sh.fault {
            *times -= 1;
            if *times == 0 {
                sh.fault = Fault::None;
            }
        }
        (fault, sh.required_key.clone())
    };
    if let Some(key) = required_key {
        if authorization.as_deref() != Some(&format!("Bearer {key}")) {
            return error(401, "Incorrect API key provided");
        }
    }
    match &fault {
        Fault::Status {
            status,
            body,
            retry_after,
            ..
        } => {
            let mut resp = (StatusCode::from_u16(*status).unwrap(), body.clone()).into_response();
            if let Some(ra) = retry_after {
                resp.headers_mut()
                    .insert("retry-after", ra.parse().unwrap());
            }
            return resp;
        }
        Fault::Delay(d) => tokio::time::sleep(*d).await,
        Fault::Malformed(body) => {
            return (
                StatusCode::OK,
                [("content-type", "application/json")],
                body.clone(),
            )
                .into_response()
        }
        Fault::None | Fault::WrongDimension => {}
    }
    if parsed["model"] != json!(st.model) {
        return error(404, &format!("model {} does not exist", parsed["model"]));
    }
    if parsed["encoding_format"] != json!("float") {
        return error(400, "this test server answers floats only");
    }
    let inputs: Vec<String> = match &parsed["input"] {
        Value::String(s) => vec![s.clone()],
        Value::Array(a) if a.iter().all(Value::is_string) && !a.is_empty() => {
            a.iter().map(|v| v.as_str().unwrap().to_string()).collect()
        }
        _ => {
            return error(
                400,
                "input must be a string or a non-empty array of strings",
            )
        }
    };
    if let Some(d) = parsed.get("dimensions") {
        if d != &json!(st.embedder.dimension()) {
            return error(
                400,
                &format!("this model has {} dimensions", st.embedder.dimension()),
            );
        }
    }
    let embedder = st.embedder.clone();
    let vectors = tokio::task::spawn_blocking(move || {
        let refs: Vec<&str> = inputs.iter().map(String::as_str).collect();
        embedder.embed_batch(&refs)
    })
    .await
    .expect("embedding task");
    let mut vectors = match vectors {
        Ok(v) => v,
        Err(e) => return error(500, &e.to_string()),
    };
    if matches!(fault, Fault::WrongDimension) {
        for v in &mut vectors {
            v.pop();
        }
    }
    // Reverse order on purpose: clients must place vectors by `index`, not by position.
    let data: Vec<Value> = vectors
        .into_iter()
        .enumerate()
        .rev()
        .map(|(i, v)| json!({"object": "embedding", "index": i, "embedding": v}))
        .collect();
    Json(json!({
        "object": "list",
        "data": data,
        "model": st.model,
        "usage": {"prompt_tokens": 0, "total_tokens": 0},
    }))
    .into_response()
}

/// The model folder for tests that need the real model (`MEMORYRELAY_TEST_MODEL_DIR`, set by
/// .ci/run). Unset: `None` after saying so on stderr, so the skip is visible; but in CI
/// (`CI=true`) a missing model is a failure, never a silent skip.
pub fn model_dir(test: &str) -> Option<PathBuf> {
    match std::env::var_os("MEMORYRELAY_TEST_MODEL_DIR") {
        Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir)),
        _ => {
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!("{test}: MEMORYRELAY_TEST_MODEL_DIR is not set (CI downloads the model in .ci/run)");
            }
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED {test}: set MEMORYRELAY_TEST_MODEL_DIR to a sentence-transformers folder \
                 (e.g. all-MiniLM-L6-v2; .ci/run downloads one)"
            );
            None
        }
    }
}
