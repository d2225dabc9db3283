//! The raw path, for skins that decode JSON themselves (Python: pydantic-core parses the bytes
//! straight into its models): the result's JSON bytes as the server sent them, checked to be
//! JSON by the core but never parsed into a `serde_json::Value` and serialised again
//! (`memoryrelay_core::Client::call_raw`).
//!
//! The blocking export is a free function that names the client by number, the method by its
//! index in the method table, and borrows the params bytes, so a call costs the fewest
//! crossings UniFFI allows: the call itself and one to free the result. (A method on the
//! object adds a handle clone; each `String` argument adds a buffer allocation, and one more
//! to grow it past 16 bytes.) A skin gets the numbers once from
//! [`MemoryRelayClient::raw_id`] and [`method_names`].

use std::sync::Arc;

use memoryrelay_core::methods::METHODS;
use memoryrelay_core::{Client, Error, RawResponse};

use super::cancel::{with_token, CancellationToken};
use super::client::{cached_for_this_thread, parse_params, MemoryRelayClient};
use super::error::MemoryRelayError;
use crate::runtime;
use serde_json::Value;

/// A successful call's result, undecoded.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RawReply {
    /// JSON text: the response body as received (well-formed JSON, checked by the core),
    /// `null` for deletes, the merged result for `memories.batch_create`. A string, not bytes:
    /// UniFFI copies a string in one go but a byte vector element by element.
    pub body: String,
    /// The HTTP status (204 for deletes, 200 for a merged batch).
    pub status: u16,
    /// The server's request id, for the error a skin raises when the body does not fit its
    /// model (the DECODE error: code API, like the core's "unexpected response shape").
    pub request_id: Option<String>,
}

impl From<RawResponse> for RawReply {
    fn from(r: RawResponse) -> RawReply {
        RawReply {
            // UTF-8 checked by the core; lossy only to stay total.
            body: String::from_utf8_lossy(&r.body).into_owned(),
            status: r.status,
            request_id: r.request_id,
        }
    }
}

/// The calling thread's core client for client number `id`.
fn thread_client(id: u64) -> Result<Client, Error> {
    if let Some(client) = cached_for_this_thread(id) {
        return Ok(client);
    }
    match MemoryRelayClient::find(id) {
        Some(client) => client.for_this_thread(),
        None => Err(Error::invalid_argument(
            "the client is closed; create a new client to make calls",
        )),
    }
}

fn method_name(index: u32) -> Result<&'static str, Error> {
    usize::try_from(index)
        .ok()
        .and_then(|i| METHODS.get(i))
        .map(|m| m.name)
        .ok_or_else(|| {
            Error::invalid_argument(format!(
                "unknown method index {index} (0..{})",
                METHODS.len()
            ))
        })
}

/// Params as UTF-8 JSON bytes (what `parse_params` reads from a string).
fn parse_params_bytes(params_json: &[u8]) -> Result<Value, Error> {
    if params_json.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Null);
    }
    serde_json::from_slice(params_json)
        .map_err(|e| Error::invalid_argument(format!("params are not valid JSON: {e}")))
}

fn blocking(
    client: u64,
    method: u32,
    params_json: &[u8],
    token: Option<Arc<CancellationToken>>,
) -> Result<RawReply, MemoryRelayError> {
    let method = method_name(method)?;
    let params = parse_params_bytes(params_json)?;
    let client = thread_client(client)?;
    let fut = async move { with_token(token, client.call_raw(method, params)).await };
    Ok(runtime::block_on_local(fut)?.into())
}

export_blocking! {
    /// `call_blocking` by numbers, returning the result's JSON text undecoded: `client` is
    /// `MemoryRelayClient.raw_id()`, `method` an index into `method_names()`, `params_json`
    /// UTF-8 JSON bytes (borrowed for the call: no buffer is allocated for them). Errors are
    /// those of `call_blocking`; a closed or freed client is INVALID_ARGUMENT.
    pub fn call_raw_blocking(
        client: u64,
        method: u32,
        params_json: &[u8],
    ) -> Result<RawReply, MemoryRelayError> {
        blocking(client, method, params_json, None)
    }
}

// One item per `export_blocking!`: the attribute applies to the first item only.
export_blocking! {
    /// `call_raw_blocking`, cancellable with `token` from another thread.
    pub fn call_raw_blocking_with_token(
        client: u64,
        method: u32,
        params_json: &[u8],
        token: Arc<CancellationToken>,
    ) -> Result<RawReply, MemoryRelayError> {
        blocking(client, method, params_json, Some(token))
    }
}

export_blocking! {
    /// The 47 method names in table order: `call_raw_blocking`'s method indexes.
    pub fn method_names() -> Vec<String> {
        METHODS.iter().map(|m| m.name.to_owned()).collect()
    }
}

export_blocking! {
    impl MemoryRelayClient {
        /// This client's number for `call_raw_blocking` (valid until it is freed).
        pub fn raw_id(&self) -> u64 {
            self.id()
        }
    }
}

export_async! {
    impl MemoryRelayClient {
        /// `call` returning the result's JSON bytes (see `RawReply`), cancellable with an
        /// optional token.
        pub async fn call_raw(
            &self,
            method: String,
            params_json: String,
            token: Option<Arc<CancellationToken>>,
        ) -> Result<RawReply, MemoryRelayError> {
            let (client, rt) = self.shared()?;
            let params = parse_params(&params_json)?;
            let fut = async move {
                with_token(token, client.call_raw(&method, params))
                    .await
                    .map(RawReply::from)
            };
            Ok(rt.spawn(fut).await?)
        }
    }
}
