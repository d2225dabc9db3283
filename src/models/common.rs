//! Pieces shared by the models: timestamps, the list envelope, lenient field decoding.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// Unknown response members, kept on every model.
pub type Extra = Map<String, Value>;

/// A point in time. Decodes integer or fractional unix seconds, or an RFC 3339 string (one
/// without an offset is UTC), since the server uses both (§1.4). Encodes as RFC 3339.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub OffsetDateTime);

impl Timestamp {
    /// Whole unix seconds.
    pub fn unix_seconds(&self) -> i64 {
        self.0.unix_timestamp()
    }

    /// Parses the string forms accepted in responses.
    pub fn parse(s: &str) -> Option<Timestamp> {
        if let Ok(t) = OffsetDateTime::parse(s, &Rfc3339) {
            return Some(Timestamp(t));
        }
        // No offset: the contract says UTC.
        OffsetDateTime::parse(&format!("{s}Z"), &Rfc3339)
            .ok()
            .map(Timestamp)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.format(&Rfc3339) {
            Ok(s) => f.write_str(&s),
            Err(_) => write!(f, "{}", self.0.unix_timestamp()),
        }
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Timestamp;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("unix seconds or an RFC 3339 string")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Timestamp, E> {
                OffsetDateTime::from_unix_timestamp(v)
                    .map(Timestamp)
                    .map_err(E::custom)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Timestamp, E> {
                self.visit_i64(i64::try_from(v).map_err(E::custom)?)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Timestamp, E> {
                OffsetDateTime::from_unix_timestamp_nanos((v * 1e9).round() as i128)
                    .map(Timestamp)
                    .map_err(E::custom)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Timestamp, E> {
                Timestamp::parse(v).ok_or_else(|| E::custom(format!("bad timestamp `{v}`")))
            }
        }
        d.deserialize_any(V)
    }
}

/// Decodes a member that may be `null` as its type's default (servers send `null` for unset
/// counts and maps; the models prefer an empty value to an `Option` there).
pub(crate) fn null_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// The list envelope of §1.5.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(bound(deserialize = "T: Deserialize<'de>"))]
#[cfg_attr(feature = "schema", schemars(rename = "{T}List"))]
pub struct Page<T> {
    /// The object type (`search_results`, `list`).
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    #[serde(default, deserialize_with = "null_default")]
    pub data: Vec<T>,
    #[serde(default, deserialize_with = "null_default")]
    pub has_more: bool,
    #[serde(default)]
    pub next_cursor: Option<String>,
    #[serde(default)]
    pub total_count: Option<u64>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl<T> IntoIterator for Page<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.data.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a Page<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.data.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn timestamps_in_every_form() {
        let want = 1_773_739_800; // 2026-03-17T09:30:00Z
        for v in [
            json!(want),
            json!(want as f64 + 0.25),
            json!("2026-03-17T09:30:00Z"),
            json!("2026-03-17T09:30:00"),
            json!("2026-03-17T10:30:00+01:00"),
        ] {
            let t: Timestamp = serde_json::from_value(v.clone()).unwrap();
            assert_eq!(t.unix_seconds(), want, "{v}");
        }
        assert!(serde_json::from_value::<Timestamp>(json!("yesterday")).is_err());
        let t: Timestamp = serde_json::from_value(json!(want)).unwrap();
        assert_eq!(
            serde_json::to_value(t).unwrap(),
            json!("2026-03-17T09:30:00Z")
        );
    }

    #[test]
    fn page_is_lenient() {
        let p: Page<Value> = serde_json::from_value(json!({
            "object": "list", "data": [1, 2], "has_more": true, "next_cursor": "c", "total_count": 9
        }))
        .unwrap();
        assert_eq!(p.data.len(), 2);
        assert!(p.has_more);
        assert_eq!(p.next_cursor.as_deref(), Some("c"));
        assert_eq!(p.object, "list");
        let p: Page<Value> = serde_json::from_value(json!({"data": null})).unwrap();
        assert!(p.data.is_empty() && !p.has_more);
    }
}
