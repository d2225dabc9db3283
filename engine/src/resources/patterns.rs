//! patterns (contract §4).
