//! The Rust client's typed resources, `src/resources/<resource>.rs`: one accessor per
//! resource (`client.memories()`), required parameters as arguments, the optional ones in an
//! options struct (or one `Option<&str>` when a method has a single optional string), and
//! `list_all` for every list method. `src/resources/mod.rs` (modes, shared plumbing,
//! `ListOptions`) stays hand-written.

use memoryrelay::methods::{ParamSpec, ParamType, Returns};

use crate::describe::{pascal, Description, Method};
use crate::{fmt, Output};

/// Options-struct names kept from before the generator (public API).
const STRUCT_NAMES: &[(&str, &str)] = &[("memories.search", "SearchOptions")];

/// The `[obj]` parameters whose items are a model: (method, param, Rust item type).
const OBJECT_ITEMS: &[(&str, &str, &str)] = &[("memories.batch_create", "memories", "BatchItem")];

fn singular(resource: &str) -> String {
    let one = if let Some(stem) = resource.strip_suffix("ies") {
        format!("{stem}y")
    } else {
        resource.trim_end_matches('s').to_string()
    };
    pascal(&one)
}

fn is_paging(p: &ParamSpec) -> bool {
    matches!(p.name, "limit" | "offset") && p.default.is_some()
}

/// How a method takes its optional parameters.
enum Optional {
    None,
    /// One optional string: `Option<&str>`.
    Arg(&'static ParamSpec),
    /// An options struct, by name; `shared` when it is `ListOptions` from mod.rs.
    Struct {
        name: String,
        shared: bool,
    },
}

fn optional(m: &Method) -> Optional {
    let opts: Vec<&'static ParamSpec> = m.params.iter().filter(|p| !p.required).collect();
    if opts.is_empty() {
        return Optional::None;
    }
    if opts.len() == 1 && opts[0].ty == ParamType::String {
        return Optional::Arg(opts[0]);
    }
    if let Some((_, name)) = STRUCT_NAMES.iter().find(|s| s.0 == m.name()) {
        return Optional::Struct {
            name: name.to_string(),
            shared: false,
        };
    }
    let verb = pascal(m.verb());
    let name = match m.verb() {
        "update" => format!("Update{}", singular(m.resource())),
        "list" if opts.iter().all(|p| is_paging(p)) => {
            return Optional::Struct {
                name: "ListOptions".into(),
                shared: true,
            }
        }
        v if v.contains("create") => format!("{verb}{}Options", singular(m.resource())),
        _ => format!("{verb}{}Options", pascal(m.resource())),
    };
    Optional::Struct {
        name,
        shared: false,
    }
}

fn field_type(ty: ParamType) -> &'static str {
    match ty {
        ParamType::String => "String",
        ParamType::Integer => "u32",
        ParamType::Number => "f64",
        ParamType::Boolean => "bool",
        ParamType::Object => "Value",
        ParamType::StringArray => "Vec<String>",
        ParamType::ObjectArray => "Vec<Value>",
    }
}

fn arg_type(m: &Method, p: &ParamSpec) -> String {
    match p.ty {
        ParamType::String => "&str".into(),
        ParamType::ObjectArray => OBJECT_ITEMS
            .iter()
            .find(|o| o.0 == m.name() && o.1 == p.name)
            .map_or("Vec<Value>".into(), |o| format!("Vec<{}>", o.2)),
        ty => field_type(ty).into(),
    }
}

fn result_type(m: &Method) -> String {
    match m.returns() {
        Returns::Model(n) => n.to_string(),
        Returns::Page(n) => format!("Page<{n}>"),
        Returns::Null => "()".into(),
    }
}

fn options_struct(m: &Method, name: &str) -> String {
    let update = m.verb() == "update";
    let doc = if update {
        format!("/// Fields of `{}`; at least one must be set.", m.name())
    } else {
        format!("/// Optional arguments of `{}`.", m.name())
    };
    let mut s =
        format!("\n{doc}\n#[derive(Debug, Clone, Default, Serialize)]\npub struct {name} {{\n");
    for p in m.params.iter().filter(|p| !p.required) {
        let mut notes = Vec::new();
        if let Some(n) = p.default {
            notes.push(format!("Default {n}."));
        }
        if p.wire != p.name {
            notes.push(format!("Sent as `{}`.", p.wire));
        }
        if p.clears {
            notes.push("`\"\"` clears it.".into());
        }
        if !notes.is_empty() {
            s.push_str(&format!("    /// {}\n", notes.join(" ")));
        }
        s.push_str(&format!(
            "    #[serde(skip_serializing_if = \"Option::is_none\")]\n    pub {}: Option<{}>,\n",
            p.name,
            field_type(p.ty)
        ));
    }
    s.push_str("}\n");
    s
}

