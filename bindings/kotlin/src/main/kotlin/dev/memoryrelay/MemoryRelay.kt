package dev.memoryrelay

import dev.memoryrelay.ffi.ClientOptions
import dev.memoryrelay.ffi.MemoryRelayClient
import kotlinx.serialization.json.JsonElement
import java.io.Closeable
import kotlin.time.Duration
import kotlin.time.DurationUnit
import dev.memoryrelay.ffi.MemoryRelayException as NativeError

/**
 * A MemoryRelay client: `client.memories.create(agentId, content)` and the other methods of
 * the resources, as suspend functions. Thread-safe: share one per process and configuration.
 * Close it (or use `use {}`) to release its connections; calls after that fail with
 * [MemoryRelayException.InvalidArgument].
 *
 * Every unset option falls back to the environment (`MEMORYRELAY_API_KEY`,
 * `MEMORYRELAY_API_URL`), then to the contract's default.
 *
 * @param apiKey the API key; else `MEMORYRELAY_API_KEY`.
 * @param baseUrl the base URL without `/v1`; else `MEMORYRELAY_API_URL`, else the hosted API.
 * @param timeout the per-attempt timeout (default 30 s).
 * @param maxRetries retries after the first attempt, 0..10 (default 2).
 * @param maxRetryAfter the longest Retry-After honoured (default 60 s).
 * @param allowInsecureHttp allow plain `http://` to a host that is not loopback.
 * @throws MemoryRelayException.InvalidArgument for a bad option,
 *   [MemoryRelayException.Authentication] when no key is given or configured.
 */
class MemoryRelay private constructor(
    private val transport: Transport,
) : ClientResources(transport),
    Closeable {
    constructor(
        apiKey: String? = null,
        baseUrl: String? = null,
        timeout: Duration? = null,
        maxRetries: Int? = null,
        maxRetryAfter: Duration? = null,
        allowInsecureHttp: Boolean = false,
    ) : this(open(apiKey, baseUrl, timeout, maxRetries, maxRetryAfter, allowInsecureHttp, null))

    internal constructor(
        apiKey: String?,
        baseUrl: String?,
        maxRetries: Int?,
        timeout: Duration?,
        onCall: (String) -> Unit,
    ) : this(open(apiKey, baseUrl, timeout, maxRetries, null, false, onCall))

    /** Whether [close] was called. */
    val isClosed: Boolean get() = transport.isClosed

    /**
     * Calls any method of the contract by name ([Methods.ALL], e.g. `memories.create`) with
     * the Python reference's parameter names, and returns the response JSON (`null` for
     * deletes). The typed resources go through the same call.
     */
    suspend fun call(
        method: String,
        params: Map<String, Any?> = emptyMap(),
    ): JsonElement {
        val p = Params()
        params.forEach { (k, v) -> p.put(k, k, v) }
        return transport.json(method, p.build())
    }

    /** Releases the connections; in-flight calls finish; later calls fail. Twice is harmless. */
    override fun close() = transport.close()

    private companion object {
        fun open(
            apiKey: String?,
            baseUrl: String?,
            timeout: Duration?,
            maxRetries: Int?,
            maxRetryAfter: Duration?,
            allowInsecureHttp: Boolean,
            onCall: ((String) -> Unit)?,
        ): Transport {
            if (maxRetries != null && maxRetries < 0) {
                throw MemoryRelayException.InvalidArgument("'maxRetries' must not be negative, got $maxRetries")
            }
            val options =
                ClientOptions(
                    apiKey = apiKey,
                    baseUrl = baseUrl,
                    timeout = timeout?.toDouble(DurationUnit.SECONDS),
                    maxRetries = maxRetries?.toUInt(),
                    maxRetryAfter = maxRetryAfter?.toDouble(DurationUnit.SECONDS),
                    allowInsecureHttp = allowInsecureHttp,
                    userAgentSuffix = "kotlin",
                )
            val native =
                try {
                    MemoryRelayClient(options)
                } catch (e: NativeError) {
                    throw e.toException()
                }
            return Transport(native, onCall)
        }
    }
}
