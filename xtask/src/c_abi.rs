//! The C ABI's generated Rust source: the named per-method functions
//! (`ffi/src/c_abi/named.rs`) and `mr_status` with its names (`ffi/src/c_abi/status.rs`).
//! Plain Rust, so cbindgen reads it with no macro expansion.

use memoryrelay::methods::{ParamSpec, ParamType, Returns};

use crate::describe::{Description, Method};
use crate::{fmt, Output};

/// `memories.create` → `mr_memories_create`.
pub fn c_name(method: &str) -> String {
    format!("mr_{}", method.replace('.', "_"))
}

fn type_word(ty: ParamType) -> &'static str {
    match ty {
        ParamType::String => "string",
        ParamType::Integer => "int",
        ParamType::Number => "number",
        ParamType::Boolean => "bool",
        ParamType::Object => "object",
        ParamType::StringArray => "array of strings",
        ParamType::ObjectArray => "array of objects",
    }
}

/// `agent_id`* (string), `limit` (int, default 50), `content` (string, sent as `rationale`).
pub fn param_line(p: &ParamSpec) -> String {
    let mut s = format!(
        "`{}`{} ({}",
        p.name,
        if p.required { "*" } else { "" },
        type_word(p.ty)
    );
    if let Some(n) = p.default {
        s.push_str(&format!(", default {n}"));
    }
    if p.wire != p.name {
        s.push_str(&format!(", sent as `{}`", p.wire));
    }
    s.push(')');
    s
}

/// What `*out_json` holds on success.
pub fn result_line(m: &Method) -> String {
    match m.returns() {
        Returns::Model(name) => format!("the {name}"),
        Returns::Page(name) => format!(
            "a list envelope `{{\"object\":\"list\",\"data\":[{name}],\"has_more\",\"next_cursor\",\"total_count\"}}`"
        ),
        Returns::Null => "`null`".into(),
    }
}

/// Doc lines of one method (shared with the C++ wrapper).
pub fn doc_lines(m: &Method) -> Vec<String> {
    let params: Vec<String> = m.params.iter().map(param_line).collect();
    let mut lines = vec![format!("`{}`: {}", m.name(), m.spec.doc)];
    let text = if params.is_empty() {
        "Params: none.".to_string()
    } else {
        format!("Params (* = required): {}.", params.join(", "))
    };
    lines.extend(wrap(&text, 90));
    lines.extend(wrap(&format!("Result: {}.", result_line(m)), 90));
    lines
}

/// Greedy word wrap.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && line.len() + 1 + word.len() > width {
            out.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out.push(line);
    }
    out
}

