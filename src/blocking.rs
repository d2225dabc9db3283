//! The blocking client: the async [`Client`] driven by a runtime it owns.

use std::fmt;

use serde_json::Value;

use crate::client::Client;
use crate::config::{ClientConfig, ResolvedConfig};
use crate::error::{Error, ErrorCode, Result};
use crate::http::CallOptions;
use crate::resources::{
    Agents, BlockingMode, Decisions, Entities, Memories, Patterns, Projects, Sessions,
};
use crate::wait::block_on;

/// Same surface as [`Client`], with methods that return results instead of futures. It owns a
/// one-worker tokio runtime on which every call runs; the calling thread just waits, so it
/// may be any thread (even one inside another runtime, though blocking an async worker is
/// unwise). Dropping it closes its connections and stops the runtime without blocking.
pub struct BlockingClient {
    client: Client,
    rt: Option<tokio::runtime::Runtime>,
}

impl fmt::Debug for BlockingClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BlockingClient")
            .field("client", &self.client)
            .finish()
    }
}

impl BlockingClient {
    pub fn new(config: ClientConfig) -> Result<BlockingClient> {
        let client = Client::new(config)?;
        // A worker thread keeps pooled connections serviced between calls.
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("memoryrelay-blocking")
            .enable_all()
            .build()
            .map_err(|e| Error::new(ErrorCode::Internal, format!("starting runtime: {e}")))?;
        Ok(BlockingClient {
            client,
            rt: Some(rt),
        })
    }

    /// A client configured from the environment only.
    pub fn from_env() -> Result<BlockingClient> {
        BlockingClient::new(ClientConfig::default())
    }

    pub fn config(&self) -> &ResolvedConfig {
        self.client.config()
    }

    /// The async client inside (shares the connection pool).
    pub fn async_client(&self) -> &Client {
        &self.client
    }

    /// [`Client::call`], blocking.
    pub fn call(&self, method: &str, params: Value) -> Result<Value> {
        self.call_with(method, params, CallOptions::default())
    }

    /// [`Client::call_with`], blocking.
    pub fn call_with(&self, method: &str, params: Value, opts: CallOptions) -> Result<Value> {
        let client = self.client.clone();
        let method = method.to_owned();
        block_on(self.rt(), async move {
            client.call_with(&method, params, opts).await
        })
    }

    /// [`Client::health`], blocking.
    pub fn health(&self) -> Result<crate::models::Health> {
        let client = self.client.clone();
        block_on(self.rt(), async move { client.health().await })
    }

    fn rt(&self) -> &tokio::runtime::Runtime {
        self.rt.as_ref().expect("the runtime lives until drop")
    }

    fn mode(&self) -> BlockingMode<'_> {
        BlockingMode { rt: self.rt() }
    }

    pub fn memories(&self) -> Memories<'_, BlockingMode<'_>> {
        Memories::new(&self.client, self.mode())
    }
    pub fn agents(&self) -> Agents<'_, BlockingMode<'_>> {
        Agents::new(&self.client, self.mode())
    }
    pub fn entities(&self) -> Entities<'_, BlockingMode<'_>> {
        Entities::new(&self.client, self.mode())
    }
    pub fn sessions(&self) -> Sessions<'_, BlockingMode<'_>> {
        Sessions::new(&self.client, self.mode())
    }
    pub fn decisions(&self) -> Decisions<'_, BlockingMode<'_>> {
        Decisions::new(&self.client, self.mode())
    }
    pub fn projects(&self) -> Projects<'_, BlockingMode<'_>> {
        Projects::new(&self.client, self.mode())
    }
    pub fn patterns(&self) -> Patterns<'_, BlockingMode<'_>> {
        Patterns::new(&self.client, self.mode())
    }
}

impl Drop for BlockingClient {
    fn drop(&mut self) {
        // shutdown_background never blocks, so dropping is safe even inside async code
        // (dropping a Runtime there would panic).
        if let Some(rt) = self.rt.take() {
            rt.shutdown_background();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn local() -> ClientConfig {
        ClientConfig {
            base_url: Some("http://127.0.0.1:9".into()),
            ..ClientConfig::with_api_key("k")
        }
    }

    #[test]
    fn validation_happens_before_any_request() {
        let c = BlockingClient::new(local()).unwrap();
        let err = c.call("nope.nothing", Value::Null).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidArgument);
        let err = c.memories().get("").unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidArgument);
    }

    #[tokio::test]
    async fn works_and_drops_inside_async_code_without_panicking() {
        let c = BlockingClient::new(local()).unwrap();
        let opts = CallOptions {
            max_retries: Some(0),
            ..Default::default()
        };
        // Nothing listens on port 9: a real NETWORK error, not a runtime panic.
        let err = c.call_with("agents.list", Value::Null, opts).unwrap_err();
        assert_eq!(err.code(), ErrorCode::Network);
        drop(c);
    }
}
