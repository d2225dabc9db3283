//! `memories.batch_create` on the client side (§4.3): item checks, chunks of 100, merge.

use serde_json::{json, Map, Value};

use super::{request, MethodDef};
use crate::error::{Error, Result};
use crate::http::{CallOptions, Transport};

/// Items per request; the server refuses more.
pub(crate) const CHUNK: usize = 100;
/// The keys a batch item may use.
pub(crate) const ITEM_KEYS: [&str; 5] = ["content", "metadata", "importance", "tier", "session_id"];

pub(super) async fn run(
    transport: &Transport,
    def: &MethodDef,
    params: Map<String, Value>,
    opts: &CallOptions,
) -> Result<Value> {
    let items = params
        .get("memories")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    check_items(&items)?;
    let agent_id = params.get("agent_id").cloned().unwrap_or(Value::Null);
    let mut outcomes = Vec::new();
    for chunk in items.chunks(CHUNK) {
        let mut chunk_params = Map::new();
        chunk_params.insert("agent_id".into(), agent_id.clone());
        chunk_params.insert("memories".into(), Value::Array(chunk.to_vec()));
        // One request per chunk: each gets its own Idempotency-Key from the transport.
        let req = request::build(def, &chunk_params)?;
        let outcome = match transport.send(&req, opts).await {
            Ok(resp) => resp.json(),
            Err(e) => Err(e),
        };
        outcomes.push((chunk.len(), outcome));
    }
    merge(outcomes)
}

/// Item structure: a non-empty array of objects with only the known keys. Content is left to
/// the server, so that one bad item fails alone.
fn check_items(items: &[Value]) -> Result<()> {
    if items.is_empty() {
        return Err(Error::invalid_argument(
            "memories.batch_create: `memories` must not be empty",
        ));
    }
    for (i, item) in items.iter().enumerate() {
        let obj = item.as_object().ok_or_else(|| {
            Error::invalid_argument(format!(
                "memories.batch_create: `memories[{i}]` must be an object"
            ))
        })?;
        if let Some(k) = obj.keys().find(|k| !ITEM_KEYS.contains(&k.as_str())) {
            return Err(Error::invalid_argument(format!(
                "memories.batch_create: `memories[{i}]` has unknown key `{k}`"
            )));
        }
    }
    Ok(())
}

/// Merges the chunk results in order (§4.3). A single successful chunk is returned as is,
/// losslessly; if every chunk failed, the first error is returned.
pub(crate) fn merge(outcomes: Vec<(usize, Result<Value>)>) -> Result<Value> {
    if outcomes.iter().all(|(_, r)| r.is_err()) {
        let first = outcomes.into_iter().next().map(|(_, r)| r);
        return match first {
            Some(Err(e)) => Err(e),
            _ => Err(Error::invalid_argument("memories.batch_create: no items")),
        };
    }
    if outcomes.len() == 1 {
        return outcomes.into_iter().next().map(|(_, r)| r).expect("one");
    }
    let mut merged = Map::new();
    let mut counts = [0u64; 4]; // total, succeeded, failed, skipped
    let mut timing = [0f64; 3]; // total_ms, embedding_ms, database_ms
    let mut results = Vec::new();
    let mut offset = 0u64;
    for (len, outcome) in outcomes {
        match outcome {
            Ok(Value::Object(body)) => {
                if merged.is_empty() {
                    // Unknown top-level members come from the first chunk that answered.
                    merged = body.clone();
                }
                for (slot, key) in ["total", "succeeded", "failed", "skipped"]
                    .iter()
                    .enumerate()
                {
                    counts[slot] += body.get(*key).and_then(Value::as_u64).unwrap_or(0);
                }
                if let Some(t) = body.get("timing") {
                    for (slot, key) in ["total_ms", "embedding_ms", "database_ms"]
                        .iter()
                        .enumerate()
                    {
                        timing[slot] += t.get(*key).and_then(Value::as_f64).unwrap_or(0.0);
                    }
                }
                for mut item in body
                    .get("results")
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default()
                {
                    let local = item.get("index").and_then(Value::as_u64).unwrap_or(0);
                    item["index"] = json!(offset + local);
                    results.push(item);
                }
            }
            Ok(_) => malformed_chunk(&mut counts, &mut results, offset, len),
            Err(e) => {
                counts[0] += len as u64;
                counts[2] += len as u64;
                for i in 0..len as u64 {
                    results.push(json!({
                        "index": offset + i, "status": "failed", "memory_id": null,
                        "error": e.message(), "error_code": e.code().kind(),
                    }));
                }
            }
        }
        offset += len as u64;
    }
    let [total, succeeded, failed, skipped] = counts;
    let per_item = if total == 0 {
        0.0
    } else {
        timing[0] / total as f64
    };
    merged.insert("success".into(), json!(failed == 0));
    merged.insert("total".into(), json!(total));
    merged.insert("succeeded".into(), json!(succeeded));
    merged.insert("failed".into(), json!(failed));
    merged.insert("skipped".into(), json!(skipped));
    merged.insert("results".into(), Value::Array(results));
    merged.insert(
        "timing".into(),
        json!({"total_ms": timing[0], "embedding_ms": timing[1], "database_ms": timing[2],
               "per_memory_avg_ms": per_item}),
    );
    Ok(Value::Object(merged))
}

