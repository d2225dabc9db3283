import Foundation
import XCTest

@testable import MemoryRelay

/// The `listAll` streams walk every page with `MemoryRelay.pageSize` items a page.
final class PagingTests: ServerTestCase {
    func testListAllCrossesPages() async throws {
        let c = try server.client()
        let agent = try await c.agents.create(name: unique("pages"))
        let total = 2 * MemoryRelay.pageSize + 17
        let items: [[String: JSONValue]] = (0..<total).map { ["content": .string("item \($0)")] }
        let batch = try await c.memories.batchCreate(agentId: agent.id, memories: items)
        XCTAssertEqual(batch.succeeded, total)

        let before = try await server.hits()["GET /v1/memories"] ?? 0
        var ids: [String] = []
        for try await m in c.memories.listAll(agentId: agent.id) { ids.append(m.id) }
        XCTAssertEqual(ids.count, total)
        XCTAssertEqual(Set(ids).count, total)
        let pages = (try await server.hits()["GET /v1/memories"] ?? 0) - before
        XCTAssertEqual(pages, 3)
    }

    func testAnErrorEndsTheStream() async throws {
        try await server.fault([
            "path": "/v1/agents", "method": "GET", "action": "status", "status": 403,
        ])
        let c = try server.client()
        var seen = 0
        do {
            for try await _ in c.agents.listAll() { seen += 1 }
            XCTFail("no error")
        } catch let e as MemoryRelayError {
            XCTAssertEqual(e.code, .forbidden)
        }
        XCTAssertEqual(seen, 0)
    }
}
