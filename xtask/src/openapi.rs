//! docs/openapi.json: OpenAPI 3.1 of the whole wire surface (docs/wire-contract.md): the 47
//! methods and health, the variants of §5.2 the server also accepts, the error bodies of §2.1
//! with the SDK code each status maps to (§2.3), and the Idempotency-Key, Retry-After and
//! X-Request-Id headers.

use memoryrelay::methods::{ParamSpec, Returns};
use memoryrelay::ErrorCode;
use serde_json::{json, Map, Value};

use crate::describe::{param_schema, Description, Method};
use crate::Output;

const REF: &str = "#/components/schemas/";

pub fn generate(d: &Description) -> Result<Output, String> {
    let mut paths = Map::new();
    for m in &d.methods {
        let item = paths
            .entry(m.spec.path.to_string())
            .or_insert_with(|| json!({}));
        item[m.spec.http_method.to_ascii_lowercase()] = operation(m);
    }
    variants(d, &mut paths);
    paths.insert(
        "/v1/health".into(),
        json!({"get": {
            "operationId": "health.check",
            "summary": "Service health (wire contract §4.10); needs no key.",
            "tags": ["health"],
            "security": [],
            "responses": {
                "200": ok(json!({"$ref": format!("{REF}Health")}), "Health"),
                "5XX": {"$ref": "#/components/responses/ServerError"}
            }
        }}),
    );
    let mut schemas = d.schemas.clone();
    schemas.insert("ErrorBody".into(), error_body());
    schemas.insert("ValidationIssue".into(), validation_issue());
    schemas.insert(
        "Deleted".into(),
        json!({
            "description": "The body of a delete's 200 (§4.3). The SDK's delete methods return nothing (`null` in the JSON layer).",
            "type": "object",
            "properties": {
                "id": {"type": "string"},
                "object": {"type": "string"},
                "deleted": {"type": "boolean", "const": true},
                "success": {"type": "boolean", "const": true}
            },
            "required": ["id", "deleted"],
            "additionalProperties": true
        }),
    );
    let doc = json!({
        "openapi": "3.1.0",
        "info": {
            "title": "MemoryRelay API",
            "version": d.version,
            "description": "The wire contract of MemoryRelay (docs/wire-contract.md), as served by memoryrelay-server at GET /openapi.json. Clients send `Authorization: Bearer <key>` (`X-API-Key` is also accepted, §5.2); only GET /v1/health needs no key. Every POST may carry an `Idempotency-Key` (§3.2). A `null` request member means absent and unknown request members are ignored (§1.4). Responses keep unknown members; a non-required response member may be missing or null and then takes its `default`.",
            "license": {"name": "Apache-2.0", "identifier": "Apache-2.0"},
            "x-generated": crate::GENERATED,
            "x-sdk-error-codes": error_codes(d),
            "x-auto-paging-page-size": d.page_size
        },
        "servers": [{"url": "/", "description": "The server that serves this document."}],
        "security": [{"bearer": []}, {"apiKey": []}],
        "tags": d.resources.iter().map(|r| json!({"name": r.name, "description": r.doc})).chain([json!({"name": "health"})]).collect::<Vec<_>>(),
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer", "description": "The API key (§1.2)."},
                "apiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key", "description": "The API key, as the Python SDK 0.1.x–0.3.0 send it (§5.2)."}
            },
            "parameters": {
                "IdempotencyKey": {
                    "name": "Idempotency-Key", "in": "header", "required": false,
                    "description": "One UUID v4 per logical call, reused on its retries (§3.2). The server replays the stored answer of a repeat for 24 h; another request under the same key gets 409.",
                    "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[\\x21-\\x7e]+$"}
                }
            },
            "headers": {
                "RequestId": {"description": "The request's id, also in an error body (§1.3).", "schema": {"type": "string", "pattern": "^req_[0-9a-f]+$"}},
                "RetryAfter": {"description": "Seconds to wait before retrying (§3.1); clients also accept an HTTP-date.", "schema": {"type": "string"}},
                "IdempotentReplayed": {"description": "`true` when the answer is the replay of an earlier request with the same Idempotency-Key (§3.2).", "schema": {"type": "string", "enum": ["true"]}}
            },
            "responses": error_responses()
        }
    });
    let mut text = serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())?;
    text.push('\n');
    Ok(Output {
        path: "docs/openapi.json".into(),
        text,
    })
}

