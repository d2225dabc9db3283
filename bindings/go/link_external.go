//go:build memoryrelay_external

package memoryrelay

// With the build tag memoryrelay_external the package adds no #cgo flags: the caller provides
// them, e.g. for an installed library (scripts/install-c.sh PREFIX):
//
//	CGO_CFLAGS="-I$PREFIX/include" \
//	CGO_LDFLAGS="$PREFIX/lib/libmemoryrelay.a -lgcc_s -lutil -lrt -lpthread -lm -ldl -lc" \
//	go build -tags memoryrelay_external ./...
