//! The one request path every call goes through: headers, per-attempt timeout, retries,
//! idempotency keys and error mapping (wire contract §1.3, §2, §3).

mod base_url;
mod connect;
mod deep_json;
mod error_map;
mod log;
mod raw;
mod retry;
mod tls;

use std::time::{Duration, SystemTime};

use bytes::Bytes;
use http::header::{self, HeaderMap, HeaderValue};
use http::Method;
use http_body_util::{BodyExt, Full};

use crate::config::ResolvedConfig;
use crate::error::{Error, ErrorCode, Result};

use base_url::Base;
pub(crate) use error_map::invalid_json_error;
pub use raw::RawResponse;

/// Per-call overrides of the client's timeout and retry count.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CallOptions {
    /// Per-attempt timeout for this call; `None` keeps the client's.
    pub timeout: Option<Duration>,
    /// Retries for this call (0..=10); `None` keeps the client's.
    pub max_retries: Option<u32>,
}

/// One logical request, ready to send any number of times unchanged.
#[derive(Debug, Clone)]
pub(crate) struct HttpRequest {
    /// The SDK method (`memories.get`), for log events.
    pub name: &'static str,
    pub method: Method,
    /// Already percent-encoded, starting with `/v1/`.
    pub path: String,
    pub query: Vec<(&'static str, String)>,
    /// Serialized once, so every retry sends the same bytes.
    pub body: Option<Bytes>,
    /// A resource delete: a 404 after an attempt that may have been carried out means the
    /// resource is gone, i.e. success (§3.1). Not set for `patterns.unadopt`, a DELETE whose
    /// 404 always means an unknown pattern or project.
    pub delete_404_ok: bool,
}

/// A 2xx response (errors never get this far).
#[derive(Debug)]
pub(crate) struct HttpResponse {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl HttpResponse {
    /// The body as JSON; an unparsable one is the API error "invalid JSON in response".
    pub fn json(&self) -> Result<serde_json::Value> {
        deep_json::from_slice(&self.body)
            .map_err(|_| invalid_json_error(self.status, &self.headers, &self.body))
    }

    /// The body decoded into a model. Broken JSON is "invalid JSON in response" as in
    /// [`HttpResponse::json`]; valid JSON of the wrong shape is an API error naming the method.
    pub fn decode<T: serde::de::DeserializeOwned>(&self, method: &str) -> Result<T> {
        deep_json::from_slice(&self.body).map_err(|e| {
            if e.is_syntax() || e.is_eof() {
                invalid_json_error(self.status, &self.headers, &self.body)
            } else {
                crate::error::shape_error(method, &e)
            }
        })
    }
}

/// What one attempt produced.
enum Attempt {
    Done(HttpResponse),
    Failed {
        error: Error,
        retryable: bool,
        /// Seconds from a Retry-After header, when the response had a usable one.
        retry_after: Option<u64>,
        /// Whether the request may have reached the server (for the DELETE rule of §3.1).
        maybe_sent: bool,
    },
}

/// Shared HTTP machinery of a client.
pub(crate) struct Transport {
    http: tls::HttpClient,
    /// The configured base URL without userinfo: credentials in it are neither sent nor shown.
    base_url: String,
    /// `base_url` split once per client (see [`Base`]).
    base: Base,
    headers: HeaderMap,
    config: ResolvedConfig,
}

impl Transport {
    pub fn new(config: ResolvedConfig) -> Result<Transport> {
        let mut headers = HeaderMap::new();
        let mut auth = HeaderValue::from_str(&format!("Bearer {}", config.api_key))
            .map_err(|_| Error::invalid_argument("api_key is not a valid header value"))?;
        // Marks the value so that hyper's and reqwest's Debug output never show it.
        auth.set_sensitive(true);
        headers.insert(header::AUTHORIZATION, auth);
        headers.insert(
            header::USER_AGENT,
            HeaderValue::from_str(&config.user_agent)
                .map_err(|_| Error::invalid_argument("user agent is not a valid header"))?,
        );
        headers.insert(header::ACCEPT, HeaderValue::from_static("application/json"));
        let base_url = without_userinfo(&config.base_url);
        Ok(Transport {
            http: tls::build_http_client()?,
            base: Base::parse(&base_url),
            base_url,
            headers,
            config,
        })
    }

