package dev.memoryrelay

import dev.memoryrelay.ffi.ClientOptions
import dev.memoryrelay.ffi.MemoryRelayClient
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.util.Collections

/**
 * All 47 methods through the typed skin: one scenario touches every method and checks what it
 * returns; a recorder on the call path proves that every name of the generated method list
 * went over the wire.
 */
class MethodsTest {
    @Test
    fun `every method through the typed client`() {
        val seen = Collections.synchronizedSet(HashSet<String>())
        MemoryRelay(TestServer.freshKey(), TestServer.url, null, null) { seen += it }.use { c ->
            runBlocking { scenario(c) }
        }
        assertEquals(Methods.ALL.toSet(), seen)
        assertEquals(47, Methods.ALL.size)
    }

    @Test
    fun `the generated method list is the library's`() {
        val native = MemoryRelayClient(ClientOptions(apiKey = "k", baseUrl = TestServer.url))
        try {
            assertEquals(native.methods(), Methods.ALL)
        } finally {
            native.shutdown()
            native.close()
        }
    }

    @Test
    fun `the raw call is lossless`() =
        runBlocking {
            TestServer.client(TestServer.key).use { c ->
                val agent = c.call("agents.create", mapOf("name" to unique("raw"))).jsonObject
                assertEquals("agent", agent["object"]!!.jsonPrimitive.content)
                assertTrue("last_active_at" in agent) // nulls are kept
                assertEquals(JsonNull, c.call("agents.delete", mapOf("agent_id" to agent["id"])))
            }
        }

