import MCPTaskCore

/// One task as its receiver keeps it (spec `basic/utilities/tasks`, "Data Types"): the wire fields, who owns it,
/// and — once it is terminal — the payload `tasks/result` returns.
public struct TaskRecord: Sendable, Equatable {
    public let taskId: String
    /// The session (or authorisation context) that created the task; other owners cannot see it unless the
    /// store shares tasks.
    public let owner: String
    /// Creation order, the position `tasks/list` cursors point at.
    public let sequence: Int
    public internal(set) var status: TaskStatus
    public internal(set) var statusMessage: String?
    public let createdAt: UnixMillis
    public internal(set) var lastUpdatedAt: UnixMillis
    /// Retention from creation in milliseconds; nil is unlimited.
    public let ttl: Int?
    public let pollInterval: Int?
    /// What `tasks/result` returns; set exactly when the task becomes terminal.
    public internal(set) var payload: TaskPayload?

    /// The moment after which the task is gone, if it has a ttl.
    public var expiresAt: UnixMillis? { ttl.map { createdAt + UnixMillis($0) } }

    public func isExpired(at now: UnixMillis) -> Bool {
        guard let expiresAt else { return false }
        return now >= expiresAt
    }

    /// The `Task` object of the 2025-11-25 schema (also the params of `notifications/tasks/status`).
    public var json: JSONValue {
        var o: JSONObject = ["taskId": .string(taskId), "status": .string(status.wire)]
        if let statusMessage { o["statusMessage"] = .string(statusMessage) }
        o["createdAt"] = .string(ISOTimestamp.string(createdAt))
        o["lastUpdatedAt"] = .string(ISOTimestamp.string(lastUpdatedAt))
        o["ttl"] = ttl.map { .int($0) } ?? .null
        if let pollInterval { o["pollInterval"] = .int(pollInterval) }
        return .object(o)
    }
}

extension TaskStatus {
    /// Whether the lifecycle allows going from `self` to `next` (spec "Task Status Lifecycle"). Staying in
    /// `working` or `input_required` is allowed so that the status message can change.
    public func canTransition(to next: TaskStatus) -> Bool {
        switch (self, next) {
        case (.working, .working), (.working, .inputRequired), (.inputRequired, .working),
             (.inputRequired, .inputRequired):
            return true
        case (.working, _), (.inputRequired, _):
            return next.isTerminal
        default:
            return false
        }
    }
}
