// memories.get through the Swift typed skin (`client.memories.get(memoryId:)`), the measured
// side of the benchmark. Key and URL from MEMORYRELAY_API_KEY and MEMORYRELAY_API_URL; prints
// one line: `swift <calls> <median µs> <mean µs>`. With `--breakdown`, also the layers below
// the typed call, interleaved call by call: the generic `call` (JSON parsed, no model), the
// UniFFI async call with and without a token (JSON text out) and the UniFFI blocking call.
import Foundation
import MemoryRelay
import MemoryRelayUniFFI

let args = CommandLine.arguments.dropFirst()
let calls = args.first.flatMap { Int($0) } ?? 2000
let breakdown = args.contains("--breakdown")
let client = try MemoryRelay()
let agent = try await client.agents.create(name: "bench-swift-\(getpid())")
let id = try await client.memories.create(
    agentId: agent.id, content: "The project uses PostgreSQL 16 with pgvector for semantic search."
).id
let clock = ContinuousClock()
func micros(_ d: Duration) -> Double {
    Double(d.components.seconds) * 1e6 + Double(d.components.attoseconds) / 1e12
}
func report(_ name: String, _ times: [Double]) {
    let mean = times.reduce(0, +) / Double(times.count)
    let sorted = times.sorted()
    print(String(format: "%@ %d %.1f %.1f", name, times.count, sorted[times.count / 2], mean))
}

for _ in 0..<calls / 10 { _ = try await client.memories.get(memoryId: id) }
if !breakdown {
    var times: [Double] = []
    times.reserveCapacity(calls)
    for _ in 0..<calls {
        let start = clock.now
        let m = try await client.memories.get(memoryId: id)
        times.append(micros(clock.now - start))
        precondition(m.id == id)
    }
    report("swift", times)
} else {
    let raw = try MemoryRelayClient(
        options: ClientOptions(
            apiKey: ProcessInfo.processInfo.environment["MEMORYRELAY_API_KEY"],
            baseUrl: ProcessInfo.processInfo.environment["MEMORYRELAY_API_URL"]))
    let params = "{\"memory_id\":\"\(id)\"}"
    var typed: [Double] = [], generic: [Double] = [], token: [Double] = [], plain: [Double] = []
    var blocking: [Double] = []
    for _ in 0..<calls {
        var start = clock.now
        _ = try await client.memories.get(memoryId: id)
        typed.append(micros(clock.now - start))
        start = clock.now
        _ = try await client.call("memories.get", params: ["memory_id": .string(id)])
        generic.append(micros(clock.now - start))
        start = clock.now
        _ = try await raw.callWithToken(method: "memories.get", paramsJson: params, token: CancellationToken())
        token.append(micros(clock.now - start))
        start = clock.now
        _ = try await raw.call(method: "memories.get", paramsJson: params)
        plain.append(micros(clock.now - start))
        start = clock.now
        _ = try raw.callBlocking(method: "memories.get", paramsJson: params)
        blocking.append(micros(clock.now - start))
    }
    report("typed", typed)
    report("generic-call", generic)
    report("uniffi-async-token", token)
    report("uniffi-async", plain)
    report("uniffi-blocking", blocking)
}
