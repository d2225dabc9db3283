package dev.memoryrelay

import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** `listAll` walks every page, the default page size is the description's. */
class PagingTest {
    @Test
    fun `listAll crosses pages`() =
        runBlocking {
            TestServer.client().use { c ->
                val agent = c.agents.create(unique("pages")).id
                val items = (0 until 7).map { mapOf("content" to "item $it") }
                assertEquals(7L, c.memories.batchCreate(agent, items).succeeded)
                TestServer.clearFaults()
                val before = TestServer.hits()["GET /v1/memories"] ?: 0
                val all = c.memories.listAll(agent, pageSize = 3).toList()
                assertEquals((0 until 7).map { "item $it" }.toSet(), all.map { it.content }.toSet())
                assertEquals(7, all.map { it.id }.toSet().size)
                // 3 + 3 + 1: the last page says has_more=false.
                assertEquals(3, (TestServer.hits()["GET /v1/memories"] ?: 0) - before)
                assertEquals(
                    2,
                    c.memories
                        .listAll(agent, pageSize = 3, offset = 5)
                        .toList()
                        .size,
                )
                // A Flow is cold and lazy: taking 2 fetches one page.
                assertEquals(
                    2,
                    c.memories
                        .listAll(agent, pageSize = 3)
                        .take(2)
                        .toList()
                        .size,
                )
                // The default page size covers 7 items in one page.
                val hits = TestServer.hits()["GET /v1/memories"] ?: 0
                assertEquals(
                    7,
                    c.memories
                        .listAll(agent)
                        .toList()
                        .size,
                )
                assertEquals(hits + 1, TestServer.hits()["GET /v1/memories"])
                assertEquals(100, Methods.PAGE_SIZE)
            }
        }

    @Test
    fun `a bad page size is an invalid argument`() {
        TestServer.client(TestServer.key).use { c ->
            val e = assertThrows<MemoryRelayException.InvalidArgument> { c.agents.listAll(pageSize = 0) }
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code)
        }
    }
}
