/// Task operations over MCP 2026-07-28 with the `io.modelcontextprotocol/tasks` extension (SEP-2663,
/// ext-tasks `specification/draft/tasks.md`): the server decides whether `tools/call` becomes a task;
/// `tasks/get` inlines the `result`, `error` or `inputRequests`; `tasks/update` answers input; `tasks/cancel`
/// only acknowledges; there is no `tasks/result` and no `tasks/list`.
public struct TaskDriverExtension: TaskProtocolDriver {
    public let client: StatelessClient
    public let capabilities: TaskCapabilities
    public var generation: ProtocolGeneration { .v2026_07_28 }
    /// The payload comes inline with `tasks/get`.
    public var hasBlockingResult: Bool { false }
    /// Whether ``statusUpdates()`` tries `subscriptions/listen` at all.
    public var listensForNotifications: Bool

    private let state = ExtensionDriverState()

    public init(client: StatelessClient, listensForNotifications: Bool = true) {
        self.client = client
        let offered = client.server.offersTasks
        self.capabilities = TaskCapabilities(toolCalls: offered, list: false, cancel: offered)
        self.listensForNotifications = listensForNotifications
    }

    private var serverName: String { client.server.name }

    private func requireExtension(_ what: String) throws(MCPError) {
        if !capabilities.any {
            throw .unsupported("\(serverName) does not offer the tasks extension (\(TaskWireExtension.extensionID)); cannot \(what)")
        }
    }

    /// Calls a tool. The server alone decides whether it becomes a task (ext-tasks "Capability Negotiation"):
    /// we always declare the extension, so `asTask` and `ttl` have no wire meaning here. Input the server asks
    /// for before answering (multi round-trip) goes through the client's ``InputHandler``.
    public func callTool(name: String, arguments: JSONObject, asTask: Bool, ttl: Int?) async throws -> ToolCallStart {
        let result = try await client.callTool(name: name, arguments: arguments)
        switch ResultType(of: result) {
        case .task:
            let created = try TaskWireExtension.decodeTask(result)
            await state.remember(created.task.taskId)
            return .task(created.task)
        case .complete:
            return .result(TaskWireExtension.stripResultType(result))
        case let other:
            throw MCPError.protocolViolation("the server answered tools/call with resultType '\(other.wire.prefix(40))', which mcptask does not know")
        }
    }

    /// `tasks/get`: the task, with the result or error inline once it ended, and any `inputRequests`
    /// (answered by ``answerInput(for:)``, not here, so a plain look at a task never prompts).
    public func getTask(_ taskId: String) async throws -> TaskSnapshot {
        try requireExtension("get task \(taskId)")
        let answer = try await client.request(TaskWireExtension.get, params: TaskWireExtension.idParams(taskId))
        let decoded = try TaskWireExtension.decodeTask(answer)
        await state.remember(taskId)
        return decoded.snapshot
    }

    /// There is no `tasks/result` in this generation: the payload is inline in ``getTask(_:)``.
    public func awaitPayload(_ taskId: String) async throws -> TaskPayload {
        throw MCPError.unsupported("MCP \(StatelessClient.protocolVersion) has no tasks/result; the result of task \(taskId) comes with tasks/get")
    }

    /// There is no `tasks/list` in the extension (a server cannot leak other callers' tasks): mcptask lists
    /// the tasks it recorded itself.
    public func listTasks(cursor: String?) async throws -> TaskPage {
        throw MCPError.unsupported("\(serverName) speaks MCP \(StatelessClient.protocolVersion), which has no tasks/list; only tasks recorded by mcptask can be listed")
    }

