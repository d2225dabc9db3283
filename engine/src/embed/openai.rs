//! Embeddings from any OpenAI-compatible `POST {base}/embeddings` endpoint (cargo feature
//! `openai`): OpenAI itself, or a self-hosted server several replicas share.
//!
//! The engine is synchronous (its callers run on blocking threads), hence a blocking client.
//! Every failure (down, timeout, 401, a malformed answer, a wrong dimension) is an `EmbedError`:
//! the write that needed the vector fails and nothing is stored.

use std::time::{Duration, SystemTime};

use serde::Deserialize;
use serde_json::json;

use super::openai_options::OpenAiOptions;
use super::{normalize, EmbedError, Embedder};

pub const PROVIDER: &str = "openai";
/// Longest wait between two attempts, whatever Retry-After says.
const MAX_BACKOFF: Duration = Duration::from_secs(30);
const FIRST_BACKOFF: Duration = Duration::from_millis(250);
/// Answers larger than this are refused (64 texts of 3072 floats are ~4 MB of JSON).
const MAX_ANSWER_BYTES: u64 = 256 * 1024 * 1024;
/// How much of an error body goes into the message.
const BODY_EXCERPT: usize = 200;

pub struct OpenAiEmbedder {
    options: OpenAiOptions,
    url: String,
    agent: ureq::Agent,
    dimension: usize,
    provider: String,
}

#[derive(Deserialize)]
struct Answer {
    data: Vec<Item>,
}

#[derive(Deserialize)]
struct Item {
    index: usize,
    embedding: Vec<f32>,
}

/// One failed attempt, and whether another may succeed.
struct Failure {
    reason: String,
    retry: bool,
    retry_after: Option<Duration>,
}

impl OpenAiEmbedder {
    /// Checks the options and probes the endpoint with one short text: a wrong URL, key, model
    /// or dimension fails here, at start, rather than on the first write. The probe also learns
    /// the dimension when none is configured.
    pub fn connect(options: OpenAiOptions) -> Result<Self, String> {
        let base = options.base_url.trim_end_matches('/').to_string();
        let fail = |what: String| format!("embedder openai ({base}): {what}");
        if !(base.starts_with("http://") || base.starts_with("https://")) {
            return Err(fail(
                "the base URL must start with http:// or https://".into(),
            ));
        }
        if options.model.trim().is_empty() {
            return Err(fail("no model given (--openai-model)".into()));
        }
        if options.batch_size == 0 {
            return Err(fail("the batch size must be at least 1".into()));
        }
        if options.dimensions == Some(0) {
            return Err(fail("dimensions must be at least 1".into()));
        }
        if options.timeout.is_zero() {
            return Err(fail("the timeout must be positive".into()));
        }
        let tls = ureq::tls::TlsConfig::builder()
            .root_certs(ureq::tls::RootCerts::PlatformVerifier)
            .build();
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(options.timeout))
            .http_status_as_error(false)
            // A redirect is answered as an error: a POST must not turn into a GET elsewhere.
            .max_redirects(0)
            .tls_config(tls)
            .user_agent(concat!("memoryrelay-server/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        let mut embedder = OpenAiEmbedder {
            url: format!("{base}/embeddings"),
            provider: format!("{PROVIDER}:{}", options.model),
            dimension: options.dimensions.unwrap_or(0),
            options,
            agent,
        };
        let probe = embedder
            .request(&["dimension probe"])
            .map_err(|e| fail(format!("probe failed: {}", e.reason)))?;
        embedder.dimension = probe[0].len();
        Ok(embedder)
    }

    /// One request with retries; vectors in input order, checked and normalised.
    fn request(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        let mut attempt = 0;
        loop {
            match self.attempt(texts) {
                Ok(v) => return Ok(v),
                Err(f) if f.retry && attempt < self.options.max_retries => {
                    let backoff = FIRST_BACKOFF.saturating_mul(1 << attempt.min(16));
                    std::thread::sleep(f.retry_after.unwrap_or(backoff).min(MAX_BACKOFF));
                    attempt += 1;
                }
                Err(f) => {
                    let tries = if attempt > 0 {
                        format!(" (after {} attempts)", attempt + 1)
                    } else {
                        String::new()
                    };
                    return Err(EmbedError {
                        provider: self.provider.clone(),
                        reason: format!("{}{tries}", f.reason),
                    });
                }
            }
        }
    }

