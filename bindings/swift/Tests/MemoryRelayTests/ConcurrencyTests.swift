import Foundation
import XCTest

@testable import MemoryRelay

/// One client shared by many tasks: 64 tasks × 200 calls, every answer the right one.
final class ConcurrencyTests: ServerTestCase {
    func testTaskGroupOf64TasksTimes200CallsOnOneClient() async throws {
        let c = try server.client()
        let agent = try await c.agents.create(name: unique("concurrent"))
        var memories: [Memory] = []
        for i in 0..<8 {
            memories.append(try await c.memories.create(agentId: agent.id, content: "memory \(i)"))
        }
        let expected = memories
        let checked = try await withThrowingTaskGroup(of: Int.self) { group in
            for t in 0..<64 {
                group.addTask {
                    var ok = 0
                    for i in 0..<200 {
                        let want = expected[(t + i) % expected.count]
                        let got = try await c.memories.get(memoryId: want.id)
                        if got.id == want.id && got.content == want.content { ok += 1 }
                    }
                    return ok
                }
            }
            return try await group.reduce(0, +)
        }
        XCTAssertEqual(checked, 64 * 200)
    }
}
