package memoryrelay

/*
#include "memoryrelay.h"

mr_status mr_go_set_logger(int32_t level, int enable);
*/
import "C"

import (
	"context"
	"encoding/json"
	"log/slog"
	"sort"
	"sync/atomic"
)

// sdkLogger is where the library's events go; nil when logging is off.
var sdkLogger atomic.Pointer[slog.Logger]

// SetLogger routes the SDK's log events at level and above to logger: one slog.LevelDebug
// record per HTTP attempt (method, attempt, status, latency_ms, request_id) and one
// slog.LevelInfo record per retry. Records never hold the API key or a body. A nil logger turns
// logging off (the default). The setting is process-wide.
func SetLogger(logger *slog.Logger, level slog.Level) error {
	native := C.int32_t(nativeLevel(level))
	if logger == nil {
		native = 0
	}
	sdkLogger.Store(logger)
	if st := C.mr_go_set_logger(native, C.int(boolToInt(logger != nil))); st != C.MR_OK {
		return &Error{Code: Code(st), Message: "mr_set_logger failed"}
	}
	return nil
}

func boolToInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// nativeLevel maps a slog level to the library's 1 (error) … 4 (debug).
func nativeLevel(level slog.Level) int32 {
	switch {
	case level <= slog.LevelDebug:
		return 4
	case level <= slog.LevelInfo:
		return 3
	case level <= slog.LevelWarn:
		return 2
	default:
		return 1
	}
}

func slogLevel(native int32) slog.Level {
	switch native {
	case 1:
		return slog.LevelError
	case 2:
		return slog.LevelWarn
	case 3:
		return slog.LevelInfo
	default:
		return slog.LevelDebug
	}
}

// mrGoLog receives one event (via mr_go_log_trampoline in trampoline.c) on a library thread.
// The strings are borrowed for the call: they are copied before it returns.
//
//export mrGoLog
func mrGoLog(level C.int32_t, target, message, fieldsJSON *C.char) {
	logger := sdkLogger.Load()
	if logger == nil {
		return
	}
	var fields map[string]any
	_ = json.Unmarshal([]byte(C.GoString(fieldsJSON)), &fields)
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	attrs := make([]slog.Attr, 0, len(keys)+1)
	attrs = append(attrs, slog.String("target", C.GoString(target)))
	for _, k := range keys {
		attrs = append(attrs, slog.Any(k, fields[k]))
	}
	logger.LogAttrs(context.Background(), slogLevel(int32(level)), C.GoString(message), attrs...)
}
