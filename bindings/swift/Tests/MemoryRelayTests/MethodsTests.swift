import Foundation
import XCTest

@testable import MemoryRelay

/// Records the method names a client calls (the coverage check reads the generated list).
final class CallLog: @unchecked Sendable {  // guarded by `lock`
    private let lock = NSLock()
    private var names: Set<String> = []
    func record(_ name: String) {
        lock.lock()
        names.insert(name)
        lock.unlock()
    }
    var called: Set<String> {
        lock.lock()
        defer { lock.unlock() }
        return names
    }
}

/// Every method of the seven resources through the typed skin, against the local server.
final class MethodsTests: ServerTestCase {
    func testEveryMethodThroughTheTypedSkin() async throws {
        let log = CallLog()
        let c = try server.client(observer: { log.record($0) })

        // agents
        let agent = try await c.agents.create(
            name: unique("agent"), description: "swift", metadata: ["k": "v"])
        XCTAssertEqual(agent.description, "swift")
        XCTAssertEqual(agent.metadata["k"], "v")
        XCTAssertNotNil(agent.createdAt)
        let v1 = try await c.agents.get(agentId: agent.id).id
        XCTAssertEqual(v1, agent.id)
        let renamed = try await c.agents.update(agentId: agent.id, description: "renamed")
        XCTAssertEqual(renamed.description, "renamed")
        let agents = try await c.agents.list(limit: 100)
        XCTAssertTrue(agents.data.contains { $0.id == agent.id })
        var streamed = 0
        for try await a in c.agents.listAll() where a.id == agent.id { streamed += 1 }
        XCTAssertEqual(streamed, 1)

        // memories
        let memory = try await c.memories.create(
            agentId: agent.id, content: "The project uses PostgreSQL 16 with pgvector.",
            metadata: ["source": "review", "confidence": 0.95], importance: 0.7,
            memoryType: "fact")
        XCTAssertEqual(memory.agentId, agent.id)
        XCTAssertEqual(memory.metadata["confidence"], 0.95)
        XCTAssertEqual(memory.importance, 0.7)
        XCTAssertEqual(memory.memoryType, "fact")
        let fetched = try await c.memories.get(memoryId: memory.id)
        XCTAssertEqual(fetched.content, memory.content)
        XCTAssertEqual(fetched.createdAt, memory.createdAt)
        let updated = try await c.memories.update(memoryId: memory.id, content: "PostgreSQL 17 now.")
        XCTAssertEqual(updated.content, "PostgreSQL 17 now.")
        let hits = try await c.memories.search(agentId: agent.id, query: "database", limit: 5)
        XCTAssertEqual(hits.first?.memory.id, memory.id)
        let batch = try await c.memories.batchCreate(
            agentId: agent.id, memories: [["content": "one"], ["content": "two", "importance": 0.2]])
        XCTAssertEqual(batch.succeeded, 2)
        XCTAssertEqual(batch.results.count, 2)
        let page = try await c.memories.list(agentId: agent.id, limit: 2, offset: 1)
        XCTAssertEqual(page.data.count, 2)
        var all: [String] = []
        for try await m in c.memories.listAll(agentId: agent.id) { all.append(m.id) }
        XCTAssertEqual(Set(all).count, 3)

        // entities
        let entity = try await c.entities.create(
            agentId: agent.id, name: "PostgreSQL", entityType: "technology",
            metadata: ["version": "16"])
        XCTAssertEqual(entity.entityType, "technology")
        let link = try await c.entities.link(entityId: entity.id, memoryId: memory.id, relationship: "uses")
        XCTAssertEqual(link.relationship, "uses")
        let v2 = try await c.entities.get(entityId: entity.id).name
        XCTAssertEqual(v2, "PostgreSQL")
        let v3 = try await c.entities.update(entityId: entity.id, name: "Postgres").name
        XCTAssertEqual(v3, "Postgres")
        let v4 = try await c.entities.list(agentId: agent.id, entityType: "technology").data.map(\.id)
        XCTAssertEqual(v4,
            [entity.id])
        var entities = 0
        for try await _ in c.entities.listAll(agentId: agent.id, entityType: "person") { entities += 1 }
        XCTAssertEqual(entities, 0)

        // sessions
        let session = try await c.sessions.create(agentId: agent.id, title: "first")
        XCTAssertEqual(session.title, "first")
        let resumed = try await c.sessions.getOrCreate(agentId: agent.id, sessionKey: "review-1")
        XCTAssertEqual(resumed.created, true)
        let again = try await c.sessions.getOrCreate(agentId: agent.id, sessionKey: "review-1")
        XCTAssertEqual(again.created, false)
        XCTAssertEqual(again.id, resumed.id)
        _ = try await c.memories.create(
            agentId: agent.id, content: "Reviewed the authentication module.",
            sessionId: resumed.id)
        let withMemories = try await c.sessions.get(sessionId: resumed.id)
        XCTAssertEqual(withMemories.memories?.count, 1)
        let summary = try await c.sessions.summarize(sessionId: resumed.id)
        XCTAssertEqual(summary.sessionId, resumed.id)
        let ended = try await c.sessions.end(sessionId: resumed.id, summary: "done")
        XCTAssertEqual(ended.status, "ended")
        XCTAssertNotNil(ended.endedAt)
        let v5 = try await c.sessions.list(agentId: agent.id, status: "ended").data.map(\.id)
        XCTAssertEqual(v5, [resumed.id])
        var sessions = 0
        for try await _ in c.sessions.listAll(agentId: agent.id) { sessions += 1 }
        XCTAssertEqual(sessions, 2)
        try await c.sessions.delete(sessionId: session.id)

        // decisions
        let decision = try await c.decisions.create(
            agentId: agent.id, title: "Use pgvector", content: "Less to operate.",
            metadata: ["category": "architecture"], tags: ["db"])
        XCTAssertEqual(decision.rationale, "Less to operate.")
        XCTAssertEqual(decision.tags, ["db"])
        let newer = try await c.decisions.create(
            agentId: agent.id, title: "Use OpenAI embeddings", content: "Better relevance.")
        let v6 = try await c.decisions.get(decisionId: decision.id).title
        XCTAssertEqual(v6, "Use pgvector")
        let v7 = try await c.decisions.update(decisionId: newer.id, title: "Use hosted embeddings").title
        XCTAssertEqual(v7,
            "Use hosted embeddings")
        let check = try await c.decisions.check(agentId: agent.id, query: "pgvector")
        XCTAssertGreaterThanOrEqual(check.total, 0)
        let superseding = try await c.decisions.supersede(
            decisionId: decision.id, newDecisionId: newer.id, reason: "relevance")
        XCTAssertFalse(superseding.id.isEmpty)
        let v8 = try await c.decisions.get(decisionId: decision.id).supersededBy
        XCTAssertEqual(v8, newer.id)
        let v9 = try await c.decisions.list(agentId: agent.id).data.count
        XCTAssertEqual(v9, 2)
        var decisions = 0
        for try await _ in c.decisions.listAll(agentId: agent.id) { decisions += 1 }
        XCTAssertEqual(decisions, 2)

        // projects
        let project = try await c.projects.create(
            agentId: agent.id, name: "Relay", description: "the SDK", slug: unique("relay"),
            stack: ["lang": "rust"])
        XCTAssertEqual(project.stack?["lang"], "rust")
        let v10 = try await c.projects.get(projectId: project.id).name
        XCTAssertEqual(v10, "Relay")
        let v11 = try await c.projects.update(projectId: project.id, description: "SDK").description
        XCTAssertEqual(v11, "SDK")
        let v12 = try await c.projects.list(agentId: agent.id).data.map(\.id)
        XCTAssertEqual(v12, [project.id])
        var projects = 0
        for try await _ in c.projects.listAll(agentId: agent.id) { projects += 1 }
        XCTAssertEqual(projects, 1)

        // patterns
        let pattern = try await c.patterns.create(
            agentId: agent.id, name: "Retry with backoff", content: "Retry 5xx with jitter.",
            tags: ["http"], exampleCode: "retry()")
        XCTAssertEqual(pattern.title, "Retry with backoff")
        XCTAssertEqual(pattern.description, "Retry 5xx with jitter.")
        let v13 = try await c.patterns.get(patternId: pattern.id).exampleCode
        XCTAssertEqual(v13, "retry()")
        let v14 = try await c.patterns.update(patternId: pattern.id, name: "Backoff").title
        XCTAssertEqual(v14, "Backoff")
        let found = try await c.patterns.search(agentId: agent.id, query: "retry")
        XCTAssertEqual(found.first?.pattern.id, pattern.id)
        let adopted = try await c.patterns.adopt(patternId: pattern.id, projectId: project.id)
        XCTAssertEqual(adopted.adoptionCount, 1)
        let context = try await c.projects.context(projectId: project.id)
        XCTAssertEqual(context.project.id, project.id)
        XCTAssertEqual(context.activePatterns.map(\.id), [pattern.id])
        let v15 = try await c.patterns.unadopt(patternId: pattern.id, projectId: project.id).adoptionCount
        XCTAssertEqual(v15, 0)
        let v16 = try await c.patterns.list(agentId: agent.id).data.count
        XCTAssertEqual(v16, 1)
        var patterns = 0
        for try await _ in c.patterns.listAll(agentId: agent.id) { patterns += 1 }
        XCTAssertEqual(patterns, 1)

        // stats, then the deletes (each checked by a NOT_FOUND afterwards)
        let stats = try await c.agents.stats(agentId: agent.id)
        XCTAssertEqual(stats.memoryCount, 4)
        try await c.patterns.delete(patternId: pattern.id)
        try await c.projects.delete(projectId: project.id)
        try await c.decisions.delete(decisionId: decision.id)
        try await c.entities.delete(entityId: entity.id)
        try await c.memories.delete(memoryId: memory.id)
        let gone = await expectError { try await c.memories.get(memoryId: memory.id) }
        XCTAssertEqual(gone?.code, .notFound)
        try await c.agents.delete(agentId: agent.id)
        let noAgent = await expectError { try await c.agents.get(agentId: agent.id) }
        XCTAssertEqual(noAgent?.code, .notFound)

        // The generic call reaches the same methods.
        let v17 = try await c.call("agents.list", params: ["limit": 1])["object"]
        XCTAssertEqual(v17, "list")

        XCTAssertEqual(MemoryRelay.methodNames.count, Set(MemoryRelay.methodNames).count)
        let missing = Set(MemoryRelay.methodNames).subtracting(log.called)
        XCTAssertTrue(missing.isEmpty, "methods not called through the typed skin: \(missing.sorted())")
        XCTAssertEqual(log.called.subtracting(MemoryRelay.methodNames), [])
    }
}
