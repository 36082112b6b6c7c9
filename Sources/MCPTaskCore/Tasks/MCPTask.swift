/// The state of a task (spec `basic/utilities/tasks`, "Task Status").
public enum TaskStatus: Sendable, Hashable, CustomStringConvertible {
    case working
    case inputRequired
    case completed
    case failed
    case cancelled
    /// A status this client does not know; kept, treated as not terminal.
    case other(String)

    public init(wire: String) {
        switch wire {
        case "working": self = .working
        case "input_required": self = .inputRequired
        case "completed": self = .completed
        case "failed": self = .failed
        case "cancelled": self = .cancelled
        default: self = .other(wire)
        }
    }

    /// The wire spelling.
    public var wire: String {
        switch self {
        case .working: return "working"
        case .inputRequired: return "input_required"
        case .completed: return "completed"
        case .failed: return "failed"
        case .cancelled: return "cancelled"
        case .other(let s): return s
        }
    }

    /// Completed, failed and cancelled are final.
    public var isTerminal: Bool {
        switch self {
        case .completed, .failed, .cancelled: return true
        default: return false
        }
    }

    public var description: String { wire }
}

/// A task as this client models it, whatever protocol generation it came from.
///
/// `json` is the task in the 2025-11-25 `Task` shape exactly as the server sent it (for 2025-11-25 servers),
/// which is what `--json` prints. Named `MCPTask` so it never shadows Swift's `Task`.
public struct MCPTask: Sendable, Equatable {
    public var taskId: String
    public var status: TaskStatus
    public var statusMessage: String?
    public var createdAt: String?
    public var lastUpdatedAt: String?
    /// Retention in milliseconds; nil for unlimited or unknown.
    public var ttl: Int?
    /// Suggested polling interval in milliseconds.
    public var pollInterval: Int?
    public var json: JSONValue

    public init(taskId: String, status: TaskStatus, statusMessage: String? = nil, createdAt: String? = nil,
                lastUpdatedAt: String? = nil, ttl: Int? = nil, pollInterval: Int? = nil, json: JSONValue) {
        self.taskId = taskId
        self.status = status
        self.statusMessage = statusMessage
        self.createdAt = createdAt
        self.lastUpdatedAt = lastUpdatedAt
        self.ttl = ttl
        self.pollInterval = pollInterval
        self.json = json
    }
}

/// A page of `tasks/list`.
public struct TaskPage: Sendable {
    public var tasks: [MCPTask]
    /// Absent when this was the last page. An empty string is a cursor like any other.
    public var nextCursor: String?
}

/// What a finished task produced: the `CallToolResult`, or the JSON-RPC error of a failed request.
public enum TaskPayload: Sendable, Equatable {
    case result(JSONValue)
    case error(RPCError)
}

/// What `tools/call` gave back: a task to follow, or the result of a plain call.
public enum ToolCallStart: Sendable, Equatable {
    case task(MCPTask)
    case result(JSONValue)
}

/// The end of a waited-for task, or of a plain call: the last task state and the payload.
public struct TaskOutcome: Sendable, Equatable {
    /// The last known task state; nil for a plain call.
    public var task: MCPTask?
    /// The payload, when one was obtained.
    public var payload: TaskPayload?

    public init(task: MCPTask?, payload: TaskPayload?) {
        self.task = task
        self.payload = payload
    }

    /// The `CallToolResult`, when there is one.
    public var result: JSONValue? {
        if case .result(let r) = payload { return r }
        return nil
    }

    /// How the task ended, reduced to what a user and an exit code need.
    public var verdict: Verdict {
        if task?.status == .cancelled { return .cancelled }
        switch payload {
        case .error(let e):
            return .failed(e.message)
        case .result(let r):
            let hasContent = !(r["content"]?.arrayValue?.isEmpty ?? true) || r["structuredContent"] != nil
            if r["isError"]?.boolValue == true { return .toolError }
            if task?.status == .failed {
                return hasContent ? .toolError : .failed(task?.statusMessage ?? "the task failed")
            }
            return .success
        case nil:
            switch task?.status {
            case .failed: return .failed(task?.statusMessage ?? "the task failed")
            case .completed: return .success
            default: return .failed("the task ended without a result")
            }
        }
    }

    /// The classes of ending, which the CLI maps to exit codes 0, 1, 2 and 3.
    public enum Verdict: Sendable, Equatable {
        case success
        case toolError
        case failed(String)
        case cancelled
    }
}