    /// `tasks/cancel` only acknowledges (ext-tasks "Task Cancellation"); the task's new state is not reported,
    /// so this returns nil. Cancellation is cooperative and eventually consistent.
    public func cancelTask(_ taskId: String) async throws -> MCPTask? {
        try requireExtension("cancel task \(taskId)")
        let answer = try await client.request(TaskWireExtension.cancel, params: TaskWireExtension.idParams(taskId))
        await state.forgetAnswers(taskId)
        // A server that does report the task (as 2025-11-25 did) is welcome.
        return try? TaskWireExtension.decodeTask(answer).task
    }

    /// Answers the snapshot's `inputRequests` whose keys were not answered before (ext-tasks "Task Update
    /// Requests": each key is unique over the task's life, so a key seen again in a later poll is the same
    /// request), through the client's ``InputHandler``, and sends them in one `tasks/update`. Keys are claimed
    /// before the prompts, so two waits in one process never ask twice.
    public func answerInput(for snapshot: TaskSnapshot) async throws {
        let taskId = snapshot.task.taskId
        let fresh = await state.claim(taskId, snapshot.inputRequests)
        guard !fresh.isEmpty else { return }
        do {
            let responses = try await InputRequest.answer(fresh, relatedTaskId: taskId, with: client.inputHandler)
            _ = try await client.request(TaskWireExtension.update,
                                         params: TaskWireExtension.updateParams(taskId, inputResponses: responses))
        } catch {
            await state.release(taskId, fresh.map(\.key))
            throw error
        }
    }

    /// `notifications/tasks` for the tasks this driver has seen (created, read or cancelled), through one
    /// `subscriptions/listen` (ext-tasks "Task Status Notifications"). A server without it (-32601, or any
    /// error) gives an empty stream: polling alone then drives the wait, which the spec allows.
    public func statusUpdates() async -> AsyncStream<MCPTask> {
        let ids = await state.knownTaskIds
        let refused = await state.listenUnsupported
        guard listensForNotifications, !ids.isEmpty, !refused else {
            return AsyncStream { $0.finish() }
        }
        let session = client.session
        let notes = await session.notifications()
        let client = self.client
        let state = self.state
        return AsyncStream { continuation in
            let listen = Task {
                do {
                    _ = try await client.request(TaskWireExtension.subscriptionsListen,
                                                 params: ["notifications": ["taskIds": .array(ids.map { .string($0) })]])
                } catch {
                    if !(error is CancellationError) { await state.markListenUnsupported() }
                }
                // The subscription ended (refused, or closed by the server): polling goes on alone.
                continuation.finish()
            }
            let pump = Task {
                for await note in notes where note.method == TaskWireExtension.statusNotification {
                    if let params = note.params, let task = try? TaskWireExtension.decodeTask(params).task {
                        continuation.yield(task)
                    }
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in
                listen.cancel()
                pump.cancel()
            }
        }
    }
}

/// What one driver remembers: the tasks it has seen (for `subscriptions/listen`) and the input keys already
/// answered per task (so each request is shown once however often `tasks/get` repeats it).
actor ExtensionDriverState {
    private(set) var knownTaskIds: [String] = []
    private var answered: [String: Set<String>] = [:]
    private(set) var listenUnsupported = false

    func remember(_ taskId: String) {
        if !knownTaskIds.contains(taskId) { knownTaskIds.append(taskId) }
    }

    /// The requests not answered (or being answered) yet; marks them as taken.
    func claim(_ taskId: String, _ requests: [InputRequest]) -> [InputRequest] {
        var done = answered[taskId] ?? []
        var fresh: [InputRequest] = []
        for request in requests where !done.contains(request.key) {
            done.insert(request.key)
            fresh.append(request)
        }
        answered[taskId] = done
        return fresh
    }

    /// Gives keys back after their answer could not be delivered.
    func release(_ taskId: String, _ keys: [String]) {
        answered[taskId]?.subtract(keys)
    }

    /// After a cancel the keys no longer matter (ext-tasks "Task Cancellation").
    func forgetAnswers(_ taskId: String) {
        answered[taskId] = nil
    }

    func markListenUnsupported() { listenUnsupported = true }
}
