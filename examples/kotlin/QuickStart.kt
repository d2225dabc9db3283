// The Python SDK page's quick start in Kotlin. Needs MEMORYRELAY_API_KEY (and, for a local
// server, MEMORYRELAY_API_URL).
package examples.quickstart

import dev.memoryrelay.MemoryRelay
import dev.memoryrelay.content
import kotlinx.coroutines.runBlocking

fun main() =
    runBlocking {
        MemoryRelay().use { client ->
            // Create an agent
            val agent = client.agents.create(name = "my-agent", description = "My first agent")

            // Store a memory
            client.memories.create(
                agentId = agent.id,
                content = "The project uses PostgreSQL 16 with pgvector for semantic search.",
                metadata = mapOf("source" to "architecture-review", "confidence" to 0.95),
            )

            // Search by meaning
            val results =
                client.memories.search(
                    agentId = agent.id,
                    query = "What database does the project use?",
                    limit = 5,
                )
            for (result in results.data) {
                println("[${"%.2f".format(result.score)}] ${result.content}")
            }
        }
    }
