import Foundation

/// What the local registry knows about one task that mcptask created (issue 5, "Local task registry").
///
/// An entry is identified by ``serverKey`` and ``taskId``: task ids are only unique per server. It never holds
/// tool arguments or credentials, only ``argumentsDigest`` and the server's ``ServerIdentity`` key.
public struct TaskRegistryEntry: Sendable, Equatable {
    /// The server's ``ServerIdentity`` key.
    public var serverKey: String
    /// What the user calls the server (a configured name, or the URL), for display; optional.
    public var serverLabel: String?
    /// The HTTP session the task was created in, when the server uses sessions.
    public var sessionId: String?
    public var taskId: String
    public var toolName: String
    /// ``ArgumentsDigest/hex(_:)`` of the call's arguments.
    public var argumentsDigest: String
    /// The task's `createdAt` exactly as the server sent it.
    public var createdAt: String?
    /// The task's retention in milliseconds as the server reported it; nil for unlimited or unknown.
    public var ttl: Int?
    /// The protocol generation the task was created under (``ProtocolGeneration/rawValue``, e.g. `2025-11-25`).
    public var generation: String?
    /// The last status mcptask saw.
    public var status: TaskStatus
    /// The status message that came with ``status``, if any.
    public var statusMessage: String?
    /// When this machine recorded the task (the local clock; orders ``TaskRegistry/entries(serverKey:)``).
    public var recordedAt: Date
    /// When mcptask last learned the task's state from the server.
    public var lastSeen: Date
    /// Set when the session that owned the task is gone (the server answered 404 for it), so the server may no
    /// longer show the task to us.
    public var unreachable: Bool

    public init(serverKey: String, serverLabel: String? = nil, sessionId: String? = nil, taskId: String,
                toolName: String, argumentsDigest: String, createdAt: String? = nil, ttl: Int? = nil,
                generation: String? = nil, status: TaskStatus, statusMessage: String? = nil,
                recordedAt: Date = Date(), lastSeen: Date? = nil, unreachable: Bool = false) {
        self.serverKey = serverKey
        self.serverLabel = serverLabel
        self.sessionId = sessionId
        self.taskId = taskId
        self.toolName = toolName
        self.argumentsDigest = argumentsDigest
        self.createdAt = createdAt
        self.ttl = ttl
        self.generation = generation
        self.status = status
        self.statusMessage = statusMessage
        self.recordedAt = recordedAt
        self.lastSeen = lastSeen ?? recordedAt
        self.unreachable = unreachable
    }

    /// An entry for a task a server just created, taking `createdAt`, `ttl`, status and message from it.
    public init(serverKey: String, serverLabel: String? = nil, sessionId: String? = nil, task: MCPTask,
                toolName: String, arguments: JSONValue?, generation: String? = nil, recordedAt: Date = Date()) {
        self.init(serverKey: serverKey, serverLabel: serverLabel, sessionId: sessionId, taskId: task.taskId,
                  toolName: toolName, argumentsDigest: ArgumentsDigest.hex(arguments), createdAt: task.createdAt,
                  ttl: task.ttl, generation: generation, status: task.status, statusMessage: task.statusMessage,
                  recordedAt: recordedAt)
    }

    /// When the server may delete the task: `createdAt` (or, when that is absent or unreadable, ``recordedAt``)
    /// plus ``ttl``; nil when the ttl is unlimited or unknown.
    public var expiresAt: Date? {
        guard let ttl else { return nil }
        let start = createdAt.flatMap(Timestamp.parse) ?? recordedAt
        return start.addingTimeInterval(Double(ttl) / 1000)
    }

    /// Whether the task's ttl has run out at `now`, so the server may have deleted it.
    public func isExpired(now: Date = Date()) -> Bool {
        guard let expiresAt else { return false }
        return now > expiresAt
    }
}

// MARK: - JSON form (one object in the registry log)

extension TaskRegistryEntry {
    var json: JSONValue {
        var o: JSONObject = [
            "serverKey": .string(serverKey), "taskId": .string(taskId), "toolName": .string(toolName),
            "argumentsDigest": .string(argumentsDigest), "status": .string(status.wire),
        ]
        if let serverLabel { o["serverLabel"] = .string(serverLabel) }
        if let sessionId { o["sessionId"] = .string(sessionId) }
        if let createdAt { o["createdAt"] = .string(createdAt) }
        if let ttl { o["ttl"] = .int(ttl) }
        if let generation { o["generation"] = .string(generation) }
        if let statusMessage { o["statusMessage"] = .string(statusMessage) }
        o["recordedAt"] = .string(Timestamp.format(recordedAt))
        o["lastSeen"] = .string(Timestamp.format(lastSeen))
        if unreachable { o["unreachable"] = .bool(true) }
        return .object(o)
    }

    /// Reads an entry back; nil when a required member is missing or has the wrong type.
    init?(json: JSONValue) {
        guard let serverKey = json["serverKey"]?.stringValue, let taskId = json["taskId"]?.stringValue,
              let toolName = json["toolName"]?.stringValue, let digest = json["argumentsDigest"]?.stringValue,
              let status = json["status"]?.stringValue,
              let recordedAt = json["recordedAt"]?.stringValue.flatMap(Timestamp.parse)
        else { return nil }
        self.init(serverKey: serverKey, serverLabel: json["serverLabel"]?.stringValue,
                  sessionId: json["sessionId"]?.stringValue, taskId: taskId, toolName: toolName,
                  argumentsDigest: digest, createdAt: json["createdAt"]?.stringValue, ttl: json["ttl"]?.intValue,
                  generation: json["generation"]?.stringValue, status: TaskStatus(wire: status),
                  statusMessage: json["statusMessage"]?.stringValue, recordedAt: recordedAt,
                  lastSeen: json["lastSeen"]?.stringValue.flatMap(Timestamp.parse),
                  unreachable: json["unreachable"]?.boolValue ?? false)
    }
}
