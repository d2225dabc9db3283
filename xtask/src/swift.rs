//! The Swift package's typed skin (bindings/swift/Sources/MemoryRelay/Generated/): one
//! `Codable` struct per model schema, one resource struct per resource with a typed
//! `async throws` method per table entry (and `listAll` streams for the list methods), the
//! method list, and the error codes with their mapping from the UniFFI error enum.
//! The hand-written runtime next to it (MemoryRelay.swift, Decoding.swift, ...) does the calls.

use memoryrelay::methods::{ParamSpec, ParamType, Returns};
use serde_json::{Map, Value};

use crate::describe::{pascal, Description, Method};
use crate::Output;

const DIR: &str = "bindings/swift/Sources/MemoryRelay/Generated";

pub fn generate(d: &Description) -> Result<Vec<Output>, String> {
    Ok(vec![
        Output {
            path: format!("{DIR}/Models.swift"),
            text: models(d)?,
        },
        Output {
            path: format!("{DIR}/Resources.swift"),
            text: resources(d),
        },
        Output {
            path: format!("{DIR}/ErrorCodes.swift"),
            text: error_codes(d),
        },
    ])
}

fn header() -> String {
    format!("// {}\n", crate::GENERATED)
}

/// `agent_id` → `agentId`; Swift keywords get backticks.
fn camel(s: &str) -> String {
    let p = pascal(s);
    let mut c = p.chars();
    let out = c
        .next()
        .map(|f| f.to_lowercase().collect::<String>() + c.as_str())
        .unwrap_or_default();
    match out.as_str() {
        "default" | "internal" | "protocol" | "extension" | "func" | "class" | "struct"
        | "self" | "Type" | "var" | "let" | "in" | "is" | "as" | "return" | "operator" => {
            format!("`{out}`")
        }
        _ => out,
    }
}

/// A member name without backticks, for use inside other identifiers.
fn bare(s: &str) -> String {
    camel(s).trim_matches('`').to_owned()
}

fn swift_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

// ---------------------------------------------------------------------------------------
// Models

/// How one member is stored and decoded.
struct Field {
    wire: String,
    name: String,
    ty: String,
    /// `Some(literal)`: non-optional with this default; `None`: optional (or required).
    default: Option<String>,
    required: bool,
    timestamp: bool,
    doc: Option<String>,
}

/// The Swift type of a member schema, and whether the schema allows null.
fn member_type(schema: &Value) -> Result<(String, bool, bool), String> {
    // (type, nullable, timestamp)
    if schema == &Value::Bool(true) {
        return Ok(("JSONValue".into(), true, false));
    }
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let name = r.rsplit('/').next().unwrap_or(r);
        return Ok(if name == "Timestamp" {
            ("Date".into(), false, true)
        } else {
            (name.to_owned(), false, false)
        });
    }
    if let Some(any) = schema.get("anyOf").and_then(Value::as_array) {
        let non_null: Vec<&Value> = any
            .iter()
            .filter(|s| s.get("type").and_then(Value::as_str) != Some("null"))
            .collect();
        let nullable = non_null.len() < any.len();
        return match non_null.as_slice() {
            [one] if one.as_object().is_some_and(Map::is_empty) => {
                Ok(("JSONValue".into(), true, false))
            }
            [one] => {
                let (ty, n, ts) = member_type(one)?;
                Ok((ty, nullable || n, ts))
            }
            _ => Err(format!("unsupported anyOf {schema}")),
        };
    }
    let (ty, nullable) = match schema.get("type") {
        Some(Value::String(t)) => (t.as_str(), false),
        Some(Value::Array(ts)) => {
            let non_null: Vec<&str> = ts
                .iter()
                .filter_map(Value::as_str)
                .filter(|t| *t != "null")
                .collect();
            match non_null.as_slice() {
                [t] => (*t, non_null.len() < ts.len()),
                _ => return Err(format!("unsupported type list {schema}")),
            }
        }
        _ => return Err(format!("member schema without a type: {schema}")),
    };
    let swift = match ty {
        "string" => "String".to_owned(),
        "integer" => "Int".to_owned(),
        "number" => "Double".to_owned(),
        "boolean" => "Bool".to_owned(),
        "object" => "[String: JSONValue]".to_owned(),
        "array" => {
            let items = schema.get("items").ok_or("array without items")?;
            let (item, _, ts) = member_type(items)?;
            if ts {
                return Err("arrays of timestamps are not supported".into());
            }
            format!("[{item}]")
        }
        other => return Err(format!("unsupported type {other}")),
    };
    Ok((swift, nullable, false))
}

