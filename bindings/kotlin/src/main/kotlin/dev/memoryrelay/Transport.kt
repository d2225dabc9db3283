package dev.memoryrelay

import com.sun.jna.CallbackThreadInitializer
import com.sun.jna.Native
import dev.memoryrelay.ffi.CancellationToken
import dev.memoryrelay.ffi.MemoryRelayClient
import dev.memoryrelay.ffi.uniffiRustFutureContinuationCallbackImpl
import kotlinx.coroutines.CancellationException
import kotlinx.serialization.SerializationException
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import java.util.concurrent.ConcurrentLinkedQueue
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds
import dev.memoryrelay.ffi.MemoryRelayException as NativeError

/**
 * The one call path of the Kotlin SDK: JSON params to the native client's async `call`, the
 * result JSON back, native errors as [MemoryRelayException]s. Each call carries its own
 * cancellation token, cancelled when the calling coroutine is, so that the Rust call ends
 * too (UniFFI drops the future, but the request runs on the library's runtime).
 */
internal class Transport(
    private val native: MemoryRelayClient,
    /** Sees every method name before it is called (the coverage test's hook). */
    private val onCall: ((String) -> Unit)? = null,
) {
    /**
     * Tokens of finished calls, for the next ones: a new token costs an FFI object (about
     * 20 µs with its cleaner registration), a pooled one nothing. A cancelled token is never
     * pooled (it stays cancelled). The pool holds at most as many tokens as calls ran at once.
     */
    private val tokens = ConcurrentLinkedQueue<CancellationToken>()

    val isClosed: Boolean get() = native.isShutDown()

    fun close() {
        native.shutdown()
        generateSequence { tokens.poll() }.forEach { it.close() }
    }

    suspend fun raw(
        method: String,
        paramsJson: String,
    ): String {
        onCall?.invoke(method)
        val token = tokens.poll() ?: CancellationToken()
        var reusable = true
        try {
            return native.callWithToken(method, paramsJson, token)
        } catch (e: NativeError) {
            throw e.toException()
        } catch (e: CancellationException) {
            // The coroutine was cancelled: end the Rust call too (it runs on the library's
            // runtime, which UniFFI's dropping of the future does not stop).
            reusable = false
            token.cancel()
            throw e
        } finally {
            if (reusable) tokens.offer(token) else token.close()
        }
    }

    suspend fun json(
        method: String,
        params: JsonObject,
    ): JsonElement {
        val text = raw(method, params.toString())
        return try {
            Json.parseToJsonElement(text)
        } catch (e: SerializationException) {
            throw MemoryRelayException.Api("$method: the result is not JSON: ${e.message}", body = text)
        }
    }

    /** Calls [method] and decodes its result with [decode]; a result that does not fit is API. */
    suspend fun <T> call(
        method: String,
        params: JsonObject,
        decode: (JsonElement) -> T,
    ): T {
        val json = json(method, params)
        return try {
            decode(json)
        } catch (e: SerializationException) {
            throw MemoryRelayException.Api("$method: unexpected result: ${e.message}", body = json.toString())
        }
    }

    /** Calls a method whose result is `null` (the deletes). */
    suspend fun send(
        method: String,
        params: JsonObject,
    ) {
        json(method, params)
    }

    private companion object {
        init {
            // UniFFI resumes each async call from a thread of the library's runtime through this
            // JNA callback. By default JNA attaches the thread to the JVM for each callback and
            // detaches it after (a new java.lang.Thread each time); the runtime's few threads
            // stay attached instead, as daemons, which makes a resume cost microseconds.
            Native.setCallbackThreadInitializer(
                uniffiRustFutureContinuationCallbackImpl,
                CallbackThreadInitializer(true, false, "memoryrelay-runtime"),
            )
        }
    }
}

/**
 * Builds a method's JSON params from Kotlin arguments. `null` arguments are left out; [name]
 * is the wire contract's parameter and [arg] the Kotlin argument named in errors.
 */
internal class Params {
    private val members = LinkedHashMap<String, JsonElement>()

    fun put(
        name: String,
        arg: String,
        value: Any?,
    ): Params {
        if (value != null) {
            members[name] =
                try {
                    jsonOf(value)
                } catch (e: IllegalArgumentException) {
                    throw MemoryRelayException.InvalidArgument("'$arg': ${e.message}")
                }
        }
        return this
    }

    /** A path id: blank is an error here, before anything is sent. */
    fun id(
        name: String,
        arg: String,
        value: String,
    ): Params {
        if (value.isBlank()) {
            throw MemoryRelayException.InvalidArgument("'$arg' must not be blank")
        }
        return put(name, arg, value)
    }

    fun build(): JsonObject = JsonObject(members)
}

/** The [MemoryRelayException] for the fields of a native error. */
internal fun native(
    code: ErrorCode,
    reason: String,
    status: UShort?,
    requestId: String?,
    retryAfter: ULong?,
    details: String?,
    body: String?,
): MemoryRelayException =
    MemoryRelayException.of(
        code,
        reason,
        status?.toInt(),
        requestId,
        retryAfter?.let { seconds(it) },
        details?.let { runCatching { Json.parseToJsonElement(it) }.getOrNull() },
        body,
    )

private fun seconds(value: ULong): Duration = value.toLong().coerceAtLeast(0).seconds
