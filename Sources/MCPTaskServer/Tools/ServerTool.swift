import MCPTaskCore

/// A tool a server offers (spec `server/tools`): its listing and the code that runs it.
///
/// `run` returns a `CallToolResult` object. Throwing an ``RPCError`` makes the call fail with that JSON-RPC
/// error (a `failed` task); any other error becomes -32603. Tool-level failures the model should see belong in
/// the result with `isError: true` instead.
public struct ServerTool: Sendable {
    public var name: String
    public var title: String?
    public var description: String
    /// A JSON Schema object; arguments are checked against it (see ``InputValidator``) before anything runs.
    public var inputSchema: JSONValue
    public var outputSchema: JSONValue?
    public var taskSupport: TaskSupport
    public var annotations: JSONValue?
    public var run: @Sendable (_ arguments: JSONObject, _ context: ToolContext) async throws -> JSONValue

    public init(name: String, title: String? = nil, description: String, inputSchema: JSONValue,
                outputSchema: JSONValue? = nil, taskSupport: TaskSupport, annotations: JSONValue? = nil,
                run: @escaping @Sendable (_ arguments: JSONObject, _ context: ToolContext) async throws -> JSONValue) {
        self.name = name
        self.title = title
        self.description = description
        self.inputSchema = inputSchema
        self.outputSchema = outputSchema
        self.taskSupport = taskSupport
        self.annotations = annotations
        self.run = run
    }

    /// The `Tool` object of `tools/list`. `execution` is left out for sessions without tasks.
    public func listing(tasksEnabled: Bool) -> JSONValue {
        var o: JSONObject = ["name": .string(name)]
        if let title { o["title"] = .string(title) }
        o["description"] = .string(description)
        o["inputSchema"] = inputSchema
        if let outputSchema { o["outputSchema"] = outputSchema }
        if let annotations { o["annotations"] = annotations }
        if tasksEnabled { o["execution"] = ["taskSupport": .string(taskSupport.rawValue)] }
        return .object(o)
    }
}

extension ServerTool {
    /// A `CallToolResult` with one text block.
    public static func textResult(_ text: String, isError: Bool = false, structured: JSONValue? = nil) -> JSONValue {
        var o: JSONObject = ["content": [["type": "text", "text": .string(text)]]]
        if let structured { o["structuredContent"] = structured }
        if isError { o["isError"] = true }
        return .object(o)
    }
}

/// What a running tool can do besides computing its result: report progress and ask the client.
///
/// For a task, progress is the task's `statusMessage` and requests are queued for `tasks/result`; for a plain
/// call, progress is dropped and requests go out on the call's own stream.
public struct ToolContext: Sendable {
    /// The task the call runs as, or nil for a plain call.
    public let taskId: String?
    /// The client's `capabilities` from `initialize`.
    public let clientCapabilities: JSONValue
    private let sendRequest: @Sendable (_ method: String, _ params: JSONObject, _ statusMessage: String?) async throws -> JSONValue
    private let reportStatus: @Sendable (String?) async -> Void

    /// A context whose requests go through `sendRequest` and whose status reports go to `reportStatus`.
    public init(taskId: String?, clientCapabilities: JSONValue,
                sendRequest: @escaping @Sendable (_ method: String, _ params: JSONObject, _ statusMessage: String?) async throws -> JSONValue,
                reportStatus: @escaping @Sendable (String?) async -> Void) {
        self.taskId = taskId
        self.clientCapabilities = clientCapabilities
        self.sendRequest = sendRequest
        self.reportStatus = reportStatus
    }

    /// Sets the status message (tasks only).
    public func setStatus(_ message: String?) async {
        await reportStatus(message)
    }

    /// Sends a request to the client and waits for its result.
    public func request(_ method: String, params: JSONObject, statusMessage: String? = nil) async throws -> JSONValue {
        try await sendRequest(method, params, statusMessage)
    }
}
