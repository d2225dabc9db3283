package dev.memoryrelay.bench

import com.sun.jna.Library
import com.sun.jna.Native
import dev.memoryrelay.Memory
import dev.memoryrelay.MemoryRelay
import dev.memoryrelay.ffi.CancellationToken
import dev.memoryrelay.ffi.ClientOptions
import dev.memoryrelay.ffi.MemoryRelayClient
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject

/** The native side (bindings/kotlin/bench/native): the Rust client's typed `memories.get`. */
@Suppress("ktlint:standard:function-naming")
private interface NativeBench : Library {
    fun native_bench_open(
        url: String,
        key: String,
    ): Int

    fun native_bench_get(id: String): Long
}

private fun median(v: LongArray): Double = v.sorted()[v.size / 2] / 1e3

/**
 * The benchmark (bindings/kotlin/bench/run.sh, not a test): `<url> <api key> <calls>
 * <native bench library>`. `memories.get` of one memory through the Kotlin SDK (typed, suspend)
 * and through the native Rust client (typed, async, in this process), alternating call by call
 * so that machine load hits both alike; after 500 warm-up calls each, prints the medians and
 * means in µs and their ratios. The other variants show where the time goes: the untyped
 * `client.call` (no model decode), the UniFFI layer's `callWithToken`, `call` and `callBlocking`
 * (JSON out), and the model decode alone.
 */
fun main(args: Array<String>) =
    runBlocking {
        val (url, key, n, lib) = args
        val calls = n.toInt()
        val rust = Native.load(lib, NativeBench::class.java)
        check(rust.native_bench_open(url, key) == 0) { "native client" }
        MemoryRelay(apiKey = key, baseUrl = url).use { client ->
            val agent = client.agents.create(name = "kotlin-bench-${ProcessHandle.current().pid()}")
            val id = client.memories.create(agent.id, "The project uses PostgreSQL 16 with pgvector for semantic search.").id
            val ffi = MemoryRelayClient(ClientOptions(apiKey = key, baseUrl = url))
            val params = """{"memory_id": "$id"}"""
            val token = CancellationToken()
            val text = ffi.call("memories.get", params)
            val variants: List<Pair<String, suspend () -> Long>> =
                listOf(
                    "native Rust client" to { rust.native_bench_get(id).also { check(it >= 0) } },
                    "Kotlin client.memories.get" to {
                        val t = System.nanoTime()
                        check(client.memories.get(id).id == id)
                        System.nanoTime() - t
                    },
                    "Kotlin client.call (JSON)" to {
                        val t = System.nanoTime()
                        client.call("memories.get", mapOf("memory_id" to id))
                        System.nanoTime() - t
                    },
                    "UniFFI callWithToken (JSON)" to {
                        val t = System.nanoTime()
                        ffi.callWithToken("memories.get", params, token)
                        System.nanoTime() - t
                    },
                    "decode only (no call)" to {
                        val t = System.nanoTime()
                        Memory.fromJson(Json.parseToJsonElement(text) as JsonObject)
                        System.nanoTime() - t
                    },
                    "UniFFI call (async, JSON)" to {
                        val t = System.nanoTime()
                        ffi.call("memories.get", params)
                        System.nanoTime() - t
                    },
                    "UniFFI callBlocking (JSON)" to {
                        val t = System.nanoTime()
                        ffi.callBlocking("memories.get", params)
                        System.nanoTime() - t
                    },
                )
            repeat(500) { variants.forEach { it.second() } }
            val times = variants.map { LongArray(calls) }
            // Blocks of 50 calls per variant, the variants taking turns: each side runs warm (as
            // in an app that uses only one of them) and machine load hits all alike.
            val block = 50
            for (start in 0 until calls step block) {
                for (v in variants.indices) {
                    for (i in start until minOf(start + block, calls)) times[v][i] = variants[v].second()
                }
            }
            ffi.shutdown()
            ffi.close()
            val base = median(times[0])
            val baseMean = times[0].average() / 1e3
            println("memories.get, $calls calls per variant, interleaved: median µs (mean µs), ratio to native (medians, means)")
            for ((k, v) in variants.withIndex()) {
                val med = median(times[k])
                val mean = times[k].average() / 1e3
                println("%-28s %7.1f (%7.1f)  %.3f  %.3f".format(v.first, med, mean, med / base, mean / baseMean))
            }
        }
    }
