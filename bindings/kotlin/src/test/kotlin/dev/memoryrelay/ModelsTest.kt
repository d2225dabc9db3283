package dev.memoryrelay

import kotlinx.serialization.SerializationException
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.jsonObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.time.Instant

/** The models' decoding rule: defaults for missing and null members, unknown ones kept. */
class ModelsTest {
    @Test
    fun `missing and null members get their defaults, unknown ones are kept`() {
        val m =
            Json.decodeFromString<Memory>(
                """{"id": "m1", "object": "memory", "content": null, "importance": null,
                   "created_at": 1773739800, "updated_at": "2026-03-17T09:30:00Z", "brand_new": {"x": 1}}""",
            )
        assertEquals("m1", m.id)
        assertEquals("", m.content)
        assertEquals("", m.agentId)
        assertEquals(emptyMap<String, Any>(), m.metadata)
        assertNull(m.memoryType) // never a domain default the server did not send
        assertNull(m.importance)
        assertEquals(false, m.isDuplicate)
        assertEquals(Instant.parse("2026-03-17T09:30:00Z"), m.createdAt)
        assertEquals(m.createdAt, m.updatedAt)
        assertEquals(Json.parseToJsonElement("""{"x": 1}"""), m.extra["brand_new"])
        assertEquals(JsonPrimitive("memory"), m.toJson()["object"] ?: m.extra["object"])
    }

    @Test
    fun `a model round-trips through its JSON`() {
        val text =
            """{"id": "s", "agent_id": "a", "status": "ended", "memory_count": 2, "started_at": 1773739800.5,
               "memories": [{"id": "m", "content": "c", "future": [1, 2]}], "created": true, "later": "kept"}"""
        val s = Json.decodeFromString<Session>(text)
        assertEquals(Instant.ofEpochSecond(1773739800, 500_000_000), s.startedAt)
        assertEquals(listOf("c"), s.memories!!.map { it.content })
        assertEquals(s, Json.decodeFromString<Session>(Json.encodeToString(Session.serializer(), s)))
        assertEquals(s, Session.fromJson(s.toJson()))
        assertEquals(JsonPrimitive("kept"), s.toJson()["later"])
    }

    @Test
    fun `timestamps in every form`() {
        for (t in listOf(
            "1773739800",
            "1773739800.0",
            "\"2026-03-17T09:30:00Z\"",
            "\"2026-03-17T10:30:00+01:00\"",
            "\"2026-03-17T09:30:00\"",
        )) {
            val a = Agent.fromJson(Json.parseToJsonElement("""{"id": "a", "created_at": $t}""").jsonObject)
            assertEquals(Instant.parse("2026-03-17T09:30:00Z"), a.createdAt, t)
        }
    }

    @Test
    fun `only the required members must be present, with their types`() {
        assertThrows<SerializationException> { Json.decodeFromString<Memory>("""{"content": "x"}""") }
        assertThrows<SerializationException> { Json.decodeFromString<Memory>("""{"id": 5}""") }
        assertThrows<SerializationException> { Json.decodeFromString<SearchResult>("""{"memory": {"id": "m"}}""") }
        val hit = Json.decodeFromString<SearchResult>("""{"memory": {"id": "m", "content": "PostgreSQL 16"}, "score": 0.87}""")
        assertEquals("PostgreSQL 16", hit.content)
        val batch = Json.decodeFromString<BatchResult>("{}")
        assertEquals(0.0, batch.timing.totalMs)
    }
}
