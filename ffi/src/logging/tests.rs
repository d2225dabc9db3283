//! The routing itself (levels, replacement, a panicking logger); the events of a real retried
//! call are checked from each language's own logger (uniffi_api tests, C, Python, Go).

use std::sync::{Arc, Mutex};

use super::*;

/// (level, message, fields JSON) of each event received.
type Seen = Arc<Mutex<Vec<(Level, String, String)>>>;

fn collecting() -> (Sink, Seen) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink_seen = seen.clone();
    let sink: Sink = Arc::new(move |r: &Record<'_>| {
        sink_seen
            .lock()
            .unwrap()
            .push((r.level, r.message.to_owned(), r.fields_json.to_owned()));
    });
    (sink, seen)
}

// One test: the logger is process-wide, so parts that set it must not run in parallel.
#[test]
fn levels_replacement_and_a_panicking_logger() {
    let _serial = TEST_LOCK.lock().unwrap_or_else(|e| e.into_inner());
    assert!(Level::from_number(6).is_err());
    assert!(Level::from_number(-1).is_err());

    let (sink, seen) = collecting();
    set(Level::Info, Some(sink)).unwrap();
    tracing::debug!(target: "memoryrelay", probe = "below", "hidden");
    tracing::info!(target: "memoryrelay", probe = "at", n = 3u64, "shown");
    tracing::info!(target: "some_other_crate", probe = "other", "not ours");
    let got: Vec<_> = seen
        .lock()
        .unwrap()
        .iter()
        .filter(|(_, _, f)| f.contains("probe"))
        .cloned()
        .collect();
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, Level::Info);
    assert_eq!(got[0].1, "shown");
    let fields: serde_json::Value = serde_json::from_str(&got[0].2).unwrap();
    assert_eq!(fields["probe"], "at");
    assert_eq!(fields["n"], 3);

    // A logger that panics loses the event; the emitting code goes on.
    set(
        Level::Trace,
        Some(Arc::new(|_: &Record<'_>| panic!("logger bug"))),
    )
    .unwrap();
    tracing::error!(target: "memoryrelay", probe = "panics", "still fine");

    // Off: nothing is delivered, even at error level.
    let (sink, seen) = collecting();
    set(Level::Off, Some(sink)).unwrap();
    tracing::error!(target: "memoryrelay", probe = "off", "dropped");
    assert!(seen.lock().unwrap().is_empty());
    set(Level::Off, None).unwrap();
}
