//! Routes the core's log events (`tracing` events with target `memoryrelay`, see the core's
//! `http/log.rs`) to one foreign logger: a C callback (`mr_set_logger`) or a UniFFI `Logger`
//! (Python's `logging`, Kotlin, Swift). Off by default.
//!
//! A tiny `tracing::Subscriber` of our own rather than `tracing-subscriber`: it only needs to
//! turn events of one target into (level, message, JSON fields), never spans, and the shared
//! library stays smaller for mobile. It is installed as the process's global default the first
//! time a logger is set; the hosts of this library (C, Python, Go, JVM, Swift) have no other.

mod subscriber;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, OnceLock, RwLock};

use memoryrelay_core::Error;

/// Log levels as the bindings number them (0 = off … 5 = trace).
#[repr(u8)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Nothing is delivered (the default).
    Off = 0,
    /// Errors only.
    Error = 1,
    /// Warnings and errors.
    Warn = 2,
    /// Retries and above.
    Info = 3,
    /// Every HTTP attempt and above.
    Debug = 4,
    /// Everything.
    Trace = 5,
}

impl Level {
    /// The level for a binding's number; anything else is INVALID_ARGUMENT.
    pub fn from_number(n: i64) -> Result<Level, Error> {
        Ok(match n {
            0 => Level::Off,
            1 => Level::Error,
            2 => Level::Warn,
            3 => Level::Info,
            4 => Level::Debug,
            5 => Level::Trace,
            _ => {
                return Err(Error::invalid_argument(format!(
                    "log level must be 0 (off) .. 5 (trace), got {n}"
                )))
            }
        })
    }

    fn from_tracing(level: &tracing::Level) -> Level {
        match *level {
            tracing::Level::ERROR => Level::Error,
            tracing::Level::WARN => Level::Warn,
            tracing::Level::INFO => Level::Info,
            tracing::Level::DEBUG => Level::Debug,
            tracing::Level::TRACE => Level::Trace,
        }
    }
}

/// One event, borrowed for the duration of the sink call.
pub struct Record<'a> {
    /// How severe the event is.
    pub level: Level,
    /// Where it comes from: `memoryrelay`.
    pub target: &'a str,
    /// What happened, e.g. `request succeeded`.
    pub message: &'a str,
    /// The event's fields (method, attempt, status, latency_ms, request_id, …) as a JSON object.
    pub fields_json: &'a str,
}

/// Where events go. Called on whichever thread emitted the event.
pub type Sink = Arc<dyn Fn(&Record<'_>) + Send + Sync>;

static LEVEL: AtomicU8 = AtomicU8::new(Level::Off as u8);
static SINK: RwLock<Option<Sink>> = RwLock::new(None);
static INSTALLED: OnceLock<Result<(), String>> = OnceLock::new();

/// Sets (or with `None` / `Level::Off`, removes) the logger. Returns once no event is being
/// delivered to the previous logger any more. Must not be called from inside a logger.
pub fn set(level: Level, sink: Option<Sink>) -> Result<(), Error> {
    let installed = INSTALLED.get_or_init(|| {
        tracing::subscriber::set_global_default(subscriber::ForeignSubscriber)
            .map_err(|e| e.to_string())
    });
    if let Err(e) = installed {
        return Err(Error::new(
            memoryrelay_core::ErrorCode::Internal,
            format!("cannot route log events: another tracing subscriber is installed ({e})"),
        ));
    }
    let level = if sink.is_some() { level } else { Level::Off };
    *SINK.write().unwrap_or_else(|e| e.into_inner()) = sink;
    LEVEL.store(level as u8, Ordering::Release);
    // Callsites cache whether they are enabled: make them ask again.
    tracing::callsite::rebuild_interest_cache();
    Ok(())
}

fn enabled(level: Level) -> bool {
    level as u8 <= LEVEL.load(Ordering::Acquire)
}

thread_local! {
    /// Set while this thread is inside the sink: an event emitted by the sink itself (say, a
    /// logger that calls the SDK) is dropped instead of recursing.
    static IN_SINK: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

fn deliver(record: &Record<'_>) {
    if IN_SINK.with(|f| f.replace(true)) {
        return;
    }
    // The read lock is held during the call so that `set` (the write lock) returns only when
    // no event is still being delivered to the previous logger: its owner may then free it.
    let guard = SINK.read().unwrap_or_else(|e| e.into_inner());
    if let Some(sink) = guard.as_ref() {
        // A logger that panics (or a foreign one that raises) loses its event, nothing more.
        let _ = catch_unwind(AssertUnwindSafe(|| sink(record)));
    }
    drop(guard);
    IN_SINK.with(|f| f.set(false));
}

/// Serialises the tests that set the process-wide logger.
#[cfg(test)]
pub(crate) static TEST_LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());

#[cfg(test)]
mod tests;
