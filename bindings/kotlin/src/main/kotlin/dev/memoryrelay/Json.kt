package dev.memoryrelay

import kotlinx.serialization.ExperimentalSerializationApi
import kotlinx.serialization.KSerializer
import kotlinx.serialization.SerializationException
import kotlinx.serialization.descriptors.SerialDescriptor
import kotlinx.serialization.encoding.Decoder
import kotlinx.serialization.encoding.Encoder
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonDecoder
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonEncoder
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.booleanOrNull
import kotlinx.serialization.json.doubleOrNull
import kotlinx.serialization.json.longOrNull
import java.time.Instant
import java.time.LocalDateTime
import java.time.OffsetDateTime
import java.time.ZoneOffset
import java.time.format.DateTimeParseException

/** A model with its lossless JSON: the known members plus the unknown ones kept in `extra`. */
interface JsonModel {
    /** The model as JSON, with the wire's member names. */
    fun toJson(): JsonObject
}

/** One page of a list method (`memories.list`, ...). */
interface Page<T> {
    /** The page's items. */
    val data: List<T>

    /** Whether more items follow this page. */
    val hasMore: Boolean
}

/**
 * The kotlinx.serialization serializer of a model: JSON formats only, since a model keeps
 * unknown members as JSON and decodes leniently (see the model's doc).
 */
abstract class ModelSerializer<T : JsonModel>(
    serialName: String,
) : KSerializer<T> {
    @OptIn(ExperimentalSerializationApi::class)
    override val descriptor: SerialDescriptor = SerialDescriptor(serialName, JsonObject.serializer().descriptor)

    /** Decodes the model from its JSON object. */
    abstract fun decode(json: JsonObject): T

    override fun deserialize(decoder: Decoder): T {
        val input =
            decoder as? JsonDecoder
                ?: throw SerializationException("${descriptor.serialName} can be decoded from JSON only")
        val element = input.decodeJsonElement()
        return decode(element as? JsonObject ?: throw SerializationException("${descriptor.serialName}: expected an object"))
    }

    override fun serialize(
        encoder: Encoder,
        value: T,
    ) {
        val output =
            encoder as? JsonEncoder
                ?: throw SerializationException("${descriptor.serialName} can be encoded to JSON only")
        output.encodeJsonElement(value.toJson())
    }
}

/**
 * Reads the members of one model's JSON object with the decoding rule of the models (a
 * missing or `null` member gets its default) and remembers which members it read, so that
 * the rest can be kept as the model's `extra`. A member of the wrong JSON type is an error.
 */
