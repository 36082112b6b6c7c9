/// The task wire format of MCP 2025-11-25 (SEP-1686), in one place: method names, request parameters and the
/// decoding of `Task`, `CreateTaskResult` and `ListTasksResult`.
///
/// The 2026-07-28 tasks extension has its own file beside this one.
public enum TaskWire20251125 {
    public static let protocolVersion = "2025-11-25"
    public static let get = "tasks/get"
    public static let result = "tasks/result"
    public static let list = "tasks/list"
    public static let cancel = "tasks/cancel"
    public static let statusNotification = "notifications/tasks/status"
    /// `_meta` key tying a message to a task.
    public static let relatedTaskKey = "io.modelcontextprotocol/related-task"

    /// `tools/call` parameters, task-augmented when `asTask` (`"task": {}` or `{"ttl": ms}`).
    public static func callParams(name: String, arguments: JSONObject, asTask: Bool, ttl: Int?) -> JSONValue {
        var params: JSONObject = ["name": .string(name), "arguments": .object(arguments)]
        if asTask {
            var meta = JSONObject()
            if let ttl { meta["ttl"] = .int(ttl) }
            params["task"] = .object(meta)
        }
        return .object(params)
    }

    public static func idParams(_ taskId: String) -> JSONValue { ["taskId": .string(taskId)] }

    /// Decodes a `Task` (also the body of `GetTaskResult`, `CancelTaskResult` and the status notification).
    public static func decodeTask(_ json: JSONValue) throws(MCPError) -> MCPTask {
        guard let object = json.objectValue else { throw .protocolViolation("expected a Task object, got \(json.typeName)") }
        guard let taskId = object["taskId"]?.stringValue else { throw .protocolViolation("Task without a taskId") }
        guard let status = object["status"]?.stringValue else { throw .protocolViolation("Task \(taskId) without a status") }
        // Results carry `_meta`; the Task itself does not. Keep the Task fields only, in the server's order.
        var task = object
        task["_meta"] = nil
        return MCPTask(taskId: taskId, status: TaskStatus(wire: status),
                       statusMessage: object["statusMessage"]?.stringValue,
                       createdAt: object["createdAt"]?.stringValue,
                       lastUpdatedAt: object["lastUpdatedAt"]?.stringValue,
                       ttl: object["ttl"]?.intValue,
                       pollInterval: object["pollInterval"]?.intValue,
                       json: .object(task))
    }

    /// Decodes the answer to a task-augmented `tools/call`: a `CreateTaskResult`.
    public static func decodeCreateTaskResult(_ json: JSONValue) throws(MCPError) -> MCPTask {
        guard let task = json["task"] else {
            throw .protocolViolation("the server answered a task-augmented tools/call without a task")
        }
        return try decodeTask(task)
    }

    public static func decodeListResult(_ json: JSONValue) throws(MCPError) -> TaskPage {
        guard let items = json["tasks"]?.arrayValue else { throw .protocolViolation("tasks/list result has no tasks array") }
        var tasks: [MCPTask] = []
        tasks.reserveCapacity(items.count)
        for item in items { tasks.append(try decodeTask(item)) }
        return TaskPage(tasks: tasks, nextCursor: json["nextCursor"]?.stringValue)
    }

    /// The server's task capabilities (`capabilities.tasks`).
    public static func capabilities(from serverCapabilities: JSONValue) -> TaskCapabilities {
        guard let tasks = serverCapabilities["tasks"], tasks.objectValue != nil else { return .none }
        return TaskCapabilities(toolCalls: tasks["requests"]?["tools"]?["call"] != nil,
                                list: tasks["list"] != nil,
                                cancel: tasks["cancel"] != nil)
    }
}

/// What a server lets a client do with tasks.
public struct TaskCapabilities: Sendable, Equatable {
    /// `tools/call` may be task-augmented.
    public var toolCalls: Bool
    public var list: Bool
    public var cancel: Bool

    public static let none = TaskCapabilities(toolCalls: false, list: false, cancel: false)

    public init(toolCalls: Bool, list: Bool, cancel: Bool) {
        self.toolCalls = toolCalls
        self.list = list
        self.cancel = cancel
    }

    /// Whether the server does anything with tasks at all.
    public var any: Bool { toolCalls || list || cancel }
}
