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
