//! The global `tracing` subscriber: events of target `memoryrelay` at or above the chosen level
//! become [`Record`]s; everything else (spans, other crates' events) is disabled at the callsite.

use std::fmt;

use serde_json::{Map, Value};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record as SpanRecord};
use tracing::subscriber::Interest;
use tracing::{Event, Metadata, Subscriber};

use super::{deliver, enabled, Level, Record};

const TARGET: &str = "memoryrelay";

pub(super) struct ForeignSubscriber;

fn ours(meta: &Metadata<'_>) -> bool {
    meta.is_event() && (meta.target() == TARGET || meta.target().starts_with("memoryrelay::"))
}

impl Subscriber for ForeignSubscriber {
    fn register_callsite(&self, meta: &'static Metadata<'static>) -> Interest {
        // "sometimes": the level can change at run time, so ask `enabled` per event.
        if ours(meta) {
            Interest::sometimes()
        } else {
            Interest::never()
        }
    }

    fn enabled(&self, meta: &Metadata<'_>) -> bool {
        ours(meta) && enabled(Level::from_tracing(meta.level()))
    }

    fn new_span(&self, _: &Attributes<'_>) -> Id {
        // Never called for our callsites (no spans are enabled); any id will do.
        Id::from_u64(1)
    }

    fn record(&self, _: &Id, _: &SpanRecord<'_>) {}

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut fields = Fields::default();
        event.record(&mut fields);
        let fields_json = Value::Object(fields.members).to_string();
        deliver(&Record {
            level: Level::from_tracing(event.metadata().level()),
            target: event.metadata().target(),
            message: &fields.message,
            fields_json: &fields_json,
        });
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

#[derive(Default)]
struct Fields {
    message: String,
    members: Map<String, Value>,
}

impl Visit for Fields {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.put(field, Value::from(value));
    }
    fn record_i64(&mut self, field: &Field, value: i64) {
        self.put(field, Value::from(value));
    }
    fn record_u64(&mut self, field: &Field, value: u64) {
        self.put(field, Value::from(value));
    }
    fn record_f64(&mut self, field: &Field, value: f64) {
        self.put(field, Value::from(value));
    }
    fn record_bool(&mut self, field: &Field, value: bool) {
        self.put(field, Value::from(value));
    }
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.put(field, Value::from(format!("{value:?}")));
    }
}

impl Fields {
    fn put(&mut self, field: &Field, value: Value) {
        if field.name() == "message" {
            self.message = match value {
                Value::String(s) => s,
                other => other.to_string(),
            };
        } else {
            self.members.insert(field.name().to_owned(), value);
        }
    }
}
