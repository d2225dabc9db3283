//! What the OpenAI-compatible embedder needs (`--openai-*`), in every build: the server's
//! configuration carries it whether or not the `openai` feature is compiled in.

use std::time::Duration;

/// How to reach an OpenAI-compatible embeddings endpoint. `Debug` never shows the key.
#[derive(Clone, PartialEq)]
pub struct OpenAiOptions {
    /// Up to and including the API version, e.g. `https://api.openai.com/v1`; `/embeddings`
    /// is appended.
    pub base_url: String,
    pub model: String,
    /// Sent as `Authorization: Bearer …` when set (local servers often need none).
    pub api_key: Option<String>,
    /// Sent as `dimensions` when set, and checked against every answer. Unset: the model's own
    /// size, learnt from a probe at start.
    pub dimensions: Option<usize>,
    /// Texts per request at most.
    pub batch_size: usize,
    /// Per request, from connecting to the last byte of the answer.
    pub timeout: Duration,
    /// Extra attempts after a 429, a 5xx or a failed connection (backoff, honouring
    /// Retry-After). Timeouts and other errors are not retried.
    pub max_retries: u32,
}

pub const OPENAI_DEFAULT_BASE_URL: &str = "https://api.openai.com/v1";

impl OpenAiOptions {
    /// Defaults for everything but the model.
    pub fn new(model: impl Into<String>) -> Self {
        OpenAiOptions {
            base_url: OPENAI_DEFAULT_BASE_URL.into(),
            model: model.into(),
            api_key: None,
            dimensions: None,
            batch_size: 64,
            timeout: Duration::from_secs(30),
            max_retries: 3,
        }
    }
}

impl std::fmt::Debug for OpenAiOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpenAiOptions")
            .field("base_url", &self.base_url)
            .field("model", &self.model)
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field("dimensions", &self.dimensions)
            .field("batch_size", &self.batch_size)
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .finish()
    }
}
