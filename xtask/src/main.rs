//! Repository tasks. `cargo run -p xtask -- codegen [--check]` (added next).
fn main() {
    eprintln!("usage: cargo run -p xtask -- codegen [--check]");
    std::process::exit(2);
}
