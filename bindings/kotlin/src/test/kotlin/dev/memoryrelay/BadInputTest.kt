package dev.memoryrelay

import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** Bad input is an INVALID_ARGUMENT naming the argument, sent nowhere; nothing crashes. */
class BadInputTest {
    private fun assertInvalid(
        arg: String,
        block: suspend () -> Unit,
    ) {
        val e = assertThrows<MemoryRelayException.InvalidArgument> { runBlocking { block() } }
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code)
        assertTrue(e.message!!.contains(arg), e.message)
        assertNull(e.status)
        assertNull(e.body)
    }

    @Test
    fun `blank ids and content are named`() {
        TestServer.client(TestServer.key).use { c ->
            assertInvalid("memoryId") { c.memories.get("") }
            assertInvalid("memoryId") { c.memories.get("   ") }
            assertInvalid("agentId") { c.agents.stats(" ") }
            assertInvalid("content") { c.memories.create("agent", "   ") }
            assertInvalid("content") { c.memories.create("agent", "x".repeat(50_001)) }
            assertInvalid("agentId") { c.memories.create("", "text") }
        }
    }

    @Test
    fun `values that are not JSON are named`() {
        TestServer.client(TestServer.key).use { c ->
            assertInvalid("metadata") { c.memories.create("a", "x", metadata = mapOf("k" to Any())) }
            assertInvalid("importance") { c.memories.create("a", "x", importance = Double.NaN) }
            assertInvalid("memories") { c.memories.batchCreate("a", emptyList()) }
            assertInvalid("update") { c.memories.update("m") }
        }
    }

    @Test
    fun `bad options and unknown methods`() {
        assertInvalid("maxRetries") { MemoryRelay(apiKey = "k", maxRetries = -1) }
        assertInvalid("max_retries") { MemoryRelay(apiKey = "k", maxRetries = 11) }
        assertInvalid("no.such") { TestServer.client(TestServer.key).call("no.such") }
        assertInvalid("limit") { TestServer.client(TestServer.key).call("agents.list", mapOf("limit" to "ten")) }
    }

    @Test
    fun `a closed client raises a clear error`() {
        val c = TestServer.client(TestServer.key)
        assertFalse(c.isClosed)
        c.close()
        c.close() // twice is harmless
        assertTrue(c.isClosed)
        assertInvalid("closed") { c.agents.list() }
    }
}
