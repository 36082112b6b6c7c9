/// The protocol generation a server speaks.
public enum ProtocolGeneration: String, Sendable {
    /// MCP 2025-11-25 (and the older versions it superseded): sessions, core tasks (SEP-1686).
    case v2025_11_25 = "2025-11-25"
    /// MCP 2026-07-28: stateless, tasks through the `io.modelcontextprotocol/tasks` extension (SEP-2663).
    case v2026_07_28 = "2026-07-28"
}

/// A task as seen by one `tasks/get`, with the payload when the generation inlines it (the 2026-07-28
/// extension returns `result` or `error` in `tasks/get`; 2025-11-25 never does).
public struct TaskSnapshot: Sendable, Equatable {
    public var task: MCPTask
    public var inlinePayload: TaskPayload?
    /// What an `input_required` task waits for, when the generation says so in `tasks/get` (2026-07-28
    /// `inputRequests`); answered through ``TaskProtocolDriver/answerInput(for:)``.
    public var inputRequests: [InputRequest]

    public init(task: MCPTask, inlinePayload: TaskPayload? = nil, inputRequests: [InputRequest] = []) {
        self.task = task
        self.inlinePayload = inlinePayload
        self.inputRequests = inputRequests
    }
}

/// The task operations of one protocol generation, behind one interface so the CLI and ``TaskWaiter`` drive
/// every generation the same way.
public protocol TaskProtocolDriver: Sendable {
    var generation: ProtocolGeneration { get }
    var capabilities: TaskCapabilities { get }
    /// Whether ``awaitPayload(_:)`` exists (2025-11-25 `tasks/result`); otherwise the payload comes inline
    /// with ``getTask(_:)``.
    var hasBlockingResult: Bool { get }

    /// Calls a tool, as a task when `asTask` is true (with the requested ttl), else plainly.
    func callTool(name: String, arguments: JSONObject, asTask: Bool, ttl: Int?) async throws -> ToolCallStart
    func getTask(_ taskId: String) async throws -> TaskSnapshot
    /// Blocks until the task is terminal and returns what the call produced (2025-11-25 `tasks/result`).
    func awaitPayload(_ taskId: String) async throws -> TaskPayload
    func listTasks(cursor: String?) async throws -> TaskPage
    /// Cancels; returns the task's new state when the server reports it.
    func cancelTask(_ taskId: String) async throws -> MCPTask?
    /// Status changes pushed by the server, for every task (filter by id).
    func statusUpdates() async -> AsyncStream<MCPTask>
    /// Answers the snapshot's ``TaskSnapshot/inputRequests`` that were not answered before (each key once),
    /// then returns; ``TaskWaiter`` calls it after a poll that found some. Generations that deliver input
    /// another way (2025-11-25: requests on the open `tasks/result`) do nothing.
    func answerInput(for snapshot: TaskSnapshot) async throws
}

extension TaskProtocolDriver {
    public func answerInput(for snapshot: TaskSnapshot) async throws {}
}

extension MCPError {
    /// The server has no task support at all (or negotiated a version without tasks).
    static func tasksUnavailable(_ server: ServerDescription, _ what: String) -> MCPError {
        if server.protocolVersion != TaskWire20251125.protocolVersion {
            return .unsupported("\(server.name) negotiated MCP \(server.protocolVersion), which has no tasks; cannot \(what)")
        }
        return .unsupported("\(server.name) does not support tasks (no tasks capability); cannot \(what)")
    }
}
