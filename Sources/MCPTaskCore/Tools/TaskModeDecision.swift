/// Whether a `tools/call` goes out task-augmented, decided before anything is sent from the server's
/// `capabilities.tasks` and the tool's `execution.taskSupport` (spec `basic/utilities/tasks`, "Tool-Level
/// Negotiation").
public enum TaskMode: Sendable, Equatable {
    case task(ttl: Int?)
    case plain
}

/// What the user asked for on the command line.
public struct TaskModeRequest: Sendable, Equatable {
    public var noTask: Bool
    public var ttl: Int?
    public var detach: Bool

    public init(noTask: Bool = false, ttl: Int? = nil, detach: Bool = false) {
        self.noTask = noTask
        self.ttl = ttl
        self.detach = detach
    }
}

/// Why a requested mode is impossible; the message explains it in words.
public struct TaskModeConflict: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

public enum TaskModeDecision {
    /// Picks the mode for `tool` or explains why the request cannot be honoured.
    public static func decide(tool: ToolDescriptor, serverSupportsTaskCalls: Bool,
                              request: TaskModeRequest) -> Result<TaskMode, TaskModeConflict> {
        let asTaskFlag = request.detach ? "--detach" : "--ttl"
        switch tool.taskSupport {
        case .required:
            if request.noTask {
                return .failure(.init(message: "tool '\(tool.name)' can only run as a task (its taskSupport is \"required\"); drop --no-task"))
            }
            if !serverSupportsTaskCalls {
                return .failure(.init(message: "tool '\(tool.name)' requires task execution, but the server does not accept task-augmented tools/call"))
            }
            return .success(.task(ttl: request.ttl))
        case .optional:
            if request.noTask {
                if request.detach { return .failure(.init(message: "--detach needs a task; it cannot be combined with --no-task")) }
                if request.ttl != nil { return .failure(.init(message: "--ttl applies to tasks; it cannot be combined with --no-task")) }
                return .success(.plain)
            }
            if !serverSupportsTaskCalls {
                if request.detach || request.ttl != nil {
                    return .failure(.init(message: "\(asTaskFlag) needs a task, but the server does not accept task-augmented tools/call"))
                }
                return .success(.plain)
            }
            return .success(.task(ttl: request.ttl))
        case .forbidden:
            if request.detach || request.ttl != nil {
                return .failure(.init(message: "tool '\(tool.name)' cannot run as a task (its taskSupport is \"forbidden\" or absent), so \(asTaskFlag) does not apply"))
            }
            return .success(.plain)
        }
    }
}