/// A Swift literal of `value` for a member of type `ty`.
fn literal(value: &Value, ty: &str, d: &Description) -> Result<String, String> {
    Ok(match value {
        Value::Null => "nil".into(),
        Value::Bool(b) => b.to_string(),
        Value::String(s) => swift_string(s),
        Value::Number(n) if ty == "Double" => {
            let f = n.as_f64().ok_or("bad number")?;
            format!("{f:?}")
        }
        Value::Number(n) => n.to_string(),
        Value::Array(a) if a.is_empty() => "[]".into(),
        Value::Object(o) if o.is_empty() && ty.starts_with('[') => "[:]".into(),
        Value::Object(o) => {
            // The default of a nested model, spelled with its memberwise init.
            let fields = fields(ty, d)?;
            let mut args = Vec::new();
            for (k, v) in o {
                let f = fields
                    .iter()
                    .find(|f| &f.wire == k)
                    .ok_or(format!("{ty} has no member {k}"))?;
                args.push(format!("{}: {}", bare(k), literal(v, &f.ty, d)?));
            }
            format!("{ty}({})", args.join(", "))
        }
        other => return Err(format!("unsupported default {other} for {ty}")),
    })
}

fn fields(model: &str, d: &Description) -> Result<Vec<Field>, String> {
    let schema = d.schemas.get(model).ok_or(format!("no schema {model}"))?;
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let props = schema
        .get("properties")
        .and_then(Value::as_object)
        .ok_or(format!("{model} has no properties"))?;
    let mut out = Vec::new();
    for (wire, prop) in props {
        let (ty, nullable, timestamp) =
            member_type(prop).map_err(|e| format!("{model}.{wire}: {e}"))?;
        let is_required = required.contains(&wire.as_str()) && !nullable;
        let default = match prop.get("default") {
            Some(Value::Null) | None => None,
            Some(v) if !is_required && !timestamp => Some(literal(v, &ty, d)?),
            Some(_) => None,
        };
        if timestamp && is_required {
            return Err(format!(
                "{model}.{wire}: a required timestamp is not supported"
            ));
        }
        out.push(Field {
            wire: wire.clone(),
            name: camel(wire),
            ty,
            default,
            required: is_required,
            timestamp,
            doc: prop
                .get("description")
                .and_then(Value::as_str)
                .map(str::to_owned),
        });
    }
    // Required members first (the memberwise init reads `Memory(id: ..., content: ...)`),
    // then the schema's order.
    out.sort_by_key(|f| !f.required);
    Ok(out)
}

impl Field {
    /// The declared type: optional unless required or defaulted.
    fn decl_type(&self) -> String {
        if self.required || self.default.is_some() {
            self.ty.clone()
        } else if self.ty == "JSONValue" {
            // JSONValue has its own `.null`; keep absent (nil) apart from it anyway.
            "JSONValue?".into()
        } else {
            format!("{}?", self.ty)
        }
    }
    fn init_default(&self) -> String {
        match (&self.default, self.required) {
            (Some(d), _) => format!(" = {d}"),
            (None, false) => " = nil".into(),
            (None, true) => String::new(),
        }
    }
    fn decode(&self) -> String {
        let k = swift_string(&self.wire);
        if self.timestamp {
            format!("try m.timestamp({k})")
        } else if self.required {
            format!("try m.required({k})")
        } else if let Some(d) = &self.default {
            format!("try m.member({k}, default: {d})")
        } else {
            format!("try m.optional({k})")
        }
    }
    fn encode(&self) -> String {
        let k = swift_string(&self.wire);
        if self.timestamp {
            format!("try c.putTimestamp({k}, {})", self.name)
        } else {
            format!("try c.put({k}, {})", self.name)
        }
    }
}

