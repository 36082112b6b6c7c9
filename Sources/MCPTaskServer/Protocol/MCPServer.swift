import MCPTaskCore

/// A transport-independent MCP server with tools and 2025-11-25 tasks: it answers `initialize`, `ping`,
/// `tools/list`, `tools/call` (plain or task-augmented), `tasks/get`, `tasks/result`, `tasks/list` and
/// `tasks/cancel`, routes the client's answers to server-initiated requests, and sends
/// `notifications/tasks/status`.
///
/// Transports (stdio, Streamable HTTP, tests) decode bytes with ``decode(_:)``, open a ``ServerSession`` per
/// client and hand every message to ``receive(_:session:sink:)`` with the sink that carries that message's
/// answer.
public final class MCPServer: Sendable {
    /// Who the server is and its task policy.
    public struct Configuration: Sendable {
        public var name: String
        public var title: String?
        public var version: String
        public var instructions: String?
        public var policy: TaskTable.Policy
        /// How often expired tasks are swept away.
        public var sweepInterval: Duration

        public init(name: String, title: String? = nil, version: String, instructions: String? = nil,
                    policy: TaskTable.Policy, sweepInterval: Duration = .seconds(1)) {
            self.name = name
            self.title = title
            self.version = version
            self.instructions = instructions
            self.policy = policy
            self.sweepInterval = sweepInterval
        }
    }

    public let configuration: Configuration
    public let tools: [ServerTool]
    private let toolIndex: [String: ServerTool]
    /// The tasks of every session.
    public let store: TaskStore
    private let router: StatusRouter
    private let direct = PendingClientRequests()

    /// - Parameters:
    ///   - configuration: identity and task policy.
    ///   - tools: the tools offered, in `tools/list` order (the first of duplicate names wins).
    ///   - clock: the time of the task store (tests pass a manual one).
    ///   - makeTaskID: task ids; random UUIDs when nil.
    public init(configuration: Configuration, tools: [ServerTool], clock: TaskClock = .system,
                makeTaskID: (@Sendable () -> String)? = nil) {
        self.configuration = configuration
        self.tools = tools
        var index: [String: ServerTool] = [:]
        for tool in tools where index[tool.name] == nil { index[tool.name] = tool }
        self.toolIndex = index
        let router = StatusRouter()
        self.router = router
        if let makeTaskID {
            self.store = TaskStore(policy: configuration.policy, clock: clock, makeID: makeTaskID,
                                   onChange: { router.route($0) })
        } else {
            self.store = TaskStore(policy: configuration.policy, clock: clock, onChange: { router.route($0) })
        }
    }

    // MARK: Sessions

    /// Starts a session; `unsolicited` receives messages unrelated to any open request.
    public func openSession(id: String, unsolicited: (any MessageSink)? = nil) -> ServerSession {
        let session = ServerSession(id: id, unsolicited: unsolicited)
        router.register(session)
        return session
    }

    /// Ends a session: its requests are cancelled and, with `cancelTasks`, its live tasks too (nobody else
    /// could ever reach them when tasks are bound to sessions).
    public func closeSession(_ session: ServerSession, cancelTasks: Bool) async {
        router.unregister(session)
        session.close()
        if cancelTasks { await store.cancelAll(owner: session.id) }
    }

