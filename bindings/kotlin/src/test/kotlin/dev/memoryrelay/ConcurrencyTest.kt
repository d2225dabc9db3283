package dev.memoryrelay

import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test

/** One client shared by 64 coroutines on a thread pool, 200 calls each. */
class ConcurrencyTest {
    @Test
    fun `64 coroutines x 200 calls on one client`() =
        runBlocking {
            TestServer.client().use { c ->
                val agent = c.agents.create(unique("conc")).id
                val ids =
                    (0 until 64)
                        .map { i ->
                            async(Dispatchers.Default) {
                                val mine = c.memories.create(agent, "coroutine $i").id
                                repeat(198) { n ->
                                    val m = c.memories.get(mine)
                                    check(m.id == mine && m.content == "coroutine $i") { "call $n of $i: $m" }
                                }
                                c.agents.stats(agent)
                                mine
                            }
                        }.awaitAll()
                assertEquals(64, ids.toSet().size)
                assertEquals(64L, c.agents.stats(agent).memoryCount)
            }
        }
}