/// The one-line list of every SDK error code (§2.3), from `ErrorCode`.
fn error_codes(d: &Description) -> Value {
    d.errors
        .iter()
        .map(|c| json!({"code": c.as_i32(), "name": c.name(), "kind": c.kind(), "description": c.description()}))
        .collect()
}

fn operation(m: &Method) -> Value {
    let mut op = Map::new();
    op.insert("operationId".into(), m.name().into());
    op.insert("summary".into(), m.spec.doc.into());
    op.insert("tags".into(), json!([m.resource()]));
    let mut params: Vec<Value> = m
        .path_params()
        .iter()
        .map(|p| {
            json!({"name": p.wire, "in": "path", "required": true,
                   "schema": {"type": "string", "minLength": 1}})
        })
        .collect();
    if m.has_body() {
        if m.spec.http_method == "POST" {
            params.push(json!({"$ref": "#/components/parameters/IdempotencyKey"}));
        }
        let body = request_body(m);
        // A POST with no member besides the path (`sessions.summarize`) sends no body.
        if body["properties"]
            .as_object()
            .is_some_and(|p| !p.is_empty())
        {
            // A body whose members are all optional may be left out (`sessions.end`).
            let required = body["required"].as_array().is_some_and(|r| !r.is_empty())
                || body.get("anyOf").is_some();
            op.insert(
                "requestBody".into(),
                json!({"required": required, "content": {"application/json": {"schema": body}}}),
            );
        }
    } else {
        for p in m.params.iter().filter(|p| !m.is_path_param(p)) {
            let mut schema = param_schema(p.ty);
            constrain(m.name(), p.wire, &mut schema);
            if let Some(n) = p.default {
                schema["default"] = n.into();
            }
            params.push(
                json!({"name": p.wire, "in": "query", "required": wire_required(m, p), "schema": schema}),
            );
        }
        for (k, v) in m.spec.fixed_query {
            params.push(json!({"name": k, "in": "query", "required": false,
                "description": format!("The SDK always sends `{v}`."), "schema": {"type": "boolean"}}));
        }
    }
    if !params.is_empty() {
        op.insert("parameters".into(), params.into());
    }
    op.insert("responses".into(), responses(m));
    Value::Object(op)
}

/// The JSON body of a POST/PUT: the wire names, `null` meaning absent (§5.2), unknown members
/// ignored.
fn request_body(m: &Method) -> Value {
    let mut props = Map::new();
    let mut required = Vec::new();
    for p in m.params.iter().filter(|p| !m.is_path_param(p)) {
        let mut schema = param_schema(p.ty);
        constrain(m.name(), p.wire, &mut schema);
        if wire_required(m, p) {
            required.push(p.wire);
        } else {
            schema = or_null(schema);
        }
        if let Some(n) = p.default {
            schema["default"] = n.into();
        }
        props.insert(p.wire.to_string(), schema);
    }
    let mut body = json!({"type": "object", "properties": props, "required": required, "additionalProperties": true});
    if m.verb() == "update" {
        // At least one field besides the id (§1.4), a null one counting as absent.
        let one: Vec<Value> = props_of(&body)
            .into_iter()
            .map(|f| json!({"required": [f], "properties": {f.clone(): {"not": {"type": "null"}}}}))
            .collect();
        body["anyOf"] = one.into();
    }
    body
}

fn props_of(body: &Value) -> Vec<String> {
    body["properties"]
        .as_object()
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default()
}

/// Not UUID-shaped (agent names and project slugs, §1.4).
const UUID: &str = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

