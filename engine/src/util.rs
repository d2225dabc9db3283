//! Small shared helpers: clock, ids, timestamp formatting.

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use uuid::Uuid;

/// Current unix time in seconds.
pub fn now() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

/// RFC 3339 UTC with second precision, `2026-03-17T09:30:00Z` (contract §1.4).
pub fn rfc3339(secs: i64) -> String {
    OffsetDateTime::from_unix_timestamp(secs)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string())
}

pub fn rfc3339_opt(secs: Option<i64>) -> serde_json::Value {
    match secs {
        Some(s) => serde_json::Value::String(rfc3339(s)),
        None => serde_json::Value::Null,
    }
}

pub fn new_id() -> String {
    Uuid::new_v4().to_string()
}

/// A UUID-shaped string, normalised to lowercase hyphenated form.
pub fn parse_uuid(s: &str) -> Option<String> {
    // Only the canonical 36-character form counts as "UUID-shaped": a name such as a 32-hex
    // string stays a name.
    if s.len() != 36 {
        return None;
    }
    Uuid::parse_str(s).ok().map(|u| u.to_string())
}

pub fn is_uuid_shaped(s: &str) -> bool {
    parse_uuid(s).is_some()
}
