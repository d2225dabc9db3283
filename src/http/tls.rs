//! The TLS configuration and HTTP client every [`crate::Client`] owns.
//!
//! TLS is rustls with the *ring* provider passed in explicitly, plus the OS trust store through
//! rustls-platform-verifier. We never install a process-wide default provider: a library must
//! not change global state its host application may also set. See docs/client.md for why ring
//! rather than aws-lc-rs.
//!
//! A machine with no usable trust store (a minimal container or chroot without CA
//! certificates) must still get a client: a plain-HTTP base URL never needs TLS. There the
//! verifier is [`NoTrustStore`], which fails every HTTPS handshake with a NETWORK error saying
//! why and what to do. We do not fall back to bundled roots: which CAs to trust stays the
//! system's decision (docs/client.md, TLS).

use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};
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
    let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| internal("TLS protocol setup failed", &e))?;
    let tls = match builder.clone().with_platform_verifier() {
        Ok(b) => b.with_no_client_auth(),
        Err(e) => builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(NoTrustStore {
                reason: e.to_string(),
                schemes: provider
                    .signature_verification_algorithms
                    .supported_schemes(),
            }))
            .with_no_client_auth(),
    };
    // Redirects are never followed (§2.1): a 3xx is returned as an API error, since a redirect
    // could carry the Authorization header somewhere else. hyper's client follows none.
    Ok(
        hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
            .pool_idle_timeout(POOL_IDLE)
            .pool_timer(hyper_util::rt::TokioTimer::new())
            .build(super::connect::Connector::new(tls)),
    )
}

/// The verifier when the system trust store could not be loaded: trusts nothing, and says why.
#[derive(Debug)]
struct NoTrustStore {
    /// The platform verifier's error.
    reason: String,
    schemes: Vec<SignatureScheme>,
}

impl NoTrustStore {
    fn error(&self) -> rustls::Error {
        rustls::Error::General(format!(
            "no CA certificates to verify the server with ({}); install the system's CA \
             certificates (e.g. the ca-certificates package) or point SSL_CERT_FILE at a bundle",
            self.reason
        ))
    }
}

impl ServerCertVerifier for NoTrustStore {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        Err(self.error())
    }

    fn verify_tls12_signature(
        &self,
        _message: &[u8],
        _cert: &CertificateDer<'_>,
        _dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        Err(self.error())
    }

    fn verify_tls13_signature(
        &self,
        _message: &[u8],
        _cert: &CertificateDer<'_>,
        _dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        Err(self.error())
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.schemes.clone()
    }
}
