package dev.memoryrelay.bench

import com.sun.jna.Library
import com.sun.jna.Native
import dev.memoryrelay.MemoryRelay
import kotlinx.coroutines.runBlocking
import java.io.File

private val queries =
    listOf("What database does the project use?", "deployment", "rate limiting", "async requests", "semantic search")

/** libc's clock_gettime: the JVM's own CPU-time bean counts in 10 ms steps here. */
@Suppress("ktlint:standard:function-naming")
private interface LibC : Library {
    fun clock_gettime(
        clock: Int,
        timespec: LongArray,
    ): Int
}

private val libc = Native.load("c", LibC::class.java)
private const val CLOCK_PROCESS_CPUTIME_ID = 2

/** CPU time of this process (every thread: the JVM's, the Rust core's), in seconds. */
private fun cpuSeconds(): Double {
    val ts = LongArray(2)
    check(libc.clock_gettime(CLOCK_PROCESS_CPUTIME_ID, ts) == 0)
    return ts[0] + ts[1] / 1e9
}

private suspend fun measure(
    name: String,
    calls: Int,
    f: suspend (Int) -> Unit,
): String {
    val cpu0 = cpuSeconds()
    val wall0 = System.nanoTime()
    for (i in 0 until calls) f(i)
    val cpu = cpuSeconds() - cpu0
    val wall = (System.nanoTime() - wall0) / 1e9
    return "\"$name\":{\"calls\":$calls,\"cpu_s\":$cpu,\"wall_s\":$wall}"
}

/**
 * The Kotlin row of the cross-language benchmark (bench/run.sh): `memories.get`,
 * `memories.search` (limit 10) and `memories.create` through the typed Kotlin SDK (suspend
 * functions, awaited one at a time), then one JSON line with the client CPU and wall time of each
 * loop. Arguments: URL KEY AGENT_ID IDS_FILE GETS SEARCHES CREATES WARMUP (WARMUP gets and
 * WARMUP/10 searches run first, unmeasured).
 */
fun main(args: Array<String>) =
    runBlocking {
        require(args.size == 8) { "usage: URL KEY AGENT_ID IDS_FILE GETS SEARCHES CREATES WARMUP" }
        val (url, key, agent, idsFile) = args
        val ids = File(idsFile).readLines().map { it.trim() }.filter { it.isNotEmpty() }
        val (gets, searches, creates, warmup) = args.drop(4).map { it.toInt() }
        MemoryRelay(apiKey = key, baseUrl = url).use { client ->
            val m = client.memories
            val get: suspend (Int) -> Unit = { i -> check(m.get(ids[i % ids.size]).id.isNotEmpty()) }
            val search: suspend (Int) -> Unit = { i ->
                check(m.search(agent, queries[i % queries.size], limit = 10).data.isNotEmpty())
            }
            val create: suspend (Int) -> Unit = { i ->
                check(m.create(agent, "Bench write $i: the service caches sessions in Redis for 15 minutes.").id.isNotEmpty())
            }
            repeat(warmup) {
                get(it)
                if (it % 10 == 0) search(it)
            }
            println("{${measure("get", gets, get)},${measure("search", searches, search)},${measure("create", creates, create)}}")
        }
    }
