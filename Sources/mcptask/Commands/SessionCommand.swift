import ArgumentParser
import Foundation
import MCPTaskCore
import MCPTaskTerminal

struct SessionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "session",
        abstract: "Manage the HTTP sessions mcptask remembers between commands.",
        subcommands: [SessionCloseCommand.self])
}

struct SessionCloseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "close",
        abstract: "End the remembered session with a server (DELETE) and forget it.",
        usage: "mcptask session close (--url <url> [-H <header> ...] | -s <name>)",
        discussion: """
        mcptask keeps an HTTP server's session between commands so that tasks bound to it stay reachable, and \
        never ends a session on its own. This ends it: the server may then drop the session's tasks, which \
        the local registry marks unreachable.

        EXAMPLES
          mcptask session close -s prod
          mcptask session close --url http://127.0.0.1:8000/mcp
        """)

    @OptionGroup var common: CommonOptions
    @OptionGroup var server: ServerOptions

    func run() async throws {
        let console = Console.shared
        let verbose = common.verbose
        try await runReportingErrors {
            let resolved = try ResolvedServer.resolve(server)
            guard case .http(let url, let headers) = resolved.target else {
                throw UsageError("only HTTP servers have sessions; a stdio server's session ends with each command")
            }
            guard let state = LocalState.open(console: console, verbose: true) else { return .connection }
            let key = resolved.serverKey
            guard let saved = try await state.run({ try $0.sessions.load(serverKey: key) }), let sid = saved.sessionId else {
                console.err("mcptask: no remembered session for \(resolved.label)")
                return .success
            }
            let live = try await state.run { try $0.registry.entries(serverKey: key) }
                .filter { $0.sessionId == sid && !$0.status.isTerminal && !$0.unreachable }
            let transport = StreamableHTTPTransport(.init(url: url, headers: headers, sessionID: sid, terminateSessionOnClose: true))
            _ = try await transport.connect()
            await transport.close()  // sends DELETE
            await state.attempt("forget the session", console: console, verbose: verbose) { state in
                try state.sessions.forget(serverKey: key)
                _ = try state.registry.markUnreachable(serverKey: key, sessionId: sid, at: Date())
            }
            console.err("mcptask: closed session \(sid) of \(resolved.label)"
                        + (live.isEmpty ? "" : "; \(live.count) task\(live.count == 1 ? "" : "s") that may still have been running \(live.count == 1 ? "is" : "are") now unreachable"))
            return .success
        }
    }
}