    private suspend fun scenario(c: MemoryRelay) {
        // agents
        val agent = c.agents.create(name = unique("agent"), description = "d")
        assertEquals(agent.name, c.agents.get(agent.id).name)
        val renamed = c.agents.update(agent.id, name = unique("renamed"))
        assertNotEquals(agent.name, renamed.name)
        assertEquals("d", renamed.description)
        val listed = c.agents.list(limit = 100)
        assertTrue(agent.id in listed.data.map { it.id })

        // memories
        val mem = c.memories.create(agent.id, "Deployments run on Kubernetes.", mapOf("team" to "ops"), importance = 0.9)
        assertEquals("hot", mem.tier)
        assertNotNull(mem.createdAt)
        assertEquals("Deployments run on Kubernetes.", c.memories.get(mem.id).content)
        val upd = c.memories.update(mem.id, content = "Deployments run on Kubernetes 1.30.")
        assertTrue(upd.content.endsWith("1.30."))
        assertEquals(jsonOf(mapOf("team" to "ops")), upd.metadata)
        val found = c.memories.search(agent.id, "Deployments run on Kubernetes 1.30.", limit = 3)
        assertTrue(found.query.startsWith("Deployments"))
        assertEquals(mem.id, found.data[0].memory.id)
        assertTrue(found.data[0].score >= 0.99)
        assertEquals("Deployments run on Kubernetes 1.30.", found.data[0].content)
        val batch = c.memories.batchCreate(agent.id, listOf(mapOf("content" to "one"), mapOf("content" to "")))
        assertEquals(listOf(2L, 1L, 1L), listOf(batch.total, batch.succeeded, batch.failed))
        assertFalse(batch.success)
        val page = c.memories.list(agent.id, limit = 2, offset = 0)
        assertEquals(2, page.data.size)
        assertEquals(2L, page.totalCount)
        assertFalse(page.hasMore)
        c.memories.delete(page.data[0].id)
        assertThrows<MemoryRelayException.NotFound> { c.memories.get(page.data[0].id) }
        assertEquals(1L, c.agents.stats(agent.id).memoryCount)

        // entities
        val ent = c.entities.create(agent.id, "Kubernetes", "technology", mapOf("v" to "1.30"))
        assertEquals("technology", ent.entityType)
        val link = c.entities.link(ent.id, mem.id, relationship = "runs_on")
        assertEquals("runs_on", link.relationship)
        assertEquals(1L, c.entities.get(ent.id).memoryCount)
        assertEquals("K8s", c.entities.update(ent.id, name = "K8s").name)
        assertEquals(
            listOf(ent.id),
            c.entities
                .list(agent.id, entityType = "technology")
                .data
                .map { it.id },
        )
        c.entities.delete(ent.id)

        // sessions
        val s1 = c.sessions.create(agent.id, mapOf("m" to true), title = "first")
        assertEquals("active", s1.status)
        assertEquals("first", s1.title)
        val s2 = c.sessions.getOrCreate(agent.id, "key-1")
        assertEquals(true, s2.created)
        assertEquals("key-1", s2.externalId)
        assertEquals(false, c.sessions.getOrCreate(agent.id, "key-1").created)
        c.memories.create(agent.id, "Session note.", sessionId = s2.id)
        assertEquals(
            listOf("Session note."),
            c.sessions
                .get(s2.id)
                .memories
                .orEmpty()
                .map { it.content },
        )
        assertEquals("- Session note.", c.sessions.summarize(s2.id).summary)
        val ended = c.sessions.end(s2.id, summary = "done")
        assertEquals(listOf("ended", "done"), listOf(ended.status, ended.summary))
        assertEquals(
            listOf(s2.id),
            c.sessions
                .list(agent.id, status = "ended")
                .data
                .map { it.id },
        )
        c.sessions.delete(s1.id)

        // projects
        val proj = c.projects.create(agent.id, "Web App", "desc", slug = unique("web"))
        assertEquals("desc", proj.description)
        assertEquals(proj.id, c.projects.get(proj.slug).id)
        assertEquals("new", c.projects.update(proj.id, description = "new").description)
        assertTrue(
            proj.id in
                c.projects
                    .list(agent.id)
                    .data
                    .map { it.id },
        )

        // decisions
        val d1 = c.decisions.create(agent.id, "Use Postgres", "It is reliable.", tags = listOf("db"), projectSlug = proj.slug)
        assertEquals("It is reliable.", d1.rationale)
        assertEquals(listOf("db"), d1.tags)
        val d2 = c.decisions.create(agent.id, "Use SQLite", "Simpler for local.", status = "experimental")
        assertEquals("Use Postgres", c.decisions.get(d1.id).title)
        assertEquals("Reliable and known.", c.decisions.update(d1.id, content = "Reliable and known.").rationale)
        val check = c.decisions.check(agent.id, "Use Postgres\nReliable and known.", threshold = 0.5)
        assertTrue(check.hasConflicts)
        assertEquals(d1.id, check.data[0].decision.id)
        val new = c.decisions.supersede(d1.id, d2.id, reason = "local first")
        assertEquals(listOf(d2.id, "active"), listOf(new.id, new.status))
        assertEquals(
            listOf(d1.id),
            c.decisions
                .list(agent.id, status = "superseded")
                .data
                .map { it.id },
        )

        // patterns
        val pat = c.patterns.create(agent.id, "Retry with jitter", "Back off exponentially.", tags = listOf("net"), scope = "global")
        assertEquals("Retry with jitter", pat.title)
        assertEquals(
            pat.id,
            c.patterns
                .search(agent.id, "Retry with jitter", limit = 5)
                .data[0]
                .pattern.id,
        )
        assertEquals("Back off exponentially.", c.patterns.get(pat.id).description)
        assertEquals("Retry", c.patterns.update(pat.id, name = "Retry").title)
        assertEquals(listOf(proj.slug), c.patterns.adopt(pat.id, proj.slug).adoptedBy)
        val ctx = c.projects.context(proj.id)
        assertEquals(listOf(pat.id), ctx.activePatterns.map { it.id })
        assertEquals(emptyList<String>(), ctx.recentDecisions.map { it.id }) // d1 is superseded now
        assertEquals(0L, c.patterns.unadopt(pat.id, proj.id).adoptionCount)
        assertEquals(
            listOf(pat.id),
            c.patterns
                .list(agent.id)
                .data
                .map { it.id },
        )
        c.patterns.delete(pat.id)

        // deletes last: each cascades or detaches
        c.decisions.delete(d2.id)
        c.projects.delete(proj.id)
        c.agents.delete(agent.id)
        assertThrows<MemoryRelayException.NotFound> { c.agents.get(agent.id) }
    }
}