fn models(d: &Description) -> Result<String, String> {
    let mut s = header();
    s.push_str("\nimport Foundation\n");
    let page_models: Vec<String> = d
        .methods
        .iter()
        .filter_map(|m| match m.returns() {
            Returns::Page(model) => Some(format!("{model}List")),
            _ => None,
        })
        .collect();
    for (name, schema) in &d.schemas {
        if name == "Timestamp" {
            continue;
        }
        let fields = fields(name, d)?;
        let doc = schema
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or("A list page.");
        s.push_str(&format!(
            "\n/// {doc}\npublic struct {name}: Codable, Hashable, Sendable, JSONReadable {{\n"
        ));
        for f in &fields {
            if let Some(doc) = &f.doc {
                s.push_str(&format!("    /// {doc}\n"));
            }
            s.push_str(&format!("    public var {}: {}\n", f.name, f.decl_type()));
        }
        s.push_str("    /// Members this SDK version does not know, kept as sent.\n");
        s.push_str("    public var extra: [String: JSONValue]\n\n");
        // Memberwise init.
        let params: Vec<String> = fields
            .iter()
            .map(|f| format!("{}: {}{}", f.name, f.decl_type(), f.init_default()))
            .chain(std::iter::once(
                "extra: [String: JSONValue] = [:]".to_owned(),
            ))
            .collect();
        s.push_str(&format!(
            "    public init(\n        {}\n    ) {{\n",
            params.join(",\n        ")
        ));
        for f in &fields {
            s.push_str(&format!("        self.{} = {}\n", bare(&f.wire), f.name));
        }
        s.push_str("        self.extra = extra\n    }\n\n");
        // Decoding: the SDK reads responses with `init(json:)`; `Decodable` goes through it.
        let known: Vec<String> = fields.iter().map(|f| swift_string(&f.wire)).collect();
        s.push_str(&format!(
            "    static let knownMembers: Set<String> = [{}]\n\n",
            known.join(", ")
        ));
        s.push_str("    init(json: JSONValue) throws {\n");
        s.push_str(&format!(
            "        var m = try JSONMembers(json, model: {})\n",
            swift_string(name)
        ));
        for f in &fields {
            s.push_str(&format!("        {} = {}\n", f.name, f.decode()));
        }
        s.push_str("        extra = m.extras(known: Self.knownMembers)\n    }\n\n");
        s.push_str("    public init(from decoder: Decoder) throws {\n        try self.init(json: JSONValue(from: decoder))\n    }\n\n");
        // Encoding.
        s.push_str("    public func encode(to encoder: Encoder) throws {\n");
        s.push_str("        var c = encoder.container(keyedBy: AnyKey.self)\n");
        s.push_str("        try c.putExtras(extra)\n");
        for f in &fields {
            s.push_str(&format!("        {}\n", f.encode()));
        }
        s.push_str("    }\n}\n");
        if page_models.contains(name) {
            s.push_str(&format!("\nextension {name}: ListPage {{}}\n"));
        }
        // Results and pages are collections of their `data`, as in Python (`for r in results`).
        if let Some(f) = fields
            .iter()
            .find(|f| f.wire == "data" && f.default.is_some())
        {
            let item = f.ty.trim_start_matches('[').trim_end_matches(']');
            s.push_str(&format!(
                "\nextension {name}: RandomAccessCollection {{\n    public var startIndex: Int {{ data.startIndex }}\n    public var endIndex: Int {{ data.endIndex }}\n    public subscript(position: Int) -> {item} {{ data[position] }}\n}}\n"
            ));
        }
    }
    Ok(s)
}

// ---------------------------------------------------------------------------------------
// Resources

fn param_type(ty: ParamType) -> &'static str {
    match ty {
        ParamType::String => "String",
        ParamType::Integer => "Int",
        ParamType::Number => "Double",
        ParamType::Boolean => "Bool",
        ParamType::Object => "[String: JSONValue]",
        ParamType::StringArray => "[String]",
        ParamType::ObjectArray => "[[String: JSONValue]]",
    }
}

fn to_json(ty: ParamType, v: &str) -> String {
    match ty {
        ParamType::String => format!(".string({v})"),
        ParamType::Integer => format!(".number(Double({v}))"),
        ParamType::Number => format!(".number({v})"),
        ParamType::Boolean => format!(".bool({v})"),
        ParamType::Object => format!(".object({v})"),
        ParamType::StringArray => format!(".array({v}.map(JSONValue.string))"),
        ParamType::ObjectArray => format!(".array({v}.map(JSONValue.object))"),
    }
}

