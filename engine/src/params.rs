//! Typed, located access to request parameters with contract-shaped 422 errors.
//!
//! A `Params` wraps either a JSON body (values typed as sent) or a query string (every value a
//! string, parsed on access). Getters record problems instead of failing early, so one 422 lists
//! every bad field; `finish` turns them into an error. `null` counts as absent (§1.4) and unknown
//! keys are ignored (§5.2).

use serde_json::{Map, Value};

use crate::error::{Error, FieldError, Result};

/// Deepest nesting accepted in a stored JSON value (metadata, stack). Responses wrap a stored
/// value in a few more levels, and every client must be able to read any response back; a
/// JSON parser's default recursion limit (serde_json's, Python's) is 128 or more.
pub const MAX_DEPTH: usize = 32;

/// Nesting depth of a value: a scalar is 0, `{}` and `[]` are 1. Iterative, so a hostile
/// value cannot overflow the stack here.
pub fn depth(v: &Value) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(v, 0usize)];
    while let Some((v, d)) = stack.pop() {
        let children: Box<dyn Iterator<Item = &Value>> = match v {
            Value::Object(m) => Box::new(m.values()),
            Value::Array(a) => Box::new(a.iter()),
            _ => continue,
        };
        deepest = deepest.max(d + 1);
        stack.extend(children.map(|c| (c, d + 1)));
    }
    deepest
}

pub struct Params {
    map: Map<String, Value>,
    prefix: Vec<Value>,
    from_query: bool,
    errors: Vec<FieldError>,
}

impl Params {
    pub fn body(map: Map<String, Value>) -> Params {
        Params {
            map,
            prefix: vec![Value::from("body")],
            from_query: false,
            errors: Vec::new(),
        }
    }

    pub fn query(map: Map<String, Value>) -> Params {
        Params {
            map,
            prefix: vec![Value::from("query")],
            from_query: true,
            errors: Vec::new(),
        }
    }

    /// A nested object (a batch item), located under `prefix`.
    pub fn nested(map: Map<String, Value>, prefix: Vec<Value>) -> Params {
        Params {
            map,
            prefix,
            from_query: false,
            errors: Vec::new(),
        }
    }

    pub fn loc(&self, key: &str) -> Vec<Value> {
        let mut l = self.prefix.clone();
        l.push(Value::from(key));
        l
    }