    pub fn config(&self) -> &ResolvedConfig {
        &self.config
    }

    /// Sends `req` with retries and returns the 2xx response, or the mapped error.
    pub async fn send(&self, req: &HttpRequest, opts: &CallOptions) -> Result<HttpResponse> {
        let timeout = opts.timeout.unwrap_or(self.config.timeout);
        if timeout.is_zero() {
            return Err(Error::invalid_argument("timeout must be greater than zero"));
        }
        let max_retries = opts.max_retries.unwrap_or(self.config.max_retries);
        if max_retries > crate::config::MAX_RETRIES_LIMIT {
            return Err(Error::invalid_argument("max_retries must be in 0..=10"));
        }
        // One key per logical call, reused by its retries (§3.2). A v4 UUID from the
        // thread's CSPRNG (seeded once from the OS): `Uuid::new_v4` asks the kernel for 16
        // bytes on every call, a system call per POST.
        let idempotency_key = (req.method == Method::POST).then(|| {
            let uuid = uuid::Builder::from_random_bytes(rand::random()).into_uuid();
            HeaderValue::from_str(
                uuid.hyphenated()
                    .encode_lower(&mut uuid::Uuid::encode_buffer()),
            )
            .expect("a UUID is a valid header value")
        });
        let mut lost_after_send = false;
        let mut retry = 0u32;
        loop {
            // Built per attempt (rather than built once and cloned) so the common single-attempt
            // call builds exactly one request; every attempt carries the same bytes.
            let attempt_req = self.build(req, idempotency_key.as_ref())?;
            let started = log::Started::now(req, retry + 1);
            let outcome = self.attempt(attempt_req, timeout).await;
            started.finished(&outcome);
            match outcome {
                Attempt::Done(resp) => return Ok(resp),
                Attempt::Failed {
                    error,
                    retryable,
                    retry_after,
                    maybe_sent,
                } => {
                    // A DELETE whose earlier attempt may have been carried out: 404 means it was.
                    if req.delete_404_ok && lost_after_send && error.status() == Some(404) {
                        return Ok(HttpResponse {
                            status: 204,
                            headers: HeaderMap::new(),
                            body: Bytes::new(),
                        });
                    }
                    if !retryable || retry >= max_retries {
                        return Err(error);
                    }
                    lost_after_send |= maybe_sent && error.status().is_none();
                    retry += 1;
                    let wait = match retry_after {
                        Some(secs) if Duration::from_secs(secs) <= self.config.max_retry_after => {
                            Duration::from_secs(secs)
                        }
                        // Longer than we may wait: fail now, telling the caller how long.
                        Some(_) => return Err(error),
                        None => retry::backoff(retry),
                    };
                    log::retrying(req, retry, &error, wait);
                    tokio::time::sleep(wait).await;
                }
            }
        }
    }

    fn build(
        &self,
        req: &HttpRequest,
        key: Option<&HeaderValue>,
    ) -> Result<http::Request<Full<Bytes>>> {
        // The path is used as encoded by the method layer, never normalised: a `%2E` segment
        // stays a segment, it does not turn into `..` (§1.4: ids stay inside their segment).
        let mut target = String::with_capacity(self.base.path.len() + req.path.len() + 64);
        target.push_str(&self.base.path);
        target.push_str(&req.path);
        if !req.query.is_empty() {
            target.push('?');
            let start = target.len();
            url::form_urlencoded::Serializer::for_suffix(&mut target, start)
                .extend_pairs(req.query.iter().map(|(k, v)| (*k, v.as_str())))
                .finish();
        }
        let bad =
            |e: &dyn std::fmt::Display| Error::invalid_argument(format!("bad request URL: {e}"));
        let uri = match &self.base.origin {
            // Only the path and query are parsed per call; scheme and host were parsed once.
            Some((scheme, authority)) => {
                let pq = http::uri::PathAndQuery::try_from(target).map_err(|e| bad(&e))?;
                http::Uri::builder()
                    .scheme(scheme.clone())
                    .authority(authority.clone())
                    .path_and_query(pq)
                    .build()
                    .map_err(|e| bad(&e))?
            }
            None => format!("{}{target}", self.base_url)
                .parse::<http::Uri>()
                .map_err(|e| bad(&e))?,
        };
        let mut request = http::Request::new(Full::new(req.body.clone().unwrap_or_default()));
        *request.method_mut() = req.method.clone();
        *request.uri_mut() = uri;
        let headers = request.headers_mut();
        headers.clone_from(&self.headers);
        if let Some(key) = key {
            headers.insert("idempotency-key", key.clone());
        }
        if req.body.is_some() {
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
        }
        Ok(request)
    }

