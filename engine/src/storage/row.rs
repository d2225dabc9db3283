//! What both backends return: rows of SQLite-typed values, typed reads from them, and the
//! database error (with whether a retry may succeed).

pub use rusqlite::types::Value;

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("query returned no rows")]
    NoRows,
    #[error("{0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("{}", pg_message(.0))]
    Postgres(#[from] tokio_postgres::Error),
    /// A value of one type read or bound as another.
    #[error("{0}")]
    Type(String),
}

pub type DbResult<T> = std::result::Result<T, DbError>;

/// tokio-postgres displays a server error as just "db error"; the server's message says what.
fn pg_message(e: &tokio_postgres::Error) -> String {
    match e.as_db_error() {
        Some(d) => format!("{} ({})", d.message(), d.code().code()),
        None => e.to_string(),
    }
}

impl DbError {
    /// Whether the database is unreachable or refused for now (lost connection, shutdown,
    /// overload, serialisation conflict): the request may succeed when retried.
    pub fn is_transient(&self) -> bool {
        match self {
            DbError::Postgres(e) => match e.code() {
                Some(code) => {
                    let c = code.code();
                    // 08: connection exception; 53: insufficient resources; 57P: operator
                    // intervention (shutdown); 40001/40P01: serialisation failure, deadlock.
                    c.starts_with("08")
                        || c.starts_with("53")
                        || c.starts_with("57P")
                        || c == "40001"
                        || c == "40P01"
                }
                // No SQLSTATE: an I/O error or a closed connection.
                None => true,
            },
            DbError::Sqlite(rusqlite::Error::SqliteFailure(e, _)) => matches!(
                e.code,
                rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
            ),
            _ => false,
        }
    }
}

impl From<DbError> for crate::Error {
    fn from(e: DbError) -> Self {
        if e.is_transient() {
            crate::Error::Unavailable(format!("database unavailable: {e}"))
        } else {
            crate::Error::Internal(format!("database error: {e}"))
        }
    }
}

/// `.optional()` on a single-row query: no row → `Ok(None)`.
pub trait OptionalExtension<T> {
    fn optional(self) -> DbResult<Option<T>>;
}

impl<T> OptionalExtension<T> for DbResult<T> {
    fn optional(self) -> DbResult<Option<T>> {
        match self {
            Ok(v) => Ok(Some(v)),
            Err(DbError::NoRows) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// One result row, its values already converted to the common types.
pub struct Row {
    values: Vec<Value>,
}

impl Row {
    pub(crate) fn new(values: Vec<Value>) -> Row {
        Row { values }
    }

    pub fn get<I: RowIndex, T: FromValue>(&self, i: I) -> DbResult<T> {
        let i = i.index();
        let v = self
            .values
            .get(i)
            .ok_or_else(|| DbError::Type(format!("no column {i}")))?;
        T::from_value(v).map_err(|e| DbError::Type(format!("column {i}: {e}")))
    }
}

/// A column position (`usize`, or an integer literal).
pub trait RowIndex {
    fn index(self) -> usize;
}

impl RowIndex for usize {
    fn index(self) -> usize {
        self
    }
}

impl RowIndex for i32 {
    fn index(self) -> usize {
        self as usize
    }
}

/// A Rust value read from a column.
pub trait FromValue: Sized {
    fn from_value(v: &Value) -> Result<Self, String>;
}

fn mismatch<T>(want: &str, got: &Value) -> Result<T, String> {
    Err(format!("expected {want}, found {:?}", got.data_type()))
}

impl FromValue for i64 {
    fn from_value(v: &Value) -> Result<Self, String> {
        match v {
            Value::Integer(i) => Ok(*i),
            other => mismatch("an integer", other),
        }
    }
}

impl FromValue for i32 {
    fn from_value(v: &Value) -> Result<Self, String> {
        i64::from_value(v).and_then(|i| i32::try_from(i).map_err(|e| e.to_string()))
    }
}

impl FromValue for u32 {
    fn from_value(v: &Value) -> Result<Self, String> {
        i64::from_value(v).and_then(|i| u32::try_from(i).map_err(|e| e.to_string()))
    }
}

impl FromValue for usize {
    fn from_value(v: &Value) -> Result<Self, String> {
        i64::from_value(v).and_then(|i| usize::try_from(i).map_err(|e| e.to_string()))
    }
}

impl FromValue for bool {
    fn from_value(v: &Value) -> Result<Self, String> {
        i64::from_value(v).map(|i| i != 0)
    }
}

impl FromValue for f64 {
    fn from_value(v: &Value) -> Result<Self, String> {
        match v {
            Value::Real(f) => Ok(*f),
            Value::Integer(i) => Ok(*i as f64),
            other => mismatch("a number", other),
        }
    }
}

impl FromValue for String {
    fn from_value(v: &Value) -> Result<Self, String> {
        match v {
            Value::Text(s) => Ok(s.clone()),
            other => mismatch("text", other),
        }
    }
}

impl FromValue for Vec<u8> {
    fn from_value(v: &Value) -> Result<Self, String> {
        match v {
            Value::Blob(b) => Ok(b.clone()),
            other => mismatch("a blob", other),
        }
    }
}

impl FromValue for Value {
    fn from_value(v: &Value) -> Result<Self, String> {
        Ok(v.clone())
    }
}

impl<T: FromValue> FromValue for Option<T> {
    fn from_value(v: &Value) -> Result<Self, String> {
        match v {
            Value::Null => Ok(None),
            other => T::from_value(other).map(Some),
        }
    }
}
