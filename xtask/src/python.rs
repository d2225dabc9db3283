//! The Python skin's typed surface: bindings/python/python/memoryrelay/models.py (Pydantic v2
//! models from the models' JSON Schemas) and _resources.py (the 47 methods, sync and async,
//! plus `list_all` auto-paging iterators).

use std::collections::{BTreeMap, BTreeSet};

use memoryrelay::methods::{ParamSpec, ParamType, Returns};
use serde_json::Value;

use crate::describe::{pascal, Description, Method};
use crate::Output;

const DIR: &str = "bindings/python/python/memoryrelay";

pub fn generate(d: &Description) -> Result<Vec<Output>, String> {
    Ok(vec![models(d)?, resources(d)?])
}

// ---- models -------------------------------------------------------------------------------

/// Python-only conveniences: `(model, property, expression, doc)`. The Python reference names
/// some members differently from the wire (contract §5.1).
const ALIASES: &[(&str, &str, &str, &str)] = &[
    (
        "Decision",
        "content",
        "self.rationale",
        "The Python reference's name for ``rationale``.",
    ),
    (
        "Pattern",
        "name",
        "self.title",
        "The Python reference's name for ``title``.",
    ),
    (
        "Pattern",
        "content",
        "self.description",
        "The Python reference's name for ``description``.",
    ),
    (
        "SearchResult",
        "content",
        "self.memory.content",
        "The matched memory's content (an SDK convenience, contract §5.1).",
    ),
    (
        "PatternSearchResult",
        "content",
        "self.pattern.description",
        "The matched pattern's description.",
    ),
];

/// Models iterated as the list of one member (`for hit in results`).
const ITERATES: &[(&str, &str)] = &[
    ("SearchResults", "data"),
    ("PatternSearchResults", "data"),
    ("DecisionCheckResult", "data"),
    ("BatchResult", "results"),
];

/// Request-side schemas that are not response models.
const SKIP: &[&str] = &["BatchItem", "Timestamp"];

fn ref_name(v: &Value) -> Option<&str> {
    v.get("$ref")?.as_str()?.rsplit('/').next()
}

/// The schema without its `null` alternative, and whether it had one.
fn strip_null(v: &Value) -> (Value, bool) {
    if let Some(Value::Array(ts)) = v.get("type") {
        let rest: Vec<&Value> = ts.iter().filter(|t| *t != "null").collect();
        let mut out = v.clone();
        out["type"] = if rest.len() == 1 {
            rest[0].clone()
        } else {
            Value::from(rest.into_iter().cloned().collect::<Vec<_>>())
        };
        return (out, ts.len() > 1 && ts.iter().any(|t| t == "null"));
    }
    if let Some(Value::Array(alts)) = v.get("anyOf") {
        let rest: Vec<&Value> = alts
            .iter()
            .filter(|a| a.get("type").and_then(Value::as_str) != Some("null"))
            .collect();
        if rest.len() == 1 && rest.len() < alts.len() {
            return (rest[0].clone(), true);
        }
    }
    (v.clone(), false)
}

/// The Python type of a schema (without Optional).
fn py_type(v: &Value, item: Option<&str>) -> String {
    if let Some(r) = ref_name(v) {
        return r.to_string();
    }
    match v.get("type").and_then(Value::as_str) {
        Some("string") => "str".into(),
        Some("integer") => "int".into(),
        Some("number") => "float".into(),
        Some("boolean") => "bool".into(),
        Some("object") => "Dict[str, Any]".into(),
        Some("array") => {
            let items = v.get("items").cloned().unwrap_or(Value::Bool(true));
            if let (Some(t), Some(_)) = (item, items.get("$ref")) {
                return format!("List[{t}]");
            }
            format!("List[{}]", py_type(&items, None))
        }
        _ => "Any".into(),
    }
}

fn py_literal(v: &Value) -> String {
    match v {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Number(n) if n.is_f64() => format!("{:?}", n.as_f64().unwrap_or(0.0)),
        Value::Number(n) => n.to_string(),
        Value::String(s) => format!("{s:?}"),
        other => other.to_string(),
    }
}

