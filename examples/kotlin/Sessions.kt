// Sessions, as on the Python SDK page: resume or start a session by key, store memories in
// it, summarize and end it.
package examples.sessions

import dev.memoryrelay.MemoryRelay
import kotlinx.coroutines.runBlocking

fun main() =
    runBlocking {
        MemoryRelay().use { client ->
            val agent = client.agents.create(name = "session-agent")

            // Start or resume a session
            val session =
                client.sessions.getOrCreate(
                    agentId = agent.id,
                    sessionKey = "project-review-2026-03-17",
                )

            // Store memories within the session context
            client.memories.create(
                agentId = agent.id,
                content = "Reviewed the authentication module.",
                metadata = mapOf("session_id" to session.id),
                sessionId = session.id,
            )

            // Summarize when done
            val summary = client.sessions.summarize(sessionId = session.id)
            client.sessions.end(sessionId = session.id)
            println("session ${session.id}: ${summary.memoryCount} memories")
            println(summary.summary)
        }
    }
