//! The account an API key maps to.

use std::sync::Arc;

use sha2::{Digest, Sha256};

/// The account of the authenticated key (an opaque id derived from the key, so the database
/// never stores keys in clear).
#[derive(Debug, Clone)]
pub struct Account(pub Arc<str>);

pub fn account_for_key(key: &str) -> Account {
    let digest = Sha256::digest(key.as_bytes());
    Account(Arc::from(format!("acct_{}", hex::encode(&digest[..16]))))
}
