//! Client configuration (wire contract §1.1): explicit option, else environment, else default.
//!
//! [`ClientConfig`] is what callers fill in; [`ResolvedConfig`] is what the client runs with,
//! produced once at construction so that every later request sees the same settings.

use std::fmt;
use std::net::IpAddr;
use std::time::Duration;

use serde::Deserialize;
use serde_json::Value;

use crate::error::{Error, ErrorCode, Result};

/// Base URL used when neither the option nor `MEMORYRELAY_API_URL` gives one.
pub const DEFAULT_BASE_URL: &str = "https://api.memoryrelay.net";
/// Per-attempt timeout default.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Retries after the first attempt (so at most 3 attempts).
pub const DEFAULT_MAX_RETRIES: u32 = 2;
/// Upper bound of `max_retries`.
pub const MAX_RETRIES_LIMIT: u32 = 10;
/// The longest Retry-After the client waits for before giving up at once.
pub const DEFAULT_MAX_RETRY_AFTER: Duration = Duration::from_secs(60);
/// Environment variable holding the API key.
pub const ENV_API_KEY: &str = "MEMORYRELAY_API_KEY";
/// Environment variable holding the base URL.
pub const ENV_API_URL: &str = "MEMORYRELAY_API_URL";

/// Options for [`crate::Client::new`]. Every `None` (and every empty string) means "use the
/// environment, else the default".
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ClientConfig {
    /// API key; else `MEMORYRELAY_API_KEY`. Without one, construction fails with AUTHENTICATION.
    pub api_key: Option<String>,
    /// Base URL without `/v1`; else `MEMORYRELAY_API_URL`, else `https://api.memoryrelay.net`.
    pub base_url: Option<String>,
    /// Per-attempt timeout (connect + response), default 30 s.
    pub timeout: Option<Duration>,
    /// Retries after the first attempt, 0..=10, default 2.
    pub max_retries: Option<u32>,
    /// Longest Retry-After honoured, default 60 s; a longer one fails the call at once.
    pub max_retry_after: Option<Duration>,
    /// Allows `http://` to a host that is not loopback (the key would travel in clear text).
    pub allow_insecure_http: bool,
    /// Appended to the User-Agent as ` (<suffix>)`, e.g. `python`.
    pub user_agent_suffix: Option<String>,
}

/// The JSON form of [`ClientConfig`], shared by every binding: every member optional, `null`
/// meaning absent. Durations are seconds (numbers, fractions allowed), as in the Python SDK
/// and Swift's `TimeInterval`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientOptions {
    pub api_key: Option<String>,
    pub base_url: Option<String>,
    /// Per-attempt timeout in seconds (default 30).
    pub timeout: Option<f64>,
    pub max_retries: Option<u32>,
    /// Longest Retry-After honoured, in seconds (default 60).
    pub max_retry_after: Option<f64>,
    pub allow_insecure_http: Option<bool>,
    pub user_agent_suffix: Option<String>,
    /// Deprecated C spelling of `timeout`, in milliseconds; accepted until 0.2.
    pub timeout_ms: Option<u64>,
    /// Deprecated C spelling of `max_retry_after`, in milliseconds; accepted until 0.2.
    pub max_retry_after_ms: Option<u64>,
}

impl ClientOptions {
    /// The config these options describe; a negative or non-finite duration, or a duration
    /// given in both spellings, is INVALID_ARGUMENT naming it.
    pub fn into_config(self) -> Result<ClientConfig> {
        Ok(ClientConfig {
            api_key: self.api_key,
            base_url: self.base_url,
            timeout: duration("timeout", self.timeout, "timeout_ms", self.timeout_ms)?,
            max_retries: self.max_retries,
            max_retry_after: duration(
                "max_retry_after",
                self.max_retry_after,
                "max_retry_after_ms",
                self.max_retry_after_ms,
            )?,
            allow_insecure_http: self.allow_insecure_http.unwrap_or(false),
            user_agent_suffix: self.user_agent_suffix,
        })
    }
}

fn duration(
    name: &str,
    seconds: Option<f64>,
    ms_name: &str,
    ms: Option<u64>,
) -> Result<Option<Duration>> {
    match (seconds, ms) {
        (Some(_), Some(_)) => Err(Error::invalid_argument(format!(
            "client config: give `{name}` (seconds) or the deprecated `{ms_name}`, not both"
        ))),
        (Some(s), None) => Duration::try_from_secs_f64(s).map(Some).map_err(|_| {
            Error::invalid_argument(format!(
                "client config member `{name}` must be a non-negative number of seconds, got {s}"
            ))
        }),
        (None, ms) => Ok(ms.map(Duration::from_millis)),
    }
}