fn signature(params: &[&ParamSpec]) -> String {
    params
        .iter()
        .map(|p| {
            let ty = param_type(p.ty);
            match (p.required, p.default) {
                (true, _) => format!("{}: {ty}", camel(p.name)),
                (false, Some(n)) => format!("{}: {ty} = {n}", camel(p.name)),
                (false, None) => format!("{}: {ty}? = nil", camel(p.name)),
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn params_body(params: &[&ParamSpec], indent: &str) -> String {
    let binding = if params.is_empty() { "let" } else { "var" };
    let mut s = format!("{indent}{binding} params: [String: JSONValue] = [:]\n");
    for p in params {
        let v = camel(p.name);
        let key = swift_string(p.name);
        if p.required || p.default.is_some() {
            s.push_str(&format!("{indent}params[{key}] = {}\n", to_json(p.ty, &v)));
        } else {
            s.push_str(&format!(
                "{indent}if let {v} {{ params[{key}] = {} }}\n",
                to_json(p.ty, &v)
            ));
        }
    }
    s
}

fn param_docs(m: &Method, params: &[&ParamSpec]) -> String {
    let mut s = String::new();
    if params.is_empty() {
        return s;
    }
    s.push_str("    ///\n    /// - Parameters:\n");
    for p in params {
        let mut line = format!("    ///   - {}: `{}`", bare(p.name), p.name);
        if p.wire != p.name {
            line.push_str(&format!(", sent as `{}`", p.wire));
        }
        if m.is_path_param(p) {
            line.push_str(" (must not be empty)");
        }
        s.push_str(&line);
        s.push('\n');
    }
    s
}

fn resources(d: &Description) -> String {
    let mut s = header();
    s.push('\n');
    s.push_str("extension MemoryRelay {\n");
    s.push_str(
        "    /// Every method name accepted by `call(_:params:)`, e.g. `memories.create`.\n",
    );
    s.push_str("    public static let methodNames: [String] = [\n");
    for m in &d.methods {
        s.push_str(&format!("        {},\n", swift_string(m.name())));
    }
    s.push_str("    ]\n\n");
    s.push_str(&format!(
        "    /// Items fetched per page by the `listAll` streams (the same in every SDK language).\n    public static let pageSize = {}\n",
        d.page_size
    ));
    for r in d.resources {
        s.push_str(&format!(
            "\n    /// {}\n    public var {}: {} {{ {}(client: self) }}\n",
            r.doc,
            camel(r.name),
            pascal(r.name),
            pascal(r.name)
        ));
    }
    s.push_str("}\n");
    for r in d.resources {
        s.push_str(&format!(
            "\n/// {} `client.{}.<method>(...)`.\npublic struct {}: Sendable {{\n    let client: MemoryRelay\n",
            r.doc,
            camel(r.name),
            pascal(r.name)
        ));
        for m in d.of_resource(r.name) {
            let params: Vec<&ParamSpec> = m.params.iter().collect();
            let ret = match m.returns() {
                Returns::Model(model) => format!(" -> {model}"),
                Returns::Page(model) => format!(" -> {model}List"),
                Returns::Null => String::new(),
            };
            s.push_str(&format!("\n    /// {} (`{}`)\n", m.spec.doc, m.name()));
            s.push_str(&param_docs(m, &params));
            s.push_str(&format!(
                "    public func {}({}) async throws{ret} {{\n",
                camel(m.verb()),
                signature(&params)
            ));
            s.push_str(&params_body(&params, "        "));
            let name = swift_string(m.name());
            match m.returns() {
                Returns::Model(model) => s.push_str(&format!(
                    "        return try await client.invoke({name}, params, as: {model}.self)\n"
                )),
                Returns::Page(model) => s.push_str(&format!(
                    "        return try await client.invoke({name}, params, as: {model}List.self)\n"
                )),
                Returns::Null => s.push_str(&format!(
                    "        try await client.invokeVoid({name}, params)\n"
                )),
            }
            s.push_str("    }\n");
            if let Returns::Page(model) = m.returns() {
                let filters: Vec<&ParamSpec> = m
                    .params
                    .iter()
                    .filter(|p| p.name != "limit" && p.name != "offset")
                    .collect();
                s.push_str(&format!(
                    "\n    /// Every item of `{}`, fetched `MemoryRelay.pageSize` at a time as the stream is read.\n",
                    m.name()
                ));
                s.push_str(&param_docs(m, &filters));
                s.push_str(&format!(
                    "    public func listAll({}) -> AsyncThrowingStream<{model}, Error> {{\n",
                    signature(&filters)
                ));
                s.push_str(&params_body(&filters, "        "));
                s.push_str(&format!(
                    "        return client.pages({name}, params, pageSize: MemoryRelay.pageSize, as: {model}List.self)\n    }}\n"
                ));
            }
        }
        s.push_str("}\n");
    }
    s
}

// ---------------------------------------------------------------------------------------
// Error codes

fn error_codes(d: &Description) -> String {
    let mut s = header();
    s.push_str("\nimport MemoryRelayUniFFI\n\nextension MemoryRelayError.Code {\n");
    let codes: Vec<_> = d
        .errors
        .iter()
        .copied()
        .filter(|c| c.as_i32() != 0)
        .collect();
    for c in &codes {
        s.push_str(&format!(
            "    /// {}\n    public static let {} = Self(rawValue: {})\n",
            c.description(),
            camel(&c.name().to_lowercase()),
            c.as_i32()
        ));
    }
    s.push_str("\n    static let names: [Int: String] = [\n");
    for c in &codes {
        s.push_str(&format!(
            "        {}: {},\n",
            c.as_i32(),
            swift_string(c.name())
        ));
    }
    s.push_str("    ]\n}\n\nextension MemoryRelayError {\n");
    s.push_str("    /// From the UniFFI error: every variant carries the same fields.\n");
    s.push_str("    init(_ e: MemoryRelayUniFFI.MemoryRelayError) {\n        switch e {\n");
    for c in &codes {
        s.push_str(&format!(
            "        case .{:?}(let code, let reason, let status, let requestId, let retryAfter, let details, let body):\n",
            c
        ));
        s.push_str("            self.init(\n                rawCode: code, reason: reason, status: status, requestId: requestId,\n                retryAfter: retryAfter, details: details, body: body)\n");
    }
    s.push_str("        }\n    }\n}\n");
    s
}