fn json_of(params: &[&ParamSpec]) -> String {
    let members: Vec<String> = params
        .iter()
        .map(|p| format!("\"{0}\": {0}", p.name))
        .collect();
    format!("json!({{{}}})", members.join(", "))
}

fn method(m: &Method) -> String {
    let required: Vec<&ParamSpec> = m.params.iter().filter(|p| p.required).collect();
    let mut args: Vec<String> = required
        .iter()
        .map(|p| format!("{}: {}", p.name, arg_type(m, p)))
        .collect();
    let ret = result_type(m);
    let (params, pages_params) = match optional(m) {
        Optional::None => (json_of(&required), None),
        Optional::Arg(p) => {
            args.push(format!("{}: Option<&str>", p.name));
            let mut all = required.clone();
            all.push(p);
            (json_of(&all), None)
        }
        Optional::Struct { name, .. } => {
            let arg = if m.verb() == "update" {
                "update"
            } else {
                "opts"
            };
            args.push(format!("{arg}: {name}"));
            let p = format!("params({}, &{arg})", json_of(&required));
            (p.clone(), Some((name, p)))
        }
    };
    let call = if m.delete { "call_unit" } else { "call" };
    let mut s = format!(
        "\n    /// {}\n    ///\n    /// The `{}` method.\n    pub fn {}(&self, {}) -> M::Output<{ret}> {{\n        self.ctx.{call}(\"{}\", {params})\n    }}\n",
        m.spec.doc,
        m.name(),
        m.verb(),
        args.join(", "),
        m.name(),
    );
    if let (Returns::Page(item), Some((name, p))) = (m.returns(), pages_params) {
        let mut largs: Vec<String> = required
            .iter()
            .map(|p| format!("{}: &str", p.name))
            .collect();
        largs.push(format!("opts: {name}"));
        s.push_str(&format!(
            "\n    /// Every item of `{}`, fetched page by page (`opts.limit` is the page size,\n    /// [`crate::paging::DEFAULT_PAGE_SIZE`] when unset).\n    pub fn list_all(&self, {}) -> M::Items<{item}> {{\n        self.ctx.pages(\"{}\", {p})\n    }}\n",
            m.name(),
            largs.join(", "),
            m.name(),
        ));
    }
    s
}

pub fn generate(d: &Description) -> Result<Vec<Output>, String> {
    let mut out = Vec::new();
    for res in d.resources {
        let r = res.name;
        let mut models: Vec<String> = Vec::new();
        let mut structs = String::new();
        let mut methods = String::new();
        let mut uses_params = false;
        let mut uses_list_options = false;
        let mut uses_value = false;
        for m in d.of_resource(r) {
            match m.returns() {
                Returns::Model(n) => models.push(n.into()),
                Returns::Page(n) => {
                    models.push(n.into());
                    models.push("Page".into());
                }
                Returns::Null => {}
            }
            if let Some(o) = OBJECT_ITEMS.iter().find(|o| o.0 == m.name()) {
                models.push(o.2.into());
            }
            if let Optional::Struct { name, shared } = optional(m) {
                uses_params = true;
                if shared {
                    uses_list_options = true;
                } else {
                    uses_value |= m
                        .params
                        .iter()
                        .any(|p| !p.required && p.ty == ParamType::Object);
                    structs.push_str(&options_struct(m, &name));
                }
            }
            methods.push_str(&method(m));
        }
        models.sort();
        models.dedup();
        let mut sup = vec!["resource", "Mode"];
        if uses_params {
            sup.insert(0, "params");
        }
        if uses_list_options {
            sup.insert(sup.len() - 1, "ListOptions");
        }
        let serde_use = if structs.is_empty() {
            ""
        } else {
            "use serde::Serialize;\n"
        };
        let json_use = if uses_value {
            "use serde_json::{json, Value};\n"
        } else {
            "use serde_json::json;\n"
        };
        let text = format!(
            "// {gen}
//! `client.{r}()`: {doc}

{serde_use}{json_use}
use super::{{{sup}}};
use crate::models::{{{models}}};

resource!(
    /// {doc}
    {class}
);
{structs}
impl<'a, M: Mode> {class}<'a, M> {{{methods}}}
",
            gen = crate::GENERATED,
            doc = res.doc,
            sup = sup.join(", "),
            models = models.join(", "),
            class = pascal(r),
        );
        out.push(Output {
            path: format!("src/resources/{r}.rs"),
            text: fmt::rust(&text)?,
        });
    }
    Ok(out)
}