// The key must never reach logs, so Debug is written by hand.
impl fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientConfig")
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .field("max_retry_after", &self.max_retry_after)
            .field("allow_insecure_http", &self.allow_insecure_http)
            .field("user_agent_suffix", &self.user_agent_suffix)
            .finish()
    }
}

impl ClientConfig {
    /// A config with only the API key set.
    pub fn with_api_key(api_key: impl Into<String>) -> ClientConfig {
        ClientConfig {
            api_key: Some(api_key.into()),
            ..ClientConfig::default()
        }
    }

    /// Reads the one JSON dialect of client options that every binding uses (C's
    /// `mr_client_new`, UniFFI's `from_json`, Go): [`ClientOptions`]. `null` as a whole means
    /// all defaults. An unknown member or a wrong type is INVALID_ARGUMENT naming it.
    pub fn from_json(v: &Value) -> Result<ClientConfig> {
        let options = match v {
            Value::Null => ClientOptions::default(),
            Value::Object(members) => {
                // A null member is absent, even an unknown one (bindings send every option).
                let present: serde_json::Map<String, Value> = members
                    .iter()
                    .filter(|(_, value)| !value.is_null())
                    .map(|(k, value)| (k.clone(), value.clone()))
                    .collect();
                serde_path_to_error::deserialize(Value::Object(present)).map_err(|e| {
                    let member = e.path().to_string();
                    let inner = e.into_inner();
                    Error::invalid_argument(if member == "." {
                        format!("client config: {inner}")
                    } else {
                        format!("client config member `{member}`: {inner}")
                    })
                })?
            }
            _ => {
                return Err(Error::invalid_argument(
                    "client config must be a JSON object",
                ))
            }
        };
        options.into_config()
    }

    /// Applies the environment and the defaults, and validates the result.
    pub fn resolve(&self) -> Result<ResolvedConfig> {
        self.resolve_with_env(|name| std::env::var(name).ok())
    }

    /// [`ClientConfig::resolve`] with an injectable environment (tests must not mutate the
    /// process environment: other tests run in parallel threads).
    pub fn resolve_with_env(&self, env: impl Fn(&str) -> Option<String>) -> Result<ResolvedConfig> {
        let api_key = non_empty(self.api_key.clone())
            .or_else(|| non_empty(env(ENV_API_KEY)))
            .ok_or_else(|| {
                Error::new(
                    ErrorCode::Authentication,
                    format!("no API key: pass api_key or set {ENV_API_KEY}"),
                )
            })?;
        if api_key.bytes().any(|b| b.is_ascii_control()) {
            return Err(Error::invalid_argument(
                "api_key contains control characters",
            ));
        }
        let raw_url = non_empty(self.base_url.clone())
            .or_else(|| non_empty(env(ENV_API_URL)))
            .unwrap_or_else(|| DEFAULT_BASE_URL.to_string());
        let base_url = validate_base_url(&raw_url, self.allow_insecure_http)?;

        let timeout = self.timeout.unwrap_or(DEFAULT_TIMEOUT);
        if timeout.is_zero() {
            return Err(out_of_range("timeout"));
        }
        let max_retries = self.max_retries.unwrap_or(DEFAULT_MAX_RETRIES);
        if max_retries > MAX_RETRIES_LIMIT {
            return Err(out_of_range("max_retries"));
        }
        let max_retry_after = self.max_retry_after.unwrap_or(DEFAULT_MAX_RETRY_AFTER);

        let mut user_agent = format!("memoryrelay-rust/{}", env!("CARGO_PKG_VERSION"));
        if let Some(suffix) = non_empty(self.user_agent_suffix.clone()) {
            // The suffix lands inside a header: refuse anything that could break it.
            if !suffix.bytes().all(|b| b.is_ascii_graphic() || b == b' ')
                || suffix.contains(['(', ')'])
            {
                return Err(Error::invalid_argument(
                    "user_agent_suffix must be printable ASCII without parentheses",
                ));
            }
            user_agent.push_str(&format!(" ({suffix})"));
        }
        Ok(ResolvedConfig {
            api_key,
            base_url,
            timeout,
            max_retries,
            max_retry_after,
            user_agent,
        })
    }
}

