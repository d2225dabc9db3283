//! The client object: JSON in, JSON out (contract §1.6), async with blocking twins.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError, Weak};

use serde_json::Value;

use super::cancel::{with_token, CancellationToken};
use super::error::MemoryRelayError;
use super::options::ClientOptions;
use crate::runtime;
use memoryrelay_core::{Client, ClientConfig, Error};

/// A MemoryRelay client. Thread-safe; share one per process and configuration.
#[derive(uniffi::Object)]
pub struct MemoryRelayClient {
    /// Tells this client's per-thread clients apart from other clients'.
    id: u64,
    // None once closed: calls then fail with a clear error instead of reviving the client.
    state: Mutex<Option<State>>,
}

struct State {
    /// Serves the async exports, on the shared runtime.
    shared: Client,
    runtime: runtime::Shared,
    /// The settings `shared` resolved, spelled out so that per-thread clients match it even
    /// if the environment changes later.
    resolved: ClientConfig,
    /// Alive while the client is open: per-thread clients hold a `Weak` to it and are dropped
    /// once it is gone.
    alive: Arc<()>,
}

thread_local! {
    /// The clients that serve this thread's blocking calls, one per open `MemoryRelayClient`
    /// (by id), on this thread's runtime (see `crate::runtime`). Freed with the thread; entries of
    /// closed or dropped clients are purged at this thread's next blocking call.
    static PER_THREAD: RefCell<HashMap<u64, (Weak<()>, Client)>> = RefCell::new(HashMap::new());
}

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// Live clients by number, for the raw blocking exports (`super::raw`), which name a client
/// by number rather than by handle (one FFI crossing less per call).
static CLIENTS: Mutex<Option<HashMap<u64, Weak<MemoryRelayClient>>>> = Mutex::new(None);

fn register(client: &Arc<MemoryRelayClient>) {
    let mut clients = CLIENTS.lock().unwrap_or_else(PoisonError::into_inner);
    clients
        .get_or_insert_with(HashMap::new)
        .insert(client.id, Arc::downgrade(client));
}

fn unregister(id: u64) {
    let mut clients = CLIENTS.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(clients) = clients.as_mut() {
        clients.remove(&id);
    }
}

/// The calling thread's client for the `MemoryRelayClient` numbered `id`, if it made one and
/// that client is still open. Purges the entries of closed clients. No lock: the hot path of
/// every blocking call.
pub(crate) fn cached_for_this_thread(id: u64) -> Option<Client> {
    PER_THREAD.with(|cell| {
        let mut clients = cell.borrow_mut();
        clients.retain(|_, (alive, _)| alive.strong_count() > 0);
        clients.get(&id).map(|(_, client)| client.clone())
    })
}

pub(crate) fn parse_params(params_json: &str) -> Result<Value, Error> {
    if params_json.trim().is_empty() {
        return Ok(Value::Null);
    }
    serde_json::from_str(params_json)
        .map_err(|e| Error::invalid_argument(format!("params are not valid JSON: {e}")))
}

impl MemoryRelayClient {
    fn build(config: ClientConfig) -> Result<Arc<MemoryRelayClient>, MemoryRelayError> {
        let rt = runtime::acquire()?;
        let shared = rt.enter(|| Client::new(config.clone()))?;
        let r = shared.config();
        let resolved = ClientConfig {
            api_key: Some(r.api_key().to_owned()),
            base_url: Some(r.base_url.clone()),
            timeout: Some(r.timeout),
            max_retries: Some(r.max_retries),
            max_retry_after: Some(r.max_retry_after),
            ..config
        };
        let client = Arc::new(MemoryRelayClient {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            state: Mutex::new(Some(State {
                shared,
                runtime: rt,
                resolved,
                alive: Arc::new(()),
            })),
        });
        register(&client);
        Ok(client)
    }

    fn closed() -> Error {
        Error::invalid_argument("the client is closed; create a new client to make calls")
    }

    pub(crate) fn shared(&self) -> Result<(Client, runtime::Shared), Error> {
        let state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state
            .as_ref()
            .map(|s| (s.shared.clone(), s.runtime.clone()))
            .ok_or_else(Self::closed)
    }

    /// The calling thread's client, made on first use.
    pub(crate) fn for_this_thread(&self) -> Result<Client, Error> {
        if let Some(client) = cached_for_this_thread(self.id) {
            return Ok(client);
        }
        let (resolved, alive) = {
            let state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
            let state = state.as_ref().ok_or_else(Self::closed)?;
            (state.resolved.clone(), Arc::downgrade(&state.alive))
        };
        let client = runtime::enter_local(|| Client::new(resolved))??;
        PER_THREAD.with(|cell| cell.borrow_mut().insert(self.id, (alive, client.clone())));
        Ok(client)
    }

    /// This client's number, by which the raw blocking exports find it (`super::raw`).
    pub(crate) fn id(&self) -> u64 {
        self.id
    }

