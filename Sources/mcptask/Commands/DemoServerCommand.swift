import ArgumentParser
import Foundation
import MCPTaskServer
import MCPTaskTerminal

struct DemoServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo-server",
        abstract: "Run mcptask's built-in demo MCP task server (stdio by default, or Streamable HTTP).",
        discussion: """
        A real MCP 2025-11-25 server with task support and a handful of demo tools (deploy, countdown, \
        confirm_delete, flaky_job, lint, watch_forever, generate_report, echo, sleep). It is what --demo \
        starts, the fast peer of the tests, and the target of the benchmarks.

        EXAMPLES
          mcptask demo-server --http 127.0.0.1:8000
          mcptask tools --url http://127.0.0.1:8000/mcp
          mcptask --demo call countdown seconds=3
        """)

    @Option(name: .long, help: ArgumentHelp("Serve Streamable HTTP on HOST:PORT (port 0 picks a free one) at /mcp.", valueName: "host:port"))
    var http: String?

    @Option(name: .customLong("poll-interval"), help: ArgumentHelp("pollInterval suggested to clients, in ms.", valueName: "ms"))
    var pollInterval: Int = 500

    @Option(name: .customLong("page-size"), help: ArgumentHelp("Tasks per tasks/list page.", valueName: "n"))
    var pageSize: Int = 50

    @Option(name: .customLong("max-ttl"), help: ArgumentHelp("Longest ttl granted, in ms (default 1 hour).", valueName: "ms"))
    var maxTTL: Int = 3_600_000

    @Flag(name: .customLong("shared-tasks"), help: "Let every HTTP session see every task (default: tasks belong to the session that created them).")
    var sharedTasks = false

    func validate() throws {
        if pollInterval < 0 { throw ValidationError("--poll-interval must be >= 0") }
        if pageSize < 1 { throw ValidationError("--page-size must be >= 1") }
        if maxTTL < 1 { throw ValidationError("--max-ttl must be >= 1") }
        if let http, DemoServerCommand.parseHostPort(http) == nil {
            throw ValidationError("--http takes HOST:PORT, e.g. 127.0.0.1:8000")
        }
    }

    static func parseHostPort(_ text: String) -> (host: String, port: Int)? {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
              (0...65535).contains(port) else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return (host.isEmpty ? "127.0.0.1" : host, port)
    }

    func run() async throws {
        let options = DemoServerOptions(pollIntervalMs: pollInterval, pageSize: pageSize, maxTTLms: maxTTL,
                                        sharedTasks: sharedTasks)
        if let http, let (host, port) = DemoServerCommand.parseHostPort(http) {
            try await DemoServer.runHTTP(host: host, port: port, options: options) { url in
                // One line on stdout, so scripts and tests know where to connect.
                Console.shared.out("LISTENING \(url)\n")
            }
        } else {
            try await DemoServer.runStdio(options: options)
        }
    }
}
