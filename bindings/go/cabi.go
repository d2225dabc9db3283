package memoryrelay

/*
#include <stdlib.h>
#include <string.h>
#include "memoryrelay.h"

uint64_t mr_go_call_async(const mr_client *client, const char *method, const char *params_json,
                          uintptr_t handle);
*/
import "C"

import (
	"context"
	"runtime/cgo"
	"sync"
	"unsafe"
)

// completion is what the library's callback hands back to the waiting goroutine.
type completion struct {
	status int32
	json   []byte
}

// mrGoComplete is the async callback (via mr_go_trampoline in trampoline.c). It runs on a
// library worker thread, so it must not block: it copies the JSON, frees the library's string
// (the callback owns it, docs/c-abi.md), and posts to a channel with room for exactly this one
// value (the library invokes the callback exactly once per call). It also deletes the handle,
// since nothing refers to it after this point.
//
//export mrGoComplete
func mrGoComplete(handle C.uintptr_t, requestID C.uint64_t, status C.int32_t, json *C.char) {
	_ = requestID
	h := cgo.Handle(handle)
	ch := h.Value().(chan completion)
	h.Delete()
	var data []byte
	if json != nil {
		data = C.GoBytes(unsafe.Pointer(json), C.int(C.strlen(json)))
		C.mr_string_free(json)
	}
	ch <- completion{status: int32(status), json: data}
}

// methodNames holds a C copy of each method name, made once: names are a fixed set, so there is
// no reason to allocate and free one per call.
var methodNames sync.Map // string -> *C.char

func cMethodName(method string) *C.char {
	if p, ok := methodNames.Load(method); ok {
		return p.(*C.char)
	}
	fresh := C.CString(method)
	p, loaded := methodNames.LoadOrStore(method, fresh)
	if loaded {
		// Another goroutine stored the same name first; keep its copy.
		C.free(unsafe.Pointer(fresh))
	}
	return p.(*C.char)
}

// observeCall, when set (by tests, before any call), sees every method name called: the test
// suite uses it to prove all 47 methods were exercised.
var observeCall func(method string)

// callRaw runs one method through mr_call_async and waits for its callback or for ctx.
//
// When ctx ends first, it calls mr_cancel and then waits for the callback, which the library
// invokes promptly with MR_CANCELLED (or with the real outcome if the call had just finished):
// after callRaw returns, nothing of the call is left running, on either side of the boundary.
func (c *Client) callRaw(ctx context.Context, method string, params []byte) ([]byte, error) {
	if observeCall != nil {
		observeCall(method)
	}
	if c == nil {
		return nil, invalidArgument(method, method+": client is nil (create it with NewClient)")
	}
	if ctx == nil {
		return nil, invalidArgument(method, method+": ctx is nil")
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	cParams := C.CString(string(params))
	defer C.free(unsafe.Pointer(cParams))

	ch := make(chan completion, 1)
	h := cgo.NewHandle(ch)

	c.mu.RLock()
	if c.handle == nil {
		c.mu.RUnlock()
		h.Delete()
		return nil, errClosed(method, false)
	}
	// The library copies both strings before mr_call_async returns.
	id := C.mr_go_call_async(c.handle, cMethodName(method), cParams, C.uintptr_t(h))
	c.mu.RUnlock()
	// id == 0: the call could not start and the callback has already run (ch holds the error).

	var done completion
	select {
	case done = <-ch:
	case <-ctx.Done():
		cancelled := false
		if id != 0 {
			c.mu.RLock()
			if c.handle != nil {
				cancelled = C.mr_cancel(c.handle, C.uint64_t(id)) == C.MR_OK
			}
			c.mu.RUnlock()
		}
		done = <-ch
		if cancelled || done.status == C.MR_CANCELLED {
			return nil, ctx.Err()
		}
		// The call finished before the cancel reached it: report what really happened.
	}
	if done.status == C.MR_CANCELLED && c.isClosed() {
		// Close cancelled this call (mr_client_free cancels everything in flight).
		return nil, errClosed(method, true)
	}
	if done.status != C.MR_OK {
		return nil, decodeError(method, done.status, done.json)
	}
	return done.json, nil
}
