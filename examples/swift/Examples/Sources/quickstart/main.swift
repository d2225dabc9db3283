// The Python SDK page's quick start, in Swift. Run with MEMORYRELAY_API_KEY set (and
// MEMORYRELAY_API_URL for a self-hosted or local server).
import MemoryRelay

let client = try MemoryRelay()  // picks up MEMORYRELAY_API_KEY from the environment

// Create an agent
let agent = try await client.agents.create(name: "my-agent", description: "My first agent")

// Store a memory
let memory = try await client.memories.create(
    agentId: agent.id,
    content: "The project uses PostgreSQL 16 with pgvector for semantic search.",
    metadata: ["source": "architecture-review", "confidence": 0.95]
)
print("stored \(memory.id)")

// Search by meaning
let results = try await client.memories.search(
    agentId: agent.id,
    query: "What database does the project use?",
    limit: 5
)
for result in results {
    print("[\(String(format: "%.2f", result.score))] \(result.memory.content)")
}

// Errors carry a stable code
do {
    _ = try await client.memories.get(memoryId: "nonexistent-id")
} catch let e as MemoryRelayError where e.code == .notFound {
    print("Memory does not exist.")
}
