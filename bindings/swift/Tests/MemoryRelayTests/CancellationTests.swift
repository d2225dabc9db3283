import Foundation
import XCTest

@testable import MemoryRelay

/// Cancelling the Swift Task cancels the Rust call (through the UniFFI cancellation token).
final class CancellationTests: ServerTestCase {
    func testTaskCancellationStopsTheCallMidFlight() async throws {
        try await server.fault([
            "path": "/v1/agents", "method": "GET", "action": "delay", "delay_ms": 5000, "count": 1,
        ])
        let c = try server.client()
        let started = Date()
        let task = Task { try await c.agents.list() }
        try await Task.sleep(nanoseconds: 300_000_000)
        // The request is in flight at the server when we cancel.
        let v1 = try await server.hits()["GET /v1/agents"]
        XCTAssertEqual(v1, 1)
        task.cancel()
        let e = await expectError { try await task.value }
        XCTAssertEqual(e?.code, .cancelled)
        XCTAssertLessThan(Date().timeIntervalSince(started), 2.0)
        // The client still works afterwards.
        let v2 = try await c.agents.list().data.count
        XCTAssertEqual(v2, 0)
    }

    func testAlreadyCancelledTaskSendsNothing() async throws {
        let c = try server.client()
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await c.memories.get(memoryId: "m1")
        }
        let e = await expectError { try await task.value }
        XCTAssertEqual(e?.code, .cancelled)
        let v3 = try await server.hits()["GET /v1/memories/m1"]
        XCTAssertNil(v3)
    }

    func testCancellingAPagingLoopStopsIt() async throws {
        try await server.fault([
            "path": "/v1/agents", "method": "GET", "action": "delay", "delay_ms": 5000, "count": 1,
        ])
        let c = try server.client()
        let task = Task {
            var n = 0
            for try await _ in c.agents.listAll() { n += 1 }
            return n
        }
        try await Task.sleep(nanoseconds: 300_000_000)
        task.cancel()
        let started = Date()
        do {
            _ = try await task.value
            XCTFail("the stream ended normally")
        } catch let e as MemoryRelayError {
            XCTAssertEqual(e.code, .cancelled)
        } catch is CancellationError {
            // AsyncThrowingStream may report the cancellation itself.
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 2.0)
    }
}