/// One field line of a model.
fn field(name: &str, schema: &Value, required: bool, item: Option<&str>) -> String {
    let (inner, nullable) = strip_null(schema);
    let ty = py_type(&inner, item);
    if required {
        return format!("    {name}: {ty}");
    }
    let default = schema.get("default").cloned().unwrap_or(Value::Null);
    // A null member takes the default (src/models/schema.rs): `_NullIs` does it inside
    // pydantic-core, with no Python code on the way unless a null actually arrives.
    match default {
        Value::Null => {
            let _ = nullable; // every defaulted-to-null member is Optional
            let ty = format!("Optional[{ty}]");
            format!("    {name}: {ty} = None")
        }
        Value::Array(_) => format!(
            "    {name}: Annotated[{ty}, _NullIs(factory=list)] = Field(default_factory=list)"
        ),
        Value::Object(_) if ref_name(&inner).is_some() => format!(
            "    {name}: Annotated[{ty}, _NullIs(factory={ty})] = Field(default_factory={ty})"
        ),
        Value::Object(_) => format!(
            "    {name}: Annotated[{ty}, _NullIs(factory=dict)] = Field(default_factory=dict)"
        ),
        other => {
            let literal = py_literal(&other);
            format!("    {name}: Annotated[{ty}, _NullIs({literal})] = {literal}")
        }
    }
}

