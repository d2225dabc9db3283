package dev.memoryrelay

/** The hit's memory content, as the Python reference's `result.content`. */
val SearchResult.content: String get() = memory.content