/// Settings after environment lookup and validation.
#[derive(Clone, PartialEq, Eq)]
pub struct ResolvedConfig {
    pub(crate) api_key: String,
    /// Absolute http(s) URL, no trailing slash, no `/v1`.
    pub base_url: String,
    pub timeout: Duration,
    pub max_retries: u32,
    pub max_retry_after: Duration,
    pub user_agent: String,
}

impl ResolvedConfig {
    /// The API key in use (from the config or `MEMORYRELAY_API_KEY`). Never logged: `Debug`
    /// redacts it.
    pub fn api_key(&self) -> &str {
        &self.api_key
    }
}

impl fmt::Debug for ResolvedConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResolvedConfig")
            .field("api_key", &"<redacted>")
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .field("max_retry_after", &self.max_retry_after)
            .field("user_agent", &self.user_agent)
            .finish()
    }
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.filter(|s| !s.is_empty())
}

fn out_of_range(name: &str) -> Error {
    Error::invalid_argument(format!("config option `{name}` is out of range"))
}

/// Strips trailing slashes and checks the URL is absolute http(s) with a host, without query
/// or fragment (they could not be combined with request paths), and not clear-text to a
/// remote host unless allowed.
fn validate_base_url(raw: &str, allow_insecure_http: bool) -> Result<String> {
    let trimmed = raw.trim_end_matches('/');
    let bad =
        || Error::invalid_argument(format!("base_url `{raw}` is not an absolute http(s) URL"));
    let url = url::Url::parse(trimmed).map_err(|_| bad())?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(bad());
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::invalid_argument(
            "base_url must not have a query or a fragment",
        ));
    }
    if url.scheme() == "http" && !allow_insecure_http && !is_loopback(&url) {
        return Err(Error::invalid_argument(
            "base_url uses plain http to a non-loopback host; use https or set allow_insecure_http",
        ));
    }
    Ok(trimmed.to_string())
}

fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn no_env(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn option_wins_over_env_and_env_over_default() {
        let env = |name: &str| match name {
            ENV_API_KEY => Some("mem_env".to_string()),
            ENV_API_URL => Some("https://env.example.com///".to_string()),
            _ => None,
        };
        let r = ClientConfig::default().resolve_with_env(env).unwrap();
        assert_eq!(r.api_key, "mem_env");
        assert_eq!(r.base_url, "https://env.example.com");
        let cfg = ClientConfig {
            api_key: Some("mem_opt".into()),
            base_url: Some("https://opt.example.com/mr/".into()),
            ..Default::default()
        };
        let r = cfg.resolve_with_env(env).unwrap();
        assert_eq!(r.api_key, "mem_opt");
        assert_eq!(r.base_url, "https://opt.example.com/mr");
        // Empty strings count as absent.
        let cfg = ClientConfig {
            api_key: Some(String::new()),
            base_url: Some(String::new()),
            ..Default::default()
        };
        let r = cfg.resolve_with_env(env).unwrap();
        assert_eq!(r.api_key, "mem_env");
        let r = ClientConfig::with_api_key("k")
            .resolve_with_env(no_env)
            .unwrap();
        assert_eq!(r.base_url, DEFAULT_BASE_URL);
        assert_eq!(r.timeout, DEFAULT_TIMEOUT);
        assert_eq!(r.max_retries, 2);
        assert_eq!(r.max_retry_after, Duration::from_secs(60));
        assert_eq!(
            r.user_agent,
            format!("memoryrelay-rust/{}", env!("CARGO_PKG_VERSION"))
        );
    }

    #[test]
    fn missing_key_is_authentication() {
        let err = ClientConfig::default()
            .resolve_with_env(no_env)
            .unwrap_err();
        assert_eq!(err.code(), ErrorCode::Authentication);
        let env = |n: &str| (n == ENV_API_KEY).then(String::new);
        let err = ClientConfig::default().resolve_with_env(env).unwrap_err();
        assert_eq!(err.code(), ErrorCode::Authentication);
    }

    #[test]
    fn bad_urls_and_ranges_are_invalid_argument() {
        for url in [
            "ftp://x.example.com",
            "not a url",
            "/relative",
            "http://remote.example.com",
            "https://x.example.com/?q=1",
        ] {
            let cfg = ClientConfig {
                api_key: Some("k".into()),
                base_url: Some(url.into()),
                ..Default::default()
            };
            let err = cfg.resolve_with_env(no_env).unwrap_err();
            assert_eq!(err.code(), ErrorCode::InvalidArgument, "{url}");
        }
        for url in [
            "http://127.0.0.1:8080",
            "http://localhost/",
            "http://[::1]:9",
        ] {
            let cfg = ClientConfig {
                api_key: Some("k".into()),
                base_url: Some(url.into()),
                ..Default::default()
            };
            assert!(cfg.resolve_with_env(no_env).is_ok(), "{url}");
        }
        let cfg = ClientConfig {
            api_key: Some("k".into()),
            base_url: Some("http://remote.example.com".into()),
            allow_insecure_http: true,
            ..Default::default()
        };
        assert!(cfg.resolve_with_env(no_env).is_ok());
        let cfg = ClientConfig {
            max_retries: Some(11),
            ..ClientConfig::with_api_key("k")
        };
        assert_eq!(
            cfg.resolve_with_env(no_env).unwrap_err().code(),
            ErrorCode::InvalidArgument
        );
        let cfg = ClientConfig {
            timeout: Some(Duration::ZERO),
            ..ClientConfig::with_api_key("k")
        };
        assert_eq!(
            cfg.resolve_with_env(no_env).unwrap_err().code(),
            ErrorCode::InvalidArgument
        );
    }

    #[test]
    fn user_agent_suffix() {
        let cfg = ClientConfig {
            user_agent_suffix: Some("python".into()),
            ..ClientConfig::with_api_key("k")
        };
        let r = cfg.resolve_with_env(no_env).unwrap();
        assert!(r.user_agent.ends_with(" (python)"), "{}", r.user_agent);
    }

    #[test]
    fn debug_redacts_the_key() {
        let cfg = ClientConfig::with_api_key("mem_secret123");
        assert!(!format!("{cfg:?}").contains("secret"));
        let r = cfg.resolve_with_env(no_env).unwrap();
        assert!(!format!("{r:?}").contains("secret"));
    }

    #[test]
    fn from_json_reads_every_member_and_names_bad_ones() {
        let cfg = ClientConfig::from_json(&json!({
            "api_key": "k", "base_url": "http://127.0.0.1:1", "timeout_ms": 1500,
            "max_retries": 0, "max_retry_after_ms": 2000, "allow_insecure_http": true,
            "user_agent_suffix": "go", "ignored_null": null
        }));
        // A null unknown member counts as absent, like every null.
        let cfg = cfg.unwrap();
        assert_eq!(cfg.timeout, Some(Duration::from_millis(1500)));
        assert_eq!(cfg.max_retries, Some(0));
        assert_eq!(cfg.max_retry_after, Some(Duration::from_secs(2)));
        assert!(cfg.allow_insecure_http);
        assert_eq!(cfg.user_agent_suffix.as_deref(), Some("go"));
        let err = ClientConfig::from_json(&json!({"bogus": 1})).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidArgument);
        assert!(err.message().contains("bogus"));
        let err = ClientConfig::from_json(&json!({"timeout_ms": "1"})).unwrap_err();
        assert!(err.message().contains("timeout_ms"));
        let err = ClientConfig::from_json(&json!({"max_retries": -1})).unwrap_err();
        assert!(err.message().contains("max_retries"));
        // The one dialect: seconds, shared with UniFFI and Go.
        let cfg = ClientConfig::from_json(&json!({"timeout": 1.5, "max_retry_after": 3})).unwrap();
        assert_eq!(cfg.timeout, Some(Duration::from_millis(1500)));
        assert_eq!(cfg.max_retry_after, Some(Duration::from_secs(3)));
        let err = ClientConfig::from_json(&json!({"timeout": 1, "timeout_ms": 1000})).unwrap_err();
        assert!(err.message().contains("not both"), "{}", err.message());
        let err = ClientConfig::from_json(&json!({"timeout": -1})).unwrap_err();
        assert!(err.message().contains("timeout"), "{}", err.message());
        assert!(ClientConfig::from_json(&json!([1])).is_err());
        assert_eq!(
            ClientConfig::from_json(&Value::Null).unwrap(),
            ClientConfig::default()
        );
    }
}
