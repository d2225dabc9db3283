/*
 * memoryrelay.hpp: a small C++17 wrapper over the C ABI in memoryrelay.h. Header-only.
 *
 * memoryrelay::Client owns an mr_client (RAII, move-only): the destructor calls mr_client_free,
 * which cancels async calls still in flight and waits for their callbacks.
 *
 * ERRORS: this wrapper throws. Every failing call throws memoryrelay::Error, which carries the
 * status code (status(), e.g. MR_NOT_FOUND), its name (name(), "NOT_FOUND"), the message
 * (what()) and the full error document (json(), {"error": {...}} as described in
 * memoryrelay.h). Exceptions were chosen over an expected-style result because C++17 has no
 * std::expected and every call has one natural success value (the result JSON text).
 *
 * JSON is passed as text both ways (use any JSON library you like on top). Results are
 * std::string; the wrapper frees the library's strings itself.
 *
 * THREADING: as in C, one Client may be used from many threads at once (its methods are const
 * and the handle is thread-safe). call_async callbacks run on a library worker thread, must not
 * throw (std::terminate), and must not call Client::call (use call_async).
 *
 *   memoryrelay::Client client(R"({"api_key": "mem_...", "base_url": "http://127.0.0.1:8080"})");
 *   std::string agent = client.call("agents.create", R"({"name": "my-agent"})");
 *   try { client.call("memories.get", R"({"memory_id": "nonexistent-id"})"); }
 *   catch (const memoryrelay::Error &e) { if (e.status() == MR_NOT_FOUND) { ... } }
 */
#ifndef MEMORYRELAY_HPP
#define MEMORYRELAY_HPP

#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

#include "memoryrelay.h"

namespace memoryrelay {

namespace detail {

/* Takes ownership of a library string: copies it and frees the original. */
inline std::string take(char *s) {
    if (s == nullptr) return std::string();
    std::string copy(s);
    mr_string_free(s);
    return copy;
}

/* The "message" member of an error document (the library emits it unescaped-safe JSON;
 * escapes other than \" and \\ are kept verbatim). */
inline std::string error_message(const std::string &json) {
    const std::string key = "\"message\":\"";
    std::size_t pos = json.find(key);
    if (pos == std::string::npos) return json;
    std::string out;
    for (std::size_t i = pos + key.size(); i < json.size() && json[i] != '"'; ++i) {
        if (json[i] == '\\' && i + 1 < json.size()) {
            ++i;
            if (json[i] != '"' && json[i] != '\\') out += '\\';
        }
        out += json[i];
    }
    return out;
}

}  // namespace detail

/* A failed call: the status code plus the library's error document. */
class Error : public std::runtime_error {
public:
    Error(mr_status status, std::string json)
        : std::runtime_error(std::string(mr_error_name(status)) + ": " +
                             detail::error_message(json)),
          status_(status), json_(std::move(json)) {}

    /* The status code (never MR_OK). */
    mr_status status() const noexcept { return status_; }
    /* Its upper-case name, e.g. "NOT_FOUND". */
    const char *name() const noexcept { return mr_error_name(status_); }
    /* The full error document: {"error": {"code", "kind", "message", ...}}. */
    const std::string &json() const noexcept { return json_; }

private:
    mr_status status_;
    std::string json_;
};

/* The library's version string, e.g. "0.1.0". */
inline std::string version() { return mr_version(); }

/* Callback of Client::call_async: (status, JSON text: the result or an error document). */
using Callback = std::function<void(mr_status, std::string)>;

/* An owning, move-only client handle. */
class Client {
public:
    /* Creates a client from a config JSON object (see mr_client_new); throws Error. */
    explicit Client(const std::string &config_json = "{}") {
        char *err = nullptr;
        mr_status st = mr_client_new(config_json.c_str(), &handle_, &err);
        if (st != MR_OK) throw Error(st, detail::take(err));
    }

    Client(Client &&other) noexcept : handle_(std::exchange(other.handle_, nullptr)) {}
    Client &operator=(Client &&other) noexcept {
        if (this != &other) {
            mr_client_free(handle_);
            handle_ = std::exchange(other.handle_, nullptr);
        }
        return *this;
    }
    Client(const Client &) = delete;
    Client &operator=(const Client &) = delete;
    ~Client() { mr_client_free(handle_); }

    /* Calls a method ("memories.create", ...) with params JSON; returns the result JSON.
     * Throws Error on any failure (a moved-from Client throws MR_INVALID_ARGUMENT). */
    std::string call(const std::string &method, const std::string &params_json = "{}") const {
        char *out = nullptr;
        mr_status st = mr_call(handle_, method.c_str(), params_json.c_str(), &out);
        std::string json = detail::take(out);
        if (st != MR_OK) throw Error(st, std::move(json));
        return json;
    }

    /* Starts an asynchronous call; `callback` runs exactly once, on a worker thread (or on this
     * thread before call_async returns, with id 0, when the call cannot start). Returns the
     * request id for cancel(), or 0. */
    std::uint64_t call_async(const std::string &method, const std::string &params_json,
                             Callback callback) const {
        auto *boxed = new Callback(std::move(callback));
        return mr_call_async(handle_, method.c_str(), params_json.c_str(), &Client::trampoline,
                             boxed);
    }

    /* Cancels an async call; true if it was in flight (its callback then gets MR_CANCELLED). */
    bool cancel(std::uint64_t request_id) const { return mr_cancel(handle_, request_id) == MR_OK; }

    /* The underlying handle, for calling the C functions directly (still owned by *this). */
    mr_client *get() const noexcept { return handle_; }
    explicit operator bool() const noexcept { return handle_ != nullptr; }

private:
    static void trampoline(void *user_data, std::uint64_t, mr_status status, char *json) noexcept {
        std::unique_ptr<Callback> callback(static_cast<Callback *>(user_data));
        (*callback)(status, detail::take(json));
    }

    mr_client *handle_ = nullptr;
};

}  // namespace memoryrelay

#endif /* MEMORYRELAY_HPP */
