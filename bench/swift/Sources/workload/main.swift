// The Swift row of the cross-language benchmark (bench/run.sh): memories.get, memories.search
// (limit 10) and memories.create through the typed Swift SDK (async, awaited one at a time),
// then one JSON line with the client CPU (this process, every thread) and wall time of each loop.
//   workload URL KEY AGENT_ID IDS_FILE GETS SEARCHES CREATES WARMUP
// WARMUP gets and WARMUP/10 searches run first, unmeasured.
import Foundation
import MemoryRelay

#if canImport(Glibc)
import Glibc
#endif

func cpuSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

func measure(_ name: String, _ calls: Int, _ f: (Int) async throws -> Void) async throws -> String {
    let cpu0 = cpuSeconds()
    let wall0 = DispatchTime.now().uptimeNanoseconds
    for i in 0..<calls { try await f(i) }
    let cpu = cpuSeconds() - cpu0
    let wall = Double(DispatchTime.now().uptimeNanoseconds - wall0) / 1e9
    return "\"\(name)\":{\"calls\":\(calls),\"cpu_s\":\(cpu),\"wall_s\":\(wall)}"
}

let args = Array(CommandLine.arguments.dropFirst())
guard args.count == 8, let gets = Int(args[4]), let searches = Int(args[5]),
    let creates = Int(args[6]), let warmup = Int(args[7])
else {
    FileHandle.standardError.write("usage: workload URL KEY AGENT_ID IDS_FILE GETS SEARCHES CREATES WARMUP\n".data(using: .utf8)!)
    exit(2)
}
let agent = args[2]
let ids = try String(contentsOfFile: args[3], encoding: .utf8)
    .split(separator: "\n").map { String($0) }.filter { !$0.isEmpty }
let queries = ["What database does the project use?", "deployment", "rate limiting",
               "async requests", "semantic search"]
let client = try MemoryRelay(apiKey: args[1], baseURL: args[0])
let m = client.memories

func get(_ i: Int) async throws {
    let memory = try await m.get(memoryId: ids[i % ids.count])
    precondition(!memory.id.isEmpty)
}
func search(_ i: Int) async throws {
    let r = try await m.search(agentId: agent, query: queries[i % queries.count], limit: 10)
    precondition(!r.data.isEmpty)
}
func create(_ i: Int) async throws {
    let memory = try await m.create(
        agentId: agent, content: "Bench write \(i): the service caches sessions in Redis for 15 minutes.")
    precondition(!memory.id.isEmpty)
}
for i in 0..<warmup {
    try await get(i)
    if i % 10 == 0 { try await search(i) }
}
let g = try await measure("get", gets, get)
let s = try await measure("search", searches, search)
let c = try await measure("create", creates, create)
print("{\(g),\(s),\(c)}")
