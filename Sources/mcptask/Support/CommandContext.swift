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

    /// A connected session: the client, its task driver, the resolved server and the local state.
    struct Connection: Sendable {
        /// The server, over whichever protocol generation it speaks.
        let client: ServerConnection
        let driver: any TaskProtocolDriver
        let http: StreamableHTTPTransport?
        let server: ResolvedServer
        let state: LocalState?
        let console: Console
        let verbose: Bool

        /// Keeps the server-side session after we exit (a task lives on in it).
        func keepSessionAlive() { http?.setTerminateSessionOnClose(false) }

        /// The HTTP session id in use, if any.
        var sessionID: String? { http?.sessionID }

        /// Records a task this command created.
        func record(_ task: MCPTask, tool: String, arguments: JSONObject) async {
            let entry = TaskRegistryEntry(serverKey: server.serverKey, serverLabel: server.label, sessionId: sessionID,
                                          task: task, toolName: tool, arguments: .object(arguments),
                                          generation: driver.generation.rawValue)
            await state?.attempt("record task \(task.taskId)", console: console, verbose: verbose) { state in
                try state.registry.record(entry)
            }
        }

        /// Tells the registry what a command learned about tasks (unknown tasks are ignored).
        func observe(_ tasks: [MCPTask]) async {
            guard !tasks.isEmpty else { return }
            let key = server.serverKey
            await state?.attempt("update the task registry", console: console, verbose: verbose) { state in
                _ = try state.registry.observe(serverKey: key, tasks: tasks, seenAt: Date())
            }
        }
    }

    private func httpConfiguration(url: String, headers: [(name: String, value: String)], sessionID: String?,
                                   terminateOnClose: Bool) -> StreamableHTTPTransport.Configuration {
        var configuration = StreamableHTTPTransport.Configuration(
            url: url, headers: headers, maxMessageBytes: common.maxMessageMiB << 20, sessionID: sessionID,
            terminateSessionOnClose: terminateOnClose)
        if common.verbose {
            let console = self.console
            configuration.trace = { line in console.err("http: " + line) }
        }
        return configuration
    }

    private func makeStdioTransport(command: [String], environment: [String: String], cwd: String?) -> StdioTransport {
        let console = self.console
        var sink: (@Sendable (String) -> Void)?
        if common.verbose {
            sink = { line in console.err("server: " + TerminalSanitizer.sanitize(line, singleLine: true)) }
        }
        return StdioTransport(StdioTransport.Configuration(
            command: command[0], arguments: Array(command.dropFirst()), environment: environment,
            workingDirectory: cwd, maxMessageBytes: common.maxMessageMiB << 20, stderrLine: sink))
    }

    private func makeTransport(_ resolved: ResolvedServer, sessionID: String?, terminateOnClose: Bool)
        -> (any MCPTransport, StreamableHTTPTransport?) {
        switch resolved.target {
        case .http(let url, let headers):
            let http = StreamableHTTPTransport(httpConfiguration(url: url, headers: headers, sessionID: sessionID,
                                                                 terminateOnClose: terminateOnClose))
            return (http, http)
        case .stdio(let command, let environment, let cwd):
            return (makeStdioTransport(command: command, environment: environment, cwd: cwd), nil)
        }
    }

    /// A transport for MCP 2026-07-28 (stateless: no session id, routing headers on HTTP).
    private func makeModernTransport(_ resolved: ResolvedServer) -> any MCPTransport {
        switch resolved.target {
        case .http(let url, let headers):
            return StreamableHTTPTransport(StatelessClient.httpConfiguration(
                httpConfiguration(url: url, headers: headers, sessionID: nil, terminateOnClose: false)))
        case .stdio(let command, let environment, let cwd):
            return makeStdioTransport(command: command, environment: environment, cwd: cwd)
        }
    }

    /// Connects with the protocol generation the server speaks: as `--protocol` says, or found out once per
    /// server (`server/discover` first, as the 2026-07-28 spec asks of clients in mixed deployments) and then
    /// remembered with the server's session data so later commands do not probe again.
    private func connect(_ resolved: ResolvedServer, state: LocalState?, handler: CLIRequestHandler) async throws
        -> (ServerConnection, StreamableHTTPTransport?) {
        let key = resolved.serverKey
        let saved: RememberedSession? = if let state { (try? await state.run { try $0.sessions.load(serverKey: key) }) ?? nil } else { nil }
        let preference = resolved.isDemo ? .v2025_11_25 : (ProtocolPreference(rawValue: common.protocolPreference) ?? .auto)
        let remembered = saved?.generation.flatMap(ProtocolGeneration.init(rawValue:))
        let box = TransportBox()
        let clientInfo = ClientInfo(name: "mcptask", version: MCPTaskCommand.version)
        let negotiator = ProtocolNegotiator(clientInfo: clientInfo, inputHandler: { await handler.answer($0) })
        let context = self
        let negotiated = try await negotiator.connect(
            preference: preference, remembered: remembered,
            modernTransport: { context.makeModernTransport(resolved) },
            legacy: { try await context.connectLegacy(resolved, state: state, saved: saved, handler: handler, box: box) })
        if common.verbose, let reason = negotiated.fallbackReason {
            console.err("mcptask: speaking MCP 2025-11-25 (\(TerminalSanitizer.sanitize(reason, singleLine: true)))")
        }
        if let state, negotiated.probed || remembered != negotiated.connection.generation {
            // Remember the generation; a 2025-11-25 HTTP session was already saved with its id.
            let description = negotiated.connection.server
            let record = RememberedSession(
                serverKey: key, sessionId: box.http?.sessionID, protocolVersion: description.protocolVersion,
                generation: negotiated.connection.generation.rawValue, capabilities: description.capabilities,
                serverName: description.name, serverVersion: description.version)
            await state.attempt("remember the server", console: console, verbose: common.verbose) { try $0.sessions.save(record) }
        }
        return (negotiated.connection, box.http)
    }

    /// Connects over MCP 2025-11-25: over HTTP, rejoins the session an earlier command remembered (so
    /// session-bound tasks stay reachable), or initialises a new one and remembers it.
    private func connectLegacy(_ resolved: ResolvedServer, state: LocalState?, saved: RememberedSession?,
                               handler: CLIRequestHandler, box: TransportBox) async throws -> MCPClient {
        let clientInfo = ClientInfo(name: "mcptask", version: MCPTaskCommand.version)
        let remember = resolved.isHTTP && state != nil
        if remember, let state, let saved, let sid = saved.sessionId,
           saved.generation == nil || saved.generation == ProtocolGeneration.v2025_11_25.rawValue {
            let (transport, http) = makeTransport(resolved, sessionID: sid, terminateOnClose: false)
            let description = ServerDescription(protocolVersion: saved.protocolVersion, name: saved.serverName ?? resolved.label,
                                                version: saved.serverVersion ?? "", capabilities: saved.capabilities,
                                                instructions: nil, raw: .null)
            do {
                let client = try await MCPClient.resume(transport: transport, server: description, handler: handler)
                if common.verbose { console.err("mcptask: reusing session \(sid) of \(resolved.label)") }
                box.http = http
                var updated = saved
                updated.lastUsed = Date()
                let touched = updated
                await state.attempt("remember the session", console: console, verbose: common.verbose) { try $0.sessions.save(touched) }
                return client
            } catch MCPError.sessionExpired {
                console.err("mcptask: the server no longer knows session \(sid); starting a new one (tasks of the old session may be unreachable)")
                let key = resolved.serverKey
                await state.attempt("mark old tasks unreachable", console: console, verbose: common.verbose) { state in
                    _ = try state.registry.markUnreachable(serverKey: key, sessionId: sid, at: Date())
                    try state.sessions.forget(serverKey: key)
                }
            }
        }
        // A remembered session is kept for later commands; without state the session ends with the command.
        let (transport, http) = makeTransport(resolved, sessionID: nil, terminateOnClose: !remember)
        let client = try await MCPClient.connect(transport: transport, clientInfo: clientInfo,
                                                 capabilities: CLIRequestHandler.clientCapabilities, handler: handler)
        box.http = http
        if remember, let state, let http {
            let s = client.server
            let record = RememberedSession(serverKey: resolved.serverKey, sessionId: http.sessionID,
                                           protocolVersion: s.protocolVersion, generation: ProtocolGeneration.v2025_11_25.rawValue,
                                           capabilities: s.capabilities, serverName: s.name, serverVersion: s.version)
            await state.attempt("remember the session", console: console, verbose: common.verbose) { try $0.sessions.save(record) }
        }
        return client
    }

    /// Opens a connection for a long-lived session (`mcptask shell`); the caller closes `connection.client`.
    /// `handler` answers the server's requests for the whole session.
    func openConnection(handler: CLIRequestHandler) async throws -> Connection {
        let resolved = try ResolvedServer.resolve(server)
        let state = LocalState.open(console: console, verbose: common.verbose)
        let (client, http) = try await connect(resolved, state: state, handler: handler)
        handler.connected(to: client.server)
        return Connection(client: client, driver: client.makeDriver(), http: http,
                          server: resolved, state: state, console: console, verbose: common.verbose)
    }

    /// Connects, runs `body`, and closes the connection, all within `--timeout` and interruptible by Ctrl-C.
    /// `onStop` runs while the connection is still open when the wait ends early (timeout or interrupt), so a
    /// command can cancel its task or print how to resume; it returns the exit status to use.
    func withConnection(
        _ body: @escaping @Sendable (Connection) async throws -> ExitStatus,
        onStop: @escaping @Sendable (Connection, StopReason) async -> ExitStatus = { _, reason in reason.defaultStatus }
    ) async throws -> ExitStatus {
        let resolved = try ResolvedServer.resolve(server)
        let state = LocalState.open(console: console, verbose: common.verbose)
        let handler = CLIRequestHandler(console: console, policy: elicitation, openURLs: openURLs)
        let client: ServerConnection
        let http: StreamableHTTPTransport?
        do {
            (client, http) = try await Interruptible.run(timeout: common.timeout) {
                try await connect(resolved, state: state, handler: handler)
            }
        } catch let stop as StopReason {
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
        let connection = Connection(client: client, driver: client.makeDriver(), http: http,
                                    server: resolved, state: state, console: console, verbose: common.verbose)
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

/// Carries the HTTP transport out of the legacy connect closure (it is nil for stdio and for 2026-07-28).
final class TransportBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value: StreamableHTTPTransport?
    var http: StreamableHTTPTransport? {
        get { lock.withLock { value } }
        set { lock.withLock { value = newValue } }
    }
}
