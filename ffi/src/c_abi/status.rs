//! `mr_status`, the C ABI's return code, and `mr_error_name`.
//!
//! The numbers are the contract's stable error codes (section 2.3) plus `MR_OK = 0`; they mirror
//! [`memoryrelay_core::ErrorCode`] one to one (a unit test checks it), but the C ABI keeps its own enum so
//! that the header names the constants `MR_*` and so that no ABI-visible item depends on how the
//! Rust core spells its enum.

// The variants are named as C callers see them (`MR_OK`, ...); cbindgen copies names verbatim.
#![allow(non_camel_case_types)]

use std::ffi::c_char;

use memoryrelay_core::ErrorCode;

macro_rules! define_mr_status {
    ($($num:literal, $variant:ident, $c_name:ident, $name:literal, $kind:literal, $doc:literal;)*) => {
        /// Status code returned by every `mr_*` function that can fail (wire contract section 2.3).
        ///
        /// The values are stable across releases: new codes may be added at the end, existing ones are
        /// never renumbered. `mr_error_name()` gives the upper-case name of a code.
        #[repr(i32)]
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum mr_status {
            $(#[doc = concat!(" ", $doc)] $c_name = $num,)*
        }

        impl From<ErrorCode> for mr_status {
            fn from(code: ErrorCode) -> mr_status {
                match code {
                    $(ErrorCode::$variant => mr_status::$c_name,)*
                    // A code newer than this library's table cannot occur (both come from the
                    // same crate version); report it as the SDK bug it would be.
                    _ => mr_status::MR_INTERNAL,
                }
            }
        }

        /// NUL-terminated static names, indexed by code; C string literals so `mr_error_name`
        /// never allocates and the caller never frees.
        const NAMES: &[&std::ffi::CStr] = &[$(
            match std::ffi::CStr::from_bytes_with_nul(concat!($name, "\0").as_bytes()) {
                Ok(name) => name,
                Err(_) => panic!("error name with a NUL byte"),
            },
        )*];
    };
}

memoryrelay_core::for_each_error_code!(define_mr_status);

/// The upper-case name of a status code (`"NOT_FOUND"` for 4), or `"UNKNOWN"` for a number that
/// is not a code.
///
/// The string is static: do not free it. Never NULL. Thread-safe.
#[no_mangle]
pub extern "C" fn mr_error_name(code: i32) -> *const c_char {
    usize::try_from(code)
        .ok()
        .and_then(|i| NAMES.get(i))
        .map_or(c"UNKNOWN".as_ptr(), |name| name.as_ptr())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;

    #[test]
    fn status_numbers_and_names_mirror_error_code() {
        for code in ErrorCode::ALL.iter().copied() {
            let status = mr_status::from(code);
            assert_eq!(status as i32, code.as_i32());
            let name = unsafe { CStr::from_ptr(mr_error_name(code.as_i32())) };
            assert_eq!(name.to_str().unwrap(), code.name());
        }
    }

    #[test]
    fn unknown_codes_have_a_static_name() {
        for n in [-1, 13, i32::MAX, i32::MIN] {
            let name = unsafe { CStr::from_ptr(mr_error_name(n)) };
            assert_eq!(name.to_str().unwrap(), "UNKNOWN");
        }
    }
}
