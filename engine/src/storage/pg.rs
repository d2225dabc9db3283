//! The PostgreSQL side of [`super::db::Connection`]: placeholder translation, type-directed
//! value conversion (including pgvector's `vector`) and transaction state.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::error::Error as StdError;

use std::sync::OnceLock;

use futures_executor::block_on;
use tokio_postgres::types::{IsNull, ToSql as PgToSql, Type};
use tokio_postgres::{Client, NoTls, Statement};

use super::row::{DbError, DbResult, Row, Value};
use crate::embed::{from_blob, to_blob};

/// Drives every connection's socket I/O; queries are awaited on the caller's thread.
fn io_runtime() -> &'static tokio::runtime::Runtime {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("memoryrelay-pg")
            .enable_all()
            .build()
            .expect("start the PostgreSQL I/O runtime")
    })
}

/// Prepared statements kept per connection.
const STATEMENT_CACHE: usize = 256;

/// One PostgreSQL session. Not `Sync` (like a SQLite connection): one thread uses it at a time.
pub struct PgConn {
    client: Client,
    statements: RefCell<HashMap<String, Statement>>,
    in_tx: Cell<bool>,
}

impl PgConn {
    /// Connects with a `postgres://` URL. TLS is not used: the database is expected on a
    /// private network or the same host (put a TLS proxy in front otherwise).
    pub fn connect(url: &str) -> DbResult<PgConn> {
        let rt = io_runtime();
        let url = url.to_string();
        let connecting = rt.spawn(async move { tokio_postgres::connect(&url, NoTls).await });
        let (client, connection) = block_on(connecting)
            .map_err(|e| DbError::Type(format!("connect task failed: {e}")))??;
        rt.spawn(connection);
        Ok(PgConn {
            client,
            statements: RefCell::new(HashMap::new()),
            in_tx: Cell::new(false),
        })
    }

    pub fn in_transaction(&self) -> bool {
        self.in_tx.get()
    }

    pub fn is_closed(&self) -> bool {
        self.client.is_closed()
    }

    fn statement(&self, sql: &str) -> DbResult<Statement> {
        if let Some(s) = self.statements.borrow().get(sql) {
            return Ok(s.clone());
        }
        let stmt = block_on(self.client.prepare(&translate(sql)))?;
        let mut cache = self.statements.borrow_mut();
        // Some SQL inlines numbers (LIMIT/OFFSET, candidate lists): bound the cache so a
        // long-lived connection does not accumulate prepared statements (dropping one closes
        // it on the server).
        if cache.len() >= STATEMENT_CACHE {
            cache.clear();
        }
        cache.insert(sql.to_string(), stmt.clone());
        Ok(stmt)
    }

    pub fn execute(&self, sql: &str, values: &[Value]) -> DbResult<usize> {
        let stmt = self.statement(sql)?;
        let params = bind(values);
        let refs: Vec<&(dyn PgToSql + Sync)> =
            params.iter().map(|p| p as &(dyn PgToSql + Sync)).collect();
        Ok(block_on(self.client.execute(&stmt, &refs))? as usize)
    }

    pub fn query(&self, sql: &str, values: &[Value]) -> DbResult<Vec<Row>> {
        let stmt = self.statement(sql)?;
        let params = bind(values);
        let refs: Vec<&(dyn PgToSql + Sync)> =
            params.iter().map(|p| p as &(dyn PgToSql + Sync)).collect();
        let rows = block_on(self.client.query(&stmt, &refs))?;
        rows.iter().map(convert_row).collect()
    }

    pub fn execute_batch(&self, sql: &str) -> DbResult<()> {
        let trimmed = sql.trim().trim_end_matches(';').trim();
        let (sql, after) = match trimmed {
            "BEGIN" | "BEGIN IMMEDIATE" => ("BEGIN", Some(true)),
            "COMMIT" | "ROLLBACK" => (trimmed, Some(false)),
            _ => (sql, None),
        };
        let res = block_on(self.client.batch_execute(sql));
        match after {
            // A failed COMMIT/ROLLBACK still ends the transaction on the server.
            Some(false) => self.in_tx.set(false),
            Some(true) if res.is_ok() => self.in_tx.set(true),
            _ => {}
        }
        Ok(res?)
    }

    /// Starts a read-only transaction that sees one snapshot.
    pub fn begin_read(&self) -> DbResult<()> {
        block_on(
            self.client
                .batch_execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"),
        )?;
        self.in_tx.set(true);
        Ok(())
    }

    pub fn lastval(&self) -> DbResult<i64> {
        let row = block_on(self.client.query_one("SELECT lastval()", &[]))?;
        Ok(row.try_get(0)?)
    }
}

/// `?N` → `$N`, a bare `?` → the next number; SQLite's case-insensitive `LIKE` → `ILIKE`.
/// Quoted literals and identifiers are copied as they are.
pub(crate) fn translate(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut next = 0usize;
    let mut chars = sql.chars().peekable();
    let mut quote: Option<char> = None;
    while let Some(c) = chars.next() {
        if let Some(q) = quote {
            out.push(c);
            if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '\'' | '"' => {
                quote = Some(c);
                out.push(c);
            }
            '?' => {
                let mut digits = String::new();
                while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                    digits.push(*d);
                    chars.next();
                }
                out.push('$');
                if digits.is_empty() {
                    next += 1;
                    out.push_str(&next.to_string());
                } else {
                    next = next.max(digits.parse().unwrap_or(0));
                    out.push_str(&digits);
                }
            }
            _ => out.push(c),
        }
    }
    out.replace(" LIKE ", " ILIKE ")
}

