// memories.get through the Swift typed skin (`client.memories.get(memoryId:)`), the measured
// side of the benchmark. Key and URL from MEMORYRELAY_API_KEY and MEMORYRELAY_API_URL; prints
// one line: `swift <calls> <median µs> <mean µs>`.
import Foundation
import MemoryRelay

let calls = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 2000 : 2000
let client = try MemoryRelay()
let agent = try await client.agents.create(name: "bench-swift-\(getpid())")
let id = try await client.memories.create(
    agentId: agent.id, content: "The project uses PostgreSQL 16 with pgvector for semantic search."
).id
for _ in 0..<calls / 10 { _ = try await client.memories.get(memoryId: id) }
var times: [Double] = []
times.reserveCapacity(calls)
let clock = ContinuousClock()
for _ in 0..<calls {
    let start = clock.now
    let m = try await client.memories.get(memoryId: id)
    let d = clock.now - start
    times.append(Double(d.components.seconds) * 1e6 + Double(d.components.attoseconds) / 1e12)
    precondition(m.id == id)
}
let mean = times.reduce(0, +) / Double(calls)
times.sort()
print(String(format: "swift %d %.1f %.1f", calls, times[calls / 2], mean))