/// A string of `min..=max` characters (max 0: no upper bound).
fn text(min: u64, max: u64) -> Value {
    let mut s = json!({"minLength": min});
    if max > 0 {
        s["maxLength"] = max.into();
    }
    s
}

/// The same, and not only whitespace (content and queries).
fn prose(min: u64, max: u64) -> Value {
    let mut s = text(min, max);
    // A character outside Unicode White_Space (what the server trims; ECMA's `\S` differs on
    // U+0085 and U+FEFF).
    s["pattern"] =
        "[^\\t\\n\\u000b\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]"
            .into();
    s
}

/// The server-side rules of the contract's §4 tables for one wire member of one method:
/// lengths, ranges and enums (the SDK leaves them to the server, §1.6, so they live here, in
/// the document that describes the server).
fn rules(method: &str, wire: &str) -> Value {
    let resource = method.split('.').next().unwrap_or("");
    match (resource, method, wire) {
        (_, _, "limit") => json!({"minimum": 1, "maximum": 100}),
        (_, _, "offset") => json!({"minimum": 0, "maximum": i64::MAX}),
        (_, _, "query") => prose(1, 10_000),
        (_, _, "agent_id") => text(1, 0),
        ("memories", _, "content") => prose(1, 50_000),
        (_, _, "importance" | "min_score" | "threshold") => json!({"minimum": 0, "maximum": 1}),
        (_, _, "dedup_threshold") => json!({"minimum": 0.5, "maximum": 1}),
        (_, _, "tier") => json!({"enum": ["hot", "warm", "cold"]}),
        (_, _, "memory_type") => {
            json!({"enum": ["fact", "event", "insight", "task", "preference", "entity_reference", "system"]})
        }
        (_, _, "search_mode") => json!({"enum": ["hybrid", "semantic", "keyword"]}),
        (_, _, "user_id") => text(0, 255),
        (_, _, "memories") => json!({"minItems": 1, "maxItems": 100}),
        ("agents", _, "name") => {
            let mut s = text(1, 255);
            s["not"] = json!({"type": "string", "pattern": UUID});
            s
        }
        ("agents", _, "description") => text(0, 1000),
        ("entities" | "projects", _, "name") => text(1, 255),
        ("entities", _, "entity_type" | "type") => text(1, 50),
        ("entities", _, "relationship") => text(1, 100),
        ("sessions", _, "title") => text(0, 500),
        ("sessions", _, "external_id") => text(1, 255),
        ("sessions", "sessions.list", "status") => json!({"enum": ["active", "ended"]}),
        ("sessions", _, "summary") => text(0, 50_000),
        ("decisions" | "patterns", _, "title") => text(1, 500),
        ("decisions", _, "rationale") => text(1, 50_000),
        ("decisions", _, "alternatives") => text(0, 50_000),
        ("decisions", "decisions.list", "status") => {
            json!({"enum": ["active", "experimental", "superseded"]})
        }
        ("decisions", _, "status") => json!({"enum": ["active", "experimental"]}),
        (_, _, "tags") => json!({"maxItems": 20, "items": text(1, 100)}),
        ("projects", _, "description") => text(0, 5000),
        ("projects", _, "slug") => {
            json!({"maxLength": 100, "pattern": "^[a-z0-9][a-z0-9-]*$", "not": {"type": "string", "pattern": UUID}})
        }
        ("projects", _, "repo_url") => text(0, 2000),
        ("patterns", _, "description") => text(1, 50_000),
        ("patterns", _, "scope") => json!({"enum": ["global", "project"]}),
        ("patterns", _, "category") => text(0, 100),
        ("patterns", _, "example_code") => text(0, 50_000),
        // References (ids, slugs) are never empty.
        (_, _, w) if w.ends_with("_id") || w == "project" || w == "project_slug" => text(1, 0),
        _ => json!({}),
    }
}

/// Merges the rules of `wire` into its schema.
fn constrain(method: &str, wire: &str, schema: &mut Value) {
    constrain_with(schema, rules(method, wire));
}

