//! The description every generator reads: methods (with params, result and doc), model
//! schemas, error codes and the auto-paging page size, all taken from the `memoryrelay` crate.

use memoryrelay::methods::{self, MethodSpec, ParamSpec, ParamType, Resource, Returns};
use memoryrelay::ErrorCode;
use serde_json::{Map, Value};

pub struct Method {
    pub spec: &'static MethodSpec,
    pub params: &'static [ParamSpec],
    pub delete: bool,
}

impl Method {
    pub fn name(&self) -> &'static str {
        self.spec.name
    }
    /// `memories` of `memories.create`.
    pub fn resource(&self) -> &'static str {
        self.spec.name.split_once('.').map_or("", |(r, _)| r)
    }
    /// `create` of `memories.create`.
    pub fn verb(&self) -> &'static str {
        self.spec.name.split_once('.').map_or("", |(_, m)| m)
    }
    pub fn returns(&self) -> Returns {
        self.spec.returns
    }
    /// Parameters that are segments of the path, in path order.
    pub fn path_params(&self) -> Vec<&'static ParamSpec> {
        self.spec
            .path
            .split('/')
            .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
            .filter_map(|n| self.params.iter().find(|p| p.name == n))
            .collect()
    }
    pub fn is_path_param(&self, p: &ParamSpec) -> bool {
        self.spec.path.contains(&format!("{{{}}}", p.name))
    }
    /// Whether the parameters travel in a JSON body (POST, PUT) or the query string.
    pub fn has_body(&self) -> bool {
        matches!(self.spec.http_method, "POST" | "PUT")
    }
}

pub struct Description {
    pub methods: Vec<Method>,
    pub resources: &'static [Resource],
    pub schemas: Map<String, Value>,
    pub errors: &'static [ErrorCode],
    pub page_size: u64,
    pub version: &'static str,
}

impl Description {
    pub fn load() -> Description {
        let methods = methods::METHODS
            .iter()
            .map(|spec| Method {
                spec,
                params: methods::params(spec.name).unwrap_or(&[]),
                delete: methods::is_delete(spec.name),
            })
            .collect();
        Description {
            methods,
            resources: &methods::RESOURCES,
            schemas: memoryrelay::models::schemas(),
            errors: ErrorCode::ALL,
            page_size: memoryrelay::paging::DEFAULT_PAGE_SIZE,
            version: env!("CARGO_PKG_VERSION"),
        }
    }

    pub fn of_resource<'a>(&'a self, resource: &'a str) -> impl Iterator<Item = &'a Method> + 'a {
        self.methods
            .iter()
            .filter(move |m| m.resource() == resource)
    }

    /// The model schema called `name` (panics on a name the models do not define: the
    /// method table's unit tests rule that out).
    pub fn schema(&self, name: &str) -> &Value {
        &self.schemas[name]
    }
}

/// The JSON Schema of a parameter type.
pub fn param_schema(ty: ParamType) -> Value {
    use serde_json::json;
    match ty {
        ParamType::String => json!({"type": "string"}),
        ParamType::Integer => json!({"type": "integer"}),
        ParamType::Number => json!({"type": "number"}),
        ParamType::Boolean => json!({"type": "boolean"}),
        ParamType::Object => json!({"type": "object", "additionalProperties": true}),
        ParamType::StringArray => json!({"type": "array", "items": {"type": "string"}}),
        ParamType::ObjectArray => {
            json!({"type": "array", "items": {"type": "object", "additionalProperties": true}})
        }
    }
}

/// `memories` → `Memories`, `get_or_create` → `GetOrCreate`.
pub fn pascal(s: &str) -> String {
    s.split(['_', '.', '-'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}
