/// A list envelope (`MemoryList`, `AgentList`, ...): auto-paging walks it.
protocol ListPage: JSONReadable, Sendable {
    associatedtype Item: Sendable
    var data: [Item] { get }
    var hasMore: Bool { get }
}

/// Walks a list method page by page with `limit`/`offset` (wire contract §1.5), like every
/// SDK language: it stops when the server says `has_more: false` or sends an empty page, and
/// an error ends the walk.
actor Pager<Page: ListPage> {
    private let client: MemoryRelay
    private let method: String
    private var params: [String: JSONValue]
    private var offset = 0
    private var buffer: [Page.Item] = []
    private var next = 0
    private var done = false

    init(client: MemoryRelay, method: String, params: [String: JSONValue], pageSize: Int) {
        self.client = client
        self.method = method
        self.params = params
        self.params["limit"] = .number(Double(pageSize))
    }

    func nextItem() async throws -> Page.Item? {
        while next == buffer.count {
            if done { return nil }
            params["offset"] = .number(Double(offset))
            let page: Page
            do {
                page = try await client.invoke(method, params, as: Page.self)
            } catch {
                done = true
                throw error
            }
            buffer = page.data
            next = 0
            offset += page.data.count
            done = !page.hasMore || page.data.isEmpty
        }
        defer { next += 1 }
        return buffer[next]
    }
}

extension MemoryRelay {
    func pages<Page: ListPage>(
        _ method: String, _ params: [String: JSONValue], pageSize: Int, as: Page.Type
    ) -> AsyncThrowingStream<Page.Item, Error> {
        let pager = Pager<Page>(client: self, method: method, params: params, pageSize: pageSize)
        return AsyncThrowingStream(unfolding: { try await pager.nextItem() })
    }
}
