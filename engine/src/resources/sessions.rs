//! sessions (contract §4).
