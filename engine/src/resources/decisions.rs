//! decisions (contract §4).
