//! The client object: JSON in, JSON out (contract §1.6), async with blocking twins.

use std::sync::{Arc, Mutex, PoisonError};

use serde_json::Value;

use super::cancel::{with_token, CancellationToken};
use super::error::MemoryRelayError;
use super::options::ClientOptions;
use super::resources::{Agents, Decisions, Entities, Memories, Patterns, Projects, Sessions};
use super::runtime;
use crate::{Client, Error};

/// A MemoryRelay client. Thread-safe; share one per process and configuration.
#[derive(uniffi::Object)]
pub struct MemoryRelayClient {
    // None once closed: calls then fail with a clear error instead of reviving the client.
    client: Mutex<Option<Client>>,
}

fn parse_params(params_json: &str) -> Result<Value, Error> {
    if params_json.trim().is_empty() {
        return Ok(Value::Null);
    }
    serde_json::from_str(params_json)
        .map_err(|e| Error::invalid_argument(format!("params are not valid JSON: {e}")))
}

impl MemoryRelayClient {
    fn build(options: &ClientOptions) -> Result<Arc<MemoryRelayClient>, MemoryRelayError> {
        let config = options.to_config()?;
        let client = runtime::enter(|| Client::new(config))?;
        Ok(Arc::new(MemoryRelayClient {
            client: Mutex::new(Some(client)),
        }))
    }

    fn current(&self) -> Result<Client, Error> {
        self.client
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
            .ok_or_else(|| {
                Error::invalid_argument("the client is closed; create a new client to make calls")
            })
    }

    /// The future of one call, ready to spawn: everything it needs is owned.
    fn prepare(
        &self,
        method: &str,
        params_json: &str,
        token: Option<Arc<CancellationToken>>,
    ) -> Result<impl std::future::Future<Output = Result<String, Error>> + Send + 'static, Error>
    {
        let client = self.current()?;
        let params = parse_params(params_json)?;
        let method = method.to_owned();
        Ok(async move {
            let value = with_token(token, client.call(&method, params)).await?;
            Ok(value.to_string())
        })
    }

    /// Shared by the async exports of this object and of the resource objects.
    pub(crate) async fn call_json(
        &self,
        method: &str,
        params_json: String,
        token: Option<Arc<CancellationToken>>,
    ) -> Result<String, MemoryRelayError> {
        let fut = self.prepare(method, &params_json, token)?;
        Ok(runtime::spawn(fut).await?)
    }

    /// Shared by the blocking twins.
    pub(crate) fn call_json_blocking(
        &self,
        method: &str,
        params_json: String,
        token: Option<Arc<CancellationToken>>,
    ) -> Result<String, MemoryRelayError> {
        let fut = self.prepare(method, &params_json, token)?;
        Ok(runtime::block_on(fut)?)
    }
}

export_blocking! {
    impl MemoryRelayClient {
        /// A client from typed options (environment fallback for unset ones).
        #[uniffi::constructor]
        pub fn new(options: ClientOptions) -> Result<Arc<MemoryRelayClient>, MemoryRelayError> {
            MemoryRelayClient::build(&options)
        }

        /// A client from options as a JSON object (same member names as `ClientOptions`);
        /// a wrong type or unknown member is INVALID_ARGUMENT naming it.
        #[uniffi::constructor]
        pub fn from_json(options_json: String) -> Result<Arc<MemoryRelayClient>, MemoryRelayError> {
            MemoryRelayClient::build(&ClientOptions::from_json(&options_json)?)
        }

        /// Blocking twin of `call`.
        #[uniffi::method(default(token = None))]
        pub fn call_blocking(
            &self,
            method: String,
            params_json: String,
            token: Option<Arc<CancellationToken>>,
        ) -> Result<String, MemoryRelayError> {
            self.call_json_blocking(&method, params_json, token)
        }

        /// Releases the connections; later calls fail with INVALID_ARGUMENT. In-flight calls
        /// finish. Closing twice is harmless.
        pub fn close(&self) {
            self.client.lock().unwrap_or_else(PoisonError::into_inner).take();
        }

        /// Whether `close()` was called.
        pub fn is_closed(&self) -> bool {
            self.client.lock().unwrap_or_else(PoisonError::into_inner).is_none()
        }

        /// The 47 method names accepted by `call`, e.g. `memories.create`.
        pub fn methods(&self) -> Vec<String> {
            crate::methods::METHODS.iter().map(|m| m.name.to_owned()).collect()
        }

        /// `client.memories()`.
        pub fn memories(self: Arc<Self>) -> Arc<Memories> {
            Arc::new(Memories::new(self))
        }

        /// `client.agents()`.
        pub fn agents(self: Arc<Self>) -> Arc<Agents> {
            Arc::new(Agents::new(self))
        }

        /// `client.entities()`.
        pub fn entities(self: Arc<Self>) -> Arc<Entities> {
            Arc::new(Entities::new(self))
        }

        /// `client.sessions()`.
        pub fn sessions(self: Arc<Self>) -> Arc<Sessions> {
            Arc::new(Sessions::new(self))
        }

        /// `client.decisions()`.
        pub fn decisions(self: Arc<Self>) -> Arc<Decisions> {
            Arc::new(Decisions::new(self))
        }

        /// `client.projects()`.
        pub fn projects(self: Arc<Self>) -> Arc<Projects> {
            Arc::new(Projects::new(self))
        }

        /// `client.patterns()`.
        pub fn patterns(self: Arc<Self>) -> Arc<Patterns> {
            Arc::new(Patterns::new(self))
        }
    }
}

export_async! {
    impl MemoryRelayClient {
        /// Calls `method` (`resource.method`, contract §6) with `params_json` (a JSON object of
        /// the Python reference's keyword arguments plus the extras) and returns the lossless
        /// response JSON (`null` for deletes). Cancel it with `token`.
        #[uniffi::method(default(token = None))]
        pub async fn call(
            &self,
            method: String,
            params_json: String,
            token: Option<Arc<CancellationToken>>,
        ) -> Result<String, MemoryRelayError> {
            self.call_json(&method, params_json, token).await
        }
    }
}