pub fn named(d: &Description) -> Result<Output, String> {
    let mut s = format!(
        "// {}
//! One named C function per method (`mr_memories_create`, ...), each `mr_call` with the
//! method name fixed: same arguments (minus `method`), same ownership rules, same status
//! codes. \"Params\" lists the members of `params_json` (`*` marks the required ones); the
//! result is the JSON stored in `*out_json` on `MR_OK`.

// Each function's safety contract is mr_call's (\"Same contract as `mr_call`\" in its doc);
// 47 copies of the same `# Safety` section would only bury the per-method docs in the header.
#![allow(clippy::missing_safety_doc)]

use std::ffi::c_char;

use super::call::call_json;
use super::client::mr_client;
use super::status::mr_status;
",
        crate::GENERATED
    );
    for m in &d.methods {
        s.push('\n');
        for line in doc_lines(m) {
            s.push_str(&format!("/// {line}\n"));
        }
        s.push_str(&format!(
            "///
/// Same contract as `mr_call` with the method name fixed.
#[no_mangle]
pub unsafe extern \"C\" fn {}(
    client: *const mr_client,
    params_json: *const c_char,
    out_json: *mut *mut c_char,
) -> mr_status {{
    // SAFETY: the caller upholds mr_call's contract.
    unsafe {{ call_json(client, Ok(\"{}\"), params_json, out_json) }}
}}
",
            c_name(m.name()),
            m.name()
        ));
    }
    Ok(Output {
        path: "ffi/src/c_abi/named.rs".into(),
        text: fmt::rust(&s)?,
    })
}

pub fn status() -> Result<Output, String> {
    let d = Description::load();
    let mut variants = String::new();
    let mut arms = String::new();
    let mut names = String::new();
    for c in d.errors {
        variants.push_str(&format!(
            "    /// {}\n    MR_{} = {},\n",
            c.description(),
            c.name(),
            c.as_i32()
        ));
        arms.push_str(&format!(
            "            ErrorCode::{:?} => mr_status::MR_{},\n",
            c,
            c.name()
        ));
        names.push_str(&format!("    c\"{}\",\n", c.name()));
    }
    let s = format!(
        r#"// {generated}
//! `mr_status`, the C ABI's return code, and `mr_error_name`.
//!
//! The numbers are the contract's stable error codes (section 2.3) plus `MR_OK = 0`, written out
//! from [`memoryrelay_core::ErrorCode`] by the generator; the C ABI keeps its own enum so that the
//! header names the constants `MR_*` and no ABI-visible item depends on how the Rust core spells
//! its enum.

// The variants are named as C callers see them (`MR_OK`, ...); cbindgen copies names verbatim.
#![allow(non_camel_case_types)]

use std::ffi::{{c_char, CStr}};

use memoryrelay_core::ErrorCode;

/// Status code returned by every `mr_*` function that can fail (wire contract section 2.3).
///
/// The values are stable across releases: new codes may be added at the end, existing ones are
/// never renumbered. `mr_error_name()` gives the upper-case name of a code.
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum mr_status {{
{variants}}}

impl From<ErrorCode> for mr_status {{
    fn from(code: ErrorCode) -> mr_status {{
        match code {{
{arms}            // A code newer than this library's table cannot occur (both come from the
            // same crate version); report it as the SDK bug it would be.
            _ => mr_status::MR_INTERNAL,
        }}
    }}
}}

/// NUL-terminated static names, indexed by code; C string literals so `mr_error_name` never
/// allocates and the caller never frees.
const NAMES: &[&CStr] = &[
{names}];

/// The upper-case name of a status code (`"NOT_FOUND"` for 4), or `"UNKNOWN"` for a number that
/// is not a code.
///
/// The string is static: do not free it. Never NULL. Thread-safe.
#[no_mangle]
pub extern "C" fn mr_error_name(code: i32) -> *const c_char {{
    usize::try_from(code)
        .ok()
        .and_then(|i| NAMES.get(i))
        .map_or(c"UNKNOWN".as_ptr(), |name| name.as_ptr())
}}

#[cfg(test)]
mod tests {{
    use super::*;

    #[test]
    fn status_numbers_and_names_mirror_error_code() {{
        assert_eq!(NAMES.len(), ErrorCode::ALL.len());
        for code in ErrorCode::ALL.iter().copied() {{
            let status = mr_status::from(code);
            assert_eq!(status as i32, code.as_i32());
            let name = unsafe {{ CStr::from_ptr(mr_error_name(code.as_i32())) }};
            assert_eq!(name.to_str().unwrap(), code.name());
        }}
    }}

    #[test]
    fn unknown_codes_have_a_static_name() {{
        let past_the_end = ErrorCode::ALL.len() as i32;
        for n in [-1, past_the_end, i32::MAX, i32::MIN] {{
            let name = unsafe {{ CStr::from_ptr(mr_error_name(n)) }};
            assert_eq!(name.to_str().unwrap(), "UNKNOWN");
        }}
    }}
}}
"#,
        generated = crate::GENERATED,
    );
    Ok(Output {
        path: "ffi/src/c_abi/status.rs".into(),
        text: fmt::rust(&s)?,
    })
}
