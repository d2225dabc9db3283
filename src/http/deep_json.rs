//! Reading response JSON of any depth the server can produce.
//!
//! serde_json refuses input nested deeper than 128 levels by default, and a response wraps a
//! stored document in a few levels of its own (list → data → item → memory → metadata): a
//! server that accepted a 126-level metadata document once made every later list or search of
//! that account unreadable. So the recursion limit is lifted for responses and replaced by an
//! explicit bound well above anything a server stores ([`MAX_DEPTH`]), checked first by an
//! iterative scan so the recursive parser never runs deep enough to exhaust a thread's stack.

use serde::de::DeserializeOwned;

/// Deepest response accepted: twice serde_json's default, far above the local server's own
/// bound on stored documents (32 levels) plus the response envelope.
pub(crate) const MAX_DEPTH: usize = 256;

/// Like `serde_json::from_slice`, for documents nested up to [`MAX_DEPTH`] levels.
pub(crate) fn from_slice<T: DeserializeOwned>(bytes: &[u8]) -> serde_json::Result<T> {
    if nesting(bytes) > MAX_DEPTH {
        return Err(serde::de::Error::custom(format!(
            "JSON nested deeper than {MAX_DEPTH} levels"
        )));
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    de.disable_recursion_limit();
    let value = T::deserialize(&mut de)?;
    de.end()?;
    Ok(value)
}

/// [`from_slice`] for text already known to be UTF-8: serde_json then skips its own check.
pub(crate) fn from_str<T: DeserializeOwned>(text: &str) -> serde_json::Result<T> {
    if nesting(text.as_bytes()) > MAX_DEPTH {
        return Err(serde::de::Error::custom(format!(
            "JSON nested deeper than {MAX_DEPTH} levels"
        )));
    }
    let mut de = serde_json::Deserializer::from_str(text);
    de.disable_recursion_limit();
    let value = T::deserialize(&mut de)?;
    de.end()?;
    Ok(value)
}

/// The deepest bracket nesting of a JSON text, skipping strings. Malformed input gives some
/// number; the parser then reports the real error.
fn nesting(bytes: &[u8]) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    let (mut in_string, mut escaped) = (false, false);
    for &b in bytes {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn nested(levels: usize) -> String {
        format!("{}1{}", "[".repeat(levels), "]".repeat(levels))
    }

    #[test]
    fn reads_documents_deeper_than_serde_json_default() {
        assert!(serde_json::from_str::<Value>(&nested(200)).is_err());
        let v: Value = from_slice(nested(200).as_bytes()).unwrap();
        assert!(v.is_array());
        // Brackets inside strings do not count.
        let tricky = format!("{{\"a\":\"{}\\\"[\"}}", "[".repeat(500));
        assert!(from_slice::<Value>(tricky.as_bytes()).is_ok());
    }

    #[test]
    fn refuses_beyond_the_bound_without_recursing() {
        let e = from_slice::<Value>(nested(100_000).as_bytes()).unwrap_err();
        assert!(e.to_string().contains("deeper than 256"), "{e}");
        assert!(from_slice::<Value>(b"[1] x").is_err(), "trailing data");
    }
}