fn constrain_with(schema: &mut Value, rules: Value) {
    if let (Value::Object(rules), Value::Object(s)) = (rules, schema) {
        for (k, v) in rules {
            if k == "items" {
                if let Some(Value::Object(items)) = s.get_mut("items") {
                    if let Value::Object(extra) = v {
                        items.extend(extra);
                    }
                    continue;
                }
            }
            s.insert(k, v);
        }
    }
}

/// On the server `agent_id` is an optional filter of every list and search (§1.5).
fn wire_required(m: &Method, p: &ParamSpec) -> bool {
    let filter = matches!(m.returns(), Returns::Page(_)) || matches!(m.verb(), "search" | "check");
    p.required && !(filter && p.wire == "agent_id")
}

fn or_null(schema: Value) -> Value {
    match schema.get("type").and_then(Value::as_str) {
        Some(t) => {
            let mut s = schema.clone();
            s["type"] = json!([t, "null"]);
            s
        }
        None => json!({"anyOf": [schema, {"type": "null"}]}),
    }
}

fn ok(schema: Value, what: &str) -> Value {
    json!({
        "description": what,
        "headers": {"X-Request-Id": {"$ref": "#/components/headers/RequestId"}},
        "content": {"application/json": {"schema": schema}}
    })
}

fn responses(m: &Method) -> Value {
    let mut r = Map::new();
    let (schema, what) = match m.returns() {
        Returns::Model(name) => (json!({"$ref": format!("{REF}{name}")}), name.to_string()),
        Returns::Page(name) => (
            json!({"$ref": format!("{REF}{name}List")}),
            format!("A list envelope of {name} (§1.5)"),
        ),
        Returns::Null => (Value::Null, String::new()),
    };
    if m.delete {
        // The local server answers 200 with a body (§4.3); clients also accept 204.
        r.insert(
            "200".into(),
            ok(json!({"$ref": format!("{REF}Deleted")}), "Deleted."),
        );
        r.insert(
            "204".into(),
            json!({"description": "Deleted (a server that sends no body).", "headers": {"X-Request-Id": {"$ref": "#/components/headers/RequestId"}}}),
        );
    } else if m.spec.creates {
        let mut created = ok(schema.clone(), &format!("{what}, created"));
        if m.spec.http_method == "POST" {
            created["headers"]["Idempotent-Replayed"] =
                json!({"$ref": "#/components/headers/IdempotentReplayed"});
        }
        r.insert("201".into(), created);
        r.insert(
            "200".into(),
            ok(
                schema,
                &format!("{what}, already there (nothing new was made)"),
            ),
        );
    } else {
        r.insert("200".into(), ok(schema, &what));
    }
    // A long query string (a 10,000-character `query`) can exceed the server's URI limit.
    if !m.has_body() && m.params.iter().any(|p| !m.is_path_param(p)) {
        r.insert(
            "414".into(),
            json!({"$ref": "#/components/responses/UriTooLong"}),
        );
    }
    for status in ["400", "401", "403", "404", "409", "422", "429"] {
        r.insert(
            status.into(),
            json!({"$ref": format!("#/components/responses/{}", response_name(status))}),
        );
    }
    r.insert(
        "5XX".into(),
        json!({"$ref": "#/components/responses/ServerError"}),
    );
    Value::Object(r)
}

fn response_name(status: &str) -> &'static str {
    match status {
        "400" => "BadRequest",
        "401" => "Unauthorized",
        "403" => "Forbidden",
        "404" => "NotFound",
        "409" => "Conflict",
        "422" => "ValidationFailed",
        "414" => "UriTooLong",
        "429" => "RateLimited",
        _ => "ServerError",
    }
}

