//! Android only: the JNI entry point that hands the app's `Context` to
//! rustls-platform-verifier, the core's TLS verifier, which asks Android's trust store (through
//! a small Kotlin component of that crate) and must be initialised before the first HTTPS
//! request. The Kotlin SDK calls it from `MemoryRelayAndroid.init(context)`; docs/kotlin.md
//! ("Android") lists the AAR layout. Not compiled on this repository's CI (no Android NDK).

use jni::errors::ThrowRuntimeExAndDefault;
use jni::objects::{JClass, JObject};
use jni::EnvUnowned;

/// `dev.memoryrelay.android.MemoryRelayAndroid.nativeInit(context: Context)`. Idempotent; a
/// JNI failure (or a panic, caught by `with_env`) becomes a Java `RuntimeException`.
#[no_mangle]
pub extern "system" fn Java_dev_memoryrelay_android_MemoryRelayAndroid_nativeInit<'caller>(
    mut env: EnvUnowned<'caller>,
    _class: JClass<'caller>,
    context: JObject<'caller>,
) {
    env.with_env(|env| rustls_platform_verifier::android::init_with_env(env, context))
        .resolve::<ThrowRuntimeExAndDefault>()
}
