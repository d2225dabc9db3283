//! One SQL vocabulary over two drivers. Resources write SQL once (the common subset of SQLite and
//! PostgreSQL: `?N` placeholders, `coalesce`, `ON CONFLICT`, `||`) against [`Connection`], which
//! is either a SQLite connection or a PostgreSQL client. Values and parameters use SQLite's value
//! types (`rusqlite::types::Value`, `rusqlite::ToSql`, its `params!` macro) as the engine's
//! vocabulary; the PostgreSQL side converts them by the column/parameter type the server reports,
//! so an `INTEGER` column and a `BIGINT` column read the same and an embedding blob binds to a
//! pgvector `vector`.

pub use rusqlite::types::Value;
pub use rusqlite::{params, ToSql};

use super::pg::PgConn;

/// A connection of either backend.
pub enum Connection {
    Sqlite(rusqlite::Connection),
    Postgres(PgConn),
}

/// Which backend a connection talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

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

/// Statement parameters: `params![..]`, an array of values, or a slice of [`Value`]s.
pub trait Params {
    fn into_values(self) -> DbResult<Vec<Value>>;
}

fn owned(t: &dyn ToSql) -> DbResult<Value> {
    use rusqlite::types::ToSqlOutput;
    match t.to_sql()? {
        ToSqlOutput::Borrowed(v) => Ok(Value::from(v)),
        ToSqlOutput::Owned(v) => Ok(v),
        _ => Err(DbError::Type("unsupported parameter kind".into())),
    }
}

impl Params for &[&dyn ToSql] {
    fn into_values(self) -> DbResult<Vec<Value>> {
        self.iter().map(|t| owned(*t)).collect()
    }
}

impl Params for &[Value] {
    fn into_values(self) -> DbResult<Vec<Value>> {
        Ok(self.to_vec())
    }
}

impl Params for &Vec<Value> {
    fn into_values(self) -> DbResult<Vec<Value>> {
        Ok(self.clone())
    }
}

impl Params for [&(dyn ToSql + Send + Sync); 0] {
    fn into_values(self) -> DbResult<Vec<Value>> {
        Ok(Vec::new())
    }
}

macro_rules! array_params {
    ($($n:literal)*) => {$(
        impl<T: ToSql> Params for [T; $n] {
            fn into_values(self) -> DbResult<Vec<Value>> {
                self.iter().map(|t| owned(t)).collect()
            }
        }
        impl<T: ToSql> Params for &[T; $n] {
            fn into_values(self) -> DbResult<Vec<Value>> {
                self.iter().map(|t| owned(t)).collect()
            }
        }
    )*};
}
array_params!(1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16);

impl Connection {
    pub fn backend(&self) -> Backend {
        match self {
            Connection::Sqlite(_) => Backend::Sqlite,
            Connection::Postgres(_) => Backend::Postgres,
        }
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self, Connection::Postgres(_))
    }

    /// The SQLite connection, for SQLite-only work (FTS5 upkeep, pragmas).
    pub fn sqlite(&self) -> Option<&rusqlite::Connection> {
        match self {
            Connection::Sqlite(c) => Some(c),
            Connection::Postgres(_) => None,
        }
    }

    pub fn execute<P: Params>(&self, sql: &str, p: P) -> DbResult<usize> {
        let values = p.into_values()?;
        match self {
            Connection::Sqlite(c) => Ok(c
                .prepare_cached(sql)?
                .execute(rusqlite::params_from_iter(values))?),
            Connection::Postgres(c) => c.execute(sql, &values),
        }
    }

    /// Runs statements without parameters. `BEGIN`/`BEGIN IMMEDIATE`/`COMMIT`/`ROLLBACK`
    /// mean the same on both backends (PostgreSQL has no IMMEDIATE: its writers lock rows
    /// and, in the engine, an advisory lock per account).
    pub fn execute_batch(&self, sql: &str) -> DbResult<()> {
        match self {
            Connection::Sqlite(c) => Ok(c.execute_batch(sql)?),
            Connection::Postgres(c) => c.execute_batch(sql),
        }
    }

    pub fn query_row<T, P: Params>(
        &self,
        sql: &str,
        p: P,
        f: impl FnOnce(&Row) -> DbResult<T>,
    ) -> DbResult<T> {
        let rows = self.query(sql, p.into_values()?)?;
        match rows.into_iter().next() {
            Some(r) => f(&r),
            None => Err(DbError::NoRows),
        }
    }

    /// A statement to run repeatedly (both drivers cache prepared statements by text).
    pub fn prepare(&self, sql: &str) -> DbResult<Statement<'_>> {
        Ok(Statement {
            conn: self,
            sql: sql.to_string(),
        })
    }

    pub fn prepare_cached(&self, sql: &str) -> DbResult<Statement<'_>> {
        self.prepare(sql)
    }

    /// Every row of a query.
    pub fn query(&self, sql: &str, values: Vec<Value>) -> DbResult<Vec<Row>> {
        match self {
            Connection::Sqlite(c) => {
                let mut stmt = c.prepare_cached(sql)?;
                let n = stmt.column_count();
                let mut rows = stmt.query(rusqlite::params_from_iter(values))?;
                let mut out = Vec::new();
                while let Some(r) = rows.next()? {
                    let mut vals = Vec::with_capacity(n);
                    for i in 0..n {
                        vals.push(Value::from(r.get_ref(i)?));
                    }
                    out.push(Row::new(vals));
                }
                Ok(out)
            }
            Connection::Postgres(c) => c.query(sql, &values),
        }
    }

    /// The `seq` of the row the last INSERT on this connection created.
    pub fn last_insert_rowid(&self) -> DbResult<i64> {
        match self {
            Connection::Sqlite(c) => Ok(c.last_insert_rowid()),
            Connection::Postgres(c) => c.lastval(),
        }
    }

    /// Whether no transaction is open.
    pub fn is_autocommit(&self) -> bool {
        match self {
            Connection::Sqlite(c) => c.is_autocommit(),
            Connection::Postgres(c) => !c.in_transaction(),
        }
    }

    /// Whether the connection can still be used (a lost PostgreSQL connection cannot).
    pub fn is_usable(&self) -> bool {
        match self {
            Connection::Sqlite(_) => true,
            Connection::Postgres(c) => !c.is_closed(),
        }
    }
}

/// A statement bound to its connection; see [`Connection::prepare`].
pub struct Statement<'c> {
    conn: &'c Connection,
    sql: String,
}

impl Statement<'_> {
    pub fn query_map<T, P: Params>(
        &mut self,
        p: P,
        mut f: impl FnMut(&Row) -> DbResult<T>,
    ) -> DbResult<std::vec::IntoIter<DbResult<T>>> {
        let rows = self.conn.query(&self.sql, p.into_values()?)?;
        Ok(rows.iter().map(&mut f).collect::<Vec<_>>().into_iter())
    }

    pub fn execute<P: Params>(&mut self, p: P) -> DbResult<usize> {
        self.conn.execute(&self.sql, p)
    }

    pub fn query_row<T, P: Params>(
        &mut self,
        p: P,
        f: impl FnOnce(&Row) -> DbResult<T>,
    ) -> DbResult<T> {
        self.conn.query_row(&self.sql, p, f)
    }
}
