package dev.memoryrelay

import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.net.ServerSocket
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlin.time.TimeSource

/**
 * Each exception class of contract §2.3 from a real server condition (fault injection where
 * the local server would not fail on its own), with every field as it should be.
 * INTERNAL needs a bug in the library (the Rust unit tests cover its panic guard);
 * CANCELLED is CancellationTest's.
 */
class ErrorsTest {
    @BeforeEach
    @AfterEach
    fun clear() = TestServer.clearFaults()

    private fun assertHttp(
        e: MemoryRelayException,
        code: ErrorCode,
        status: Int,
    ) {
        assertEquals(code, e.code)
        assertEquals(status, e.status)
        assertTrue(e.requestId!!.startsWith("req_"), e.requestId)
        assertTrue(!e.body.isNullOrEmpty() && !e.message.isNullOrEmpty())
    }

    @Test
    fun authentication() =
        runBlocking {
            val e = assertThrows<MemoryRelayException.Authentication> { TestServer.client("mem_wrong").agents.list() }
            assertHttp(e, ErrorCode.AUTHENTICATION, 401)
        }

    @Test
    fun `not found`() =
        runBlocking {
            val e = assertThrows<MemoryRelayException.NotFound> { TestServer.client(TestServer.key).memories.get("nonexistent-id") }
            assertHttp(e, ErrorCode.NOT_FOUND, 404)
        }

    @Test
    fun `server validation has details`() =
        runBlocking {
            val e =
                assertThrows<MemoryRelayException.Validation> {
                    TestServer.client(TestServer.key).memories.list(unique("a"), limit = 1000)
                }
            assertHttp(e, ErrorCode.VALIDATION, 422)
            val loc =
                e.details!!
                    .jsonArray[0]
                    .jsonObject["loc"]!!
                    .jsonArray
                    .map { it.jsonPrimitive.content }
            assertEquals(listOf("query", "limit"), loc)
        }

    @Test
    fun `rate limited with retry after over the cap`() =
        runBlocking {
            TestServer.fault("path" to "/v1/agents", "method" to "GET", "action" to "status", "status" to 429, "retry_after" to "120")
            val e = assertThrows<MemoryRelayException.RateLimited> { TestServer.client(TestServer.key).agents.list() }
            assertHttp(e, ErrorCode.RATE_LIMITED, 429)
            assertEquals(120.seconds, e.retryAfter)
            assertEquals(1, TestServer.hits()["GET /v1/agents"])
        }

    @Test
    fun forbidden() =
        runBlocking {
            TestServer.fault("path" to "/v1/agents", "method" to "GET", "action" to "status", "status" to 403)
            val e = assertThrows<MemoryRelayException.Forbidden> { TestServer.client(TestServer.key).agents.list() }
            assertHttp(e, ErrorCode.FORBIDDEN, 403)
        }

    @Test
    fun conflict() =
        runBlocking {
            val c = TestServer.client(TestServer.key)
            val name = unique("dup")
            c.agents.create(name)
            val e = assertThrows<MemoryRelayException.Conflict> { c.agents.create(name) }
            assertHttp(e, ErrorCode.CONFLICT, 409)
        }

    @Test
    fun `api error after retries`() =
        runBlocking {
            TestServer.fault("path" to "/v1/agents", "method" to "GET", "action" to "status", "status" to 503, "count" to 2)
            val e = assertThrows<MemoryRelayException.Api> { TestServer.client(TestServer.key, maxRetries = 1).agents.list() }
            assertHttp(e, ErrorCode.API, 503)
            assertEquals(2, TestServer.hits()["GET /v1/agents"])
        }

    @Test
    fun `api error on a malformed success body`() =
        runBlocking {
            TestServer.fault("path" to "/v1/agents", "method" to "GET", "action" to "status", "status" to 200, "body" to "{\"data\": [{}]")
            val e = assertThrows<MemoryRelayException.Api> { TestServer.client(TestServer.key).agents.list() }
            assertEquals(ErrorCode.API, e.code)
        }

    @Test
    fun `api error when a success body does not fit the model`() =
        runBlocking {
            // Valid JSON, but an Agent without its id: the typed decode reports it with the body.
            TestServer.fault("path" to "/v1/agents", "method" to "GET", "action" to "status", "status" to 200, "body" to "{\"data\": [{}]}")
            val e = assertThrows<MemoryRelayException.Api> { TestServer.client(TestServer.key).agents.list() }
            assertTrue(e.message!!.contains("Agent.id"), e.message)
            assertEquals("{\"data\":[{}]}", e.body)
        }

    @Test
    fun network() =
        runBlocking {
            TestServer.fault("path" to "/v1/agents", "method" to "GET", "action" to "drop_after_commit", "count" to 5)
            val e = assertThrows<MemoryRelayException.Network> { TestServer.client(TestServer.key, maxRetries = 0).agents.list() }
            assertEquals(ErrorCode.NETWORK, e.code)
            assertNull(e.status)
            assertNull(e.body)
        }

    @Test
    fun `network on a closed port`() =
        runBlocking {
            val port = ServerSocket(0).use { it.localPort }
            val c = MemoryRelay(apiKey = "mem_x", baseUrl = "http://127.0.0.1:$port", maxRetries = 0)
            assertThrows<MemoryRelayException.Network> { c.agents.list() }
            Unit
        }

    @Test
    fun timeout() =
        runBlocking {
            TestServer.fault("path" to "/v1/agents", "method" to "GET", "action" to "delay", "delay_ms" to 3000)
            val started = TimeSource.Monotonic.markNow()
            val e =
                assertThrows<MemoryRelayException.Timeout> {
                    TestServer.client(TestServer.key, maxRetries = 0, timeout = 300.milliseconds).agents.list()
                }
            assertTrue(started.elapsedNow() < 2.5.seconds)
            assertEquals(ErrorCode.TIMEOUT, e.code)
        }

    @Test
    fun `every class is a MemoryRelayException with its code`() {
        for (code in ErrorCode.entries) {
            val e = MemoryRelayException.of(code, "m", status = 500)
            assertEquals(code, e.code)
            assertEquals(code.name, e::class.simpleName!!.replace(Regex("([a-z])([A-Z])"), "$1_$2").uppercase())
            assertEquals(code, ErrorCode.of(code.number))
        }
    }
}
