import MCPTaskCore

/// Settings of the demo server (`mcptask demo-server` flags).
public struct DemoServerOptions: Sendable {
    /// pollInterval put on every task, in milliseconds.
    public var pollIntervalMs: Int
    /// Tasks per `tasks/list` page.
    public var pageSize: Int
    /// The longest ttl granted, in milliseconds; also the ttl of tasks created without one.
    public var maxTTLms: Int
    /// Whether every HTTP session sees every task (otherwise tasks belong to the session that created them).
    public var sharedTasks: Bool

    public init(pollIntervalMs: Int = 500, pageSize: Int = 50, maxTTLms: Int = 3_600_000, sharedTasks: Bool = false) {
        self.pollIntervalMs = pollIntervalMs
        self.pageSize = pageSize
        self.maxTTLms = maxTTLms
        self.sharedTasks = sharedTasks
    }
}

/// mcptask's built-in demo MCP task server: a real MCP 2025-11-25 server (``MCPServer``) with task support and
/// the ``DemoTools``, over stdio or Streamable HTTP.
public enum DemoServer {
    /// The version reported in `serverInfo`.
    public static let version = "0.1.0"

    static let instructions = """
    A demo of MCP tasks. Every tool shows one side of them: deploy and confirm_delete ask you questions \
    (elicitation) while they run; countdown and watch_forever report their progress in the task status; \
    flaky_job fails; lint ends with a tool error; generate_report returns a large result; echo is a plain \
    call; sleep is for benchmarks.
    """

    /// The protocol engine with the demo tools and the task policy of `options`.
    public static func makeServer(options: DemoServerOptions, clock: TaskClock = .system) -> MCPServer {
        let policy = TaskTable.Policy(maxTTL: options.maxTTLms, pollInterval: options.pollIntervalMs,
                                      pageSize: options.pageSize, sharedTasks: options.sharedTasks)
        let sweep = Duration.milliseconds(min(1000, max(50, options.maxTTLms / 4)))
        return MCPServer(configuration: .init(name: "mcptask-demo", title: "mcptask demo server", version: version,
                                              instructions: instructions, policy: policy, sweepInterval: sweep),
                         tools: DemoTools.all, clock: clock)
    }

    /// Serves one client over stdin/stdout until stdin ends; running work is cancelled then.
    public static func runStdio(options: DemoServerOptions) async throws {
        await StdioServer.run(server: makeServer(options: options))
    }

    /// Serves Streamable HTTP at http://HOST:PORT/mcp until the process is stopped; calls `onListening` with
    /// the endpoint URL once the socket is bound (port 0 picks a free port).
    public static func runHTTP(host: String, port: Int, options: DemoServerOptions,
                               onListening: @escaping @Sendable (String) -> Void) async throws {
        let server = makeServer(options: options)
        let endpoint = MCPHTTPEndpoint(server: server, sharedTasks: options.sharedTasks)
        let sweeper = Task { await server.runSweeper() }
        defer { sweeper.cancel() }
        try await HTTPServer.run(host: host, port: port, endpoint: endpoint, onListening: onListening)
    }
}
