//! The Kotlin SDK's typed skin (bindings/kotlin/src/main/kotlin/dev/memoryrelay/): the models
//! (from their JSON Schemas), one class per resource with a suspend function per method (the
//! Python reference's names in camelCase and its defaults) plus `listAll` Flows, the exception
//! hierarchy (from the error-code table) and the method list. The hand-written runtime beside
//! these files (MemoryRelay.kt, Transport.kt, Json.kt) has no method or model names in it.

use memoryrelay::methods::{ParamSpec, ParamType, Returns};
use serde_json::Value;

use crate::describe::{pascal, Description, Method};
use crate::Output;

macro_rules! kt {
    ($file:literal) => {
        concat!("bindings/kotlin/src/main/kotlin/dev/memoryrelay/", $file)
    };
}

pub fn generate(d: &Description) -> Result<Vec<Output>, String> {
    Ok(vec![
        output(kt!("Models.kt"), models(d)?),
        output(kt!("Resources.kt"), resources(d)?),
        output(kt!("Errors.kt"), errors(d)),
        output(kt!("Methods.kt"), methods(d)),
    ])
}

// `.into()` keeps this working whether `Output::path` is a `&'static str` or a `String`.
#[allow(clippy::useless_conversion)]
fn output(path: &'static str, text: String) -> Output {
    Output {
        path: path.into(),
        text,
    }
}

fn header(imports: &[&str]) -> String {
    let mut s = format!("// {}\n\npackage dev.memoryrelay\n", crate::GENERATED);
    if !imports.is_empty() {
        // ktlint's order: others, java, javax, kotlin, then aliases; each alphabetical.
        let group = |i: &str| {
            if i.contains(" as ") {
                4
            } else if i.starts_with("java.") {
                1
            } else if i.starts_with("javax.") {
                2
            } else if i.starts_with("kotlin.") {
                3
            } else {
                0
            }
        };
        let mut sorted = imports.to_vec();
        sorted.sort_by_key(|i| (group(i), *i));
        s.push('\n');
        for i in sorted {
            s.push_str(&format!("import {i}\n"));
        }
    }
    s
}

