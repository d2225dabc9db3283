import Foundation
import MemoryRelayUniFFI

/// The MemoryRelay client: `client.memories.create(agentId:content:)` and the other methods of
/// the seven resources, all `async throws`.
///
/// Thread-safe and `Sendable`: make one per configuration and share it between tasks. A call
/// whose `Task` is cancelled stops at once (the HTTP exchange is dropped) and throws
/// `MemoryRelayError` with code `.cancelled`.
public final class MemoryRelay: Sendable {
    let ffi: MemoryRelayClient
    let tokens = TokenPool()
    /// Tests see each method name as it is called (coverage of the generated method list).
    let observer: (@Sendable (String) -> Void)?

    /// A client. `apiKey` falls back to `MEMORYRELAY_API_KEY`, `baseURL` to
    /// `MEMORYRELAY_API_URL`, then to the hosted API. `timeout` is per attempt, in seconds
    /// (default 30); `maxRetries` counts retries after the first attempt (default 2).
    /// Throws `.authentication` when no key is found and `.invalidArgument` for a bad option.
    public convenience init(
        apiKey: String? = nil, baseURL: String? = nil, timeout: TimeInterval? = nil,
        maxRetries: Int? = nil, maxRetryAfter: TimeInterval? = nil, allowInsecureHTTP: Bool = false
    ) throws {
        try self.init(
            apiKey: apiKey, baseURL: baseURL, timeout: timeout, maxRetries: maxRetries,
            maxRetryAfter: maxRetryAfter, allowInsecureHTTP: allowInsecureHTTP, observer: nil)
    }

    init(
        apiKey: String?, baseURL: String?, timeout: TimeInterval?, maxRetries: Int?,
        maxRetryAfter: TimeInterval?, allowInsecureHTTP: Bool,
        observer: (@Sendable (String) -> Void)?
    ) throws {
        if let maxRetries, maxRetries < 0 || maxRetries > Int(UInt32.max) {
            throw MemoryRelayError(
                code: .invalidArgument,
                message: "option 'maxRetries' must be between 0 and 10, got \(maxRetries)")
        }
        let options = ClientOptions(
            apiKey: apiKey, baseUrl: baseURL, timeout: timeout,
            maxRetries: maxRetries.map { UInt32($0) }, maxRetryAfter: maxRetryAfter,
            allowInsecureHttp: allowInsecureHTTP, userAgentSuffix: "swift")
        do {
            ffi = try MemoryRelayClient(options: options)
        } catch let e as MemoryRelayUniFFI.MemoryRelayError {
            throw MemoryRelayError(e)
        }
        self.observer = observer
    }

    /// Releases the connections. Later calls throw `.invalidArgument`; calls in flight finish.
    public func close() { ffi.shutdown() }

    /// Whether `close()` was called.
    public var isClosed: Bool { ffi.isShutDown() }

    /// Calls any method by name (`"memories.get"`) with the Python reference's parameter names
    /// and returns the response JSON (`.null` for deletes). The typed methods are built on it.
    public func call(_ method: String, params: [String: JSONValue] = [:]) async throws -> JSONValue {
        let text = try await raw(method, JSONValue.object(params).description)
        do {
            return try JSONParser.parse(text)
        } catch {
            throw MemoryRelayError(code: .api, message: "the \(method) response is not JSON: \(error)")
        }
    }

    /// One call: params as JSON text in, response JSON text out. The cancellation handler
    /// cancels the Rust call through a token, since UniFFI does not cancel Rust futures.
    func raw(_ method: String, _ params: String) async throws -> String {
        observer?(method)
        let token = tokens.take()
        do {
            let out = try await withTaskCancellationHandler {
                try await ffi.callWithToken(method: method, paramsJson: params, token: token)
            } onCancel: {
                token.cancel()
            }
            tokens.giveBack(token)
            return out
        } catch let e as MemoryRelayUniFFI.MemoryRelayError {
            tokens.giveBack(token)
            throw MemoryRelayError(e)
        }
    }

    /// A typed call: the generated methods come here.
    func invoke<T: JSONReadable>(_ method: String, _ params: [String: JSONValue], as: T.Type) async throws -> T {
        let text = try await raw(method, JSONValue.object(params).description)
        do {
            return try T(json: JSONParser.parse(text))
        } catch {
            throw MemoryRelayError.undecodable(method, error)
        }
    }

    /// A call whose result is `null` (the deletes).
    func invokeVoid(_ method: String, _ params: [String: JSONValue]) async throws {
        _ = try await raw(method, JSONValue.object(params).description)
    }
}

/// Cancellation tokens of finished calls that were not cancelled, for reuse: making one is an
/// FFI call with an allocation on each side, a measurable part of a local call.
final class TokenPool: @unchecked Sendable {  // `free` is guarded by `lock`
    private let lock = NSLock()
    private var free: [CancellationToken] = []

    func take() -> CancellationToken {
        lock.lock()
        let pooled = free.popLast()
        lock.unlock()
        return pooled ?? CancellationToken()
    }

    /// Keeps `token` unless the task was cancelled: then its handler may have cancelled the
    /// token (a cancelled token stays cancelled). After `withTaskCancellationHandler` returns
    /// its handler no longer runs, so an uncancelled task means an uncancelled token.
    func giveBack(_ token: CancellationToken) {
        guard !Task.isCancelled else { return }
        lock.lock()
        if free.count < 64 { free.append(token) }
        lock.unlock()
    }
}
