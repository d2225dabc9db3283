//! Persistent store behind the Idempotency-Key protocol (contract §3.2): (account, key) →
//! (fingerprint, status, body), kept 24 hours. The waiting/replay logic lives in the server.

use rusqlite::{params, OptionalExtension};

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

impl Engine {
    /// The stored response for (account, key), if any and younger than 24 hours.
    pub fn idempotency_get(&self, account: &str, key: &str) -> Result<Option<StoredResponse>> {
        let g = self.lock();
        Ok(g.conn
            .query_row(
                "SELECT fingerprint, status, body FROM idempotency_keys WHERE account = ?1 AND key = ?2 AND created_at > ?3",
                params![account, key, now() - RETENTION_SECS],
                |r| Ok(StoredResponse { fingerprint: r.get(0)?, status: r.get::<_, i64>(1)? as u16, body: r.get(2)? }),
            )
            .optional()?)
    }

    /// Stores a response; also purges expired entries so the table stays small.
    pub fn idempotency_put(&self, account: &str, key: &str, resp: &StoredResponse) -> Result<()> {
        let g = self.lock();
        let t = now();
        g.conn.execute(
            "DELETE FROM idempotency_keys WHERE created_at <= ?1",
            [t - RETENTION_SECS],
        )?;
        g.conn.execute(
            "INSERT OR REPLACE INTO idempotency_keys (account, key, fingerprint, status, body, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![account, key, resp.fingerprint, resp.status as i64, resp.body, t],
        )?;
        Ok(())
    }
}
