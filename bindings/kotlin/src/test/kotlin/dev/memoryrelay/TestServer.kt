package dev.memoryrelay

import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.int
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import java.io.File
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.util.UUID
import java.util.concurrent.TimeUnit
import kotlin.time.Duration

/**
 * One local MemoryRelay server for the whole test run: the workspace's `memoryrelay-server`
 * binary (built with the `fault-injection` feature; system property `memoryrelay.server.bin`)
 * on an ephemeral port of 127.0.0.1, database in memory. It exits when our stdin closes, so a
 * crashed JVM leaves nothing behind.
 */
object TestServer {
    val url: String
    private val keys: List<String>
    private var next = 1
    private val process: Process
    private val http = HttpClient.newHttpClient()

    init {
        val bin = File(System.getProperty("memoryrelay.server.bin") ?: "../../target/debug/memoryrelay-server")
        check(bin.canExecute()) {
            "server binary $bin not found: build it with `cargo build -p memoryrelay-server --features fault-injection`"
        }
        val args =
            mutableListOf(
                bin.path,
                "--port",
                "0",
                "--ready-json",
                "--db",
                ":memory:",
                "--enable-fault-injection",
                "--exit-on-stdin-close",
            )
        repeat(64) { args += listOf("--api-key", "mem_kt${"%02d".format(it)}${UUID.randomUUID().toString().replace("-", "").take(16)}") }
        val pb = ProcessBuilder(args).redirectError(ProcessBuilder.Redirect.INHERIT)
        pb.environment()["RUST_LOG"] = "warn"
        process = pb.start()
        val line = process.inputStream.bufferedReader().readLine() ?: error("server exited before it was ready")
        val ready = Json.parseToJsonElement(line).jsonObject
        url = ready["url"]!!.jsonPrimitive.content
        keys = ready["api_keys"]!!.jsonArray.map { it.jsonPrimitive.content }
        Runtime.getRuntime().addShutdownHook(
            Thread {
                process.outputStream.close()
                if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly()
            },
        )
    }

    /** The shared account. */
    val key: String get() = keys[0]

    /** An account no other test has used. */
    @Synchronized
    fun freshKey(): String {
        check(next < keys.size) { "out of fresh accounts" }
        return keys[next++]
    }

    fun client(
        key: String = freshKey(),
        maxRetries: Int? = null,
        timeout: Duration? = null,
    ): MemoryRelay = MemoryRelay(apiKey = key, baseUrl = url, maxRetries = maxRetries, timeout = timeout)

    private fun admin(
        method: String,
        body: String? = null,
    ): String {
        val req =
            HttpRequest
                .newBuilder(URI.create("$url/__faults"))
                .header("Authorization", "Bearer $key")
                .header("Content-Type", "application/json")
                .method(method, body?.let { HttpRequest.BodyPublishers.ofString(it) } ?: HttpRequest.BodyPublishers.noBody())
                .build()
        val resp = http.send(req, HttpResponse.BodyHandlers.ofString())
        check(resp.statusCode() < 300) { "fault admin $method: ${resp.statusCode()} ${resp.body()}" }
        return resp.body()
    }

    /** Adds a fault rule (docs/interfaces.md §3). */
    fun fault(vararg rule: Pair<String, Any?>) {
        admin("POST", jsonOf(mapOf(*rule)).toString())
    }

    fun clearFaults() {
        admin("DELETE")
    }

    /** Requests that reached the server, by `METHOD path`. */
    fun hits(): Map<String, Int> =
        (Json.parseToJsonElement(admin("GET")).jsonObject["hits"] as JsonObject)
            .mapValues { it.value.jsonPrimitive.int }
}

fun unique(prefix: String): String = "$prefix-${UUID.randomUUID().toString().take(10)}"