/// A 2xx body that is JSON but not an object: count its items as failed rather than guess.
fn malformed_chunk(counts: &mut [u64; 4], results: &mut Vec<Value>, offset: u64, len: usize) {
    counts[0] += len as u64;
    counts[2] += len as u64;
    for i in 0..len as u64 {
        results.push(json!({
            "index": offset + i, "status": "failed", "memory_id": null,
            "error": "unexpected batch response", "error_code": "api",
        }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    fn chunk(n: u64, failed: u64, extra: &str) -> Value {
        let results: Vec<Value> = (0..n)
            .map(|i| {
                if i < failed {
                    json!({"index": i, "status": "failed", "memory_id": null, "error": "bad", "error_code": "validation"})
                } else {
                    json!({"index": i, "status": "success", "memory_id": format!("m{i}"), "error": null, "error_code": null})
                }
            })
            .collect();
        json!({"success": failed == 0, "total": n, "succeeded": n - failed, "failed": failed,
               "skipped": 0, "results": results, "extra": extra,
               "timing": {"total_ms": 10.0, "embedding_ms": 4.0, "database_ms": 5.0, "per_memory_avg_ms": 0.1}})
    }

    #[test]
    fn merges_counts_indexes_and_timing() {
        let merged = merge(vec![
            (100, Ok(chunk(100, 0, "first"))),
            (50, Ok(chunk(50, 2, "second"))),
        ])
        .unwrap();
        assert_eq!(merged["total"], 150);
        assert_eq!(merged["succeeded"], 148);
        assert_eq!(merged["failed"], 2);
        assert_eq!(merged["success"], false);
        assert_eq!(merged["extra"], "first");
        let results = merged["results"].as_array().unwrap();
        let idx: Vec<u64> = results
            .iter()
            .map(|r| r["index"].as_u64().unwrap())
            .collect();
        assert_eq!(idx, (0..150).collect::<Vec<_>>());
        assert_eq!(results[100]["status"], "failed");
        assert_eq!(merged["timing"]["total_ms"], 20.0);
        assert_eq!(merged["timing"]["per_memory_avg_ms"], 20.0 / 150.0);
    }

    #[test]
    fn failed_chunk_becomes_failed_items() {
        let err = Error::new(ErrorCode::Network, "connection reset");
        let merged = merge(vec![(100, Err(err)), (1, Ok(chunk(1, 0, "x")))]).unwrap();
        assert_eq!(merged["total"], 101);
        assert_eq!(merged["failed"], 100);
        assert_eq!(merged["succeeded"], 1);
        let r = &merged["results"][0];
        assert_eq!(r["error_code"], "network");
        assert_eq!(r["error"], "connection reset");
        assert!(r["memory_id"].is_null());
        assert_eq!(merged["results"][100]["index"], 100);
        assert_eq!(merged["results"][100]["status"], "success");
    }

    #[test]
    fn all_failed_returns_first_error() {
        let e1 = Error::new(ErrorCode::Timeout, "first");
        let e2 = Error::new(ErrorCode::Network, "second");
        let err = merge(vec![(100, Err(e1)), (5, Err(e2))]).unwrap_err();
        assert_eq!(err.message(), "first");
    }

    #[test]
    fn item_checks() {
        assert!(check_items(&[]).is_err());
        assert!(check_items(&[json!("x")]).is_err());
        let err = check_items(&[json!({"content": "x", "agent_id": "a"})]).unwrap_err();
        assert!(err.message().contains("agent_id"));
        assert!(check_items(&[json!({"content": "", "metadata": {}, "importance": 1, "tier": "hot", "session_id": "s"})]).is_ok());
    }
}
