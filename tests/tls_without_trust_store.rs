//! A machine with no CA certificates (a minimal container or chroot): a client must still be
//! built and work over plain HTTP, and an HTTPS call must fail with a NETWORK error that says
//! why, at the certificate check (see docs/client.md, "TLS trust").
//!
//! The trust store is emptied with `SSL_CERT_FILE`/`SSL_CERT_DIR` for this whole test binary
//! (one test function, set before any client exists).

mod common;

use std::net::TcpListener;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use memoryrelay::{Client, ClientConfig, ErrorCode};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use serde_json::json;

/// A self-signed certificate for 127.0.0.1 (valid until 2126) and its key: the local TLS
/// endpoint below; no trust store would accept it anyway, but the client must get as far as
/// checking it.
const CERT: &str = "-----BEGIN CERTIFICATE-----\n\
MIIBmzCCAUGgAwIBAgIUEiflJEkhvprly2aHtEKqWveo89YwCgYIKoZIzj0EAwIw\n\
FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTIwMjEzNTgzM1oYDzIxMjYxMTA4\n\
MTM1ODMzWjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO\n\
PQMBBwNCAATf5KIJ5Q2gGjyNrsGoDYnO2jfBAEsx9rxsjRX3XuhLq6jPxGxv+Oww\n\
0Bl2N91YuRw3tZEOK/1JeUl6Ti1q4K0Qo28wbTAdBgNVHQ4EFgQUOnU16DZzUJYd\n\
I2w6jjDaeTZWK7EwHwYDVR0jBBgwFoAUOnU16DZzUJYdI2w6jjDaeTZWK7EwDwYD\n\
VR0TAQH/BAUwAwEB/zAaBgNVHREEEzARhwR/AAABgglsb2NhbGhvc3QwCgYIKoZI\n\
zj0EAwIDSAAwRQIgaVlZCZzB7ILgkV31y5+5W5DHwowWIU+aQDDNaHLpDV4CIQC+\n\
rdz4W7+jbvNFMsNXP+O7di9sXbysqvoJZlTSNPb1KA==\n\
-----END CERTIFICATE-----";
const KEY: &str = "-----BEGIN PRIVATE KEY-----\n\
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQga/NGs8Qh3jNaujfA\n\
FkaNxdrb/ecf8czoE91zUhKDHCihRANCAATf5KIJ5Q2gGjyNrsGoDYnO2jfBAEsx\n\
9rxsjRX3XuhLq6jPxGxv+Oww0Bl2N91YuRw3tZEOK/1JeUl6Ti1q4K0Q\n\
-----END PRIVATE KEY-----";

/// A TLS endpoint on 127.0.0.1 that takes one handshake; `reached` is set once a client hello
/// arrived (so the failure is the certificate check, not the connection).
fn tls_endpoint(reached: Arc<AtomicBool>) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(
        vec![CertificateDer::from_pem_slice(CERT.as_bytes()).unwrap()],
        PrivateKeyDer::from_pem_slice(KEY.as_bytes()).unwrap(),
    )
    .unwrap();
    let config = Arc::new(config);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut tcp) = stream else { return };
            let mut conn = rustls::ServerConnection::new(config.clone()).unwrap();
            // Drive the handshake until the client gives up (its certificate check fails).
            while let Ok(n) = conn.read_tls(&mut tcp) {
                if n == 0 || conn.process_new_packets().is_err() {
                    break;
                }
                reached.store(true, Ordering::SeqCst);
                while conn.wants_write() && conn.write_tls(&mut tcp).is_ok() {}
            }
        }
    });
    port
}

#[tokio::test]
async fn no_trust_store_plain_http_works_and_https_fails_clearly() {
    let empty = std::env::temp_dir().join(format!("mr-empty-store-{}", std::process::id()));
    std::fs::create_dir_all(&empty).unwrap();
    let empty_file = empty.join("none.pem");
    std::fs::write(&empty_file, "").unwrap();
    std::env::set_var("SSL_CERT_FILE", &empty_file);
    std::env::set_var("SSL_CERT_DIR", &empty);

    // Plain HTTP: the client is built and works.
    let server = common::start().await;
    let client =
        Client::new(common::config(&server)).expect("a plain-HTTP client needs no CA store");
    let agents = client.call("agents.list", json!({})).await.unwrap();
    assert_eq!(agents["object"], "list");

    // HTTPS: built as well; the first call fails at the certificate check, saying why.
    let reached = Arc::new(AtomicBool::new(false));
    let port = tls_endpoint(reached.clone());
    let https = Client::new(ClientConfig {
        api_key: Some("mem_tls".into()),
        base_url: Some(format!("https://127.0.0.1:{port}")),
        max_retries: Some(0),
        ..ClientConfig::default()
    })
    .expect("an HTTPS client is built too");
    let err = https.call("agents.list", json!({})).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Network, "{err}");
    assert!(
        err.message().contains("no CA certificates"),
        "{}",
        err.message()
    );
    assert!(err.message().contains("SSL_CERT_FILE"), "{}", err.message());
    assert!(
        reached.load(Ordering::SeqCst),
        "the handshake never reached the server"
    );
    let _ = std::fs::remove_dir_all(&empty);
}
