/// The task wire format of the `io.modelcontextprotocol/tasks` extension of MCP 2026-07-28 (SEP-2663,
/// modelcontextprotocol/ext-tasks `specification/draft/tasks.md`), in one place: the extension id, method names,
/// request parameters and the decoding of the flat task with its inline `result`, `error` or `inputRequests`.
///
/// Tasks are converted to ``MCPTask`` whose `json` has the 2025-11-25 `Task` shape (`ttl`, `pollInterval`), so
/// `--json` output is the same whichever generation the server speaks. The 2025-11-25 format is in
/// ``TaskWire20251125``.
public enum TaskWireExtension {
    /// The extension identifier, a key of `capabilities.extensions` on both sides (ext-tasks "Extension
    /// Identifier").
    public static let extensionID = "io.modelcontextprotocol/tasks"
    /// The protocol version the extension exists in.
    public static let protocolVersion = "2026-07-28"
    public static let get = "tasks/get"
    public static let update = "tasks/update"
    public static let cancel = "tasks/cancel"
    /// The status notification, delivered on a `subscriptions/listen` stream (ext-tasks "Task Status
    /// Notifications").
    public static let statusNotification = "notifications/tasks"
    public static let subscriptionsListen = "subscriptions/listen"
    /// JSON-RPC error -32021, Missing Required Client Capability (spec 2026-07-28 `basic/index`, "Error Codes").
    public static let missingClientCapability = -32021

    /// Our declaration of the extension in `clientCapabilities.extensions` (no settings are defined).
    public static let clientDeclaration: JSONObject = [extensionID: .object([:])]

    /// Whether server capabilities (from `server/discover`) list the extension.
    public static func isOffered(in serverCapabilities: JSONValue) -> Bool {
        serverCapabilities["extensions"]?[extensionID]?.objectValue != nil
    }

    /// `tools/call` parameters. There is no task request on the wire: the server decides (ext-tasks "Capability
    /// Negotiation"), so a requested ttl has no place here either.
    public static func callParams(name: String, arguments: JSONObject) -> JSONObject {
        ["name": .string(name), "arguments": .object(arguments)]
    }

    public static func idParams(_ taskId: String) -> JSONObject { ["taskId": .string(taskId)] }

    /// `tasks/update` parameters (ext-tasks "Task Update Requests").
    public static func updateParams(_ taskId: String, inputResponses: JSONObject) -> JSONObject {
        ["taskId": .string(taskId), "inputResponses": .object(inputResponses)]
    }

    /// The fields a task object carries besides the `Task` itself: dropped from ``MCPTask/json``.
    static let nonTaskKeys: Set<String> = ["resultType", "_meta", "result", "error", "inputRequests"]

    /// Decodes a task: a `CreateTaskResult` (`resultType: "task"`), a `GetTaskResult`, or the params of
    /// `notifications/tasks` (ext-tasks "Tasks", `DetailedTask`).
    public static func decodeTask(_ json: JSONValue) throws(MCPError) -> ExtensionTask {
        guard let object = json.objectValue else { throw .protocolViolation("expected a task object, got \(json.typeName)") }
        guard let taskId = object["taskId"]?.stringValue else { throw .protocolViolation("task without a taskId") }
        guard let status = object["status"]?.stringValue else { throw .protocolViolation("task \(taskId) without a status") }
        let task = MCPTask(taskId: taskId, status: TaskStatus(wire: status),
                           statusMessage: object["statusMessage"]?.stringValue,
                           createdAt: object["createdAt"]?.stringValue,
                           lastUpdatedAt: object["lastUpdatedAt"]?.stringValue,
                           ttl: object["ttlMs"]?.intValue,
                           pollInterval: object["pollIntervalMs"]?.intValue,
                           json: legacyTaskJSON(object))
        var payload: TaskPayload?
        if let error = object["error"], !error.isNull {
            guard let rpc = RPCError(json: error) else {
                throw .protocolViolation("task \(taskId) has an error without a numeric code")
            }
            payload = .error(rpc)
        } else if let result = object["result"], !result.isNull {
            guard result.objectValue != nil else {
                throw .protocolViolation("task \(taskId) has a result that is not an object but \(result.typeName)")
            }
            payload = .result(stripResultType(result))
        }
        let requests = try InputRequest.parseMap(object["inputRequests"])
        return ExtensionTask(task: task, payload: payload, inputRequests: requests)
    }

    /// The task as a 2025-11-25 `Task` object, keys in the server's order: `ttlMs` → `ttl`, `pollIntervalMs` →
    /// `pollInterval`, without the result discriminator, `_meta` or the inline payload. Unknown fields stay, as
    /// ``TaskWire20251125/decodeTask(_:)`` keeps them.
    public static func legacyTaskJSON(_ object: JSONObject) -> JSONValue {
        var out = JSONObject()
        for (key, value) in object where !nonTaskKeys.contains(key) {
            switch key {
            case "ttlMs": out["ttl"] = value
            case "pollIntervalMs": out["pollInterval"] = value
            default: out[key] = value
            }
        }
        return .object(out)
    }

    /// A final result without its `resultType: "complete"`: the discriminator belongs to the envelope, and
    /// 2025-11-25 results have none, so `--json` prints the same `CallToolResult` for both generations.
    public static func stripResultType(_ result: JSONValue) -> JSONValue {
        guard var object = result.objectValue, ResultType(of: result) == .complete else { return result }
        object["resultType"] = nil
        return .object(object)
    }

    /// A readable message for -32021 (Missing Required Client Capability): which capability the server wanted.
    public static func missingCapabilityMessage(_ error: RPCError, server: String, doing what: String) -> String {
        var wanted: [String] = []
        if let required = error.data?["requiredCapabilities"]?.objectValue {
            for (key, value) in required {
                if key == "extensions", let extensions = value.objectValue {
                    wanted.append(contentsOf: extensions.keys.map { "extension \($0)" })
                } else {
                    wanted.append(key)
                }
            }
        }
        let list = wanted.isEmpty ? "a client capability" : wanted.joined(separator: ", ")
        return "\(server) requires \(list) to \(what), which mcptask did not declare for this request (server said: \(error.message))"
    }
}

/// A task of the extension as one response carries it: the state, plus whatever is inline.
public struct ExtensionTask: Sendable, Equatable {
    public var task: MCPTask
    /// `result` of a completed task or `error` of a failed one.
    public var payload: TaskPayload?
    /// Outstanding requests of an `input_required` task, in the server's order.
    public var inputRequests: [InputRequest]

    public init(task: MCPTask, payload: TaskPayload? = nil, inputRequests: [InputRequest] = []) {
        self.task = task
        self.payload = payload
        self.inputRequests = inputRequests
    }

    public var snapshot: TaskSnapshot {
        TaskSnapshot(task: task, inlinePayload: payload, inputRequests: inputRequests)
    }
}
