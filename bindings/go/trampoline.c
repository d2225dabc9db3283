// C side of the async bridge. The library calls mr_go_trampoline on one of its worker threads
// (or on the calling thread when the call could not start); it forwards to the exported Go
// function. user_data carries a runtime/cgo.Handle as an integer, never a Go pointer, so the
// cgo pointer-passing rules hold.
#include <stdint.h>
#include "memoryrelay.h"
#include "_cgo_export.h"

static void mr_go_trampoline(void *user_data, uint64_t request_id, mr_status status, char *json) {
    mrGoComplete((uintptr_t)user_data, request_id, (int32_t)status, json);
}

uint64_t mr_go_call_async(const mr_client *client, const char *method, const char *params_json,
                          uintptr_t handle) {
    return mr_call_async(client, method, params_json, mr_go_trampoline, (void *)handle);
}

// C side of the log bridge: forwards each event to the exported Go function mrGoLog.
static void mr_go_log_trampoline(void *user_data, int32_t level, const char *target,
                                 const char *message, const char *fields_json) {
    (void)user_data;
    mrGoLog(level, (char *)target, (char *)message, (char *)fields_json);
}

mr_status mr_go_set_logger(int32_t level, int enable) {
    return mr_set_logger(level, enable ? mr_go_log_trampoline : NULL, NULL);
}
