//! Engine errors. Each variant maps to one contract status (§2.1); the HTTP layer only
//! translates, it never decides semantics.

use serde_json::{json, Value};

/// One item of a 422 `detail` list (contract §2.1).
#[derive(Debug, Clone, PartialEq)]
pub struct FieldError {
    pub loc: Vec<Value>,
    pub msg: String,
    /// One of `missing`, `string_too_short`, `string_too_long`, `greater_than_equal`,
    /// `less_than_equal`, `enum`, `value_error`.
    pub kind: &'static str,
}

impl FieldError {
    pub fn to_json(&self) -> Value {
        json!({"loc": self.loc, "msg": self.msg, "type": self.kind})
    }

    /// `body.memories.3.content: msg`, the rendering clients use (§2.2).
    pub fn render(&self) -> String {
        let loc: Vec<String> = self
            .loc
            .iter()
            .map(|v| match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect();
        format!("{}: {}", loc.join("."), self.msg)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// 400: body not JSON or not an object.
    #[error("{0}")]
    BadRequest(String),
    /// 404: unknown, malformed, deleted or foreign resource.
    #[error("{0}")]
    NotFound(String),
    /// 409: uniqueness violation or invalid state change.
    #[error("{0}")]
    Conflict(String),
    /// 422 with a list detail.
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    /// 500: storage failure; the transaction was rolled back.
    #[error("{0}")]
    Internal(String),
    /// 503: a dependency (the database, the embedder) is unreachable or failed for now; the
    /// transaction was rolled back and a retry may succeed.
    #[error("{0}")]
    Unavailable(String),
}

impl Error {
    pub fn status(&self) -> u16 {
        match self {
            Error::BadRequest(_) => 400,
            Error::NotFound(_) => 404,
            Error::Conflict(_) => 409,
            Error::Validation(_) => 422,
            Error::Internal(_) => 500,
            Error::Unavailable(_) => 503,
        }
    }

    /// The contract `type` of the error body.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::BadRequest(_) | Error::Validation(_) => "validation",
            Error::NotFound(_) => "not_found",
            Error::Conflict(_) => "conflict",
            Error::Internal(_) | Error::Unavailable(_) => "api_error",
        }
    }

    /// The `detail` member: a string, or the list of field errors for 422.
    pub fn detail(&self) -> Value {
        match self {
            Error::Validation(items) => {
                Value::Array(items.iter().map(FieldError::to_json).collect())
            }
            other => Value::String(other.to_string()),
        }
    }

    /// A one-line message (used for batch item errors).
    pub fn message(&self) -> String {
        match self {
            Error::Validation(items) => items
                .iter()
                .map(FieldError::render)
                .collect::<Vec<_>>()
                .join("; "),
            other => other.to_string(),
        }
    }

    /// A single-field 422.
    pub fn field(loc: Vec<Value>, msg: impl Into<String>, kind: &'static str) -> Error {
        Error::Validation(vec![FieldError {
            loc,
            msg: msg.into(),
            kind,
        }])
    }

    pub fn not_found(what: &str, field: &str) -> Error {
        Error::NotFound(format!("{what} not found ({field})"))
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error::Internal(format!("database error: {e}"))
    }
}

pub type Result<T> = std::result::Result<T, Error>;
