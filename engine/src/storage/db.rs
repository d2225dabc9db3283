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
pub use super::row::{DbError, DbResult, FromValue, OptionalExtension, Row, RowIndex};

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
