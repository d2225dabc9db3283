//! The TLS configuration and HTTP client every [`crate::Client`] owns.
//!
//! TLS is rustls with the *ring* provider passed in explicitly, plus the OS trust store through
//! rustls-platform-verifier. We never install a process-wide default provider: a library must
//! not change global state its host application may also set. See docs/client.md for why ring
//! rather than aws-lc-rs.

use std::sync::Arc;

use rustls_platform_verifier::BuilderVerifierExt;

use crate::error::{Error, ErrorCode, Result};

/// hyper's pooled HTTP/1.1 client over [`super::connect::Connector`].
pub(crate) type HttpClient = hyper_util::client::legacy::Client<
    super::connect::Connector,
    http_body_util::Full<bytes::Bytes>,
>;

/// How long a pooled connection may sit idle before the client drops it: below the local
/// server's idle keep-alive timeout (30 s), so the client closes first and seldom sends on a
/// connection the server is closing.
const POOL_IDLE: std::time::Duration = std::time::Duration::from_secs(20);

pub(crate) fn build_http_client() -> Result<HttpClient> {
    let internal = |what: &str, e: &dyn std::fmt::Display| {
        Error::new(ErrorCode::Internal, format!("{what}: {e}"))
    };
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| internal("TLS protocol setup failed", &e))?
        .with_platform_verifier()
        .map_err(|e| internal("TLS platform verifier failed", &e))?
        .with_no_client_auth();
    // Redirects are never followed (§2.1): a 3xx is returned as an API error, since a redirect
    // could carry the Authorization header somewhere else. hyper's client follows none.
    Ok(
        hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
            .pool_idle_timeout(POOL_IDLE)
            .pool_timer(hyper_util::rt::TokioTimer::new())
            .build(super::connect::Connector::new(tls)),
    )
}
