package dev.memoryrelay

import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.async
import kotlinx.coroutines.delay
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlin.time.TimeSource

/** Cancelling the calling coroutine cancels the Rust call. */
class CancellationTest {
    @BeforeEach
    @AfterEach
    fun clear() = TestServer.clearFaults()

    @Test
    fun `cancelling the coroutine ends the call at once`() =
        runBlocking {
            TestServer.fault("path" to "/v1/agents", "method" to "GET", "action" to "delay", "delay_ms" to 3000)
            val c = TestServer.client(TestServer.key)
            val started = TimeSource.Monotonic.markNow()
            val job = async { c.agents.list() }
            delay(200)
            job.cancel()
            assertThrows<CancellationException> { job.await() }
            assertTrue(started.elapsedNow() < 1.5.seconds, "${started.elapsedNow()}")
            // The client still works.
            c.agents.list()
            Unit
        }

    @Test
    fun `a cancelled create is not sent again and does not finish`() =
        runBlocking {
            // The server holds the request 1.5 s before handling it; cancelling the coroutine
            // must end the Rust call (closing the connection), so the memory is never stored
            // and no retry is sent. Were only the Kotlin side cancelled, the Rust call would
            // go on and store it.
            val c = TestServer.client()
            val agent = c.agents.create(unique("cancel")).id
            TestServer.fault("path" to "/v1/memories", "method" to "POST", "action" to "delay", "delay_ms" to 1500)
            assertThrows<CancellationException> {
                withTimeout(200.milliseconds) { c.memories.create(agent, "never stored") }
            }
            delay(2500)
            assertEquals(
                0,
                c.memories
                    .list(agent)
                    .data.size,
            )
            assertEquals(1, TestServer.hits()["POST /v1/memories"])
        }
}
