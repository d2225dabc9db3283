import Foundation
import XCTest

@testable import MemoryRelay

/// Each error code of wire contract §2.3 from a real server condition (fault injection where
/// the local server would not fail on its own), with every field as it should be.
/// INTERNAL (a caught panic in the SDK) has no server condition that produces it.
final class ErrorTests: ServerTestCase {
    private func assertHTTPError(
        _ e: MemoryRelayError?, _ code: MemoryRelayError.Code, _ status: Int,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        guard let e else { return XCTFail("no error", file: file, line: line) }
        XCTAssertEqual(e.code, code, file: file, line: line)
        XCTAssertEqual(e.status, status, file: file, line: line)
        XCTAssertTrue(e.requestId?.hasPrefix("req_") == true, "requestId \(String(describing: e.requestId))", file: file, line: line)
        XCTAssertFalse(e.body?.isEmpty ?? true, file: file, line: line)
        XCTAssertFalse(e.message.isEmpty, file: file, line: line)
        XCTAssertEqual(e.errorDescription, e.message, file: file, line: line)
        XCTAssertEqual(e.localizedDescription, e.message, file: file, line: line)
    }

    func testInvalidArgumentNamesTheArgumentAndSendsNothing() async throws {
        let c = try server.client()
        let e = await expectError { try await c.memories.create(agentId: "a", content: "   ") }
        XCTAssertEqual(e?.code, .invalidArgument)
        XCTAssertNil(e?.status)
        XCTAssertNil(e?.body)
        XCTAssertTrue(e?.message.contains("content") == true, e?.message ?? "")
        let v1 = try await server.hits()["POST /v1/memories"]
        XCTAssertEqual(v1, nil)
    }

    func testAuthentication() async throws {
        let c = try MemoryRelay(apiKey: "mem_wrong", baseURL: server.url)
        let e = await expectError { try await c.agents.list() }
        assertHTTPError(e, .authentication, 401)
    }

    func testForbidden() async throws {
        try await server.fault(["path": "/v1/agents", "method": "GET", "action": "status", "status": 403])
        let e = await expectError { try await server.client().agents.list() }
        assertHTTPError(e, .forbidden, 403)
    }

    func testNotFound() async throws {
        let e = await expectError { try await server.client().memories.get(memoryId: "nonexistent-id") }
        assertHTTPError(e, .notFound, 404)
    }

    func testValidationHasDetails() async throws {
        let e = await expectError {
            try await server.client().memories.list(agentId: unique("a"), limit: 1000)
        }
        assertHTTPError(e, .validation, 422)
        XCTAssertEqual(e?.details?[0]?["loc"], ["query", "limit"])
    }

    func testRateLimitedReportsRetryAfter() async throws {
        // Over the 60 s cap: the client gives up at once and reports the wait.
        try await server.fault([
            "path": "/v1/agents", "method": "GET", "action": "status", "status": 429,
            "retry_after": "120",
        ])
        let e = await expectError { try await server.client().agents.list() }
        assertHTTPError(e, .rateLimited, 429)
        XCTAssertEqual(e?.retryAfter, 120)
        let v2 = try await server.hits()["GET /v1/agents"]
        XCTAssertEqual(v2, 1)
    }

    func testConflict() async throws {
        let c = try server.client()
        let name = unique("dup")
        _ = try await c.agents.create(name: name)
        let e = await expectError { try await c.agents.create(name: name) }
        assertHTTPError(e, .conflict, 409)
    }

    func testAPIErrorAfterRetries() async throws {
        try await server.fault([
            "path": "/v1/agents", "method": "GET", "action": "status", "status": 503, "count": 2,
        ])
        let e = await expectError { try await server.client(maxRetries: 1).agents.list() }
        assertHTTPError(e, .api, 503)
        let v3 = try await server.hits()["GET /v1/agents"]
        XCTAssertEqual(v3, 2)
    }

    func testNetwork() async throws {
        try await server.fault([
            "path": "/v1/agents", "method": "GET", "action": "drop_after_commit", "count": 5,
        ])
        let e = await expectError { try await server.client(maxRetries: 0).agents.list() }
        XCTAssertEqual(e?.code, .network)
        XCTAssertNil(e?.status)
        XCTAssertNil(e?.body)
    }

    func testNetworkWhenNothingListens() async throws {
        let c = try MemoryRelay(apiKey: "mem_x", baseURL: "http://127.0.0.1:9", maxRetries: 0)
        let e = await expectError { try await c.agents.list() }
        XCTAssertEqual(e?.code, .network)
    }

    func testTimeout() async throws {
        try await server.fault([
            "path": "/v1/agents", "method": "GET", "action": "delay", "delay_ms": 3000,
        ])
        let started = Date()
        let e = await expectError { try await server.client(timeout: 0.3, maxRetries: 0).agents.list() }
        XCTAssertEqual(e?.code, .timeout)
        XCTAssertLessThan(Date().timeIntervalSince(started), 2.5)
    }

    func testUnknownCodeStillHasAName() {
        XCTAssertEqual(MemoryRelayError.Code(rawValue: 99).description, "CODE_99")
        XCTAssertEqual(MemoryRelayError.Code.notFound.description, "NOT_FOUND")
        XCTAssertEqual(MemoryRelayError.Code.internal.rawValue, 12)
    }
}
