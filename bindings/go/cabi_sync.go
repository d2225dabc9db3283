package memoryrelay

/*
#include <stdlib.h>
#include <string.h>
#include "memoryrelay.h"
*/
import "C"

import "unsafe"

// callSyncForBench runs a method through the blocking mr_call. The SDK itself never uses it
// (blocking calls cannot be cancelled by a context); BenchmarkMemoriesGet uses it to separate
// the cost of cgo + JSON from the cost of the async callback path.
func (c *Client) callSyncForBench(method string, params []byte) ([]byte, error) {
	cParams := C.CString(string(params))
	defer C.free(unsafe.Pointer(cParams))
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.handle == nil {
		return nil, errClosed(method, false)
	}
	var out *C.char
	st := C.mr_call(c.handle, cMethodName(method), cParams, &out)
	data := C.GoBytes(unsafe.Pointer(out), C.int(C.strlen(out)))
	C.mr_string_free(out)
	if st != C.MR_OK {
		return nil, decodeError(method, int32(st), data)
	}
	return data, nil
}