    /// Sweeps expired tasks every ``Configuration/sweepInterval`` until cancelled.
    public func runSweeper() async {
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: configuration.sweepInterval)
            } catch {
                return
            }
            await store.sweep()
        }
    }

    // MARK: Decoding

    /// What a transport got from the client: a message to handle, or the error response to send back.
    public enum Decoded: Sendable, Equatable {
        case message(JSONRPCMessage)
        case invalid(JSONRPCMessage)
    }

    /// Parses one framed message: -32700 (id null) for invalid JSON, -32600 for JSON that is not a JSON-RPC
    /// message (with the id when one can be read).
    public static func decode(_ bytes: [UInt8]) -> Decoded {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            return .invalid(.errorResponse(id: nil, error: RPCError(code: RPCError.parseError, message: "Parse error: \(error)")))
        }
        return decode(value)
    }

    /// Classifies a parsed JSON value (see ``decode(_:)-(_:[UInt8])``).
    public static func decode(_ value: JSONValue) -> Decoded {
        if value.arrayValue != nil {
            return .invalid(.errorResponse(id: nil, error: RPCError(code: RPCError.invalidRequest,
                                                                   message: "Invalid Request: JSON-RPC batches are not supported")))
        }
        do {
            return .message(try JSONRPCMessage(json: value))
        } catch {
            let id: RequestID? = switch value["id"] {
            case .string(let s)?: .string(s)
            case .number(let n)?: n.intValue.map { .int($0) }
            default: nil
            }
            return .invalid(.errorResponse(id: id, error: RPCError(code: RPCError.invalidRequest,
                                                                  message: "Invalid Request: \(error.message)")))
        }
    }

    // MARK: Messages

    /// Handles one message from the client. Returns the answer to a request — nil for notifications, for
    /// responses, and for a request cancelled with `notifications/cancelled` (which gets no answer).
    ///
    /// Messages sent before the answer (queued requests of `tasks/result`, status notifications, requests of a
    /// plain tool call) go to `sink`.
    public func receive(_ message: JSONRPCMessage, session: ServerSession, sink: any MessageSink) async -> JSONRPCMessage? {
        switch message {
        case .request(let id, let method, let params):
            return await handleRequest(id: id, method: method, params: params, session: session, sink: sink)
        case .notification(let method, let params):
            handleNotification(method: method, params: params, session: session)
            return nil
        case .response(let id, let result):
            await routeAnswer(id, .success(result), session: session)
            return nil
        case .errorResponse(let id, let error):
            if let id { await routeAnswer(id, .failure(error), session: session) }
            return nil
        }
    }

    private func routeAnswer(_ id: RequestID, _ outcome: Result<JSONValue, RPCError>, session: ServerSession) async {
        if await store.answer(id, with: outcome, from: session.id) { return }
        _ = await direct.answer(id, with: outcome, from: session.id)
    }

    private func handleNotification(method: String, params: JSONValue?, session: ServerSession) {
        switch method {
        case "notifications/initialized":
            session.markInitialized()
        case "notifications/cancelled":
            let id: RequestID? = switch params?["requestId"] {
            case .string(let s)?: .string(s)
            case .number(let n)?: n.intValue.map { .int($0) }
            default: nil
            }
            if let id { session.cancelRequest(id) }
        default:
            break  // other notifications need nothing from us
        }
    }

    /// Answers one request.
    public func handleRequest(id: RequestID, method: String, params: JSONValue?, session: ServerSession,
                              sink: any MessageSink) async -> JSONRPCMessage? {
        do {
            let result = try await dispatch(method: method, params: params, session: session, sink: sink)
            if Task.isCancelled { return nil }
            return .response(id: id, result: result)
        } catch let error as RPCError {
            if Task.isCancelled { return nil }
            return .errorResponse(id: id, error: error)
        } catch is CancellationError {
            return nil
        } catch {
            return .errorResponse(id: id, error: RPCError(code: RPCError.internalError, message: "Internal error: \(error)"))
        }
    }

    private func dispatch(method: String, params: JSONValue?, session: ServerSession,
                          sink: any MessageSink) async throws -> JSONValue {
        if let params, params.objectValue == nil {
            throw RPCError(code: RPCError.invalidParams, message: "params of \(method) must be an object")
        }
        let p = params?.objectValue ?? [:]
        switch method {
        case "initialize":
            return initialize(p, session: session)
        case "ping":
            return .object([:])
        case "tools/list":
            if let cursor = p["cursor"], !cursor.isNull {
                throw RPCError(code: RPCError.invalidParams, message: "Invalid cursor for tools/list: every tool is on the first page")
            }
            return ["tools": .array(tools.map { $0.listing(tasksEnabled: session.tasksEnabled) })]
        case "tools/call":
            return try await callTool(p, session: session, sink: sink)
        case TaskWire20251125.get, TaskWire20251125.result, TaskWire20251125.list, TaskWire20251125.cancel:
            guard session.tasksEnabled else {
                throw RPCError(code: RPCError.methodNotFound,
                               message: "Method not found: \(method) (tasks need protocol version \(ProtocolVersions.latest))")
            }
            switch method {
            case TaskWire20251125.get:
                return try await store.get(try taskID(p, method), owner: session.id).json
            case TaskWire20251125.result:
                return try await taskResult(try taskID(p, method), session: session, sink: sink)
            case TaskWire20251125.list:
                let cursor: String?
                switch p["cursor"] {
                case nil, .null?: cursor = nil
                case .string(let c)?: cursor = c
                default: throw RPCError(code: RPCError.invalidParams, message: "Invalid cursor for tasks/list: not a string")
                }
                return try await store.list(cursor: cursor, owner: session.id).json
            default:
                return try await store.cancel(try taskID(p, method), owner: session.id).json
            }
        default:
            throw RPCError(code: RPCError.methodNotFound, message: "Method not found: \(method)")
        }
    }

    private func taskID(_ params: JSONObject, _ method: String) throws(RPCError) -> String {
        guard let id = params["taskId"]?.stringValue else {
            throw RPCError(code: RPCError.invalidParams, message: "\(method) needs params.taskId (a string)")
        }
        return id
    }

    // MARK: initialize

    private func initialize(_ params: JSONObject, session: ServerSession) -> JSONValue {
        let version = ProtocolVersions.negotiate(params["protocolVersion"]?.stringValue)
        session.recordInitialize(version: version, capabilities: params["capabilities"] ?? .object([:]),
                                 clientInfo: params["clientInfo"])
        var capabilities: JSONObject = ["tools": .object([:])]
        if ProtocolVersions.hasTasks(version) {
            capabilities["tasks"] = ["list": .object([:]), "cancel": .object([:]),
                                     "requests": ["tools": ["call": .object([:])]]]
        }
        var info: JSONObject = ["name": .string(configuration.name)]
        if let title = configuration.title { info["title"] = .string(title) }
        info["version"] = .string(configuration.version)
        var result: JSONObject = ["protocolVersion": .string(version), "capabilities": .object(capabilities),
                                  "serverInfo": .object(info)]
        if let instructions = configuration.instructions { result["instructions"] = .string(instructions) }
        return .object(result)
    }

    // MARK: tools/call

    private func callTool(_ params: JSONObject, session: ServerSession, sink: any MessageSink) async throws -> JSONValue {
        guard let name = params["name"]?.stringValue else {
            throw RPCError(code: RPCError.invalidParams, message: "tools/call needs params.name (a string)")
        }
        guard let tool = toolIndex[name] else {
            throw RPCError(code: RPCError.invalidParams, message: "Unknown tool: \(name)")
        }
        let arguments: JSONObject
        switch params["arguments"] {
        case nil, .null?: arguments = [:]
        case .object(let o)?: arguments = o
        default: throw RPCError(code: RPCError.invalidParams, message: "params.arguments of tools/call must be an object")
        }
        // Sessions without the tasks capability ignore task metadata (spec "Task Support and Handling").
        let taskParam = session.tasksEnabled ? params["task"].flatMap { $0.isNull ? nil : $0 } : nil
        var requestedTTL: Int?
        if let taskParam {
            guard let task = taskParam.objectValue else {
                throw RPCError(code: RPCError.invalidParams, message: "params.task of tools/call must be an object")
            }
            if tool.taskSupport == .forbidden {
                throw RPCError(code: RPCError.methodNotFound,
                               message: "Tool '\(name)' cannot run as a task (its execution.taskSupport is \"forbidden\"); call it without params.task")
            }
            switch task["ttl"] {
            case nil, .null?: requestedTTL = nil
            case .number(let n)? where (n.intValue ?? -1) >= 0: requestedTTL = n.intValue
            default: throw RPCError(code: RPCError.invalidParams, message: "params.task.ttl must be a non-negative integer (milliseconds)")
            }
        } else if tool.taskSupport == .required && session.tasksEnabled {
            throw RPCError(code: RPCError.methodNotFound,
                           message: "Tool '\(name)' must be called as a task (its execution.taskSupport is \"required\"); add params.task")
        }
        let validated = try InputValidator.validate(arguments, schema: tool.inputSchema, tool: name)
        let capabilities = session.clientCapabilities

        if taskParam != nil {
            let record = await store.create(owner: session.id, requestedTTL: requestedTTL) { handle in
                let context = ToolContext(
                    taskId: handle.taskId, clientCapabilities: capabilities,
                    sendRequest: { method, params, status in try await handle.request(method, params: params, statusMessage: status) },
                    reportStatus: { await handle.setStatusMessage($0) })
                switch await Self.run(tool, validated, context) {
                case .success(let result): return .result(result)
                case .failure(let error as RPCError): return .error(error)
                case .failure: return .error(TaskTable.cancelledError)
                }
            }
            return ["task": record.json,
                    "_meta": ["io.modelcontextprotocol/model-immediate-response":
                                .string("Started \(name) as task \(record.taskId); its result will be available when it finishes.")]]
        }

        sink.beginStreaming()
        let direct = self.direct
        let owner = session.id
        let context = ToolContext(
            taskId: nil, clientCapabilities: capabilities,
            sendRequest: { method, params, _ in try await direct.request(method, params: params, owner: owner, sink: sink) },
            reportStatus: { _ in })
        switch await Self.run(tool, validated, context) {
        case .success(let result): return result
        case .failure(let error): throw error
        }
    }

    /// Runs a tool; the failure is an ``RPCError`` or a `CancellationError`.
    private static func run(_ tool: ServerTool, _ arguments: JSONObject, _ context: ToolContext) async -> Result<JSONValue, any Error> {
        do {
            return .success(try await tool.run(arguments, context))
        } catch let error as RPCError {
            return .failure(error)
        } catch is CancellationError {
            return .failure(CancellationError())
        } catch {
            if Task.isCancelled { return .failure(CancellationError()) }
            return .failure(RPCError(code: RPCError.internalError, message: "\(tool.name) failed: \(error)"))
        }
    }

    // MARK: tasks/result

    private func taskResult(_ taskId: String, session: ServerSession, sink: any MessageSink) async throws -> JSONValue {
        let current = try await store.get(taskId, owner: session.id)
        if current.payload == nil { sink.beginStreaming() }
        let store = self.store
        let consumer = await store.makeConsumer(owner: session.id) { sink.canSendRequests && sink.isConnected }
        router.addResultSink(task: taskId, consumer: consumer.id, sink: sink)
        sink.setConnectivityHandler { _ in
            Task { await store.connectivityChanged(consumer.id) }
        }
        let outcome: Result<TaskPayload, any Error>
        do {
            outcome = .success(try await deliver(taskId, consumer: consumer, sink: sink))
        } catch {
            outcome = .failure(error)
        }
        sink.setConnectivityHandler(nil)
        router.removeResultSink(task: taskId, consumer: consumer.id)
        await store.endConsumer(consumer)
        switch try outcome.get() {
        case .result(let result):
            guard var object = result.objectValue else { return result }
            var meta = object["_meta"]?.objectValue ?? [:]
            meta[TaskWire20251125.relatedTaskKey] = ["taskId": .string(taskId)]
            object["_meta"] = .object(meta)
            return .object(object)
        case .error(let error):
            throw error
        }
    }

    private func deliver(_ taskId: String, consumer: ResultConsumer, sink: any MessageSink) async throws -> TaskPayload {
        while true {
            switch try await store.nextDelivery(taskId: taskId, consumer: consumer) {
            case .request(let message):
                sink.send(message)
            case .finished(_, let payload):
                return payload
            }
        }
    }
}
