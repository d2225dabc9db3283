// Decisions, as on the Python SDK page: record one, then supersede it with another.
package examples.decisions

import dev.memoryrelay.MemoryRelay
import kotlinx.coroutines.runBlocking

fun main() =
    runBlocking {
        MemoryRelay().use { client ->
            val agent = client.agents.create(name = "decision-agent")

            // Record a decision
            val decision =
                client.decisions.create(
                    agentId = agent.id,
                    title = "Use pgvector for vector search",
                    content = "Chose pgvector over a separate vector database to reduce operational complexity.",
                    metadata = mapOf("category" to "architecture"),
                )

            // Later, supersede it
            val newDecision =
                client.decisions.create(
                    agentId = agent.id,
                    title = "Migrate to OpenAI embeddings",
                    content = "Switching from local sentence-transformers to OpenAI for higher quality embeddings.",
                )
            client.decisions.supersede(
                decisionId = decision.id,
                newDecisionId = newDecision.id,
                reason = "OpenAI embeddings improved search relevance by 23%.",
            )
            val old = client.decisions.get(decision.id)
            println("${old.title}: ${old.status} (by ${old.supersededBy})")
        }
    }
