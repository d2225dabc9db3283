package dev.memoryrelay

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.ValueSource
import java.io.File
import java.util.concurrent.TimeUnit

/**
 * The example programs of examples/kotlin run as a user would run them: a separate JVM with
 * only MEMORYRELAY_API_KEY and MEMORYRELAY_API_URL set (no library path flags).
 */
class ExamplesTest {
    @ParameterizedTest
    @ValueSource(
        strings = [
            "examples.quickstart.QuickStartKt",
            "examples.sessions.SessionsKt",
            "examples.decisions.DecisionsKt",
            "examples.entities.EntitiesKt",
        ],
    )
    fun `the example runs`(mainClass: String) {
        val java = File(System.getProperty("java.home"), "bin/java").path
        val pb = ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), mainClass).redirectErrorStream(true)
        pb.environment()["MEMORYRELAY_API_KEY"] = TestServer.freshKey()
        pb.environment()["MEMORYRELAY_API_URL"] = TestServer.url
        pb.environment().remove("JAVA_TOOL_OPTIONS")
        val p = pb.start()
        val out = p.inputStream.bufferedReader().readText()
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "$mainClass hung")
        assertEquals(0, p.exitValue(), out)
        assertTrue(out.isNotBlank(), "$mainClass printed nothing")
        if (mainClass.endsWith("QuickStartKt")) {
            assertTrue(Regex("""^\[\d\.\d\d] .+""", RegexOption.MULTILINE).containsMatchIn(out), out)
        }
    }
}
