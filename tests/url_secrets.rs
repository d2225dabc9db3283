//! A password in the base URL is neither sent nor shown: it never appears in an error message
//! (hardening probe, item 6), and requests go to the host without it.

mod common;

use memoryrelay::{Client, ClientConfig, ErrorCode};
use serde_json::json;

#[tokio::test]
async fn userinfo_in_the_base_url_never_reaches_a_message() {
    // Nothing listens on this port any more: connection refused.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let c = Client::new(ClientConfig {
        api_key: Some("mem_k".into()),
        base_url: Some(format!("http://user:s3cret-pw@127.0.0.1:{port}")),
        max_retries: Some(0),
        ..Default::default()
    })
    .unwrap();
    let e = c.call("agents.list", json!({})).await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Network, "{e}");
    assert!(!e.to_string().contains("s3cret"), "{e}");
    assert!(!e.to_json().to_string().contains("s3cret"), "{e}");

    let Err(e) = Client::new(ClientConfig {
        api_key: Some("mem_k".into()),
        base_url: Some("ftp://user:s3cret-pw@example.com".into()),
        ..Default::default()
    }) else {
        panic!("not an http(s) URL, yet accepted");
    };
    assert!(!e.to_string().contains("s3cret"), "{e}");
}

#[tokio::test]
async fn requests_go_to_the_host_without_the_userinfo() {
    let server = common::start().await;
    let url = server.url().replacen("http://", "http://user:pw@", 1);
    let c = Client::new(ClientConfig {
        api_key: Some(server.api_key().into()),
        base_url: Some(url),
        ..Default::default()
    })
    .unwrap();
    c.call("agents.list", json!({})).await.unwrap();
}