    pub fn fail(&mut self, key: &str, msg: impl Into<String>, kind: &'static str) {
        let loc = self.loc(key);
        self.errors.push(FieldError {
            loc,
            msg: msg.into(),
            kind,
        });
    }

    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    pub fn finish(self) -> Result<()> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(Error::Validation(self.errors))
        }
    }

    /// Whether the key is present and not null.
    pub fn present(&self, key: &str) -> bool {
        !matches!(self.map.get(key), None | Some(Value::Null))
    }

    fn raw(&self, key: &str) -> Option<&Value> {
        match self.map.get(key) {
            None | Some(Value::Null) => None,
            Some(v) => Some(v),
        }
    }

    pub fn raw_value(&self, key: &str) -> Option<Value> {
        self.raw(key).cloned()
    }

    /// An optional string of `min..=max` Unicode scalar values.
    pub fn str_opt(&mut self, key: &str, min: usize, max: usize) -> Option<String> {
        let v = self.raw(key)?.clone();
        let Value::String(s) = v else {
            self.fail(key, "Input should be a valid string", "value_error");
            return None;
        };
        let n = s.chars().count();
        if n < min {
            self.fail(
                key,
                format!("String should have at least {min} character{}", plural(min)),
                "string_too_short",
            );
            return None;
        }
        if n > max {
            self.fail(
                key,
                format!("String should have at most {max} characters"),
                "string_too_long",
            );
            return None;
        }
        Some(s)
    }

    pub fn str_req(&mut self, key: &str, min: usize, max: usize) -> Option<String> {
        if !self.present(key) {
            self.fail(key, "Field required", "missing");
            return None;
        }
        self.str_opt(key, min, max)
    }

    /// A required text that must also not be only whitespace (content, query).
    pub fn text_req(&mut self, key: &str, max: usize) -> Option<String> {
        let s = self.str_req(key, 1, max)?;
        if s.trim().is_empty() {
            self.fail(key, "Value must not be only whitespace", "value_error");
            return None;
        }
        Some(s)
    }

    pub fn text_opt(&mut self, key: &str, max: usize) -> Option<String> {
        let s = self.str_opt(key, 1, max)?;
        if s.trim().is_empty() {
            self.fail(key, "Value must not be only whitespace", "value_error");
            return None;
        }
        Some(s)
    }

    pub fn enum_opt(&mut self, key: &str, allowed: &[&str]) -> Option<String> {
        let s = self.str_opt(key, 0, usize::MAX)?;
        if allowed.contains(&s.as_str()) {
            Some(s)
        } else {
            self.fail(
                key,
                format!("Input should be one of: {}", allowed.join(", ")),
                "enum",
            );
            None
        }
    }

    pub fn f64_opt(&mut self, key: &str, min: f64, max: f64) -> Option<f64> {
        let v = self.raw(key)?.clone();
        let n = match (&v, self.from_query) {
            (Value::Number(n), _) => n.as_f64(),
            (Value::String(s), true) => s.trim().parse::<f64>().ok().filter(|f| f.is_finite()),
            _ => None,
        };
        let Some(n) = n else {
            self.fail(key, "Input should be a valid number", "value_error");
            return None;
        };
        self.check_range(key, n, min, max).then_some(n)
    }

    pub fn i64_opt(&mut self, key: &str, min: i64, max: i64) -> Option<i64> {
        let v = self.raw(key)?.clone();
        let n = match (&v, self.from_query) {
            (Value::Number(n), _) => n
                .as_i64()
                .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64)),
            (Value::String(s), true) => s.trim().parse::<i64>().ok(),
            _ => None,
        };
        let Some(n) = n else {
            self.fail(key, "Input should be a valid integer", "value_error");
            return None;
        };
        self.check_range(key, n as f64, min as f64, max as f64)
            .then_some(n)
    }

    fn check_range(&mut self, key: &str, n: f64, min: f64, max: f64) -> bool {
        if n < min {
            self.fail(
                key,
                format!("Input should be greater than or equal to {}", num(min)),
                "greater_than_equal",
            );
            false
        } else if n > max {
            self.fail(
                key,
                format!("Input should be less than or equal to {}", num(max)),
                "less_than_equal",
            );
            false
        } else {
            true
        }
    }

    pub fn bool_opt(&mut self, key: &str) -> Option<bool> {
        let v = self.raw(key)?.clone();
        let b = match (&v, self.from_query) {
            (Value::Bool(b), _) => Some(*b),
            (Value::String(s), true) => match s.to_ascii_lowercase().as_str() {
                "true" | "1" | "yes" | "on" => Some(true),
                "false" | "0" | "no" | "off" => Some(false),
                _ => None,
            },
            _ => None,
        };
        if b.is_none() {
            self.fail(key, "Input should be a valid boolean", "value_error");
        }
        b
    }

    /// An optional object, nested at most [`MAX_DEPTH`] levels (the object itself is one).
    pub fn object_opt(&mut self, key: &str) -> Option<Map<String, Value>> {
        let too_deep = depth(self.raw(key)?) > MAX_DEPTH;
        match self.raw(key)?.clone() {
            Value::Object(_) if too_deep => {
                self.fail(
                    key,
                    format!("Value should be nested at most {MAX_DEPTH} levels deep"),
                    "value_error",
                );
                None
            }
            Value::Object(m) => Some(m),
            _ => {
                self.fail(key, "Input should be a valid dictionary", "value_error");
                None
            }
        }
    }

    /// `tags`: at most 20 strings of 1–100 characters.
    pub fn tags_opt(&mut self, key: &str) -> Option<Vec<String>> {
        let v = self.raw(key)?.clone();
        let Value::Array(items) = v else {
            self.fail(key, "Input should be a valid list", "value_error");
            return None;
        };
        if items.len() > 20 {
            self.fail(key, "List should have at most 20 items", "value_error");
            return None;
        }
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.into_iter().enumerate() {
            let mut loc = self.loc(key);
            loc.push(Value::from(i));
            match item {
                Value::String(s) if (1..=100).contains(&s.chars().count()) => out.push(s),
                Value::String(s) => {
                    let (msg, kind) = if s.is_empty() {
                        (
                            "String should have at least 1 character",
                            "string_too_short",
                        )
                    } else {
                        (
                            "String should have at most 100 characters",
                            "string_too_long",
                        )
                    };
                    self.errors.push(FieldError {
                        loc,
                        msg: msg.into(),
                        kind,
                    });
                }
                _ => self.errors.push(FieldError {
                    loc,
                    msg: "Input should be a valid string".into(),
                    kind: "value_error",
                }),
            }
        }
        Some(out)
    }

    /// `limit` (1..100, default given) and `offset` (≥ 0, default 0) of list endpoints.
    pub fn page(&mut self, default_limit: i64) -> (i64, i64) {
        let limit = self.i64_opt("limit", 1, 100).unwrap_or(default_limit);
        let offset = self.i64_opt("offset", 0, i64::MAX).unwrap_or(0);
        (limit, offset)
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn num(f: f64) -> String {
    if f.fract() == 0.0 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn nested(levels: usize) -> Value {
        let mut v = json!(1);
        for _ in 0..levels {
            v = json!({ "a": v });
        }
        v
    }

    #[test]
    fn depth_counts_containers() {
        assert_eq!(depth(&json!(1)), 0);
        assert_eq!(depth(&json!({})), 1);
        assert_eq!(depth(&json!([[], {"a": [1]}])), 3);
        assert_eq!(depth(&nested(100)), 100);
    }

    #[test]
    fn objects_deeper_than_the_limit_are_a_located_422() {
        let mut p = Params::body(
            json!({"metadata": nested(MAX_DEPTH)})
                .as_object()
                .unwrap()
                .clone(),
        );
        assert!(p.object_opt("metadata").is_some());
        assert!(p.finish().is_ok());
        let mut p = Params::body(
            json!({"metadata": nested(MAX_DEPTH + 1)})
                .as_object()
                .unwrap()
                .clone(),
        );
        assert!(p.object_opt("metadata").is_none());
        let Err(Error::Validation(items)) = p.finish() else {
            panic!("expected a 422");
        };
        assert_eq!(items[0].loc, vec![json!("body"), json!("metadata")]);
        assert!(items[0].msg.contains("32 levels"), "{}", items[0].msg);
    }
}
