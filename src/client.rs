//! The async client.

use std::fmt;
use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::config::{ClientConfig, ResolvedConfig};
use crate::error::{decode, Result};
use crate::http::{CallOptions, RawResponse, Transport};
use crate::methods;

/// The async MemoryRelay client. Cheap to clone (one shared connection pool); `Send + Sync`.
/// Dropping the last clone closes its connections.
#[derive(Clone)]
pub struct Client {
    transport: Arc<Transport>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("config", self.transport.config())
            .finish()
    }
}

impl Client {
    /// Resolves the configuration (options, then environment, then defaults) and builds the
    /// client. No request is sent.
    pub fn new(config: ClientConfig) -> Result<Client> {
        let resolved = config.resolve()?;
        Ok(Client {
            transport: Arc::new(Transport::new(resolved)?),
        })
    }

    /// A client configured from the environment only (`MEMORYRELAY_API_KEY`, …).
    pub fn from_env() -> Result<Client> {
        Client::new(ClientConfig::default())
    }

    /// The settings this client runs with.
    pub fn config(&self) -> &ResolvedConfig {
        self.transport.config()
    }

    /// Calls a method of the table by name with JSON params and returns the lossless result
    /// JSON (see [`crate::methods`]). Dropping the future cancels the exchange.
    pub async fn call(&self, method: &str, params: Value) -> Result<Value> {
        self.call_with(method, params, CallOptions::default()).await
    }

    /// [`Client::call`] with a per-call timeout and retry count.
    pub async fn call_with(&self, method: &str, params: Value, opts: CallOptions) -> Result<Value> {
        methods::invoke(&self.transport, method, params, &opts).await
    }

    /// [`Client::call`] for callers that decode JSON themselves (the language bindings): the
    /// result as JSON text — a plain method's response body as received, checked to be JSON
    /// but not parsed into a `Value` and re-serialised. Errors are those of [`Client::call`].
    pub async fn call_raw(&self, method: &str, params: Value) -> Result<RawResponse> {
        self.call_raw_with(method, params, CallOptions::default())
            .await
    }

    /// [`Client::call_raw`] with a per-call timeout and retry count.
    pub async fn call_raw_with(
        &self,
        method: &str,
        params: Value,
        opts: CallOptions,
    ) -> Result<RawResponse> {
        methods::invoke_raw(&self.transport, method, params, &opts).await
    }

    /// Checks the server is up (`GET /v1/health`, contract §4.10).
    pub async fn health(&self) -> Result<crate::models::Health> {
        let value = methods::health(&self.transport, &CallOptions::default()).await?;
        decode("health.check", value)
    }

    /// Calls a method and decodes its result into a typed model.
    pub(crate) async fn call_typed<T: DeserializeOwned>(
        &self,
        method: &str,
        params: Value,
        opts: CallOptions,
    ) -> Result<T> {
        match methods::invoke_reply(&self.transport, method, params, &opts).await? {
            methods::Reply::Json(value) => decode(method, value),
            methods::Reply::Body(resp) => resp.decode(method),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn client_is_send_sync_and_debug_hides_the_key() {
        assert_send_sync::<Client>();
        let client = Client::new(ClientConfig {
            base_url: Some("http://127.0.0.1:9".into()),
            ..ClientConfig::with_api_key("mem_topsecret")
        })
        .unwrap();
        assert!(!format!("{client:?}").contains("topsecret"));
    }

    #[test]
    fn call_futures_are_send() {
        fn is_send<F: std::future::Future + Send>(_: F) {}
        let client = Client::new(ClientConfig {
            base_url: Some("http://127.0.0.1:9".into()),
            ..ClientConfig::with_api_key("k")
        })
        .unwrap();
        is_send(client.call("memories.get", serde_json::json!({"memory_id": "x"})));
    }
}