fn error_responses() -> Value {
    let mut out = Map::new();
    let cases = [
        ("400", "The body is not JSON or not an object."),
        ("401", "The key is missing or unknown."),
        ("403", "The key lacks a permission."),
        ("404", "Unknown route; unknown, malformed, deleted or another account's resource."),
        ("409", "Uniqueness violation, invalid state change, or an Idempotency-Key reused for another request."),
        ("422", "Field validation: `detail` lists the failing fields."),
        ("414", "The request URI (its query string) is longer than the server accepts."),
        ("429", "Rate limited: wait `Retry-After` seconds."),
        ("500", "Server failure; nothing changed."),
    ];
    for (status, when) in cases {
        let code = ErrorCode::from_status(status.parse().unwrap_or(500));
        let mut headers = json!({"X-Request-Id": {"$ref": "#/components/headers/RequestId"}});
        if status == "429" {
            headers["Retry-After"] =
                json!({"$ref": "#/components/headers/RetryAfter", "required": true});
        }
        out.insert(
            response_name(status).into(),
            json!({
                "description": format!("{when} SDK error code {} {}.", code.as_i32(), code.name()),
                "headers": headers,
                "content": {"application/json": {"schema": {"$ref": format!("{REF}ErrorBody")}}},
                "x-sdk-error-code": code.name()
            }),
        );
    }
    Value::Object(out)
}

fn error_body() -> Value {
    json!({
        "description": "A server error body (§2.1). Clients take the SDK code from the HTTP status, the message from `detail` (a list is rendered `loc: msg`), then `message`, then `error` (§2.2).",
        "type": "object",
        "properties": {
            "detail": {"anyOf": [
                {"type": "string"},
                {"type": "array", "items": {"$ref": format!("{REF}ValidationIssue")}}
            ]},
            "type": {"type": "string", "description": "`validation`, `authentication`, `forbidden`, `not_found`, `conflict`, `rate_limited` or `api_error`."},
            "request_id": {"type": "string", "pattern": "^req_[0-9a-f]+$"}
        },
        "required": ["detail"],
        "additionalProperties": true
    })
}

fn validation_issue() -> Value {
    json!({
        "description": "One failing field of a 422 (§2.1).",
        "type": "object",
        "properties": {
            "loc": {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}},
            "msg": {"type": "string"},
            "type": {"type": "string", "description": "`missing`, `string_too_short`, `string_too_long`, `greater_than_equal`, `less_than_equal`, `enum` or `value_error`."}
        },
        "required": ["loc", "msg", "type"],
        "additionalProperties": true
    })
}

