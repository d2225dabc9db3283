//! The only ways this module exports items to UniFFI.
//!
//! An async export without `async_runtime = "tokio"` compiles, but its future is then polled
//! by the foreign executor with no tokio context, and the first timer or socket panics. So
//! every async export goes through [`export_async!`], which always adds the runtime, and
//! blocking exports go through [`export_blocking!`]. The test at the bottom fails the build's
//! tests if a raw `#[uniffi::export]` or an `async fn` inside `export_blocking!` appears in
//! this module.

/// Exports one `impl` block whose methods are all `async`, on the tokio runtime.
macro_rules! export_async {
    ($($body:tt)*) => {
        #[uniffi::export(async_runtime = "tokio")]
        $($body)*
    };
}

/// Exports one `impl` block of blocking (non-async) methods and constructors.
macro_rules! export_blocking {
    ($($body:tt)*) => {
        #[uniffi::export]
        $($body)*
    };
}

/// Exports a trait that foreign code implements (a callback interface).
macro_rules! export_foreign {
    ($($body:tt)*) => {
        #[uniffi::export(with_foreign)]
        $($body)*
    };
}

#[cfg(test)]
mod tests {
    /// Every source file of this module, by name.
    const SOURCES: [(&str, &str); 9] = [
        ("mod.rs", include_str!("mod.rs")),
        ("export.rs", include_str!("export.rs")),
        ("cancel.rs", include_str!("cancel.rs")),
        ("client.rs", include_str!("client.rs")),
        ("error.rs", include_str!("error.rs")),
        ("logger.rs", include_str!("logger.rs")),
        ("options.rs", include_str!("options.rs")),
        ("raw.rs", include_str!("raw.rs")),
        ("tests.rs", include_str!("tests.rs")),
    ];

    /// The text of each `export_blocking! { … }` invocation in `src`.
    fn blocking_blocks(src: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let mut rest = src;
        while let Some(at) = rest.find("export_blocking! {") {
            let body = &rest[at + "export_blocking! ".len()..];
            let mut depth = 0usize;
            let mut end = body.len();
            for (i, c) in body.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            end = i;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            out.push(&body[..end]);
            rest = &body[end..];
        }
        out
    }

    #[test]
    fn every_export_goes_through_the_wrappers() {
        let raw = concat!("#[uniffi::", "export");
        for (name, src) in SOURCES {
            if name != "export.rs" {
                assert!(
                    !src.contains(raw),
                    "{name}: use export_async!/export_blocking!"
                );
            }
        }
    }

    #[test]
    fn no_async_fn_is_exported_as_blocking() {
        let needle = concat!("async ", "fn");
        let mut seen = 0;
        for (name, src) in SOURCES {
            for block in blocking_blocks(src) {
                seen += 1;
                assert!(
                    !block.contains(needle),
                    "{name}: async fn inside export_blocking!"
                );
            }
        }
        assert!(
            seen >= 3,
            "the scan found only {seen} export_blocking! blocks"
        );
    }
}
