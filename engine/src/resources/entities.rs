//! entities (contract §4).