/// `agent_id` → `agentId`.
pub fn camel(s: &str) -> String {
    let p = pascal(s);
    let mut c = p.chars();
    c.next()
        .map(|f| f.to_lowercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

const KEYWORDS: &[&str] = &[
    "as",
    "break",
    "class",
    "continue",
    "do",
    "else",
    "false",
    "for",
    "fun",
    "if",
    "in",
    "interface",
    "is",
    "null",
    "object",
    "package",
    "return",
    "super",
    "this",
    "throw",
    "true",
    "try",
    "typealias",
    "typeof",
    "val",
    "var",
    "when",
    "while",
];

/// A Kotlin identifier for a wire or parameter name (keywords in backticks).
fn ident(name: &str) -> String {
    let c = camel(name);
    if KEYWORDS.contains(&c.as_str()) {
        format!("`{c}`")
    } else {
        c
    }
}

/// KDoc text: `*/` cannot appear inside.
fn kdoc_text(s: &str) -> String {
    s.replace("*/", "*&#47;")
}

// ---------------------------------------------------------------------------------------------
// Models

/// What a model member holds.
enum Kind {
    Str,
    Long,
    Double,
    Bool,
    Obj,
    Element,
    Strings,
    Instant,
    Model(String),
    Models(String),
}

/// How a missing or `null` member decodes.
#[derive(PartialEq)]
enum Mode {
    /// Must be present (the schema's `required`).
    Required,
    /// The type's empty value (`""`, `0`, `false`, `{}`, `[]`).
    Empty,
    /// `null`.
    Nullable,
}

struct Field {
    wire: String,
    name: String,
    kind: Kind,
    mode: Mode,
    doc: Option<String>,
}

fn ref_name(v: &Value) -> Option<String> {
    v.get("$ref")?
        .as_str()?
        .rsplit('/')
        .next()
        .map(str::to_owned)
}

/// The first non-null JSON type of a schema, and whether `null` is allowed.
fn base_type(prop: &Value) -> Option<&str> {
    match prop.get("type")? {
        Value::String(t) => Some(t.as_str()),
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).find(|t| *t != "null"),
        _ => None,
    }
}

fn field(model: &str, wire: &str, prop: &Value, required: bool) -> Result<Field, String> {
    let default = prop.get("default");
    let mode = if required {
        Mode::Required
    } else if default.is_none_or(Value::is_null) {
        Mode::Nullable
    } else {
        Mode::Empty
    };
    // A `$ref`, bare or in an `anyOf` with null.
    let target =
        ref_name(prop).or_else(|| prop.get("anyOf")?.as_array()?.iter().find_map(ref_name));
    let kind = if let Some(t) = target {
        if t == "Timestamp" {
            Kind::Instant
        } else {
            Kind::Model(t)
        }
    } else {
        match base_type(prop) {
            Some("string") => Kind::Str,
            Some("integer") => Kind::Long,
            Some("number") => Kind::Double,
            Some("boolean") => Kind::Bool,
            Some("object") => Kind::Obj,
            Some("array") => {
                let items = prop.get("items").unwrap_or(&Value::Null);
                match (ref_name(items), base_type(items)) {
                    (Some(r), _) => Kind::Models(r),
                    (None, Some("string")) => Kind::Strings,
                    _ => return Err(format!("{model}.{wire}: unsupported array items {items}")),
                }
            }
            // `true`, `{}` or an `anyOf` of anything: any JSON value.
            _ => Kind::Element,
        }
    };
    let mode = match (&kind, mode) {
        // A timestamp or any-value member has no empty value of its own.
        (Kind::Instant | Kind::Element, Mode::Empty) => Mode::Nullable,
        (_, m) => m,
    };
    Ok(Field {
        wire: wire.to_owned(),
        name: ident(wire),
        kind,
        mode,
        doc: prop
            .get("description")
            .and_then(Value::as_str)
            .map(str::to_owned),
    })
}

impl Field {
    fn base_type(&self) -> String {
        match &self.kind {
            Kind::Str => "String".into(),
            Kind::Long => "Long".into(),
            Kind::Double => "Double".into(),
            Kind::Bool => "Boolean".into(),
            Kind::Obj => "JsonObject".into(),
            Kind::Element => "JsonElement".into(),
            Kind::Strings => "List<String>".into(),
            Kind::Instant => "Instant".into(),
            Kind::Model(m) => m.clone(),
            Kind::Models(m) => format!("List<{m}>"),
        }
    }

    fn ty(&self) -> String {
        match self.mode {
            Mode::Nullable => format!("{}?", self.base_type()),
            _ => self.base_type(),
        }
    }

    /// The constructor default (none for required members).
    fn default(&self) -> Option<String> {
        Some(match self.mode {
            Mode::Required => return None,
            Mode::Nullable => "null".into(),
            Mode::Empty => match &self.kind {
                Kind::Str => "\"\"".into(),
                Kind::Long => "0".into(),
                Kind::Double => "0.0".into(),
                Kind::Bool => "false".into(),
                Kind::Obj => "JsonObject(emptyMap())".into(),
                Kind::Strings | Kind::Models(_) => "emptyList()".into(),
                Kind::Model(m) => format!("{m}.fromJson(JsonObject(emptyMap()))"),
                Kind::Element | Kind::Instant => "null".into(),
            },
        })
    }

    /// The `Fields` reader call that decodes the member.
    fn decode(&self) -> String {
        let (prefix, suffix) = match self.mode {
            Mode::Required => ("req", ""),
            Mode::Empty => ("", ""),
            Mode::Nullable => ("", "OrNull"),
        };
        let (kind, arg) = match &self.kind {
            Kind::Str => ("str", String::new()),
            Kind::Long => ("long", String::new()),
            Kind::Double => ("double", String::new()),
            Kind::Bool => ("bool", String::new()),
            Kind::Obj => ("obj", String::new()),
            Kind::Element => ("element", String::new()),
            Kind::Strings => ("strings", String::new()),
            Kind::Instant => ("instant", String::new()),
            Kind::Model(m) => ("model", format!(" {{ {m}.fromJson(it) }}")),
            Kind::Models(m) => ("models", format!(" {{ {m}.fromJson(it) }}")),
        };
        let name = if prefix.is_empty() {
            format!("{kind}{suffix}")
        } else {
            format!("{prefix}{}{suffix}", pascal(kind))
        };
        format!("f.{name}(\"{}\"){arg}", self.wire)
    }
}

/// The list models that list methods return (`MemoryList` for `Page("Memory")`), by item.
fn page_models(d: &Description) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for m in &d.methods {
        if let Returns::Page(item) = m.returns() {
            let list = format!("{item}List");
            if !out.iter().any(|(l, _)| *l == list) {
                out.push((list, item.to_owned()));
            }
        }
    }
    out
}