/// The variants of wire contract §5.2 that change the document: aliases, optional members the
/// SDK always sends, a second request form, and two extra routes.
fn variants(d: &Description, paths: &mut Map<String, Value>) {
    let schema_of = |paths: &mut Map<String, Value>, path: &str, verb: &str| -> Option<Value> {
        paths
            .get(path)?
            .get(verb)?
            .pointer("/requestBody/content/application~1json/schema")
            .cloned()
    };
    let set = |paths: &mut Map<String, Value>, path: &str, verb: &str, schema: Value| {
        if let Some(op) = paths.get_mut(path).and_then(|p| p.get_mut(verb)) {
            op["requestBody"]["content"]["application/json"]["schema"] = schema;
        }
    };
    // `threshold` for `min_score` (min_score wins when both are sent).
    if let Some(mut s) = schema_of(paths, "/v1/memories/search", "post") {
        s["properties"]["threshold"] = json!({"type": ["number", "null"], "minimum": 0, "maximum": 1,
            "description": "Alias of `min_score` (§5.2)."});
        set(paths, "/v1/memories/search", "post", s);
    }
    // `type` for `entity_type`; `agent_id` optional (account-wide entities, §4.5).
    if let Some(mut s) = schema_of(paths, "/v1/entities", "post") {
        let mut alias =
            json!({"type": ["string", "null"], "description": "Alias of `entity_type` (§5.2)."});
        constrain_with(&mut alias, rules("entities.create", "type"));
        s["properties"]["type"] = alias;
        s["required"] = json!(["name"]);
        let string = json!({"type": "string"});
        s["anyOf"] = json!([
            {"required": ["entity_type"], "properties": {"entity_type": string}},
            {"required": ["type"], "properties": {"type": string}}
        ]);
        set(paths, "/v1/entities", "post", s);
    }
    // Account-wide projects and patterns: `agent_id` is optional on create (§4.8, §4.9).
    for path in ["/v1/projects", "/v1/patterns"] {
        if let Some(mut s) = schema_of(paths, path, "post") {
            if let Some(req) = s["required"].as_array_mut() {
                req.retain(|r| r != "agent_id");
            }
            s["properties"]["agent_id"] = json!({"type": ["string", "null"], "minLength": 1,
                "description": "The creating agent; without it the item is account-wide."});
            set(paths, path, "post", s);
        }
    }
    // Per-item `agent_id` in a batch with no top-level one.
    if let Some(mut s) = schema_of(paths, "/v1/memories/batch", "post") {
        s["required"] = json!(["memories"]);
        s["properties"]["memories"]["items"]["properties"] = json!({
            "agent_id": {"type": ["string", "null"], "description": "Overrides the top-level `agent_id` (§5.2)."}
        });
        set(paths, "/v1/memories/batch", "post", s);
    }
    // Form B of supersede: `{title, rationale, ...}` creates the replacement (201).
    let supersede = "/v1/decisions/{decision_id}/supersede";
    if let Some(mut s) = schema_of(paths, supersede, "post") {
        s["required"] = json!([]);
        for (k, rule) in [
            ("title", text(1, 500)),
            ("rationale", text(1, 50_000)),
            ("alternatives", text(0, 50_000)),
        ] {
            let mut p = json!({"type": ["string", "null"], "description": "Form B (§4.7)."});
            constrain_with(&mut p, rule);
            s["properties"][k] = p;
        }
        s["properties"]["metadata"] =
            json!({"type": ["object", "null"], "description": "Form B (§4.7)."});
        let mut tags = json!({"type": ["array", "null"], "items": {"type": "string"}, "description": "Form B (§4.7)."});
        constrain_with(&mut tags, rules("decisions.create", "tags"));
        s["properties"]["tags"] = tags;
        // Form A when `new_decision_id` is a string; else Form B's title and rationale.
        let string = json!({"type": "string"});
        s["anyOf"] = json!([
            {"required": ["new_decision_id"], "properties": {"new_decision_id": string}},
            {"required": ["title", "rationale"], "properties": {"title": string, "rationale": string}}
        ]);
        set(paths, supersede, "post", s);
        if let Some(op) = paths.get_mut(supersede).and_then(|p| p.get_mut("post")) {
            let mut created = op["responses"]["200"].clone();
            created["description"] = "Form B: the new Decision, created.".into();
            op["responses"]["201"] = created;
        }
    }
    // PATCH /v1/memories/{memory_id} means PUT.
    if let Some(put) = paths
        .get("/v1/memories/{memory_id}")
        .and_then(|p| p.get("put"))
        .cloned()
    {
        let mut patch = put;
        patch["operationId"] = "memories.update (PATCH)".into();
        patch["summary"] = "Same as PUT (§5.2; the MCP server sends it).".into();
        paths["/v1/memories/{memory_id}"]["patch"] = patch;
    }
    // The legacy entity link, `POST /v1/entities/{entity_id}/link {memory_id, relationship?}`.
    if let Some(link) = d
        .methods
        .iter()
        .find(|m| m.spec.path == "/v1/entities/links")
    {
        let mut op = operation(link);
        op["operationId"] = format!("{} (legacy)", link.name()).into();
        op["summary"] = "The legacy route of the entity link (§4.5, §5.2).".into();
        op["parameters"] = json!([
            {"name": "entity_id", "in": "path", "required": true, "schema": {"type": "string", "minLength": 1}},
            {"$ref": "#/components/parameters/IdempotencyKey"}
        ]);
        let s = &mut op["requestBody"]["content"]["application/json"]["schema"];
        if let Some(props) = s["properties"].as_object_mut() {
            props.remove("entity_id");
        }
        s["required"] = json!(["memory_id"]);
        paths.insert("/v1/entities/{entity_id}/link".into(), json!({"post": op}));
    }
}
