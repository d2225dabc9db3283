//! projects (contract §4).
