//! The C++ wrapper's named methods (`client.memories().create(params)`), written into the two
//! marked regions of include/memoryrelay.hpp (the rest of that file is hand-written).

use crate::c_abi::{c_name, doc_lines};
use crate::describe::{pascal, Description};
use crate::Output;

const PATH: &str = "include/memoryrelay.hpp";

/// Replaces the text between `// BEGIN GENERATED: <tag>` and `// END GENERATED: <tag>` lines.
pub fn replace_region(text: &str, tag: &str, body: &str) -> Result<String, String> {
    let begin = format!("// BEGIN GENERATED: {tag}");
    let end = format!("// END GENERATED: {tag}");
    let b = text
        .find(&begin)
        .ok_or(format!("{PATH}: no `{begin}` line"))?;
    let b = b + text[b..].find('\n').ok_or("unterminated marker")? + 1;
    let e = text[b..]
        .find(&end)
        .ok_or(format!("{PATH}: no `{end}` line"))?
        + b;
    let indent_start = text[..e].rfind('\n').map_or(0, |i| i + 1);
    Ok(format!("{}{}{}", &text[..b], body, &text[indent_start..]))
}

/// `delete` is a C++ keyword: that method is `remove()`.
fn cpp_name(verb: &str) -> &str {
    match verb {
        "delete" => "remove",
        v => v,
    }
}

pub fn generate(d: &Description) -> Result<Output, String> {
    let root = crate::root();
    let current = std::fs::read_to_string(root.join(PATH)).map_err(|e| format!("{PATH}: {e}"))?;
    let mut accessors = format!("    // {}\n", crate::GENERATED);
    let mut classes = format!("// {}\n\nnamespace resources {{\n", crate::GENERATED);
    let mut defs = String::new();
    for res in d.resources {
        let r = res.name;
        let class = pascal(r);
        accessors.push_str(&format!(
            "    /* The {r} methods: client.{r}().<method>(params_json). */\n    resources::{class} {r}() const;\n"
        ));
        classes.push_str(&format!(
            "\n/* The {r} methods; each calls mr_{r}_<method> and returns the result JSON, or throws Error. */\nclass {class} {{\npublic:\n    explicit {class}(const Client &client) noexcept : client_(&client) {{}}\n"
        ));
        for m in d.of_resource(r) {
            classes.push('\n');
            let lines = doc_lines(m);
            for (i, line) in lines.iter().enumerate() {
                let lead = if i == 0 { "/* " } else { " * " };
                classes.push_str(&format!("    {lead}{line}\n"));
            }
            classes.push_str("     */\n");
            let no_required = m.params.iter().all(|p| !p.required);
            let default = if no_required { " = \"{}\"" } else { "" };
            classes.push_str(&format!(
                "    std::string {}(const std::string &params_json{default}) const;\n",
                cpp_name(m.verb())
            ));
            defs.push_str(&format!(
                "inline std::string resources::{class}::{}(const std::string &params_json) const {{\n    return client_->invoke(&{}, params_json);\n}}\n",
                cpp_name(m.verb()),
                c_name(m.name())
            ));
        }
        classes.push_str("\nprivate:\n    const Client *client_;\n};\n");
        defs.push_str(&format!(
            "inline resources::{class} Client::{r}() const {{ return resources::{class}(*this); }}\n"
        ));
    }
    classes.push_str("\n}  // namespace resources\n\n");
    classes.push_str(&defs);
    let text = replace_region(&current, "accessors", &accessors)?;
    let text = replace_region(&text, "resources", &classes)?;
    Ok(Output {
        path: PATH.into(),
        text,
    })
}
