package dev.memoryrelay.bench

import dev.memoryrelay.MemoryRelay
import kotlinx.coroutines.runBlocking

/**
 * The Kotlin side of the benchmark (bindings/kotlin/bench/run.sh, not a test): `<url> <api key>
 * <calls>`; prints `kotlin <median µs> <mean µs>` of `client.memories.get` (typed) after 300
 * warm-up calls, like the native side.
 */
fun main(args: Array<String>) =
    runBlocking {
        val (url, key, n) = args
        val calls = n.toInt()
        MemoryRelay(apiKey = key, baseUrl = url).use { client ->
            val agent = client.agents.create(name = "kotlin-bench-${ProcessHandle.current().pid()}")
            val id = client.memories.create(agent.id, "The project uses PostgreSQL 16 with pgvector for semantic search.").id
            repeat(300) { client.memories.get(id) }
            val times = LongArray(calls)
            for (i in 0 until calls) {
                val t = System.nanoTime()
                val m = client.memories.get(id)
                times[i] = System.nanoTime() - t
                check(m.id == id)
            }
            val mean = times.average() / 1e3
            times.sort()
            println("kotlin %.1f %.1f".format(times[calls / 2] / 1e3, mean))
        }
    }