    async fn attempt(&self, request: http::Request<Full<Bytes>>, timeout: Duration) -> Attempt {
        // The whole attempt (connect, send, headers and body) shares one deadline.
        let exchange = async {
            let resp = self.http.request(request).await.map_err(Failure::Request)?;
            let (parts, body) = resp.into_parts();
            let body = body.collect().await.map_err(Failure::Body)?.to_bytes();
            Ok::<_, Failure>((parts.status.as_u16(), parts.headers, body))
        };
        match tokio::time::timeout(timeout, exchange).await {
            Err(_) => Attempt::Failed {
                error: Error::new(
                    ErrorCode::Timeout,
                    format!("no response within {} ms", timeout.as_millis()),
                ),
                retryable: true,
                retry_after: None,
                maybe_sent: true,
            },
            Ok(Err(e)) => transport_failure(&e),
            Ok(Ok((status, headers, body))) => {
                if (200..300).contains(&status) {
                    return Attempt::Done(HttpResponse {
                        status,
                        headers,
                        body,
                    });
                }
                let retry_after = headers
                    .get(header::RETRY_AFTER)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| retry::parse_retry_after(v, SystemTime::now()));
                Attempt::Failed {
                    error: error_map::error_from_response(status, &headers, &body, retry_after),
                    retryable: retry::is_retryable_status(status),
                    retry_after,
                    maybe_sent: true,
                }
            }
        }
    }
}

/// An attempt that got no complete response.
enum Failure {
    /// Connecting, sending, or waiting for the response head.
    Request(hyper_util::client::legacy::Error),
    /// Reading the response body.
    Body(hyper::Error),
}

/// Maps a failed exchange (no usable response) to NETWORK. Messages never contain the URL.
fn transport_failure(f: &Failure) -> Attempt {
    let (mut message, connect, source) = match f {
        Failure::Request(e) if e.is_connect() => (
            "connection failed".to_string(),
            true,
            std::error::Error::source(e),
        ),
        Failure::Request(e) => (
            "error sending request".to_string(),
            false,
            std::error::Error::source(e),
        ),
        Failure::Body(e) => (
            format!("error reading response body: {e}"),
            false,
            std::error::Error::source(e),
        ),
    };
    let mut source = source;
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    Attempt::Failed {
        error: Error::new(ErrorCode::Network, message),
        retryable: true,
        retry_after: None,
        // A failed connect never reached the server; anything later may have.
        maybe_sent: !connect,
    }
}

/// `scheme://user:password@host/…` → `scheme://host/…`, without a trailing `/`.
fn without_userinfo(base: &str) -> String {
    match url::Url::parse(base) {
        Ok(mut u) if !u.username().is_empty() || u.password().is_some() => {
            let _ = u.set_username("");
            let _ = u.set_password(None);
            u.as_str().trim_end_matches('/').to_string()
        }
        _ => base.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn userinfo_is_dropped_from_the_base_url() {
        assert_eq!(
            without_userinfo("http://user:pw@127.0.0.1:8080"),
            "http://127.0.0.1:8080"
        );
        assert_eq!(
            without_userinfo("https://u@example.com/mr"),
            "https://example.com/mr"
        );
        assert_eq!(
            without_userinfo("http://127.0.0.1:8080"),
            "http://127.0.0.1:8080"
        );
    }
}
