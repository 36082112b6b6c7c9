import ArgumentParser
import Foundation
import MCPTaskCore
import MCPTaskTerminal

/// One `mcptask shell` session: one connection for every command typed, a prompt that yields to the server's
/// questions, and the tasks started here followed in the background until they end or the shell does.
final class ShellSession: Sendable {
    let context: CommandContext
    let connection: CommandContext.Connection
    let terminal: ShellTerminal
    let tasks: ShellTasks
    let catalog: ShellCatalog

    var console: Console { context.console }

    private init(context: CommandContext, connection: CommandContext.Connection, terminal: ShellTerminal,
                 tasks: ShellTasks, catalog: ShellCatalog) {
        self.context = context
        self.connection = connection
        self.terminal = terminal
        self.tasks = tasks
        self.catalog = catalog
    }

    /// Connects, runs the prompt until `exit` or Ctrl-D, and closes the connection (a stdio server ends).
    static func run(context: CommandContext) async throws -> ExitStatus {
        let console = context.console
        let tasks = ShellTasks(console: console)
        let catalog = ShellCatalog()
        guard let terminal = ShellTerminal.open(console: console, verbose: context.common.verbose,
                                                completer: ShellCompleter(catalog: catalog, tasks: tasks)) else {
            throw UsageError("cannot start line editing (libedit) on this terminal")
        }
        let handler = CLIRequestHandler(console: console, policy: ShellTerminal.policy, prompter: terminal.prompter)
        let connection: CommandContext.Connection
        do {
            connection = try await ShellInterrupt.run(timeout: context.common.timeout) {
                try await context.openConnection(handler: handler)
            }
        } catch let stop as StopReason {
            context.reportStop(stop, task: nil)
            return stop.defaultStatus
        }
        let completions = Task { await handler.watchCompletions(connection.client.session) }
        let session = ShellSession(context: context, connection: connection, terminal: terminal, tasks: tasks,
                                   catalog: catalog)
        do {
            try await catalog.refreshTools(connection)
        } catch {
            console.err("mcptask: could not list the tools: \(ErrorPresenter.present(error).message)")
        }
        await catalog.refreshRegistry(connection)
        session.greet()
        terminal.attach()
        await session.loop()
        terminal.detach()
        session.farewell()
        tasks.stopAll()
        completions.cancel()
        await connection.client.close()
        return .success
    }

    private func greet() {
        let s = connection.client.server
        let name = TerminalSanitizer.sanitize(s.name, singleLine: true)
        let version = TerminalSanitizer.sanitize(s.version, singleLine: true)
        let transport = connection.server.isHTTP ? "HTTP" : "stdio"
        let count = catalog.tools.count
        console.err("mcptask shell: connected to \(name) \(version) (\(connection.server.label), \(transport)); \(count) tool\(count == 1 ? "" : "s")")
        if context.common.verbose, let sid = connection.sessionID { console.err("mcptask: session \(sid)") }
        console.err("Type help for the commands; Tab completes; Ctrl-D exits.")
    }

    private func farewell() {
        let running = tasks.runningCount
        guard running > 0, connection.server.isHTTP else { return }
        let tasks = running == 1 ? "1 task goes" : "\(running) tasks go"
        console.err("mcptask: \(tasks) on running on the server; see them with: mcptask list \(connection.server.resumeArguments)")
    }

    // MARK: - The prompt

    private func loop() async {
        while true {
            switch await terminal.editor.readLine(prompt: ShellTerminal.prompt, yielding: true) {
            case .interrupted:
                continue
            case .endOfInput:
                if await confirmExit() { return }
            case .line(let line):
                terminal.editor.addHistory(line)
                if await execute(line) == .exit, await confirmExit() { return }
                Task { await catalog.refreshRegistry(connection) }
            }
        }
    }

    /// Whether to leave: asks first when tasks still run on a stdio server (they end with it). A second
    /// Ctrl-D (or the end of input) says yes; Ctrl-C says no.
    private func confirmExit() async -> Bool {
        let running = tasks.runningCount
        guard running > 0, !connection.server.isHTTP else { return true }
        let question = running == 1
            ? "1 task is still running on this stdio server and ends with it. Exit anyway? [y/N] "
            : "\(running) tasks are still running on this stdio server and end with it. Exit anyway? [y/N] "
        while true {
            switch await terminal.editor.readLine(prompt: question) {
            case .endOfInput: return true
            case .interrupted: return false
            case .line(let answer):
                switch answer.trimmingCharacters(in: .whitespaces).lowercased() {
                case "y", "yes": return true
                case "", "n", "no": return false
                default: console.err("mcptask: answer y or n")
                }
            }
        }
    }
}
