import Foundation
import XCTest

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

@testable import MemoryRelay

/// One local MemoryRelay server (the workspace's `memoryrelay-server`, built with the
/// `fault-injection` feature) for the whole test run: $MEMORYRELAY_SERVER_BIN, else
/// <repo>/target/debug/memoryrelay-server. It listens on an ephemeral port of 127.0.0.1, keeps
/// its database in memory and exits when our end of its stdin closes, that is with this test
/// process, so no server is left behind even after a crash.
final class TestServer: @unchecked Sendable {  // immutable after start; `process` is only kept alive
    static let shared: TestServer = {
        do {
            return try TestServer.start()
        } catch {
            fatalError("could not start the local server: \(error)")
        }
    }()

    /// Each key is its own account on the local server (wire contract §1.2).
    static let keyCount = 64

    let url: String
    let keys: [String]
    private let process: Process
    private let stdin: Pipe
    private let lock = NSLock()
    private var nextKey = 1

    private init(url: String, keys: [String], process: Process, stdin: Pipe) {
        self.url = url
        self.keys = keys
        self.process = process
        self.stdin = stdin
    }

    var key: String { keys[0] }

    /// A key (account) no other test has used.
    func freshKey() -> String {
        lock.lock()
        defer { lock.unlock() }
        precondition(nextKey < keys.count, "out of fresh accounts; raise TestServer.keyCount")
        defer { nextKey += 1 }
        return keys[nextKey]
    }

    /// A client of a fresh account.
    func client(
        timeout: TimeInterval? = nil, maxRetries: Int? = nil,
        observer: (@Sendable (String) -> Void)? = nil
    ) throws -> MemoryRelay {
        try MemoryRelay(
            apiKey: freshKey(), baseURL: url, timeout: timeout, maxRetries: maxRetries,
            maxRetryAfter: nil, allowInsecureHTTP: false, observer: observer)
    }

    private static func binary() -> String {
        if let explicit = ProcessInfo.processInfo.environment["MEMORYRELAY_SERVER_BIN"] {
            return explicit
        }
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return repo.appendingPathComponent("target/debug/memoryrelay-server").path
    }

    private static func start() throws -> TestServer {
        let keys = (0..<keyCount).map { "mem_swift\($0)_\(UUID().uuidString.prefix(8).lowercased())" }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary())
        process.arguments =
            ["--port", "0", "--ready-json", "--db", ":memory:", "--enable-fault-injection",
             "--exit-on-stdin-close"] + keys.flatMap { ["--api-key", $0] }
        var env = ProcessInfo.processInfo.environment
        env["RUST_LOG"] = "warn"
        process.environment = env
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        // The first line is {"url": ..., "api_keys": [...]}.
        var line = Data()
        while true {
            let byte = stdout.fileHandleForReading.readData(ofLength: 1)
            if byte.isEmpty || byte == Data([0x0A]) { break }
            line.append(byte)
        }
        struct Ready: Decodable {
            let url: String
            let api_keys: [String]
        }
        let ready = try JSONDecoder().decode(Ready.self, from: line)
        return TestServer(url: ready.url, keys: ready.api_keys, process: process, stdin: stdin)
    }

    // MARK: fault injection (the server's /__faults admin route)

    @discardableResult
    func admin(_ method: String, _ body: [String: JSONValue]? = nil) async throws -> JSONValue {
        var request = URLRequest(url: URL(string: url + "/__faults")!)
        request.httpMethod = method
        request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        if let body { request.httpBody = Data(JSONValue.object(body).description.utf8) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else {
            throw MemoryRelayError(code: .api, message: "admin \(method) answered \(status)")
        }
        return data.isEmpty ? .null : (JSONValue.parse(String(decoding: data, as: UTF8.self)) ?? .null)
    }

    func fault(_ rule: [String: JSONValue]) async throws { try await admin("POST", rule) }
    func clearFaults() async throws { try await admin("DELETE") }
    func hits() async throws -> [String: Int] {
        let all = try await admin("GET")["hits"]?.objectValue ?? [:]
        return all.compactMapValues(\.intValue)
    }
}

/// A name no other test uses.
func unique(_ prefix: String) -> String { "\(prefix)-\(UUID().uuidString.prefix(10).lowercased())" }

/// Asserts that `body` throws a MemoryRelayError and returns it.
func expectError<T>(
    _ body: () async throws -> T, file: StaticString = #filePath, line: UInt = #line
) async -> MemoryRelayError? {
    do {
        let value = try await body()
        XCTFail("expected a MemoryRelayError, got \(value)", file: file, line: line)
    } catch let e as MemoryRelayError {
        return e
    } catch {
        XCTFail("expected a MemoryRelayError, got \(error)", file: file, line: line)
    }
    return nil
}

/// A test case whose tests leave no fault rule behind.
class ServerTestCase: XCTestCase {
    var server: TestServer { TestServer.shared }

    override func setUp() async throws {
        try await server.clearFaults()
    }
    override func tearDown() async throws {
        try await server.clearFaults()
    }
}
