//! Client options as a UniFFI record (Swift/Kotlin), mapped to
//! [`memoryrelay_core::ClientConfig`]. Durations are seconds, as in the core's one JSON dialect
//! (`ClientConfig::from_json`, used by `MemoryRelayClient::from_json`). Environment fallback and
//! range checks happen in `Client::new`.

use std::time::Duration;

use memoryrelay_core::{ClientConfig, Error};

/// Options for [`super::MemoryRelayClient`]; every unset option falls back to the environment
/// (`MEMORYRELAY_API_KEY`, `MEMORYRELAY_API_URL`), then to the contract's default.
#[derive(Debug, Clone, Default, PartialEq, uniffi::Record)]
pub struct ClientOptions {
    /// API key; else `MEMORYRELAY_API_KEY`.
    #[uniffi(default = None)]
    pub api_key: Option<String>,
    /// Base URL without `/v1`; else `MEMORYRELAY_API_URL`, else the hosted API.
    #[uniffi(default = None)]
    pub base_url: Option<String>,
    /// Per-attempt timeout in seconds (default 30).
    #[uniffi(default = None)]
    pub timeout: Option<f64>,
    /// Retries after the first attempt, 0..=10 (default 2).
    #[uniffi(default = None)]
    pub max_retries: Option<u32>,
    /// Longest Retry-After honoured, in seconds (default 60).
    #[uniffi(default = None)]
    pub max_retry_after: Option<f64>,
    /// Allow plain `http://` to a host that is not loopback.
    #[uniffi(default = false)]
    pub allow_insecure_http: bool,
    /// Appended to the User-Agent as ` (<suffix>)`, e.g. `swift`.
    #[uniffi(default = None)]
    pub user_agent_suffix: Option<String>,
}

fn seconds(name: &str, v: Option<f64>) -> Result<Option<Duration>, Error> {
    v.map(|s| {
        Duration::try_from_secs_f64(s).map_err(|_| {
            Error::invalid_argument(format!(
                "option '{name}' must be a non-negative number of seconds, got {s}"
            ))
        })
    })
    .transpose()
}

impl ClientOptions {
    /// The core client's configuration.
    pub fn to_config(&self) -> Result<ClientConfig, Error> {
        Ok(ClientConfig {
            api_key: self.api_key.clone(),
            base_url: self.base_url.clone(),
            timeout: seconds("timeout", self.timeout)?,
            max_retries: self.max_retries,
            max_retry_after: seconds("max_retry_after", self.max_retry_after)?,
            allow_insecure_http: self.allow_insecure_http,
            user_agent_suffix: self.user_agent_suffix.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use memoryrelay_core::ErrorCode;

    #[test]
    fn record_maps_to_the_config() {
        let o = ClientOptions {
            api_key: Some("k".into()),
            timeout: Some(1.5),
            max_retries: Some(0),
            allow_insecure_http: true,
            user_agent_suffix: Some("swift".into()),
            ..ClientOptions::default()
        };
        let c = o.to_config().unwrap();
        assert_eq!(c.api_key.as_deref(), Some("k"));
        assert_eq!(c.base_url, None);
        assert_eq!(c.timeout, Some(Duration::from_millis(1500)));
        assert_eq!(c.max_retries, Some(0));
        assert!(c.allow_insecure_http);
        assert_eq!(c.user_agent_suffix.as_deref(), Some("swift"));
        let e = ClientOptions {
            timeout: Some(-1.0),
            ..ClientOptions::default()
        }
        .to_config()
        .unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidArgument);
        assert!(e.message().contains("timeout"), "{}", e.message());
    }
}
