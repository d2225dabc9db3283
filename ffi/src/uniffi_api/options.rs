//! Client options as a UniFFI record (Swift/Kotlin) or as JSON (dynamic languages), both
//! mapped to [`memoryrelay_core::ClientConfig`]. Durations are seconds, as in the Python reference and
//! Swift's `TimeInterval`. Environment fallback and range checks happen in `Client::new`.

use std::time::Duration;

use serde_json::{Map, Value};

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

    /// Reads `{"api_key", "base_url", "timeout", "max_retries", "max_retry_after",
    /// "allow_insecure_http", "user_agent_suffix"}`; `null` members are unset. An unknown
    /// member or a wrong type is INVALID_ARGUMENT naming the option.
    pub fn from_json(text: &str) -> Result<ClientOptions, Error> {
        let value: Value = if text.trim().is_empty() {
            Value::Null
        } else {
            serde_json::from_str(text)
                .map_err(|e| Error::invalid_argument(format!("options are not valid JSON: {e}")))?
        };
        let empty = Map::new();
        let obj = match &value {
            Value::Null => &empty,
            Value::Object(obj) => obj,
            _ => return Err(Error::invalid_argument("options must be a JSON object")),
        };
        let mut o = ClientOptions::default();
        for (key, v) in obj {
            if v.is_null() {
                continue;
            }
            let wrong = |what: &str| {
                Error::invalid_argument(format!("option '{key}' must be {what}, got {v}"))
            };
            match key.as_str() {
                "api_key" | "base_url" | "user_agent_suffix" => {
                    let s = v.as_str().ok_or_else(|| wrong("a string"))?.to_owned();
                    match key.as_str() {
                        "api_key" => o.api_key = Some(s),
                        "base_url" => o.base_url = Some(s),
                        _ => o.user_agent_suffix = Some(s),
                    }
                }
                "timeout" | "max_retry_after" => {
                    // JSON booleans are not numbers here, unlike Python's bool-is-int.
                    let n = v.as_f64().ok_or_else(|| wrong("a number of seconds"))?;
                    if key == "timeout" {
                        o.timeout = Some(n);
                    } else {
                        o.max_retry_after = Some(n);
                    }
                }
                "max_retries" => {
                    let n = v
                        .as_u64()
                        .and_then(|n| u32::try_from(n).ok())
                        .ok_or_else(|| wrong("a non-negative integer"))?;
                    o.max_retries = Some(n);
                }
                "allow_insecure_http" => {
                    o.allow_insecure_http = v.as_bool().ok_or_else(|| wrong("a boolean"))?;
                }
                _ => return Err(Error::invalid_argument(format!("unknown option '{key}'"))),
            }
        }
        Ok(o)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use memoryrelay_core::ErrorCode;

    #[test]
    fn json_options_name_the_bad_member() {
        let e = ClientOptions::from_json(r#"{"max_retries": "3"}"#).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidArgument);
        assert!(e.message().contains("max_retries"), "{}", e.message());
        let e = ClientOptions::from_json(r#"{"timout": 3}"#).unwrap_err();
        assert!(e.message().contains("timout"), "{}", e.message());
        let e = ClientOptions::from_json(r#"{"timeout": -1}"#)
            .unwrap()
            .to_config()
            .unwrap_err();
        assert!(e.message().contains("timeout"), "{}", e.message());
    }

    #[test]
    fn json_options_map_to_the_config() {
        let o = ClientOptions::from_json(
            r#"{"api_key":"k","base_url":null,"timeout":1.5,"max_retries":0,
                "allow_insecure_http":true,"user_agent_suffix":"python"}"#,
        )
        .unwrap();
        let c = o.to_config().unwrap();
        assert_eq!(c.api_key.as_deref(), Some("k"));
        assert_eq!(c.base_url, None);
        assert_eq!(c.timeout, Some(Duration::from_millis(1500)));
        assert_eq!(c.max_retries, Some(0));
        assert!(c.allow_insecure_http);
        assert_eq!(c.user_agent_suffix.as_deref(), Some("python"));
        assert_eq!(
            ClientOptions::from_json("").unwrap(),
            ClientOptions::default()
        );
    }
}
