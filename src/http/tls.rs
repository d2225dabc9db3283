//! The reqwest client every [`crate::Client`] owns.
//!
//! TLS is rustls with the *ring* provider passed in explicitly, plus the OS trust store through
//! rustls-platform-verifier. We never install a process-wide default provider: a library must
//! not change global state its host application may also set. See docs/client.md for why ring
//! rather than aws-lc-rs.

use std::sync::Arc;

use rustls_platform_verifier::BuilderVerifierExt;

use crate::error::{Error, ErrorCode, Result};

pub(crate) fn build_http_client() -> Result<reqwest::Client> {
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
    reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        // §2.1: redirects are returned as API errors, never followed (a redirect could carry
        // the Authorization header somewhere else).
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| internal("HTTP client setup failed", &e))
}
