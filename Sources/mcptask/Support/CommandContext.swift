import ArgumentParser
import Foundation
import MCPTaskCore
import MCPTaskTerminal

/// Everything a command needs, built once from the parsed options: the console, how to reach the server,
/// and the connected client with its task driver.
struct CommandContext: Sendable {
    let server: ServerOptions
    let common: CommonOptions
    let console: Console
    /// How elicitations are answered; commands without answer options decline them.
    let elicitation: ElicitationPolicy
    let openURLs: Bool

    init(server: ServerOptions, common: CommonOptions, console: Console = .shared,
         elicitation: ElicitationPolicy = ElicitationPolicy(declineAll: true, canPrompt: false), openURLs: Bool = false) {
        self.server = server
        self.common = common
        self.console = console
        self.elicitation = elicitation
        self.openURLs = openURLs
    }

    /// A connected session: the client, its task driver, and the transport (to keep an HTTP session alive).
    struct Connection: Sendable {
        let client: MCPClient
        let driver: any TaskProtocolDriver
        let http: StreamableHTTPTransport?

        /// Keeps the server-side session after we exit (a task lives on in it).
        func keepSessionAlive() { http?.setTerminateSessionOnClose(false) }
    }

    func makeTransport() -> (any MCPTransport, StreamableHTTPTransport?) {
        let maxBytes = common.maxMessageMiB << 20
        if let url = server.url {
            let headers = server.headers.compactMap(server.parsedHeader)
            let http = StreamableHTTPTransport(.init(url: url, headers: headers, maxMessageBytes: maxBytes))
            return (http, http)
        }
        let console = self.console
        let verbose = common.verbose
        let command = server.serverCommand
        var sink: (@Sendable (String) -> Void)?
        if verbose {
            sink = { line in console.err("server: " + TerminalSanitizer.sanitize(line, singleLine: true)) }
        }
        let stdio = StdioTransport(StdioTransport.Configuration(
            command: command[0], arguments: Array(command.dropFirst()), maxMessageBytes: maxBytes, stderrLine: sink))
        return (stdio, nil)
    }

    /// Connects, runs `body`, and closes the connection, all within `--timeout` and interruptible by Ctrl-C.
    /// `onStop` runs while the connection is still open when the wait ends early (timeout or interrupt), so a
    /// command can cancel its task or print how to resume; it returns the exit status to use.
    func withConnection(
        _ body: @escaping @Sendable (Connection) async throws -> ExitStatus,
        onStop: @escaping @Sendable (Connection, StopReason) async -> ExitStatus = { _, reason in reason.defaultStatus }
    ) async throws -> ExitStatus {
        let (transport, http) = makeTransport()
        let clientInfo = ClientInfo(name: "mcptask", version: MCPTaskCommand.version)
        let handler = CLIRequestHandler(console: console, policy: elicitation, openURLs: openURLs)
        let client: MCPClient
        do {
            client = try await Interruptible.run(timeout: common.timeout) {
                try await MCPClient.connect(transport: transport, clientInfo: clientInfo,
                                            capabilities: CLIRequestHandler.clientCapabilities, handler: handler)
            }
        } catch let stop as StopReason {
            await transport.close()
            reportStop(stop, task: nil)
            return stop.defaultStatus
        }
        if common.verbose {
            let s = client.server
            console.err("mcptask: connected to \(TerminalSanitizer.sanitize(s.name, singleLine: true)) \(TerminalSanitizer.sanitize(s.version, singleLine: true)) (MCP \(s.protocolVersion))" + (http?.sessionID.map { ", session \($0)" } ?? ""))
        }
        handler.connected(to: client.server)
        let completions = Task { await handler.watchCompletions(client.session) }
        defer { completions.cancel() }
        let connection = Connection(client: client, driver: TaskDriver20251125(client: client), http: http)
        let status: ExitStatus
        do {
            status = try await Interruptible.run(timeout: common.timeout.map { max(0.001, $0) }) {
                try await body(connection)
            }
        } catch let stop as StopReason {
            status = await onStop(connection, stop)
        } catch {
            await client.close()
            throw error
        }
        await client.close()
        return status
    }

    func reportStop(_ stop: StopReason, task: String?) {
        switch stop {
        case .timedOut(let seconds):
            console.err("mcptask: timed out after \(DurationFormat.short(seconds))" + (task.map { "; task \($0) may still be running" } ?? ""))
        case .interrupted:
            console.err("mcptask: interrupted")
        }
    }
}

/// Why a command stopped before its work was done.
enum StopReason: Error, Sendable {
    case timedOut(Double)
    case interrupted

    var defaultStatus: ExitStatus {
        switch self {
        case .timedOut: return .timedOut
        case .interrupted: return .interrupted
        }
    }
}
