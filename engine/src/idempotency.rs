//! Persistent store behind the Idempotency-Key protocol (contract §3.2): (account, key) →
//! (fingerprint, status, body), kept 24 hours. The waiting/replay logic lives in the server.
//!
//! Exactly-once across crashes: [`Engine::idempotent`] runs the request's operation and stores
//! its response in one transaction, so after a `kill -9` either both are in the database (the
//! retry is replayed) or neither is (the retry runs afresh). Storing the record in a second
//! step would leave a window where the write is durable and the record is not.

use crate::storage::db::{params, Connection, OptionalExtension};

use crate::error::Result;
use crate::util::now;
use crate::Engine;

pub const RETENTION_SECS: i64 = 24 * 3600;

#[derive(Debug, Clone, PartialEq)]
pub struct StoredResponse {
    pub fingerprint: String,
    pub status: u16,
    pub body: Vec<u8>,
}

/// What [`Engine::idempotent`] did.
#[derive(Debug)]
pub enum Outcome<T> {
    /// The operation ran; its response was stored with it if `record` asked for that.
    Ran(T),
    /// A response for this key and fingerprint was already stored: nothing ran.
    Replay(StoredResponse),
    /// The key was used for a different request: nothing ran.
    Conflict,
}

impl Engine {
    /// Runs `op` for (account, key) at most once. Under one write transaction: looks up the
    /// key; if absent runs `op` (its engine transactions join this one) and stores what
    /// `record` makes of the result (`None`: store nothing, e.g. a 5xx), then commits.
    pub fn idempotent<T>(
        &self,
        account: &str,
        key: &str,
        fingerprint: &str,
        op: impl FnOnce() -> T,
        record: impl FnOnce(&T) -> Option<(u16, Vec<u8>)>,
    ) -> Result<Outcome<T>> {
        let mut found = None;
        let ran = self.unit(
            account,
            || {
                // Inside the unit's transaction, so the check and the write are one step.
                match self.idempotency_get(account, key) {
                    Ok(Some(s)) => {
                        found = Some(s);
                        None
                    }
                    Ok(None) => Some(Ok(op())),
                    Err(e) => Some(Err(e)),
                }
            },
            |conn, out| match out {
                Some(Ok(v)) => match record(v) {
                    Some((status, body)) => put(
                        conn,
                        account,
                        key,
                        &StoredResponse {
                            fingerprint: fingerprint.to_string(),
                            status,
                            body,
                        },
                    ),
                    None => Ok(()),
                },
                _ => Ok(()),
            },
        )?;
        match (ran, found) {
            (Some(Ok(v)), _) => Ok(Outcome::Ran(v)),
            (Some(Err(e)), _) => Err(e),
            (None, Some(s)) if s.fingerprint == fingerprint => Ok(Outcome::Replay(s)),
            (None, _) => Ok(Outcome::Conflict),
        }
    }

    /// The stored response for (account, key), if any and younger than 24 hours.
    pub fn idempotency_get(&self, account: &str, key: &str) -> Result<Option<StoredResponse>> {
        let g = self.lock()?;
        Ok(g.conn
            .query_row(
                "SELECT fingerprint, status, body FROM idempotency_keys WHERE account = ?1 AND key = ?2 AND created_at > ?3",
                params![account, key, now() - RETENTION_SECS],
                |r| Ok(StoredResponse { fingerprint: r.get(0)?, status: r.get::<_, i64>(1)? as u16, body: r.get(2)? }),
            )
            .optional()?)
    }

    /// Stores a response on its own (a response that changed nothing, e.g. a validation
    /// error found before the engine ran).
    pub fn idempotency_put(&self, account: &str, key: &str, resp: &StoredResponse) -> Result<()> {
        put(&self.lock()?.conn, account, key, resp)
    }
}

/// Stores a response; also purges expired entries so the table stays small.
fn put(conn: &Connection, account: &str, key: &str, resp: &StoredResponse) -> Result<()> {
    let t = now();
    conn.execute(
        "DELETE FROM idempotency_keys WHERE created_at <= ?1",
        [t - RETENTION_SECS],
    )?;
    conn.execute(
        "INSERT INTO idempotency_keys (account, key, fingerprint, status, body, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) \
         ON CONFLICT (account, key) DO UPDATE SET fingerprint = excluded.fingerprint, status = excluded.status, \
         body = excluded.body, created_at = excluded.created_at",
        params![account, key, resp.fingerprint, resp.status as i64, resp.body, t],
    )?;
    Ok(())
}
