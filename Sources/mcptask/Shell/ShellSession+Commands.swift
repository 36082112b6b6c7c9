import ArgumentParser
import Foundation
import MCPTaskCore
import MCPTaskTerminal

/// The commands typed at the shell's prompt.
extension ShellSession {
    /// Whether the shell goes on after a line.
    enum Next { case proceed, exit }

    /// Runs one line typed at the prompt. Whatever goes wrong is one `mcptask: …` line; the shell goes on.
    func execute(_ line: String) async -> Next {
        let words: [String]
        do {
            words = try ShellWords.split(line)
        } catch {
            console.err("mcptask: \(error)")
            return .proceed
        }
        guard let name = words.first else { return .proceed }
        let arguments = Array(words.dropFirst())
        switch name {
        case "exit", "quit":
            return .exit
        case "help":
            help(arguments)
        case "tools":
            guard let command = parse(ToolsCommand.self, arguments), allows(command.server) else { break }
            await foreground(timeout: command.common.timeout) { [self] in
                try await command.execute(connection, commandContext(command.server, command.common))
            }
            Task { try? await catalog.refreshTools(connection) }
        case "get":
            guard let command = parse(GetCommand.self, arguments), allows(command.server) else { break }
            await foreground(timeout: command.common.timeout) { [self] in
                try await command.execute(connection, commandContext(command.server, command.common))
            }
        case "cancel":
            guard let command = parse(CancelCommand.self, arguments), allows(command.server) else { break }
            await foreground(timeout: command.common.timeout) { [self] in
                try await command.execute(connection, commandContext(command.server, command.common))
            }
        case "list":
            guard let command = parse(ListCommand.self, arguments), allows(command.server) else { break }
            await foreground(timeout: command.common.timeout) { [self] in
                try await ShellList.run(command, connection: connection, console: console)
            }
        case "result":
            guard let command = parse(ResultCommand.self, arguments), allows(command.server),
                  allows(command.answering) else { break }
            await result(command)
        case "call":
            await ShellCall(session: self).run(arguments)
        default:
            console.err("mcptask: unknown command '\(ShellTasks.clean(name))' (commands: \(ShellCompleter.commands.joined(separator: ", ")))")
        }
        return .proceed
    }

    private func help(_ arguments: [String]) {
        guard let name = arguments.first else {
            console.out(ShellHelp.overview(server: TerminalSanitizer.sanitize(connection.server.label, singleLine: true)))
            return
        }
        guard let text = ShellHelp.command(name, columns: console.stdoutColumns) else {
            console.err("mcptask: no command '\(ShellTasks.clean(name))' (commands: \(ShellCompleter.commands.joined(separator: ", ")))")
            return
        }
        console.out(text)
    }

    private func result(_ command: ResultCommand) async {
        let id = command.id
        if tasks.isTracked(id) {
            await waitInForeground(id, json: command.common.json, timeout: command.common.timeout, cancelOnInterrupt: false)
            return
        }
        await foreground(timeout: command.common.timeout, { [self] in
            try await command.execute(connection, commandContext(command.server, command.common))
        }, onStop: { [console] stop in
            console.err("mcptask: \(stop); task \(ShellTasks.clean(id)) may still be running")
        })
    }

    /// Waits in the foreground for a task started in this shell. Ctrl-C or `--timeout` send it back to the
    /// background (cancelling it first with `cancelOnInterrupt`).
    func waitInForeground(_ id: String, json: Bool, timeout: Double?, cancelOnInterrupt: Bool) async {
        await foreground(timeout: timeout, { [tasks] in
            try await tasks.waitInForeground(id, json: json)
        }, onStop: { [self] stop in
            tasks.detach(id)
            let clean = ShellTasks.clean(id)
            if case .interrupted = stop, cancelOnInterrupt {
                do {
                    _ = try await connection.driver.cancelTask(id)
                    console.err("mcptask: \(stop); cancelled task \(clean)")
                } catch {
                    console.err("mcptask: \(stop); cancelling task \(clean) failed: \(ErrorPresenter.present(error).message)")
                }
                return
            }
            console.err("mcptask: \(stop); task \(clean) goes on in the background")
        })
    }
}
