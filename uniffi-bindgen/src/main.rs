//! `uniffi-bindgen`, built from the same uniffi version as the SDK so that generated code and
//! scaffolding always agree. Use library mode on the unstripped cdylib:
//! `cargo run -p uniffi-bindgen -- generate --library target/debug/libmemoryrelay.so \
//!    --language python --out-dir <dir>` (maturin runs it the same way when packaging).

fn main() {
    uniffi::uniffi_bindgen_main()
}