fn models(d: &Description) -> Result<String, String> {
    let mut s = header(&[
        "java.time.Instant",
        "kotlinx.serialization.Serializable",
        "kotlinx.serialization.json.JsonElement",
        "kotlinx.serialization.json.JsonObject",
        "kotlinx.serialization.json.buildJsonObject",
    ]);
    let pages = page_models(d);
    for (name, schema) in &d.schemas {
        if name == "Timestamp" {
            continue;
        }
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let Some(Value::Object(props)) = schema.get("properties") else {
            return Err(format!("model {name} has no properties"));
        };
        let fields = props
            .iter()
            .map(|(wire, prop)| field(name, wire, prop, required.contains(&wire.as_str())))
            .collect::<Result<Vec<_>, _>>()?;
        s.push('\n');
        let doc = schema
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or("A model of the wire contract (docs/wire-contract.md §4.1).");
        s.push_str(&format!(
            "/**\n * {}\n *\n * Decoding is lenient: a member that is missing or `null` gets its default; unknown\n * members are kept in [extra].\n */\n",
            kdoc_text(doc).replace('\n', "\n * ")
        ));
        s.push_str(&format!("@Serializable(with = {name}.Serializer::class)\n"));
        s.push_str(&format!("data class {name}(\n"));
        for f in &fields {
            if let Some(doc) = &f.doc {
                s.push_str(&format!("    /** {} */\n", kdoc_text(doc)));
            }
            let default = f.default().map(|d| format!(" = {d}")).unwrap_or_default();
            let over = if pages.iter().any(|(l, _)| l == name)
                && ["data", "has_more"].contains(&f.wire.as_str())
            {
                "override "
            } else {
                ""
            };
            s.push_str(&format!("    {over}val {}: {}{default},\n", f.name, f.ty()));
        }
        s.push_str("    /** Members this version of the SDK does not know, kept as sent. */\n");
        s.push_str("    val extra: Map<String, JsonElement> = emptyMap(),\n");
        let page = pages.iter().find(|(l, _)| l == name);
        match page {
            Some((_, item)) => s.push_str(&format!(") : JsonModel,\n    Page<{item}> {{\n")),
            None => s.push_str(") : JsonModel {\n"),
        }
        s.push_str("    override fun toJson(): JsonObject =\n        buildJsonObject {\n");
        for f in &fields {
            s.push_str(&format!(
                "            put(\"{}\", jsonOf({}))\n",
                f.wire, f.name
            ));
        }
        s.push_str("            extra.forEach { (key, value) -> put(key, value) }\n        }\n\n");
        s.push_str(&format!(
            "    /** The kotlinx.serialization serializer of [{name}] (JSON formats only). */\n    object Serializer : ModelSerializer<{name}>(\"dev.memoryrelay.{name}\") {{\n        override fun decode(json: JsonObject): {name} = fromJson(json)\n    }}\n\n"
        ));
        s.push_str(&format!(
            "    companion object {{\n        /** Decodes a [{name}] from its JSON object. */\n        fun fromJson(json: JsonObject): {name} {{\n            val f = Fields(json, \"{name}\")\n            return {name}(\n"
        ));
        for f in &fields {
            s.push_str(&format!("                {} = {},\n", f.name, f.decode()));
        }
        s.push_str("                extra = f.extra(),\n            )\n        }\n    }\n}\n");
    }
    Ok(s)
}

// ---------------------------------------------------------------------------------------------
// Resources

fn param_type(p: &ParamSpec) -> &'static str {
    match p.ty {
        ParamType::String => "String",
        ParamType::Integer => "Int",
        ParamType::Number => "Double",
        ParamType::Boolean => "Boolean",
        ParamType::Object => "Map<String, Any?>",
        ParamType::StringArray => "List<String>",
        ParamType::ObjectArray => "List<Map<String, Any?>>",
    }
}

fn param_decl(p: &ParamSpec) -> String {
    let ty = param_type(p);
    match (p.required, p.default) {
        (true, _) => format!("{}: {ty}", ident(p.name)),
        (false, Some(d)) => format!("{}: {ty} = {d}", ident(p.name)),
        (false, None) => format!("{}: {ty}? = null", ident(p.name)),
    }
}

/// The Kotlin result type of a method.
fn result_type(m: &Method) -> String {
    match m.returns() {
        Returns::Model(x) => x.to_owned(),
        Returns::Page(x) => format!("{x}List"),
        Returns::Null => "Unit".into(),
    }
}

fn method_name(m: &Method) -> String {
    ident(m.verb())
}

