//go:build !memoryrelay_external

package memoryrelay

// Default linking, for builds inside the repository: build.sh copies the static library
// built by cargo (target/<profile>/libmemoryrelay.a) into bindings/go/lib/. Linking the
// archive (-l:libmemoryrelay.a, never the .so) means a Go binary needs no LD_LIBRARY_PATH.
// The system libraries are what a Rust staticlib needs on Linux (rustc --print
// native-static-libs).

/*
#cgo CFLAGS: -I${SRCDIR}/../../include
#cgo LDFLAGS: -L${SRCDIR}/lib -l:libmemoryrelay.a -lgcc_s -lutil -lrt -lpthread -lm -ldl -lc
*/
import "C"
