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

/// mcptask's built-in demo MCP task server. (Being implemented.)
public enum DemoServer {
    /// Serves one client over stdin/stdout until stdin ends.
    public static func runStdio(options: DemoServerOptions) async throws {
        throw MCPError.unsupported("the demo server is not implemented yet")
    }

    /// Serves Streamable HTTP at http://HOST:PORT/mcp until the process is stopped; calls `onListening` with
    /// the endpoint URL once the socket is bound.
    public static func runHTTP(host: String, port: Int, options: DemoServerOptions,
                               onListening: @escaping @Sendable (String) -> Void) async throws {
        throw MCPError.unsupported("the demo server is not implemented yet")
    }
}
