//! Library and ABI versions.
//!
//! The constants are literals because cbindgen copies them into the header as `#define`s; a
//! unit test keeps them equal to Cargo's package version.

use std::ffi::c_char;

/// Major version of the library this header belongs to.
pub const MR_VERSION_MAJOR: u32 = 0;
/// Minor version of the library this header belongs to.
pub const MR_VERSION_MINOR: u32 = 1;
/// Patch version of the library this header belongs to.
pub const MR_VERSION_PATCH: u32 = 0;
/// Version of the C ABI described by this header. It changes only when a function's signature
/// or meaning changes incompatibly; adding functions or status codes does not change it.
/// Compare it with `mr_abi_version()` at startup to detect a mismatched shared library.
pub const MR_ABI_VERSION: u32 = 1;

/// The library's version as a static string, e.g. `"0.1.0"`. Do not free it.
#[no_mangle]
pub extern "C" fn mr_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}

/// The ABI version of the loaded library (`MR_ABI_VERSION` of the header it was built with).
#[no_mangle]
pub extern "C" fn mr_abi_version() -> u32 {
    MR_ABI_VERSION
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constants_match_the_package_version() {
        let parse = |s: &str| s.parse::<u32>().unwrap();
        assert_eq!(MR_VERSION_MAJOR, parse(env!("CARGO_PKG_VERSION_MAJOR")));
        assert_eq!(MR_VERSION_MINOR, parse(env!("CARGO_PKG_VERSION_MINOR")));
        assert_eq!(MR_VERSION_PATCH, parse(env!("CARGO_PKG_VERSION_PATCH")));
        let v = unsafe { std::ffi::CStr::from_ptr(mr_version()) };
        assert_eq!(v.to_str().unwrap(), env!("CARGO_PKG_VERSION"));
        assert_eq!(mr_abi_version(), MR_ABI_VERSION);
    }
}
