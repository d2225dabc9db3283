package dev.memoryrelay

import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow

/**
 * Every item of a list method as a cold [Flow]: one page of [pageSize] items at a time from
 * [offset], until the server says there are no more (or sends an empty page).
 */
internal fun <T> pages(
    pageSize: Int,
    offset: Int,
    fetch: suspend (limit: Int, offset: Int) -> Page<T>,
): Flow<T> {
    if (pageSize < 1) throw MemoryRelayException.InvalidArgument("'pageSize' must be at least 1, got $pageSize")
    if (offset < 0) throw MemoryRelayException.InvalidArgument("'offset' must not be negative, got $offset")
    return flow {
        var from = offset
        while (true) {
            val page = fetch(pageSize, from)
            for (item in page.data) emit(item)
            if (!page.hasMore || page.data.isEmpty()) break
            from += page.data.size
        }
    }
}