    /// The open client numbered `id` (for a thread's first raw call with it).
    pub(crate) fn find(id: u64) -> Option<Arc<MemoryRelayClient>> {
        CLIENTS
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
            .and_then(|clients| clients.get(&id))
            .and_then(Weak::upgrade)
    }

    /// The future of one call: everything it needs is owned.
    fn prepare(
        client: Client,
        method: &str,
        params_json: &str,
        token: Option<Arc<CancellationToken>>,
    ) -> Result<impl std::future::Future<Output = Result<String, Error>> + Send + 'static, Error>
    {
        let params = parse_params(params_json)?;
        let method = method.to_owned();
        Ok(async move {
            let value = with_token(token, client.call(&method, params)).await?;
            Ok(value.to_string())
        })
    }

    /// Shared by the async exports.
    pub(crate) async fn call_json(
        &self,
        method: &str,
        params_json: String,
        token: Option<Arc<CancellationToken>>,
    ) -> Result<String, MemoryRelayError> {
        let (client, rt) = self.shared()?;
        let fut = Self::prepare(client, method, &params_json, token)?;
        Ok(rt.spawn(fut).await?)
    }

    /// Shared by the blocking twins.
    pub(crate) fn call_json_blocking(
        &self,
        method: &str,
        params_json: String,
        token: Option<Arc<CancellationToken>>,
    ) -> Result<String, MemoryRelayError> {
        let fut = Self::prepare(self.for_this_thread()?, method, &params_json, token)?;
        Ok(runtime::block_on_local(fut)?)
    }
}

impl Drop for MemoryRelayClient {
    fn drop(&mut self) {
        unregister(self.id);
    }
}

export_blocking! {
    impl MemoryRelayClient {
        /// A client from typed options (environment fallback for unset ones).
        #[uniffi::constructor]
        pub fn new(options: ClientOptions) -> Result<Arc<MemoryRelayClient>, MemoryRelayError> {
            MemoryRelayClient::build(options.to_config()?)
        }

        /// A client from options as a JSON object: the core's one options dialect
        /// (`ClientConfig::from_json`, durations in seconds); a wrong type or unknown member
        /// is INVALID_ARGUMENT naming it.
        #[uniffi::constructor]
        pub fn from_json(options_json: String) -> Result<Arc<MemoryRelayClient>, MemoryRelayError> {
            let value: Value = if options_json.trim().is_empty() {
                Value::Null
            } else {
                serde_json::from_str(&options_json).map_err(|e| {
                    Error::invalid_argument(format!("options are not valid JSON: {e}"))
                })?
            };
            MemoryRelayClient::build(ClientConfig::from_json(&value)?)
        }

        /// Blocking twin of `call`.
        pub fn call_blocking(
            &self,
            method: String,
            params_json: String,
        ) -> Result<String, MemoryRelayError> {
            self.call_json_blocking(&method, params_json, None)
        }

        /// Blocking twin of `call_with_token`: `token.cancel()` from another thread ends it.
        pub fn call_blocking_with_token(
            &self,
            method: String,
            params_json: String,
            token: Arc<CancellationToken>,
        ) -> Result<String, MemoryRelayError> {
            self.call_json_blocking(&method, params_json, Some(token))
        }

        /// Releases the connections; later calls fail with INVALID_ARGUMENT. In-flight calls
        /// finish. Twice is harmless. Not `close`: that name clashes with the `close()` the
        /// Kotlin and Swift bindings generate for every object (AutoCloseable, deinit).
        pub fn shutdown(&self) {
            self.state.lock().unwrap_or_else(PoisonError::into_inner).take();
        }

        /// Whether `shutdown()` was called.
        pub fn is_shut_down(&self) -> bool {
            self.state.lock().unwrap_or_else(PoisonError::into_inner).is_none()
        }

        /// The 47 method names accepted by `call`, e.g. `memories.create`.
        pub fn methods(&self) -> Vec<String> {
            memoryrelay_core::methods::METHODS.iter().map(|m| m.name.to_owned()).collect()
        }
    }
}

export_async! {
    impl MemoryRelayClient {
        /// Calls `method` (`resource.method`, contract §6) with `params_json` (a JSON object of
        /// the Python reference's keyword arguments plus the extras) and returns the lossless
        /// response JSON (`null` for deletes).
        pub async fn call(
            &self,
            method: String,
            params_json: String,
        ) -> Result<String, MemoryRelayError> {
            self.call_json(&method, params_json, None).await
        }

        /// `call`, cancellable with `token` (it then fails with `Cancelled`).
        pub async fn call_with_token(
            &self,
            method: String,
            params_json: String,
            token: Arc<CancellationToken>,
        ) -> Result<String, MemoryRelayError> {
            self.call_json(&method, params_json, Some(token)).await
        }
    }
}
