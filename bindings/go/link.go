package memoryrelay

// Linking: through pkg-config, against the installed C SDK (one command: scripts/install-c.sh
// PREFIX, or the release archive memoryrelay-<version>-<target>.tar.gz extracted anywhere; then
// PKG_CONFIG_PATH=PREFIX/lib/pkgconfig). memoryrelay-static.pc names the static archive and the
// system libraries rustc reports for it (native-static-libs), so Go binaries carry the library
// and need no LD_LIBRARY_PATH. Why pkg-config rather than archives inside the module: a Go
// module that commits a multi-megabyte archive per platform is heavy to fetch for every user,
// and the C archive is already the release artifact; pkg-config is what cgo users expect.
//
// Other platforms, with the same .pc files (the flags come from rustc on each platform):
//   - macOS: native-static-libs is `-framework Security -framework CoreFoundation -liconv -lSystem
//     -lc -lm` (what rustls-platform-verifier and std need); pkg-config from Homebrew.
//   - Windows (MSVC/MinGW): `-lws2_32 -lbcrypt -luserenv -lntdll -lcrypt32 …` as rustc lists;
//     set PKG_CONFIG_PATH to the extracted archive with pkg-config from MSYS2.
// Neither can be built on this project's Linux CI; the flags above are documentation.
//
// Without pkg-config or the SDK, cgo stops with "Package memoryrelay-static was not found in
// the pkg-config search path": install the C package for your platform (docs/go.md).

/*
#cgo pkg-config: memoryrelay-static
#include "memoryrelay.h"
*/
import "C"

import "fmt"

// abiMismatch is non-nil when the linked library speaks another C ABI version than the header
// this package was compiled with (an SDK install older or newer than the Go module).
func abiMismatch() error {
	if got, want := uint32(C.mr_abi_version()), uint32(C.MR_ABI_VERSION); got != want {
		return &Error{Code: CodeInternal, Message: fmt.Sprintf(
			"memoryrelay: the installed C SDK has ABI version %d, this Go module needs %d: "+
				"install the C package of the matching release", got, want)}
	}
	return nil
}
