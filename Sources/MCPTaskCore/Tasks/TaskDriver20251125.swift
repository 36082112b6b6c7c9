/// Task operations over MCP 2025-11-25: task-augmented `tools/call`, `tasks/get`, `tasks/result`,
/// `tasks/list`, `tasks/cancel` and `notifications/tasks/status`.
public struct TaskDriver20251125: TaskProtocolDriver {
    public let client: MCPClient
    public let capabilities: TaskCapabilities
    public var generation: ProtocolGeneration { .v2025_11_25 }
    public var hasBlockingResult: Bool { true }

    public init(client: MCPClient) {
        self.client = client
        self.capabilities = client.server.protocolVersion == TaskWire20251125.protocolVersion
            ? TaskWire20251125.capabilities(from: client.server.capabilities) : .none
    }

    private func requireTasks(_ what: String) throws(MCPError) {
        if !capabilities.any { throw .tasksUnavailable(client.server, what) }
    }

    public func callTool(name: String, arguments: JSONObject, asTask: Bool, ttl: Int?) async throws -> ToolCallStart {
        if asTask, !capabilities.toolCalls {
            throw MCPError.tasksUnavailable(client.server, "run \(name) as a task")
        }
        let params = TaskWire20251125.callParams(name: name, arguments: arguments, asTask: asTask, ttl: ttl)
        let answer = try await client.session.request("tools/call", params: params)
        if asTask {
            return .task(try TaskWire20251125.decodeCreateTaskResult(answer))
        }
        // A server may still make a task of a plain call only if we asked; treat a task answer as a violation.
        if answer["task"] != nil, answer["content"] == nil {
            throw MCPError.protocolViolation("the server answered a plain tools/call with a task")
        }
        return .result(answer)
    }

    public func getTask(_ taskId: String) async throws -> TaskSnapshot {
        try requireTasks("get task \(taskId)")
        let answer = try await client.session.request(TaskWire20251125.get, params: TaskWire20251125.idParams(taskId))
        return TaskSnapshot(task: try TaskWire20251125.decodeTask(answer))
    }

    public func awaitPayload(_ taskId: String) async throws -> TaskPayload {
        try requireTasks("fetch the result of task \(taskId)")
        do {
            let answer = try await client.session.request(TaskWire20251125.result, params: TaskWire20251125.idParams(taskId))
            return .result(answer)
        } catch MCPError.rpc(let error) {
            // A failed task answers tasks/result with the JSON-RPC error of the original request.
            return .error(error)
        }
    }

    public func listTasks(cursor: String?) async throws -> TaskPage {
        try requireTasks("list tasks")
        if !capabilities.list { throw MCPError.unsupported("\(client.server.name) does not offer tasks/list") }
        let params: JSONValue? = cursor.map { ["cursor": .string($0)] }
        return try TaskWire20251125.decodeListResult(try await client.session.request(TaskWire20251125.list, params: params))
    }

    public func cancelTask(_ taskId: String) async throws -> MCPTask? {
        try requireTasks("cancel task \(taskId)")
        if !capabilities.cancel { throw MCPError.unsupported("\(client.server.name) does not offer tasks/cancel") }
        let answer = try await client.session.request(TaskWire20251125.cancel, params: TaskWire20251125.idParams(taskId))
        return try? TaskWire20251125.decodeTask(answer)
    }

    public func statusUpdates() async -> AsyncStream<MCPTask> {
        let notes = await client.session.notifications()
        return AsyncStream { continuation in
            let pump = Task {
                for await note in notes where note.method == TaskWire20251125.statusNotification {
                    if let params = note.params, let task = try? TaskWire20251125.decodeTask(params) {
                        continuation.yield(task)
                    }
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in pump.cancel() }
        }
    }
}
