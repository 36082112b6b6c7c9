/// Whether a tool may run as a task (`execution.taskSupport`, spec `server/tools`).
public enum TaskSupport: String, Sendable, CaseIterable {
    case required, optional, forbidden
}

/// A tool as listed by `tools/list`, with the raw object kept for `--json`.
public struct ToolDescriptor: Sendable {
    public var name: String
    public var title: String?
    public var description: String?
    public var inputSchema: JSONValue?
    /// Absent means forbidden.
    public var taskSupport: TaskSupport
    public var raw: JSONValue

    public init?(json: JSONValue) {
        guard let name = json["name"]?.stringValue else { return nil }
        self.name = name
        self.title = json["title"]?.stringValue
        self.description = json["description"]?.stringValue
        self.inputSchema = json["inputSchema"]
        let support = json["execution"]?["taskSupport"]?.stringValue
        self.taskSupport = support.flatMap(TaskSupport.init(rawValue:)) ?? .forbidden
        self.raw = json
    }
}

/// Reads every page of `tools/list` through `fetch` (which sends one request with the given params), stopping
/// with a protocol error when a server repeats a cursor. Shared by both protocol generations.
enum ToolListing {
    static func all(_ fetch: (JSONObject) async throws -> JSONValue) async throws -> [ToolDescriptor] {
        var tools: [ToolDescriptor] = []
        var guardrail = CursorGuard()
        var cursor: String?
        repeat {
            var params = JSONObject()
            if let cursor { params["cursor"] = .string(cursor) }
            let page = try await fetch(params)
            guard let items = page["tools"]?.arrayValue else {
                throw MCPError.protocolViolation("tools/list result has no tools array")
            }
            for item in items {
                guard let tool = ToolDescriptor(json: item) else {
                    throw MCPError.protocolViolation("tools/list returned a tool without a name")
                }
                tools.append(tool)
            }
            cursor = page["nextCursor"]?.stringValue
            try guardrail.check(cursor, method: "tools/list")
        } while cursor != nil
        return tools
    }
}
