#!/usr/bin/env python3
"""Writes expected.json: what the decoding rule (src/models/schema.rs, docs/codegen.md) gives
for each body of bodies.json, computed from the schemas of docs/openapi.json alone, not from
any SDK's decoder: a declared member takes its body value when present and not null, else its
schema default; timestamps become {"$time": unix seconds}; nested models recurse; unknown
members are left out. Run it after a model changes, and review the diff."""

import json
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCHEMAS = json.loads((HERE.parents[1] / "docs" / "openapi.json").read_text())["components"]["schemas"]


def ref(schema):
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[1]
    for alt in schema.get("anyOf", []):
        if "$ref" in alt:
            return alt["$ref"].rsplit("/", 1)[1]
    return None


def timestamp(v):
    if isinstance(v, (int, float)):
        return {"$time": v}
    t = datetime.fromisoformat(v.replace("Z", "+00:00"))
    if t.tzinfo is None:
        t = t.replace(tzinfo=timezone.utc)
    s = t.timestamp()
    return {"$time": int(s) if s == int(s) else s}


def value(schema, v):
    r = ref(schema)
    if r == "Timestamp":
        return timestamp(v)
    if r:
        return model(r, v)
    items = schema.get("items")
    if isinstance(v, list) and items and ref(items):
        return [value(items, x) for x in v]
    return v


def model(name, body):
    out = {}
    for key, prop in SCHEMAS[name]["properties"].items():
        v = body.get(key)
        out[key] = prop.get("default") if v is None else value(prop, v)
    return out


cases = json.loads((HERE / "bodies.json").read_text())
expected = {c["name"]: model(c["model"], c["body"]) for c in cases}
(HERE / "expected.json").write_text(json.dumps(expected, indent=2, sort_keys=True) + "\n")
print(f"{len(expected)} cases")