/// A parameter bound by the type the server inferred for it.
#[derive(Debug)]
struct Bound<'a>(&'a Value);

fn bind(values: &[Value]) -> Vec<Bound<'_>> {
    values.iter().map(Bound).collect()
}

fn is_vector(ty: &Type) -> bool {
    ty.name() == "vector"
}

type BoxError = Box<dyn StdError + Sync + Send>;

impl PgToSql for Bound<'_> {
    fn to_sql(&self, ty: &Type, out: &mut bytes::BytesMut) -> Result<IsNull, BoxError> {
        match self.0 {
            Value::Null => Ok(IsNull::Yes),
            Value::Integer(i) => match *ty {
                Type::INT8 => i.to_sql(ty, out),
                Type::INT4 => i32::try_from(*i)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(*i)?.to_sql(ty, out),
                Type::FLOAT8 => (*i as f64).to_sql(ty, out),
                Type::FLOAT4 => (*i as f32).to_sql(ty, out),
                Type::BOOL => (*i != 0).to_sql(ty, out),
                Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME => {
                    i.to_string().to_sql(ty, out)
                }
                _ => Err(format!("cannot bind an integer as {ty}").into()),
            },
            Value::Real(f) => match *ty {
                Type::FLOAT8 => f.to_sql(ty, out),
                Type::FLOAT4 => (*f as f32).to_sql(ty, out),
                Type::TEXT | Type::VARCHAR => f.to_string().to_sql(ty, out),
                _ => Err(format!("cannot bind a real as {ty}").into()),
            },
            Value::Text(s) => match *ty {
                Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN => {
                    s.as_str().to_sql(ty, out)
                }
                Type::INT8 => s.parse::<i64>()?.to_sql(ty, out),
                _ => Err(format!("cannot bind text as {ty}").into()),
            },
            Value::Blob(b) => {
                if is_vector(ty) {
                    // Rows without a vector yet (async creates) store an empty blob = NULL.
                    if b.is_empty() {
                        return Ok(IsNull::Yes);
                    }
                    pgvector::Vector::from(from_blob(b)).to_sql(ty, out)
                } else {
                    b.as_slice().to_sql(ty, out)
                }
            }
        }
    }

    fn accepts(_ty: &Type) -> bool {
        true
    }

    tokio_postgres::types::to_sql_checked!();
}

fn convert_row(row: &tokio_postgres::Row) -> DbResult<Row> {
    let mut vals = Vec::with_capacity(row.len());
    for (i, col) in row.columns().iter().enumerate() {
        let ty = col.type_();
        let v = match *ty {
            Type::INT8 => opt(row.try_get::<_, Option<i64>>(i)?, Value::Integer),
            Type::INT4 => opt(row.try_get::<_, Option<i32>>(i)?, |x| {
                Value::Integer(x.into())
            }),
            Type::INT2 => opt(row.try_get::<_, Option<i16>>(i)?, |x| {
                Value::Integer(x.into())
            }),
            Type::FLOAT8 => opt(row.try_get::<_, Option<f64>>(i)?, Value::Real),
            Type::FLOAT4 => opt(row.try_get::<_, Option<f32>>(i)?, |x| Value::Real(x.into())),
            Type::BOOL => opt(row.try_get::<_, Option<bool>>(i)?, |b| {
                Value::Integer(b.into())
            }),
            Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME => {
                opt(row.try_get::<_, Option<String>>(i)?, Value::Text)
            }
            Type::BYTEA => opt(row.try_get::<_, Option<Vec<u8>>>(i)?, Value::Blob),
            _ if is_vector(ty) => match row.try_get::<_, Option<pgvector::Vector>>(i)? {
                Some(v) => Value::Blob(to_blob(v.as_slice())),
                None => Value::Blob(Vec::new()),
            },
            _ => {
                return Err(DbError::Type(format!(
                    "column {} has unsupported type {ty} (cast it in SQL)",
                    col.name()
                )))
            }
        };
        vals.push(v);
    }
    Ok(Row::new(vals))
}

fn opt<T>(v: Option<T>, f: impl FnOnce(T) -> Value) -> Value {
    v.map(f).unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests {
    use super::translate;

    #[test]
    fn placeholders_number_and_literals_stay() {
        assert_eq!(
            translate("SELECT a FROM t WHERE x = ?1 AND y = ?2 OR z = ?1"),
            "SELECT a FROM t WHERE x = $1 AND y = $2 OR z = $1"
        );
        assert_eq!(translate("a = ? AND b = ?"), "a = $1 AND b = $2");
        assert_eq!(translate("x = '?' AND y = ?"), "x = '?' AND y = $1");
        assert_eq!(translate("name LIKE ?1"), "name ILIKE $1");
    }
}