fn deps(schema: &Value, out: &mut BTreeSet<String>) {
    match schema {
        Value::Object(m) => {
            if let Some(r) = ref_name(schema) {
                out.insert(r.to_string());
            }
            for v in m.values() {
                deps(v, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|v| deps(v, out)),
        _ => {}
    }
}

/// Model names with every dependency before its dependents (then by name).
fn topo_order(d: &Description, names: &[String]) -> Vec<String> {
    let mut done: Vec<String> = Vec::new();
    let graph: BTreeMap<&String, BTreeSet<String>> = names
        .iter()
        .map(|n| {
            let mut s = BTreeSet::new();
            deps(d.schema(n), &mut s);
            s.retain(|x| names.contains(x) && x != n);
            (n, s)
        })
        .collect();
    while done.len() < names.len() {
        for n in names {
            if !done.contains(n) && graph[n].iter().all(|x| done.contains(x)) {
                done.push(n.clone());
            }
        }
    }
    done
}

fn models(d: &Description) -> Result<Output, String> {
    let names: Vec<String> = d
        .schemas
        .keys()
        .filter(|n| !SKIP.contains(&n.as_str()) && !n.ends_with("List"))
        .cloned()
        .collect();
    let mut all: Vec<&str> = names.iter().map(String::as_str).collect();
    all.push("ListResponse");
    all.sort();
    let mut s = format!(
        r#"# {gen}
"""Typed results (wire contract §4.1) as Pydantic v2 models.

Generated from the JSON Schemas of the Rust models (src/models/), so every language decodes a
body to the same values: only the members a model requires must be present; any other member
may be missing or ``null`` and then takes its default (an empty value, or ``None`` for an
optional member). Unknown members are kept (``extra="allow"``). Timestamps arrive as unix
seconds or RFC 3339 and parse to timezone-aware ``datetime`` (UTC when the string has no
offset).
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Annotated, Any, Callable, Dict, Generic, Iterator, List, Optional, TypeVar

from pydantic import BaseModel, ConfigDict, Field, GetCoreSchemaHandler
from pydantic_core import core_schema

__all__ = [
{all}]

# The rules below are pydantic-core schemas, not Python validators: a body is validated from
# its JSON bytes by pydantic-core alone, and Python runs only for the rare null member or
# offset-less timestamp (docs/uniffi.md, benchmark).


def _as_utc(value: datetime) -> datetime:
    # The contract reads an offset-less timestamp as UTC; Pydantic would leave it naive.
    return value.replace(tzinfo=timezone.utc)


class _UtcTimestamp:
    """A timestamp as an aware ``datetime``: aware input as is (unix seconds are UTC), a naive
    one read as UTC."""

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.union_schema(
            [
                core_schema.datetime_schema(tz_constraint="aware"),
                core_schema.no_info_after_validator_function(
                    _as_utc, core_schema.datetime_schema(tz_constraint="naive")
                ),
            ],
            mode="left_to_right",
        )


Timestamp = Annotated[datetime, _UtcTimestamp()]


class _NullIs:
    """A member whose ``null`` means its default (as a missing one does): the type's own
    schema first, then ``null`` → the default (``factory()`` for mutable ones)."""

    __slots__ = ("make",)

    def __init__(self, default: Any = None, *, factory: Optional[Callable[[], Any]] = None) -> None:
        self.make: Callable[[], Any] = factory if factory is not None else (lambda: default)

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        make = self.make
        return core_schema.union_schema(
            [
                handler(source),
                core_schema.no_info_after_validator_function(
                    lambda _: make(), core_schema.none_schema()
                ),
            ],
            mode="left_to_right",
        )


class _Model(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True, frozen=False)
"#,
        gen = crate::GENERATED,
        all = all
            .iter()
            .map(|n| format!("    \"{n}\",\n"))
            .collect::<String>(),
    );
    for name in topo_order(d, &names) {
        let schema = d.schema(&name);
        s.push_str(&format!("\n\nclass {name}(_Model):\n"));
        if let Some(doc) = schema.get("description").and_then(Value::as_str) {
            s.push_str(&format!("    \"\"\"{}\"\"\"\n\n", doc.replace('`', "``")));
        }
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        if let Some(Value::Object(props)) = schema.get("properties") {
            // Required members first (`id`), then by name.
            let mut props: Vec<(&String, &Value)> = props.iter().collect();
            props.sort_by_key(|(n, _)| (!required.contains(&n.as_str()), n.as_str()));
            for (pname, p) in props {
                s.push_str(&field(pname, p, required.contains(&pname.as_str()), None));
                s.push('\n');
            }
        }
        for (model, prop, expr, doc) in ALIASES.iter().filter(|a| a.0 == name) {
            s.push_str(&format!(
                "\n    @property\n    def {prop}(self) -> str:\n        \"\"\"{doc}\"\"\"\n        return {expr}\n"
            ));
            let _ = model;
        }
        if let Some((_, member)) = ITERATES.iter().find(|i| i.0 == name) {
            let item = schema
                .pointer(&format!("/properties/{member}"))
                .map(|p| py_type(&strip_null(p).0, None))
                .unwrap_or_default();
            let item = item.trim_start_matches("List[").trim_end_matches(']');
            s.push_str(&iteration(member, item));
        }
    }
    // The list envelope, generic over its item (every `<Model>List` schema has this shape).
    let list = d.schema("MemoryList");
    s.push_str(
        "\n\nT = TypeVar(\"T\", bound=BaseModel)\n\n\nclass ListResponse(_Model, Generic[T]):\n",
    );
    s.push_str("    \"\"\"A page of a list (contract §1.5); iterating yields the items.\"\"\"\n\n");
    if let Some(Value::Object(props)) = list.get("properties") {
        for (pname, p) in props {
            s.push_str(&field(pname, p, false, Some("T")));
            s.push('\n');
        }
    }
    s.push_str(&iteration("data", "T"));
    Ok(Output {
        path: format!("{DIR}/models.py"),
        text: s,
    })
}

fn iteration(member: &str, item: &str) -> String {
    format!(
        "
    def __iter__(self) -> Iterator[{item}]:  # type: ignore[override]
        return iter(self.{member})

    def __len__(self) -> int:
        return len(self.{member})

    def __getitem__(self, index: int) -> {item}:
        return self.{member}[index]
"
    )
}

// ---- resources ----------------------------------------------------------------------------

fn param_type(ty: ParamType) -> &'static str {
    match ty {
        ParamType::String => "str",
        ParamType::Integer => "int",
        ParamType::Number => "float",
        ParamType::Boolean => "bool",
        ParamType::Object => "Dict[str, Any]",
        ParamType::StringArray => "List[str]",
        ParamType::ObjectArray => "List[Dict[str, Any]]",
    }
}

fn param_decl(p: &ParamSpec) -> String {
    let ty = param_type(p.ty);
    match (p.required, p.default) {
        (true, _) => format!("{}: {ty}", p.name),
        (false, Some(n)) => format!("{}: {ty} = {n}", p.name),
        (false, None) => format!("{}: Optional[{ty}] = None", p.name),
    }
}

fn result_type(m: &Method) -> String {
    match m.returns() {
        Returns::Model(n) => n.to_string(),
        Returns::Page(n) => format!("ListResponse[{n}]"),
        Returns::Null => "None".into(),
    }
}

/// `def name(self, a: str, b: int = 1, *, c: ... = None) -> R:`, one parameter a line when
/// the signature is longer than 99 columns (black's layout).
fn signature(
    indent: &str,
    prefix: &str,
    name: &str,
    params: &[String],
    kw: &[String],
    ret: &str,
) -> String {
    let mut parts: Vec<String> = vec!["self".into()];
    parts.extend(params.iter().cloned());
    if !kw.is_empty() {
        parts.push("*".into());
        parts.extend(kw.iter().cloned());
    }
    let one = format!("{indent}{prefix}def {name}({}) -> {ret}:", parts.join(", "));
    if one.len() <= 99 {
        return one + "\n";
    }
    let mut s = format!("{indent}{prefix}def {name}(\n");
    for p in parts {
        s.push_str(&format!("{indent}    {p},\n"));
    }
    s.push_str(&format!("{indent}) -> {ret}:\n"));
    s
}

/// `params: Dict[str, Any] = {...}`, one member a line when long (black's layout).
fn params_dict(m: &Method) -> String {
    let items: Vec<String> = m
        .params
        .iter()
        .map(|p| format!("\"{0}\": {0}", p.name))
        .collect();
    let one = format!(
        "        params: Dict[str, Any] = {{{}}}\n",
        items.join(", ")
    );
    if one.len() <= 100 {
        return one;
    }
    let mut s = String::from("        params: Dict[str, Any] = {\n");
    for i in items {
        s.push_str(&format!("            {i},\n"));
    }
    s.push_str("        }\n");
    s
}

fn method(m: &Method, asynchronous: bool) -> String {
    let positional: Vec<String> = m
        .params
        .iter()
        .filter(|p| !p.extra)
        .map(param_decl)
        .collect();
    let kw: Vec<String> = m
        .params
        .iter()
        .filter(|p| p.extra)
        .map(param_decl)
        .collect();
    let ret = result_type(m);
    let prefix = if asynchronous { "async " } else { "" };
    let mut s = format!("\n    @checked_call(\"{}\")\n", m.name());
    s.push_str(&signature("    ", prefix, m.verb(), &positional, &kw, &ret));
    s.push_str(&format!("        \"\"\"{}\"\"\"\n", m.spec.doc));
    let (call, typed) = if asynchronous {
        ("await self._t.call_async", "await self._t.call_typed_async")
    } else {
        ("self._t.call_sync", "self._t.call_typed")
    };
    let name = m.name();
    s.push_str(&params_dict(m));
    match m.returns() {
        Returns::Null => s.push_str(&format!("        {call}(\"{name}\", params)\n")),
        _ => s.push_str(&format!(
            "        return {typed}(\"{name}\", params, {ret})\n"
        )),
    }
    s
}

/// `list_all`: every item of a list method, page by page.
fn list_all(m: &Method, item: &str, asynchronous: bool) -> String {
    let filters: Vec<&ParamSpec> = m
        .params
        .iter()
        .filter(|p| p.name != "limit" && p.name != "offset")
        .collect();
    let positional: Vec<String> = filters
        .iter()
        .filter(|p| !p.extra)
        .map(|p| param_decl(p))
        .collect();
    let mut kw: Vec<String> = filters
        .iter()
        .filter(|p| p.extra)
        .map(|p| param_decl(p))
        .collect();
    kw.push("page_size: int = PAGE_SIZE".into());
    kw.push("offset: int = 0".into());
    let (prefix, ret, await_) = if asynchronous {
        ("async ", format!("AsyncIterator[{item}]"), "await ")
    } else {
        ("", format!("Iterator[{item}]"), "")
    };
    let mut args: Vec<String> = filters.iter().map(|p| format!("{0}={0}", p.name)).collect();
    args.push("limit=page_size".into());
    args.push("offset=offset".into());
    let mut s = String::from("\n");
    s.push_str(&signature(
        "    ",
        prefix,
        "list_all",
        &positional,
        &kw,
        &ret,
    ));
    s.push_str(&format!(
        "        \"\"\"Every item of ``{}``, fetched ``page_size`` at a time from ``offset``.\"\"\"\n",
        m.name()
    ));
    let call = format!("            page = {await_}self.list({})", args.join(", "));
    let call = if call.len() <= 100 {
        call
    } else {
        // black's layout: the arguments on their own line.
        format!(
            "            page = {await_}self.list(\n                {}\n            )",
            args.join(", ")
        )
    };
    s.push_str(&format!(
        "        while True:
{call}
            for item in page.data:
                yield item
            offset += len(page.data)
            if not page.has_more or not page.data:
                return
"
    ));
    s
}

fn resources(d: &Description) -> Result<Output, String> {
    let mut models: BTreeSet<String> = BTreeSet::new();
    for m in &d.methods {
        match m.returns() {
            Returns::Model(n) => {
                models.insert(n.to_string());
            }
            Returns::Page(n) => {
                models.insert(n.to_string());
                models.insert("ListResponse".into());
            }
            Returns::Null => {}
        }
    }
    let mut s = format!(
        r#"# {gen}
"""Resource namespaces: ``client.memories``, ``client.agents``, … (47 methods, sync and async).

Each method only turns its arguments into the params object of contract §1.6 (the Python
reference's arguments, then the contract's extras, keyword-only) and decodes the answer into a
model. ``list_all`` walks a list method page by page (``PAGE_SIZE`` items a page, the same
in every language).
"""

from __future__ import annotations

from typing import Any, AsyncIterator, Dict, Iterator, List, Optional, Tuple

from ._core import Transport, checked_call
from .models import (
{imports})

#: Page size of the ``list_all`` iterators when none is given (the SDK's one auto-paging size).
PAGE_SIZE = {page}

#: Every method name, in the contract's order (tests read this list instead of writing it).
METHODS: Tuple[str, ...] = (
{names})


class _Resource:
    __slots__ = ("_t",)

    def __init__(self, transport: Transport) -> None:
        self._t = transport
"#,
        gen = crate::GENERATED,
        imports = models
            .iter()
            .map(|n| format!("    {n},\n"))
            .collect::<String>(),
        page = d.page_size,
        names = d
            .methods
            .iter()
            .map(|m| format!("    \"{}\",\n", m.name()))
            .collect::<String>(),
    );
    for asynchronous in [false, true] {
        for res in d.resources {
            let class = format!(
                "{}{}",
                if asynchronous { "Async" } else { "" },
                pascal(res.name)
            );
            s.push_str(&format!(
                "\n\nclass {class}(_Resource):\n    \"\"\"``client.{}``: {}\"\"\"\n\n    __slots__ = ()\n",
                res.name, res.doc
            ));
            for m in d.of_resource(res.name) {
                s.push_str(&method(m, asynchronous));
                if let Returns::Page(item) = m.returns() {
                    s.push_str(&list_all(m, item, asynchronous));
                }
            }
        }
    }
    Ok(Output {
        path: format!("{DIR}/_resources.py"),
        text: s,
    })
}
