// Entities, as on the Python SDK page: create a knowledge-graph node and link it to a memory.
package examples.entities

import dev.memoryrelay.MemoryRelay
import kotlinx.coroutines.runBlocking

fun main() =
    runBlocking {
        MemoryRelay().use { client ->
            val agent = client.agents.create(name = "entity-agent")
            val memory =
                client.memories.create(
                    agentId = agent.id,
                    content = "The API stores its data in PostgreSQL 16.",
                )

            // Create and link an entity
            val entity =
                client.entities.create(
                    agentId = agent.id,
                    name = "PostgreSQL",
                    entityType = "technology",
                    metadata = mapOf("version" to "16"),
                )
            client.entities.link(
                entityId = entity.id,
                memoryId = memory.id,
                relationship = "uses",
            )
            println("${entity.name} (${entity.entityType}): ${client.entities.get(entity.id).memoryCount} linked memories")
        }
    }
