package dev.memoryrelay.android

/**
 * Android only: call [init] once, with the application's `Context`, before the first
 * [dev.memoryrelay.MemoryRelay] makes an HTTPS request. The library checks server certificates
 * with Android's own trust store (rustls-platform-verifier), which needs the app's Context
 * from the JVM. Not needed (and not to be called) on a desktop or server JVM.
 *
 * See docs/kotlin.md, "Android", for the AAR layout.
 */
object MemoryRelayAndroid {
    @Volatile private var initialised = false

    /** Initialises the TLS verifier with [context] (an `android.content.Context`); idempotent. */
    @Synchronized
    fun init(context: Any) {
        if (initialised) return
        System.loadLibrary("memoryrelay")
        nativeInit(context)
        initialised = true
    }

    @JvmStatic
    private external fun nativeInit(context: Any)
}