fn signature(name: &str, params: &[String], ret: &str, suspend: bool) -> String {
    let fun = if suspend { "suspend fun" } else { "fun" };
    // ktlint_official: one line for fewer than two parameters when it fits.
    if params.len() < 2 {
        let line = format!("    {fun} {name}({}): {ret}", params.join(""));
        if line.len() + 2 <= 140 {
            return line;
        }
    }
    let mut s = format!("    {fun} {name}(\n");
    for p in params {
        s.push_str(&format!("        {p},\n"));
    }
    s.push_str(&format!("    ): {ret}"));
    s
}

fn method(m: &Method) -> String {
    let ret = result_type(m);
    let mut s = format!(
        "\n    /**\n     * {}\n     *\n     * `{}`: {} {}.\n     */\n",
        kdoc_text(m.spec.doc),
        m.name(),
        m.spec.http_method,
        m.spec.path
    );
    let decls: Vec<String> = m.params.iter().map(param_decl).collect();
    s.push_str(&signature(&method_name(m), &decls, &ret, true));
    let call = match m.returns() {
        Returns::Null => "send",
        _ => "call",
    };
    s.push_str(&format!(" =\n        transport.{call}(\n"));
    s.push_str(&format!("            \"{}\",\n", m.name()));
    if m.params.is_empty() {
        s.push_str("            Params().build(),\n");
    } else {
        s.push_str("            Params()\n");
        for p in m.params {
            // Ids (path segments, required `*_id` parameters) must not be blank.
            let is_id = m.is_path_param(p)
                || (p.required && p.ty == ParamType::String && p.name.ends_with("_id"));
            let put = if is_id { "id" } else { "put" };
            s.push_str(&format!(
                "                .{put}(\"{}\", \"{}\", {})\n",
                p.name,
                camel(p.name),
                ident(p.name)
            ));
        }
        s.push_str("                .build(),\n");
    }
    match m.returns() {
        Returns::Model(x) => s.push_str(&format!("        ) {{ {x}.fromJson(objectOf(it)) }}\n")),
        Returns::Page(x) => {
            s.push_str(&format!("        ) {{ {x}List.fromJson(objectOf(it)) }}\n"))
        }
        Returns::Null => s.push_str("        )\n"),
    }
    s
}

/// `listAll`: every item of a list method as a cold Flow, page by page.
fn list_all(m: &Method, item: &str) -> Result<String, String> {
    let has = |n: &str| m.params.iter().any(|p| p.name == n);
    if !has("limit") || !has("offset") {
        return Err(format!(
            "{}: a list method needs limit and offset",
            m.name()
        ));
    }
    let filters: Vec<&ParamSpec> = m
        .params
        .iter()
        .filter(|p| p.name != "limit" && p.name != "offset")
        .collect();
    let mut decls: Vec<String> = filters.iter().map(|p| param_decl(p)).collect();
    decls.push("pageSize: Int = Methods.PAGE_SIZE".into());
    decls.push("offset: Int = 0".into());
    let mut s = format!(
        "\n    /**\n     * Every item of `{}` as a cold [Flow], fetched [pageSize] at a time from [offset].\n     */\n",
        m.name()
    );
    s.push_str(&signature(
        "listAll",
        &decls,
        &format!("Flow<{item}>"),
        false,
    ));
    s.push_str(" =\n        pages(pageSize, offset) { limit, from ->\n            list(\n");
    for p in &filters {
        s.push_str(&format!("                {0} = {0},\n", ident(p.name)));
    }
    s.push_str("                limit = limit,\n                offset = from,\n            )\n        }\n");
    Ok(s)
}

fn resources(d: &Description) -> Result<String, String> {
    let mut s = header(&["kotlinx.coroutines.flow.Flow"]);
    s.push_str(
        "\n/** The resources of a [MemoryRelay] client, one property per resource of the contract. */\nabstract class ClientResources internal constructor(\n    transport: Transport,\n) {\n",
    );
    let resources = resources_of(d);
    for (i, r) in resources.iter().enumerate() {
        if i > 0 {
            s.push('\n');
        }
        s.push_str(&format!(
            "    /** The `{r}` methods. */\n    val {}: {} = {}(transport)\n",
            ident(r),
            pascal(r),
            pascal(r)
        ));
    }
    s.push_str("}\n");
    for r in &resources {
        let r = *r;
        s.push_str(&format!(
            "\n/** The `{r}` methods of wire contract §6 (`client.{}.<method>(...)`). */\nclass {} internal constructor(\n    private val transport: Transport,\n) {{",
            ident(r),
            pascal(r)
        ));
        for m in d.of_resource(r) {
            s.push_str(&method(m));
            if let Returns::Page(item) = m.returns() {
                s.push_str(&list_all(m, item)?);
            }
        }
        s.push_str("}\n");
    }
    Ok(s)
}

