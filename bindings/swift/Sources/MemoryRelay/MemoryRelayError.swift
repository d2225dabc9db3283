import Foundation

/// Every failure of the SDK: one type with a stable `code` (wire contract §2.3).
///
/// ```swift
/// do { _ = try await client.memories.get(memoryId: id) }
/// catch let e as MemoryRelayError where e.code == .notFound { ... }
/// ```
public struct MemoryRelayError: Error, LocalizedError, Sendable, CustomStringConvertible {
    /// The stable error code. New codes may appear: match with a `default` case.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        /// Upper-case name, e.g. `NOT_FOUND` (`CODE_<n>` for a code this SDK does not know).
        public var description: String { Code.names[rawValue] ?? "CODE_\(rawValue)" }
    }

    public let code: Code
    /// What went wrong, in words; the server's message for an HTTP error.
    public let message: String
    /// The HTTP status, when the server answered.
    public let status: Int?
    /// The server's `X-Request-Id`, when it answered.
    public let requestId: String?
    /// Seconds the server asked to wait (`Retry-After`, with RATE_LIMITED).
    public let retryAfter: Int?
    /// The server's list of rejected fields (VALIDATION), as sent.
    public let details: JSONValue?
    /// The raw response body of an HTTP error.
    public let body: String?

    public init(
        code: Code, message: String, status: Int? = nil, requestId: String? = nil,
        retryAfter: Int? = nil, details: JSONValue? = nil, body: String? = nil
    ) {
        self.code = code
        self.message = message
        self.status = status
        self.requestId = requestId
        self.retryAfter = retryAfter
        self.details = details
        self.body = body
    }

    public var errorDescription: String? { message }
    public var description: String {
        var s = "MemoryRelayError(\(code)"
        if let status { s += ", status \(status)" }
        if let requestId { s += ", request \(requestId)" }
        return s + "): \(message)"
    }

    /// From the fields every variant of the UniFFI error carries.
    init(
        rawCode: Int32, reason: String, status: UInt16?, requestId: String?, retryAfter: UInt64?,
        details: String?, body: String?
    ) {
        self.init(
            code: Code(rawValue: Int(rawCode)), message: reason, status: status.map(Int.init),
            requestId: requestId, retryAfter: retryAfter.map { Int(clamping: $0) },
            details: details.flatMap(JSONValue.parse), body: body)
    }

    /// A response that does not fit the model (the SDK's API code, as in every language).
    static func undecodable(_ method: String, _ error: Error) -> MemoryRelayError {
        MemoryRelayError(
            code: .api, message: "the \(method) response does not match its model: \(error)")
    }
}

extension JSONValue {
    /// Parses JSON text; nil when it is not JSON.
    static func parse(_ text: String) -> JSONValue? {
        try? JSONParser.parse(text)
    }
}