internal class Fields(
    private val json: JsonObject,
    private val model: String,
) {
    private val known = HashSet<String>()

    private fun get(key: String): JsonElement? {
        known.add(key)
        return json[key]?.takeUnless { it is JsonNull }
    }

    private fun wrong(
        key: String,
        want: String,
    ): Nothing = throw SerializationException("$model.$key: expected $want, got ${json[key]}")

    private fun missing(key: String): Nothing = throw SerializationException("$model.$key: missing")

    private fun primitive(
        key: String,
        want: String,
    ): JsonPrimitive? = get(key)?.let { it as? JsonPrimitive ?: wrong(key, want) }

    private fun array(key: String): JsonArray? = get(key)?.let { it as? JsonArray ?: wrong(key, "an array") }

    fun strOrNull(key: String): String? = primitive(key, "a string")?.let { if (it.isString) it.content else wrong(key, "a string") }

    fun str(key: String): String = strOrNull(key) ?: ""

    fun reqStr(key: String): String = strOrNull(key) ?: missing(key)

    fun longOrNull(key: String): Long? =
        primitive(key, "an integer")?.let { if (it.isString) wrong(key, "an integer") else it.longOrNull ?: wrong(key, "an integer") }

    fun long(key: String): Long = longOrNull(key) ?: 0L

    fun reqLong(key: String): Long = longOrNull(key) ?: missing(key)

    fun doubleOrNull(key: String): Double? =
        primitive(key, "a number")?.let { if (it.isString) wrong(key, "a number") else it.doubleOrNull ?: wrong(key, "a number") }

    fun double(key: String): Double = doubleOrNull(key) ?: 0.0

    fun reqDouble(key: String): Double = doubleOrNull(key) ?: missing(key)

    fun boolOrNull(key: String): Boolean? =
        primitive(key, "a boolean")?.let { if (it.isString) wrong(key, "a boolean") else it.booleanOrNull ?: wrong(key, "a boolean") }

    fun bool(key: String): Boolean = boolOrNull(key) ?: false

    fun reqBool(key: String): Boolean = boolOrNull(key) ?: missing(key)

    fun objOrNull(key: String): JsonObject? = get(key)?.let { it as? JsonObject ?: wrong(key, "an object") }

    fun obj(key: String): JsonObject = objOrNull(key) ?: JsonObject(emptyMap())

    fun reqObj(key: String): JsonObject = objOrNull(key) ?: missing(key)

    fun elementOrNull(key: String): JsonElement? = get(key)

    fun reqElement(key: String): JsonElement = get(key) ?: missing(key)

    fun stringsOrNull(key: String): List<String>? =
        array(key)?.map { e -> (e as? JsonPrimitive)?.takeIf { it.isString }?.content ?: wrong(key, "an array of strings") }

    fun strings(key: String): List<String> = stringsOrNull(key) ?: emptyList()

    fun reqStrings(key: String): List<String> = stringsOrNull(key) ?: missing(key)

    fun instantOrNull(key: String): Instant? = primitive(key, "a timestamp")?.let { parseTimestamp(it) ?: wrong(key, "a timestamp") }

    fun reqInstant(key: String): Instant = instantOrNull(key) ?: missing(key)

    fun <T> modelOrNull(
        key: String,
        decode: (JsonObject) -> T,
    ): T? = objOrNull(key)?.let(decode)

    fun <T> model(
        key: String,
        decode: (JsonObject) -> T,
    ): T = decode(obj(key))

    fun <T> reqModel(
        key: String,
        decode: (JsonObject) -> T,
    ): T = decode(reqObj(key))

    fun <T> modelsOrNull(
        key: String,
        decode: (JsonObject) -> T,
    ): List<T>? = array(key)?.map { decode(it as? JsonObject ?: wrong(key, "an array of objects")) }

    fun <T> models(
        key: String,
        decode: (JsonObject) -> T,
    ): List<T> = modelsOrNull(key, decode) ?: emptyList()

    fun <T> reqModels(
        key: String,
        decode: (JsonObject) -> T,
    ): List<T> = modelsOrNull(key, decode) ?: missing(key)

    /** The members no reader asked for, in their order. */
    fun extra(): Map<String, JsonElement> = json.filterKeys { it !in known }
}

/**
 * A timestamp of the wire (contract §1.4): Unix seconds, integer or fractional, or an RFC 3339
 * string (one without an offset is UTC). Null when it is neither.
 */
internal fun parseTimestamp(value: JsonPrimitive): Instant? {
    if (!value.isString) {
        val seconds = value.doubleOrNull ?: return null
        if (!seconds.isFinite()) return null
        value.longOrNull?.let { return Instant.ofEpochSecond(it) }
        val whole = Math.floor(seconds)
        return Instant.ofEpochSecond(whole.toLong(), ((seconds - whole) * 1e9).toLong())
    }
    val text = value.content
    return try {
        OffsetDateTime.parse(text).toInstant()
    } catch (_: DateTimeParseException) {
        try {
            LocalDateTime.parse(text).toInstant(ZoneOffset.UTC)
        } catch (_: DateTimeParseException) {
            null
        }
    }
}

/**
 * A Kotlin value as JSON: null, strings, numbers, booleans, [Instant] (RFC 3339), models, maps
 * with string keys, lists and arrays of those, and [JsonElement]s as they are.
 *
 * @throws IllegalArgumentException for anything else, or a number that is not finite.
 */
internal fun jsonOf(value: Any?): JsonElement =
    when (value) {
        null -> JsonNull
        is JsonElement -> value
        is String -> JsonPrimitive(value)
        is Boolean -> JsonPrimitive(value)
        is Double -> finite(value.isFinite(), value)
        is Float -> finite(value.isFinite(), value)
        is Number -> JsonPrimitive(value)
        is Instant -> JsonPrimitive(value.toString())
        is JsonModel -> value.toJson()
        is Map<*, *> ->
            JsonObject(
                value.entries.associate { (k, v) ->
                    (k as? String ?: throw IllegalArgumentException("a map key must be a String, not $k")) to jsonOf(v)
                },
            )
        is Iterable<*> -> JsonArray(value.map(::jsonOf))
        is Array<*> -> JsonArray(value.map(::jsonOf))
        else -> throw IllegalArgumentException("a ${value::class.qualifiedName} is not a JSON value")
    }

private fun finite(
    ok: Boolean,
    value: Number,
): JsonPrimitive {
    require(ok) { "$value is not a finite number" }
    return JsonPrimitive(value)
}

/** The result of a method as the JSON object its model decodes from. */
internal fun objectOf(json: JsonElement): JsonObject = json as? JsonObject ?: throw SerializationException("expected an object, got $json")