/// The resources, in the order of their first method (the contract's §6 order).
fn resources_of(d: &Description) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for m in &d.methods {
        if !out.contains(&m.resource()) {
            out.push(m.resource());
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Errors and the method list

fn errors(d: &Description) -> String {
    let mut s = header(&[
        "kotlin.time.Duration",
        "kotlinx.serialization.json.JsonElement",
        "dev.memoryrelay.ffi.MemoryRelayException as NativeError",
    ]);
    s.push_str("\n/** The stable error codes of wire contract §2.3 (the same numbers in every binding). */\nenum class ErrorCode(\n    /** The code's number (the C ABI's `mr_status`). */\n    val number: Int,\n) {\n");
    let codes: Vec<_> = d.errors.iter().filter(|c| c.as_i32() != 0).collect();
    for (i, c) in codes.iter().enumerate() {
        if i > 0 {
            s.push('\n');
        }
        s.push_str(&format!(
            "    /** {} */\n    {}({}),\n",
            kdoc_text(c.description()),
            c.name(),
            c.as_i32()
        ));
    }
    s.push_str("    ;\n\n    companion object {\n        /** The code with this number, if any. */\n        fun of(number: Int): ErrorCode? = entries.firstOrNull { it.number == number }\n    }\n}\n");
    s.push_str(
        "\n/**\n * Every error the SDK raises: one subclass per [ErrorCode], each with the same fields.\n *\n * [status] is the HTTP status (null when no response was received), [requestId] the server's\n * request id, [retryAfter] the server's Retry-After, [details] the server's validation list\n * (a JSON array) and [body] the raw response body.\n */\nsealed class MemoryRelayException(\n    message: String,\n    val code: ErrorCode,\n    val status: Int?,\n    val requestId: String?,\n    val retryAfter: Duration?,\n    val details: JsonElement?,\n    val body: String?,\n) : Exception(message) {\n",
    );
    for c in &codes {
        let class = format!("{c:?}");
        s.push_str(&format!(
            "    /** {} */\n    class {class}(\n        message: String,\n        status: Int? = null,\n        requestId: String? = null,\n        retryAfter: Duration? = null,\n        details: JsonElement? = null,\n        body: String? = null,\n    ) : MemoryRelayException(message, ErrorCode.{}, status, requestId, retryAfter, details, body)\n\n",
            kdoc_text(c.description()),
            c.name()
        ));
    }
    s.push_str("    companion object {\n        /** The exception of [code] with these fields. */\n        fun of(\n            code: ErrorCode,\n            message: String,\n            status: Int? = null,\n            requestId: String? = null,\n            retryAfter: Duration? = null,\n            details: JsonElement? = null,\n            body: String? = null,\n        ): MemoryRelayException =\n            when (code) {\n");
    for c in &codes {
        s.push_str(&format!(
            "                ErrorCode.{} -> {:?}(message, status, requestId, retryAfter, details, body)\n",
            c.name(),
            c
        ));
    }
    s.push_str("            }\n    }\n}\n");
    s.push_str("\n/** The SDK exception for an error of the native layer. */\ninternal fun NativeError.toException(): MemoryRelayException =\n    when (this) {\n");
    for c in &codes {
        s.push_str(&format!(
            "        is NativeError.{:?} -> native(ErrorCode.{}, reason, status, requestId, retryAfter, details, body)\n",
            c,
            c.name()
        ));
    }
    s.push_str("    }\n");
    s
}

fn methods(d: &Description) -> String {
    let mut s = header(&[]);
    s.push_str(&format!(
        "\n/** The method table: the names `MemoryRelay.call` accepts and the auto-paging size. */\nobject Methods {{\n    /** Items a page of the `listAll` flows when none is given (the same in every binding). */\n    const val PAGE_SIZE: Int = {}\n\n    /** The {} methods, `resource.method`, in the contract's §6 order. */\n    val ALL: List<String> =\n        listOf(\n",
        d.page_size,
        d.methods.len()
    ));
    for m in &d.methods {
        s.push_str(&format!("            \"{}\",\n", m.name()));
    }
    s.push_str("        )\n}\n");
    s
}
