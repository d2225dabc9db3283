// The Python SDK page's entity, session and decision flows, in Swift. Run with
// MEMORYRELAY_API_KEY set (and MEMORYRELAY_API_URL for a self-hosted or local server).
import MemoryRelay

let client = try MemoryRelay()
let agent = try await client.agents.create(name: "flows-agent", description: "Entity, session and decision flows")

// Batch create
let batch = try await client.memories.batchCreate(
    agentId: agent.id,
    memories: [
        ["content": "Python 3.11 is the minimum version."],
        ["content": "Tests use pytest with async fixtures."],
        ["content": "Redis is used for rate limiting."],
    ]
)
print("batch: \(batch.succeeded) of \(batch.total) stored")

let memory = try await client.memories.create(
    agentId: agent.id, content: "The service stores its data in PostgreSQL.")

// Create and link an entity
let entity = try await client.entities.create(
    agentId: agent.id,
    name: "PostgreSQL",
    entityType: "technology",
    metadata: ["version": "16"]
)
let link = try await client.entities.link(entityId: entity.id, memoryId: memory.id, relationship: "uses")
print("linked \(link.entityId) -> \(link.memoryId) (\(link.relationship))")

// Start or resume a session
let session = try await client.sessions.getOrCreate(
    agentId: agent.id,
    sessionKey: "project-review-2026-03-17"
)
// Store memories within the session context
_ = try await client.memories.create(
    agentId: agent.id,
    content: "Reviewed the authentication module.",
    metadata: ["session_id": .string(session.id)]
)
// Summarize when done
let summary = try await client.sessions.summarize(sessionId: session.id)
print("summary: \(summary.summary)")
_ = try await client.sessions.end(sessionId: session.id)

// Record a decision
let decision = try await client.decisions.create(
    agentId: agent.id,
    title: "Use pgvector for vector search",
    content: "Chose pgvector over a separate vector database to reduce operational complexity.",
    metadata: ["category": "architecture"]
)
// Later, supersede it
let newDecision = try await client.decisions.create(
    agentId: agent.id,
    title: "Migrate to OpenAI embeddings",
    content: "Switching from local sentence-transformers to OpenAI for higher quality embeddings."
)
let superseded = try await client.decisions.supersede(
    decisionId: decision.id,
    newDecisionId: newDecision.id,
    reason: "OpenAI embeddings improved search relevance by 23%."
)
print("decision \(superseded.id) is \(superseded.status)")

// Every memory of the agent, fetched page by page
var count = 0
for try await _ in client.memories.listAll(agentId: agent.id) { count += 1 }
print("\(count) memories")
