import Foundation
import XCTest

@testable import MemoryRelay

/// Bad input throws MemoryRelayError, never traps; nothing is sent.
final class BadInputTests: ServerTestCase {
    func testEmptyIdsNameTheArgument() async throws {
        let c = try server.client()
        let cases: [(String, () async throws -> Void)] = [
            ("memory_id", { _ = try await c.memories.get(memoryId: "") }),
            ("agent_id", { _ = try await c.agents.stats(agentId: "") }),
            ("session_id", { _ = try await c.sessions.end(sessionId: "") }),
            ("pattern_id", { _ = try await c.patterns.adopt(patternId: "", projectId: "p") }),
        ]
        for (name, call) in cases {
            let e = await expectError { try await call() }
            XCTAssertEqual(e?.code, .invalidArgument, name)
            XCTAssertTrue(e?.message.contains(name) == true, "\(name): \(e?.message ?? "")")
            XCTAssertNil(e?.status)
        }
    }

    func testEmptyContentAndUpdateWithoutFields() async throws {
        let c = try server.client()
        var e = await expectError { try await c.memories.create(agentId: "a", content: "") }
        XCTAssertEqual(e?.code, .invalidArgument)
        XCTAssertTrue(e?.message.contains("content") == true, e?.message ?? "")
        e = await expectError { try await c.memories.update(memoryId: "m") }
        XCTAssertEqual(e?.code, .invalidArgument)
        e = await expectError { try await c.memories.batchCreate(agentId: "a", memories: []) }
        XCTAssertEqual(e?.code, .invalidArgument)
        XCTAssertTrue(e?.message.contains("memories") == true, e?.message ?? "")
        let v1 = try await server.hits().keys.filter { $0.contains("/v1/memories") }
        XCTAssertEqual(v1, [])
    }

    func testGenericCallRejectsUnknownMethodsAndParams() async throws {
        let c = try server.client()
        var e = await expectError { try await c.call("memories.explode") }
        XCTAssertEqual(e?.code, .invalidArgument)
        e = await expectError { try await c.call("memories.get", params: ["memory_id": "m", "bogus": 1]) }
        XCTAssertEqual(e?.code, .invalidArgument)
        XCTAssertTrue(e?.message.contains("bogus") == true, e?.message ?? "")
        e = await expectError { try await c.call("memories.get", params: ["memory_id": 5]) }
        XCTAssertEqual(e?.code, .invalidArgument)
    }

    func testClosedClientThrowsAClearError() async throws {
        let c = try server.client()
        XCTAssertFalse(c.isClosed)
        c.close()
        c.close()
        XCTAssertTrue(c.isClosed)
        let e = await expectError { try await c.agents.list() }
        XCTAssertEqual(e?.code, .invalidArgument)
        XCTAssertTrue(e?.message.contains("closed") == true, e?.message ?? "")
    }

    func testBadOptions() async throws {
        XCTAssertThrowsError(try MemoryRelay(apiKey: "k", baseURL: "not a url")) {
            XCTAssertEqual(($0 as? MemoryRelayError)?.code, .invalidArgument)
        }
        XCTAssertThrowsError(try MemoryRelay(apiKey: "k", baseURL: server.url, timeout: -1)) {
            XCTAssertEqual(($0 as? MemoryRelayError)?.code, .invalidArgument)
        }
        XCTAssertThrowsError(try MemoryRelay(apiKey: "k", baseURL: server.url, maxRetries: -1)) {
            XCTAssertEqual(($0 as? MemoryRelayError)?.code, .invalidArgument)
        }
        XCTAssertThrowsError(try MemoryRelay(apiKey: "k", baseURL: "http://example.com")) {
            XCTAssertEqual(($0 as? MemoryRelayError)?.code, .invalidArgument)
        }
    }

    func testNoKeyAnywhere() throws {
        // The test environment has no MEMORYRELAY_API_KEY (test.sh runs with a clean env).
        try XCTSkipIf(ProcessInfo.processInfo.environment["MEMORYRELAY_API_KEY"] != nil)
        XCTAssertThrowsError(try MemoryRelay(baseURL: server.url)) {
            XCTAssertEqual(($0 as? MemoryRelayError)?.code, .authentication)
        }
    }

    func testKeyFromTheEnvironment() async throws {
        setenv("MEMORYRELAY_API_KEY", server.freshKey(), 1)
        defer { unsetenv("MEMORYRELAY_API_KEY") }
        let c = try MemoryRelay(baseURL: server.url)
        let v2 = try await c.agents.list().data.count
        XCTAssertEqual(v2, 0)
    }
}
