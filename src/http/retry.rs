//! Retry policy pieces of wire contract §3.1: which outcomes are retried, the full-jitter
//! backoff, and Retry-After parsing.

use std::time::{Duration, SystemTime};

/// Statuses that are retried (besides connection errors and timeouts).
pub(crate) fn is_retryable_status(status: u16) -> bool {
    matches!(status, 408 | 429 | 500 | 502 | 503 | 504)
}

/// The cap of the backoff before retry `n` (n ≥ 1): min(8 s, 0.5 s × 2^(n−1)).
pub(crate) fn backoff_cap(n: u32) -> Duration {
    let exp = n.saturating_sub(1).min(16);
    Duration::from_millis(500u64 << exp).min(Duration::from_secs(8))
}

/// Full jitter: a uniform random wait in [0, cap] (AWS's "full jitter" spreads out clients
/// that failed together, which is the point of backing off at all).
pub(crate) fn backoff(n: u32) -> Duration {
    let cap = backoff_cap(n).as_secs_f64();
    Duration::from_secs_f64(rand::random_range(0.0..=cap))
}

/// Parses a Retry-After value: integer seconds, or an HTTP-date converted to whole seconds
/// from `now`, rounded up and floored at 0. Anything else is ignored (`None`).
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<u64> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // A number too large for u64 is still "a very long wait": saturate, don't ignore.
        return Some(value.parse::<u64>().unwrap_or(u64::MAX));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    match date.duration_since(now) {
        Ok(d) => Some(d.as_secs() + u64::from(d.subsec_nanos() > 0)),
        Err(_) => Some(0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retryable_statuses() {
        for s in [408, 429, 500, 502, 503, 504] {
            assert!(is_retryable_status(s), "{s}");
        }
        for s in [200, 400, 401, 403, 404, 409, 422, 501, 505] {
            assert!(!is_retryable_status(s), "{s}");
        }
    }

    #[test]
    fn backoff_caps_double_up_to_eight_seconds() {
        let caps: Vec<u64> = (1..=7).map(|n| backoff_cap(n).as_millis() as u64).collect();
        assert_eq!(caps, [500, 1000, 2000, 4000, 8000, 8000, 8000]);
        assert_eq!(backoff_cap(1000), Duration::from_secs(8));
        for n in 1..6 {
            assert!(backoff(n) <= backoff_cap(n));
        }
    }

    #[test]
    fn retry_after_forms() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(parse_retry_after("2", now), Some(2));
        assert_eq!(parse_retry_after(" 0 ", now), Some(0));
        assert_eq!(
            parse_retry_after("99999999999999999999999", now),
            Some(u64::MAX)
        );
        let in_3s = httpdate::fmt_http_date(now + Duration::from_secs(3));
        assert_eq!(parse_retry_after(&in_3s, now), Some(3));
        // A date half a second away rounds up to one second.
        assert_eq!(
            parse_retry_after(&in_3s, now + Duration::from_millis(2500)),
            Some(1)
        );
        let past = httpdate::fmt_http_date(now - Duration::from_secs(30));
        assert_eq!(parse_retry_after(&past, now), Some(0));
        for bad in ["", "soon", "-1", "1.5", "Mon, 99 Foo 2020"] {
            assert_eq!(parse_retry_after(bad, now), None, "{bad}");
        }
    }
}