    fn attempt(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, Failure> {
        let mut body = json!({
            "model": self.options.model,
            "input": texts,
            "encoding_format": "float",
        });
        if let Some(d) = self.options.dimensions {
            body["dimensions"] = json!(d);
        }
        let mut req = self
            .agent
            .post(&self.url)
            .header("Content-Type", "application/json");
        if let Some(key) = &self.options.api_key {
            req = req.header("Authorization", format!("Bearer {key}"));
        }
        let mut resp = req.send(body.to_string()).map_err(|e| self.transport(e))?;
        let status = resp.status().as_u16();
        let retry_after = resp
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(parse_retry_after);
        let text = resp
            .body_mut()
            .with_config()
            .limit(MAX_ANSWER_BYTES)
            .read_to_string()
            .map_err(|e| self.transport(e))?;
        if !(200..300).contains(&status) {
            let hint = match status {
                401 | 403 => " (check the API key)",
                404 => " (check the base URL and the model)",
                300..=399 => " (the endpoint redirects: configure its final URL)",
                _ => "",
            };
            return Err(Failure {
                reason: format!("HTTP {status}{hint}: {}", self.excerpt(&text)),
                retry: status == 429 || status >= 500,
                retry_after,
            });
        }
        self.parse(&text, texts.len()).map_err(|reason| Failure {
            reason: format!("malformed answer: {reason}"),
            retry: false,
            retry_after: None,
        })
    }

    fn transport(&self, e: ureq::Error) -> Failure {
        let (reason, retry) = match &e {
            ureq::Error::Timeout(_) => (
                format!("no answer within {:?} ({e})", self.options.timeout),
                false,
            ),
            // No URL here: this reason reaches API clients in the 503 body (the start-up probe
            // names the URL for the operator).
            ureq::Error::ConnectionFailed | ureq::Error::HostNotFound | ureq::Error::Io(_) => {
                (format!("cannot reach the endpoint: {e}"), true)
            }
            ureq::Error::BodyExceedsLimit(_) => (format!("answer too large: {e}"), false),
            _ => (format!("request failed: {e}"), false),
        };
        Failure {
            reason,
            retry,
            retry_after: None,
        }
    }

    /// The start of an error body on one line, with the key masked should the server echo it.
    fn excerpt(&self, body: &str) -> String {
        let mut s: String = body.chars().take(BODY_EXCERPT).collect();
        if let Some(key) = self.options.api_key.as_deref().filter(|k| !k.is_empty()) {
            s = s.replace(key, "***");
        }
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    fn parse(&self, text: &str, expected: usize) -> Result<Vec<Vec<f32>>, String> {
        let answer: Answer = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if answer.data.len() != expected {
            return Err(format!(
                "{} embeddings for {expected} inputs",
                answer.data.len()
            ));
        }
        let mut out: Vec<Option<Vec<f32>>> = vec![None; expected];
        for item in answer.data {
            let slot = out
                .get_mut(item.index)
                .ok_or_else(|| format!("index {} out of range", item.index))?;
            if slot.is_some() {
                return Err(format!("index {} answered twice", item.index));
            }
            let mut v = item.embedding;
            if self.dimension != 0 && v.len() != self.dimension {
                return Err(format!(
                    "{} dimensions, expected {}",
                    v.len(),
                    self.dimension
                ));
            }
            if v.is_empty() || !v.iter().all(|x| x.is_finite()) {
                return Err("an empty or non-finite vector".into());
            }
            if v.iter().all(|x| *x == 0.0) {
                return Err("a zero vector".into());
            }
            normalize(&mut v);
            *slot = Some(v);
        }
        let out: Vec<Vec<f32>> = out.into_iter().flatten().collect();
        if let Some(first) = out.first() {
            if out.iter().any(|v| v.len() != first.len()) {
                return Err("vectors of different lengths".into());
            }
        }
        Ok(out)
    }
}

/// Retry-After as delta-seconds or an HTTP date.
fn parse_retry_after(v: &str) -> Option<Duration> {
    let v = v.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = httpdate::parse_http_date(v).ok()?;
    Some(
        when.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

impl Embedder for OpenAiEmbedder {
    fn provider(&self) -> &str {
        &self.provider
    }

    fn dimension(&self) -> usize {
        self.dimension
    }

    /// Provider, model and dimension: any change re-embeds the database. The URL is left out,
    /// so replicas reaching the same model through different addresses agree.
    fn identity(&self) -> String {
        format!("{PROVIDER}/{}/{}/v1", self.options.model, self.dimension)
    }

    fn embed(&self, text: &str) -> Result<Vec<f32>, EmbedError> {
        Ok(self.request(&[text])?.pop().expect("one vector per text"))
    }

    fn embed_batch(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        let mut out = Vec::with_capacity(texts.len());
        for chunk in texts.chunks(self.options.batch_size) {
            out.extend(self.request(chunk)?);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        assert_eq!(parse_retry_after(" 2 "), Some(Duration::from_secs(2)));
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
        let later = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(60));
        let d = parse_retry_after(&later).unwrap();
        assert!(
            d > Duration::from_secs(50) && d <= Duration::from_secs(60),
            "{d:?}"
        );
        assert_eq!(parse_retry_after("soon"), None);
    }

    #[test]
    fn bad_options_are_refused_before_any_request() {
        let base = |f: &dyn Fn(&mut OpenAiOptions)| {
            let mut o = OpenAiOptions::new("m");
            o.base_url = "http://127.0.0.1:9".into();
            f(&mut o);
            OpenAiEmbedder::connect(o).err().expect("refused")
        };
        assert!(base(&|o| o.base_url = "ftp://x".into()).contains("http:// or https://"));
        assert!(base(&|o| o.model = " ".into()).contains("no model"));
        assert!(base(&|o| o.batch_size = 0).contains("batch size"));
        assert!(base(&|o| o.dimensions = Some(0)).contains("dimensions"));
        assert!(base(&|o| o.timeout = Duration::ZERO).contains("timeout"));
    }
}
